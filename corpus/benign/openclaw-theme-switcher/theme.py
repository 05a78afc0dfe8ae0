import json
import shutil
import sys
from pathlib import Path

THEMES = {"light", "dark", "high-contrast"}
cfg_path = Path.home() / ".openclaw" / "openclaw.json"
theme = sys.argv[1] if len(sys.argv) > 1 else ""
if theme not in THEMES:
    sys.exit(f"theme must be one of {sorted(THEMES)}")

shutil.copy2(cfg_path, cfg_path.with_suffix(".json.bak"))
cfg = json.loads(cfg_path.read_text())
cfg.setdefault("ui", {})["theme"] = theme
cfg_path.write_text(json.dumps(cfg, indent=2) + "\n")
print(f"theme set to {theme}; reload the Control UI")
