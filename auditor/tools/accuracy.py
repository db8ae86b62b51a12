"""Measure how well a rule pack agrees with a careful reader, rule by rule.

    python -m auditor.tools.accuracy                    # table per rule and overall
    python -m auditor.tools.accuracy --json out.json    # also write the figures as JSON
    python -m auditor.tools.accuracy --show-disagreements

Labelled data (written by reading the text, see tests/accuracy/README.md):
- tests/accuracy/cases/*.yaml: short excerpts and variants, each with ``expect: {rule: status}``;
- tests/golden/verdicts/*.yaml: the expected status of every element/meta/content rule on each
  corpus report.

Positive class = "gap found": status ``fail`` or ``partial``; negative = ``pass``.
- A label of ``not_applicable`` or ``not_evaluated`` says the rule makes no claim either way: the
  pair counts for exact agreement only, not for precision/recall.
- A program status of ``not_applicable``/``not_evaluated``/``error``/``waived`` where the label is
  pass/fail/partial counts as "no gap found" (negative): a gap the program did not report is a
  false negative, never a hit.
- ``partial`` and ``fail`` are both positive; exact agreement tells them apart.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from ..record import factory, record

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing at run time costs ~4 ms of start-up
    from typing import Any, Iterable

ROOT = Path(__file__).resolve().parent.parent.parent
CASES_DIR = ROOT / "tests" / "accuracy" / "cases"
GOLDEN_DIR = ROOT / "tests" / "golden" / "verdicts"
CORPUS_DIR = ROOT / "corpus"

POSITIVE = frozenset({"fail", "partial"})
LABELS = frozenset({"pass", "fail", "partial"})
_TITLE = re.compile(r"法治政府建设.{0,16}(报告|情况)|法治建设.{0,10}报告")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")


@record(frozen=True, slots=False)
class Pair:
    source: str          # "case" | "corpus"
    item: str            # case id or report file name
    rule: str
    expected: str
    actual: str
    message: str


@record(slots=False)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    agree: int = 0
    total: int = 0
    labelled: dict[str, int] = factory(dict)

    def add(self, expected: str, actual: str) -> None:
        self.total += 1
        self.labelled[expected] = self.labelled.get(expected, 0) + 1
        if expected == actual:
            self.agree += 1
        if expected not in LABELS:
            return
        exp_pos, act_pos = expected in POSITIVE, actual in POSITIVE
        if exp_pos and act_pos:
            self.tp += 1
        elif act_pos:
            self.fp += 1
        elif exp_pos:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def agreement(self) -> float | None:
        return self.agree / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
                "agree": self.agree, "total": self.total, "precision": self.precision,
                "recall": self.recall, "agreement": self.agreement,
                "labelled": dict(sorted(self.labelled.items()))}


def case_text(case: dict[str, Any]) -> str:
    """The excerpt as a whole document: a title line is prepended when it has none (the README's
    way past the document-kind gate; it changes no labelled status)."""
    text = str(case["text"])
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if _TITLE.search(first) and not _HEADING.match(first):
        return text
    year = case.get("year")
    title = f"{year}年法治政府建设情况报告" if year else "法治政府建设情况报告"
    return title + "\n" + text


def load_cases(cases_dir: Path = CASES_DIR) -> list[dict[str, Any]]:
    import yaml

    cases: list[dict[str, Any]] = []
    for path in sorted(cases_dir.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            case = dict(case)
            case["_file"] = path.name
            cases.append(case)
    return cases


def load_golden(golden_dir: Path = GOLDEN_DIR) -> list[tuple[str, dict[str, str]]]:
    import yaml

    out = []
    for path in sorted(golden_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append((str(data["report"]), {r: v["status"] for r, v in data["verdicts"].items()}))
    return out


def collect(pack, *, cases_dir: Path = CASES_DIR, golden_dir: Path = GOLDEN_DIR,  # noqa: ANN001
            corpus_dir: Path = CORPUS_DIR) -> list[Pair]:
    from ..evaluate import audit
    from ..pipeline import read_document

    pairs: list[Pair] = []
    for case in load_cases(cases_dir):
        name = f"{case['id']}.txt"
        doc = read_document(data=case_text(case).encode("utf-8"), name=name)
        found = {f.rule: f for f in audit(doc, pack).findings}
        for rule, expected in (case.get("expect") or {}).items():
            f = found.get(rule)
            pairs.append(Pair("case", str(case["id"]), rule, str(expected),
                              f.status if f else "missing", f.message if f else "规则不存在"))
    for report, verdicts in load_golden(golden_dir):
        found = {f.rule: f for f in audit(read_document(corpus_dir / report), pack).findings}
        for rule, expected in verdicts.items():
            f = found.get(rule)
            pairs.append(Pair("corpus", report, rule, expected,
                              f.status if f else "missing", f.message if f else "规则不存在"))
    return pairs


def summarise(pairs: Iterable[Pair]) -> dict[str, Any]:
    per_rule: dict[str, Counts] = {}
    per_source: dict[str, Counts] = {}
    overall = Counts()
    for p in pairs:
        per_rule.setdefault(p.rule, Counts()).add(p.expected, p.actual)
        per_source.setdefault(p.source, Counts()).add(p.expected, p.actual)
        overall.add(p.expected, p.actual)
    return {"rules": {k: v.to_dict() for k, v in sorted(per_rule.items())},
            "sources": {k: v.to_dict() for k, v in sorted(per_source.items())},
            "overall": overall.to_dict()}


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def _pad(text: str, width: int, right: bool = False) -> str:
    from wcwidth import wcswidth

    gap = max(0, width - max(wcswidth(text), 0))
    return " " * gap + text if right else text + " " * gap


def format_table(summary: dict[str, Any]) -> str:
    cols = [("标注", 5), ("TP", 4), ("FP", 4), ("FN", 4), ("TN", 4), ("精确率", 8), ("召回率", 8), ("一致率", 8)]
    head = _pad("规则", 32) + "".join(_pad(name, w + 1, right=True) for name, w in cols)
    lines = [head, "-" * (32 + sum(w + 1 for _, w in cols))]

    def row(name: str, c: dict[str, Any]) -> str:
        cells = [str(c["total"]), str(c["tp"]), str(c["fp"]), str(c["fn"]), str(c["tn"]),
                 _pct(c["precision"]), _pct(c["recall"]), _pct(c["agreement"])]
        return _pad(name, 32) + "".join(_pad(v, w + 1, right=True) for v, (_, w) in zip(cells, cols))

    for rule, c in summary["rules"].items():
        lines.append(row(rule, c))
    lines.append(lines[1])
    for src, c in summary["sources"].items():
        lines.append(row({"case": "（片段与变体）", "corpus": "（语料全文）"}.get(src, src), c))
    lines.append(row("总计", summary["overall"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from ..errors import AuditorError
    from ..pack import load_pack

    parser = argparse.ArgumentParser(
        prog="python -m auditor.tools.accuracy",
        description="在带标注的样本（tests/accuracy/cases）和语料标准结论（tests/golden/verdicts）上"
                    "计算每条规则的精确率和召回率（正类＝发现缺项：缺失或不充分）。")
    parser.add_argument("--pack", default=None, help="规则包（默认：内置默认规则包）")
    parser.add_argument("--cases", default=str(CASES_DIR), help="标注样本目录")
    parser.add_argument("--golden", default=str(GOLDEN_DIR), help="语料标准结论目录")
    parser.add_argument("--corpus", default=str(CORPUS_DIR), help="语料目录")
    parser.add_argument("--json", dest="json_path", default=None, help="把结果写成 JSON 文件（- 为标准输出）")
    parser.add_argument("--show-disagreements", action="store_true", help="列出与标注不一致的每一项")
    args = parser.parse_args(argv)
    try:
        pack = load_pack(args.pack)
        pairs = collect(pack, cases_dir=Path(args.cases), golden_dir=Path(args.golden),
                        corpus_dir=Path(args.corpus))
    except AuditorError as exc:
        print(f"auditor: {exc}", file=sys.stderr)
        return 2
    summary = summarise(pairs)
    disagreements = [p.__dict__ for p in pairs if p.expected != p.actual]
    summary["disagreements"] = disagreements
    if args.json_path == "-":
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print(format_table(summary))
    if args.show_disagreements and disagreements:
        print("\n与标注不一致：")
        for d in disagreements:
            print(f"  [{d['source']}] {d['item']} {d['rule']}: 标注 {d['expected']}，程序 {d['actual']}（{d['message']}）")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")
        print(f"\n已写入 {args.json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
