import ctypes
import ctypes.util
import time

libc = ctypes.CDLL(ctypes.util.find_library("c"))
loads = (ctypes.c_double * 3)()
n = libc.getloadavg(loads, 3)
if n != 3:
    raise SystemExit("getloadavg failed")
print("load: " + " ".join(f"{x:.2f}" for x in loads))
try:
    up = float(open("/proc/uptime").read().split()[0])
    print(f"uptime: {int(up // 86400)}d {time.strftime('%H:%M', time.gmtime(up))}")
except OSError:
    pass
