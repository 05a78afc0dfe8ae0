import json
import os
import sys
import urllib.request
from pathlib import Path

API = "https://api.notion.com/v1"


def get(path):
    req = urllib.request.Request(API + path, headers={
        "Authorization": "Bearer " + os.environ["NOTION_TOKEN"],
        "Notion-Version": "2022-06-28",
    })
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)


def text(rich):
    return "".join(t["plain_text"] for t in rich)


PREFIX = {"heading_1": "# ", "heading_2": "## ", "heading_3": "### ", "bulleted_list_item": "- ",
          "numbered_list_item": "1. ", "quote": "> ", "to_do": "- [ ] ", "paragraph": ""}


def export(page_id, out: Path):
    lines = []
    for b in get(f"/blocks/{page_id}/children?page_size=100")["results"]:
        t = b["type"]
        if t == "code":
            lines += ["```" + b["code"]["language"], text(b["code"]["rich_text"]), "```"]
        elif t in PREFIX:
            lines.append(PREFIX[t] + text(b[t]["rich_text"]))
        elif t == "child_page":
            export(b["id"], out / b["child_page"]["title"])
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    export(sys.argv[1], Path(sys.argv[2]))
