import sys
from collections import defaultdict
from time import strftime

import feedparser

feed = feedparser.parse(sys.argv[1])
days = defaultdict(list)
for e in feed.entries:
    day = strftime("%Y-%m-%d", e.published_parsed) if e.get("published_parsed") else "undated"
    days[day].append(f"- [{e.title}]({e.link})")
for day in sorted(days, reverse=True):
    print(f"## {day}\n" + "\n".join(days[day]) + "\n")
