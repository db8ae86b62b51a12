"""Time evaluating a pack of 100 rules against the corpus (issue 5): ms per report per core.

The documents are read once (reading is not timed); the pack is the default pack extended with
topic-like mention/near rules up to 100 enabled rules (see bench.py's rule_pack). One process.

    python benchmarks/bench_rules.py [--rules 100] [--reports DIR_OR_FILES...] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import bench  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rules", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("reports", nargs="*", default=[str(HERE.parent / "corpus")])
    args = ap.parse_args(argv)
    bench.WORK = Path(os.path.join(tempfile.gettempdir(), "auditor-bench"))
    bench.WORK.mkdir(parents=True, exist_ok=True)
    from auditor.batch import iter_inputs
    from auditor.evaluate import audit
    from auditor.pack import load_pack
    from auditor.pipeline import read_document

    path, n_rules = bench.rule_pack(args.rules)
    pack = load_pack(path)
    docs = [read_document(f) for f in iter_inputs(args.reports)]
    for d in docs:
        audit(d, pack)  # compile the patterns
    best = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        for d in docs:
            audit(d, pack)
        best = min(best, time.perf_counter() - t)
    per = best / len(docs) * 1000
    print(f"{n_rules} rules × {len(docs)} reports: {per:.2f} ms per report per core "
          f"({per / n_rules * 1000:.0f} µs per rule per report)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
