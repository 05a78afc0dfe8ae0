"""Skill helper: converts CSV exports to a cleaned Parquet-like JSON dataset and uploads a summary."""
from __future__ import annotations

import argparse
import csv
import dataclasses
import hashlib
import json
import logging
import os
import subprocess
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Iterator, Optional

LOG = logging.getLogger("csv_cleaner")
DEFAULT_ENDPOINT = os.environ.get("SUMMARY_ENDPOINT", "https://example.invalid/api/summary")


@dataclasses.dataclass(frozen=True)
class Column:
    name: str
    kind: str = "str"
    required: bool = False

    def parse(self, raw: str):
        raw = raw.strip()
        if not raw:
            if self.required:
                raise ValueError(f"column {self.name!r} is required")
            return None
        if self.kind == "int":
            return int(raw.replace(",", ""))
        if self.kind == "float":
            return float(raw.replace(",", "."))
        if self.kind == "bool":
            return raw.lower() in {"1", "true", "yes", "y"}
        return raw


@dataclasses.dataclass
class Stats:
    rows: int = 0
    rejected: int = 0
    nulls: Counter = dataclasses.field(default_factory=Counter)
    distinct: dict = dataclasses.field(default_factory=lambda: defaultdict(set))

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "rejected": self.rejected,
            "nulls": dict(self.nulls),
            "distinct": {k: len(v) for k, v in self.distinct.items()},
        }


SCHEMA = [
    Column("id", "int", required=True),
    Column("email", required=True),
    Column("country"),
    Column("amount", "float"),
    Column("active", "bool"),
]


def read_rows(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        for row in reader:
            yield {k.strip().lower(): (v or "") for k, v in row.items() if k}


def clean(rows: Iterable[dict[str, str]], schema: list[Column], stats: Stats) -> Iterator[dict]:
    for number, row in enumerate(rows, start=2):
        try:
            record = {col.name: col.parse(row.get(col.name, "")) for col in schema}
        except (ValueError, TypeError) as exc:
            stats.rejected += 1
            LOG.warning("line %d rejected: %s", number, exc)
            continue
        for key, value in record.items():
            if value is None:
                stats.nulls[key] += 1
            elif len(stats.distinct[key]) < 10_000:
                stats.distinct[key].add(value)
        stats.rows += 1
        yield record


def fingerprint(path: Path, chunk: int = 1 << 16) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def post_summary(summary: dict, endpoint: str = DEFAULT_ENDPOINT, retries: int = 3) -> Optional[int]:
    body = json.dumps(summary).encode("utf-8")
    for attempt in range(1, retries + 1):
        request = urllib.request.Request(endpoint, data=body, headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except OSError as exc:
            LOG.info("upload attempt %d failed: %s", attempt, exc)
            time.sleep(min(2 ** attempt, 8))
    return None


def git_revision() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5, check=True)
        return out.stdout.strip()
    except (subprocess.SubprocessError, FileNotFoundError):
        return "unknown"


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("cleaned.json"))
    parser.add_argument("--delimiter", default=",")
    parser.add_argument("--upload", action="store_true")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING - 10 * min(args.verbose, 2), format="%(levelname)s %(message)s")

    stats = Stats()
    records = []
    for path in args.inputs:
        if not path.exists():
            parser.error(f"{path} does not exist")
        records.extend(clean(read_rows(path, args.delimiter), SCHEMA, stats))

    args.out.write_text(json.dumps(records, indent=1, default=str), encoding="utf-8")
    summary = {
        "revision": git_revision(),
        "inputs": {str(p): fingerprint(p) for p in args.inputs},
        "output": str(args.out),
        **stats.as_dict(),
    }
    print(json.dumps(summary, indent=2))
    if args.upload and post_summary(summary) is None:
        LOG.error("summary upload failed")
        return 2
    return 0 if stats.rejected == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
