#!/usr/bin/env python3
"""Independent reference for GitHub's primaryLocationLineHash (codeql-action src/fingerprints.ts).

Written from the definition, not from the rolling implementation: normalise the text (drop spaces and
tabs, CR and CRLF -> LF), append the sentinel 65535, and for each line take the 100 kept characters
starting at its first one (zero-padded), hash = sum(c_i * 37^(99-i)) mod 2^64, in hex, plus ":k" where k
counts earlier lines with the same hash. Used to produce the vectors in LineHashTests.cs:

    python3 linehash_reference.py 'text with \\n escapes'
"""
import sys

BLOCK = 100
MASK = (1 << 64) - 1


def kept_units(text):
    units = []
    data = text.encode("utf-16-le")
    codes = [int.from_bytes(data[i:i + 2], "little") for i in range(0, len(data), 2)]
    prev_cr = False
    for c in codes:
        if c in (0x20, 0x09) or (prev_cr and c == 0x0A):
            prev_cr = False
            continue
        prev_cr = c == 0x0D
        units.append(0x0A if c == 0x0D else c)
    units.append(65535)
    return units


def line_hashes(text):
    units = kept_units(text)
    starts = [0] + [i + 1 for i, c in enumerate(units) if c == 0x0A]
    counts = {}
    out = []
    for s in starts:
        window = units[s:s + BLOCK]
        window += [0] * (BLOCK - len(window))
        h = 0
        for c in window:
            h = h * 37 + c
        h &= MASK
        counts[h] = counts.get(h, 0) + 1
        out.append("%x:%d" % (h, counts[h]))
    return out


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        text = arg.encode().decode("unicode_escape")
        print(repr(arg), line_hashes(text))
