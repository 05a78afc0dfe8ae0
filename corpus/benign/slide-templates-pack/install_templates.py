import sys
import zipfile
from pathlib import Path

dest = Path(sys.argv[1] if len(sys.argv) > 1 else "slides")
dest.mkdir(parents=True, exist_ok=True)
with zipfile.ZipFile(Path(__file__).parent / "templates.zip") as z:
    for name in z.namelist():
        if name.endswith(".md") and "/" not in name:
            (dest / name).write_bytes(z.read(name))
            print("added", dest / name)
