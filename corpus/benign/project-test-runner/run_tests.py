import json
import re
import subprocess
from pathlib import Path

cfg = json.loads(Path(".testrunner.json").read_text())
proc = subprocess.run(cfg["command"], shell=True, capture_output=True, text=True)
out = proc.stdout + proc.stderr
failed = re.findall(r"^(?:FAILED|FAIL) (.+)$", out, re.M)
print(f"exit {proc.returncode}; {len(failed)} failing")
for f in failed[:20]:
    print("  -", f)
