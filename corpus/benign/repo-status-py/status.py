import subprocess
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").expanduser()
for repo in sorted(p.parent for p in root.glob("*/.git")):
    st = subprocess.run(["git", "status", "--porcelain", "--branch"], cwd=repo, capture_output=True, text=True).stdout
    lines = st.splitlines()
    head, files = lines[0], lines[1:]
    mod = sum(1 for f in files if not f.startswith("??"))
    unt = sum(1 for f in files if f.startswith("??"))
    ahead = head.split("ahead ")[1].split("]")[0].split(",")[0] if "ahead " in head else "0"
    desc = "clean" if not files and ahead == "0" else f"{mod} modified, {unt} untracked, ahead {ahead}"
    print(f"{repo.name:<12} {desc}")
