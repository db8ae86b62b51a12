"""The reference floor of issue 9: the least any tool must do per report.

Read each file, find numbered headings line by line, and find every occurrence of the literal
terms of the default rule pack (extracted from the pack, ~110-150 words) in the text. Nothing
else: no cleaning, no metadata, no scopes, no negation, no evidence. The auditor is measured
against this in the same run (benchmarks/bench.py).

    python benchmarks/floor.py FILE_OR_FOLDER... [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADING = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．、]|[（(]\d+[)）])")


def pack_literals(pack_dir: Path | None = None) -> list[str]:
    """The literal terms (not regexes) the default pack's rules search for."""
    sys.path.insert(0, str(ROOT))
    from auditor.pack import load_pack

    pack = load_pack(str(pack_dir) if pack_dir else None)
    found: dict[str, None] = {}

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for x in node:
                if isinstance(x, str) and key in ("terms", "a", "b"):
                    found[x] = None
                else:
                    walk(x, key)

    for rule in pack.rules:
        walk(rule.check)
        if rule.partial_when:
            walk(rule.partial_when)
    return list(found)


def floor_one(path: str, terms: list[str]) -> int:
    with open(path, "rb") as fh:
        text = fh.read().decode("utf-8", "replace")
    headings = [i for i, line in enumerate(text.split("\n")) if HEADING.match(line)]
    hits = 0
    for t in terms:
        n = len(t)
        i = text.find(t)
        while i != -1:
            hits += 1
            i = text.find(t, i + n)
    return hits + len(headings)


def expand(paths: list[str]) -> list[str]:
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                out.extend(os.path.join(root, f) for f in sorted(files) if f.endswith(".txt"))
        else:
            out.append(p)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--repeat", type=int, default=3, help="best of N passes")
    args = ap.parse_args(argv)
    terms = pack_literals()
    files = expand(args.paths)
    best = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for f in files:
            floor_one(f, terms)
        best = min(best, time.perf_counter() - t0)
    print(f"floor: {len(files)} reports, {len(terms)} literal terms, {best:.3f} s, "
          f"{len(files) / best:.0f} reports/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
