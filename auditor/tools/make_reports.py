"""Write the gap report of every corpus report into reports/ (`make reports`).

For each report in corpus/: reports/<name>.md (the Markdown gap table) and reports/<name>.json
(the canonical JSON result), plus reports/matrix.md (reports × rules, with extracted figures).
Paths are written relative to the repository so the files are the same in every checkout;
tests/test_reports.py fails when they are stale.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def build(root: Path = ROOT) -> dict[str, str]:
    """The content of every file under reports/, by file name."""
    from ..batch import audit_one
    from ..formats import Options, render
    from ..pack import load_pack

    pack = load_pack(root / "rules" / "default")
    # sources are recorded as "corpus/<name>", the same in every checkout
    names = sorted(p.name for p in (root / "corpus").iterdir()
                   if p.is_file() and not p.name.startswith("."))
    sources = [f"corpus/{name}" for name in names]
    results = [audit_one(src, pack, data=(root / src).read_bytes()) for src in sources]
    out: dict[str, str] = {}
    options = Options(fail_on="never")
    for src, result in zip(sources, results):
        stem = Path(src).stem
        out[f"{stem}.md"] = str(render("markdown", [result], pack, options))
        out[f"{stem}.json"] = str(render("json", [result], pack, options))
    out["matrix.md"] = "# 样本报告 × 规则矩阵\n\n```\n" + str(render("matrix", results, pack, options)) + "```\n"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把 corpus/ 中每份报告的差距表写入 reports/")
    parser.add_argument("--check", action="store_true", help="只检查 reports/ 是否为最新，不写文件")
    args = parser.parse_args(argv)
    target = ROOT / "reports"
    files = build()
    if args.check:
        stale = [name for name, text in files.items()
                 if not (target / name).is_file() or (target / name).read_text(encoding="utf-8") != text]
        for name in stale:
            sys.stderr.write(f"reports/{name} 已过期\n")
        return 1 if stale else 0
    target.mkdir(exist_ok=True)
    for name, text in files.items():
        tmp = target / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target / name)
    for old in target.iterdir():
        if old.suffix in (".md", ".json") and old.name not in files:
            old.unlink()
    print(f"已写入 reports/ 中 {len(files)} 个文件")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
