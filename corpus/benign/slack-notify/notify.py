import json
import os
import sys
import urllib.request

url = os.environ.get("SLACK_WEBHOOK_URL")
if not url:
    sys.exit("SLACK_WEBHOOK_URL is not set")
text = " ".join(sys.argv[1:]).strip()
if not text:
    sys.exit("usage: notify.py <message>")
req = urllib.request.Request(url, data=json.dumps({"text": text}).encode(), headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=10)
print("posted")
