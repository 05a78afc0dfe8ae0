import subprocess
from pathlib import Path

cfg = Path.home() / ".ssh" / "config"
aliases = []
for line in cfg.read_text().splitlines():
    parts = line.split()
    if len(parts) >= 2 and parts[0].lower() == "host":
        aliases += [a for a in parts[1:] if "*" not in a and "?" not in a]

for alias in aliases:
    out = subprocess.run(["ssh", "-G", alias], capture_output=True, text=True).stdout
    opts = dict(l.split(" ", 1) for l in out.splitlines() if " " in l)
    print(f"{alias:<10} {opts.get('hostname', '?'):<15} {opts.get('user', '?')}")
