#!/usr/bin/env python3
"""Load newline-delimited JSON event exports into a local DuckDB database."""
import sys
from pathlib import Path

import duckdb
from acme_events import parse_line


def main(paths: list[str]) -> int:
    con = duckdb.connect("events.duckdb")
    con.execute("CREATE TABLE IF NOT EXISTS events (ts TIMESTAMP, kind TEXT, payload JSON)")
    rows = 0
    for name in paths:
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            event = parse_line(line)
            con.execute("INSERT INTO events VALUES (?, ?, ?)", [event.ts, event.kind, event.payload_json])
            rows += 1
    print(f"loaded {rows} events")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
