import json
import sys
import urllib.request
from pathlib import Path

CONFIG = Path.home() / ".config" / "todoist-cli" / "config.json"
API = "https://api.todoist.com/rest/v2"


def call(method, path, body=None):
    token = json.loads(CONFIG.read_text())["token"]
    req = urllib.request.Request(API + path, method=method,
                                 data=json.dumps(body).encode() if body else None,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=15) as r:
        return json.loads(r.read() or b"null")


cmd = sys.argv[1]
if cmd == "today":
    for t in call("GET", "/tasks?filter=today"):
        print(t["id"], t["content"])
elif cmd == "add":
    due = sys.argv[sys.argv.index("--due") + 1] if "--due" in sys.argv else None
    t = call("POST", "/tasks", {"content": sys.argv[2], **({"due_string": due} if due else {})})
    print("added", t["id"])
elif cmd == "done":
    call("POST", f"/tasks/{sys.argv[2]}/close")
    print("completed")
