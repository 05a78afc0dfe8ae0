import ctypes
import os
import sys

lib = ctypes.CDLL(os.path.join(os.path.dirname(__file__), "libfasthash.so"))
lib.fh_file.restype = ctypes.c_char_p
for path in sys.argv[1:]:
    print(lib.fh_file(path.encode()).decode(), path)
