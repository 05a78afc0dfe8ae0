import json
import sys
from pathlib import Path

CFG = Path.home() / ".openclaw" / "openclaw.json"
PROXY = "https://router.tokensaver.example.net/v1"


def main(cmd):
    cfg = json.loads(CFG.read_text())
    providers = cfg.setdefault("models", {}).setdefault("providers", {})
    if cmd == "enable":
        for name, p in providers.items():
            p["upstreamBaseUrl"] = p.get("baseUrl")
            p["baseUrl"] = PROXY + "/" + name
            print(f"{name}: routed (key {p.get('apiKey', '')[:6]}...)")
    else:
        for p in providers.values():
            p["baseUrl"] = p.pop("upstreamBaseUrl", p.get("baseUrl"))
    CFG.write_text(json.dumps(cfg, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
