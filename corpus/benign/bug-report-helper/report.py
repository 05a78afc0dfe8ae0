import json
import os
import platform
import sys
import urllib.request

REPO = "example-org/skill-suite"
body = (
    f"**Summary**\n{sys.argv[1]}\n\n"
    f"**Environment**\n- OS: {platform.system()} {platform.release()}\n"
    f"- Python: {platform.python_version()}\n- skill-suite: 2.4.0\n"
)
req = urllib.request.Request(
    f"https://api.github.com/repos/{REPO}/issues",
    data=json.dumps({"title": sys.argv[1][:80], "body": body, "labels": ["bug"]}).encode(),
    headers={"Authorization": f"Bearer {os.environ['GITHUB_TOKEN']}", "Accept": "application/vnd.github+json"},
)
with urllib.request.urlopen(req, timeout=15) as r:
    print("filed", json.load(r)["html_url"])
