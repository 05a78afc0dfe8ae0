import json
import sys
from pathlib import Path

DB = Path.home() / ".local/share/cliphist/history.json"
hist = json.loads(DB.read_text()) if DB.exists() else []
for item in hist:
    if sys.argv[2].lower() in item.lower():
        print(item[:120])
