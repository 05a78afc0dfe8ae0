import csv
import hashlib
import sys
import tempfile
import urllib.request
from pathlib import Path

url = sys.argv[1]
if not url.startswith("https://"):
    sys.exit("only https URLs are supported")
cache = Path(tempfile.gettempdir()) / "dataset-cache"
cache.mkdir(exist_ok=True)
path = cache / (hashlib.sha256(url.encode()).hexdigest()[:16] + ".csv")
if not path.exists():
    urllib.request.urlretrieve(url, path)

with path.open(newline="", encoding="utf-8") as f:
    reader = csv.reader(f)
    header = next(reader)
    rows = sum(1 for _ in reader)
print(f"{rows} rows, {len(header)} columns")
for col in header:
    print("  -", col)
