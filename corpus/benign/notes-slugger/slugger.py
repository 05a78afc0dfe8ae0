import sys
from pathlib import Path

from util import slug

folder = Path(sys.argv[1]).expanduser()
dry = "--dry-run" in sys.argv
for p in folder.glob("*.md"):
    new = p.with_name(slug(p.stem) + p.suffix)
    if new != p:
        print(f"{p.name} -> {new.name}")
        if not dry:
            p.rename(new)
