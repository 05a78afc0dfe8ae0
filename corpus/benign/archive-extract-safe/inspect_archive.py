import shutil
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

src = sys.argv[1]
pattern = sys.argv[sys.argv.index("--grep") + 1] if "--grep" in sys.argv else None
tmp = tempfile.mkdtemp(prefix="archive-inspect-")
try:
    if zipfile.is_zipfile(src):
        with zipfile.ZipFile(src) as z:
            for n in z.namelist():
                if Path(n).is_absolute() or ".." in Path(n).parts:
                    sys.exit(f"refusing unsafe path {n}")
            z.extractall(tmp)
    else:
        with tarfile.open(src) as t:
            t.extractall(tmp, filter="data")
    for p in sorted(Path(tmp).rglob("*")):
        if p.is_file():
            rel = p.relative_to(tmp)
            if not pattern:
                print(rel)
            elif pattern in p.read_text(errors="ignore"):
                print(f"{rel}: contains {pattern!r}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
