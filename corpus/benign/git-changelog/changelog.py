import re
import subprocess
import sys


def git(*args):
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout.strip()


frm = sys.argv[1] if len(sys.argv) > 1 else git("describe", "--tags", "--abbrev=0")
to = sys.argv[2] if len(sys.argv) > 2 else "HEAD"
groups = {"Features": [], "Fixes": [], "Other": []}
for line in git("log", f"{frm}..{to}", "--pretty=%h %s").splitlines():
    sha, msg = line.split(" ", 1)
    m = re.match(r"(feat|fix)(\(.+?\))?!?: (.*)", msg)
    key = {"feat": "Features", "fix": "Fixes"}.get(m.group(1) if m else "", "Other")
    groups[key].append(f"- {m.group(3) if m else msg} ({sha})")
print(f"## {to} (since {frm})")
for name, items in groups.items():
    if items:
        print(f"\n### {name}\n" + "\n".join(items))
