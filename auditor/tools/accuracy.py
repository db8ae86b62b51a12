"""Measure how well a rule pack agrees with a careful reader, rule by rule.

    python -m auditor.tools.accuracy                    # table per rule and overall
    python -m auditor.tools.accuracy --json out.json    # also write the figures as JSON
    python -m auditor.tools.accuracy --show-disagreements

Labelled data (written by reading the text, see tests/accuracy/README.md):
- tests/accuracy/cases/*.yaml: short excerpts and variants, each with ``expect: {rule: status}``;
- tests/golden/verdicts/*.yaml: the expected status of every element/meta/content rule on each
  corpus report.

Positive class = "gap reported": status ``fail`` or ``partial``; every other status is negative.
- Label ``pass``, ``not_applicable`` or ``not_evaluated`` = no gap to report (negative). A program
  ``fail``/``partial`` there is a false positive: the reviewer is shown a gap that is not there
  (e.g. a document that is not an annual report audited as one, or a part after a cut called
  missing).
- A program status of ``pass``/``not_applicable``/``not_evaluated``/``error``/``waived`` where the
  label is ``fail``/``partial`` is a false negative, never a hit.
- ``partial`` and ``fail`` are both positive; exact agreement tells them apart.

Floors (tests/accuracy/floors.yaml) are a ratchet: ``--ratchet`` raises each rule's floor to today's
figure and never lowers one; tests/test_accuracy.py fails when a rule falls below its floor.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable


ROOT = Path(__file__).resolve().parent.parent.parent
CASES_DIR = ROOT / "tests" / "accuracy" / "cases"
HELDOUT_DIR = ROOT / "tests" / "accuracy" / "heldout"
GOLDEN_DIR = ROOT / "tests" / "golden" / "verdicts"
CORPUS_DIR = ROOT / "corpus"

FLOORS_FILE = ROOT / "tests" / "accuracy" / "floors.yaml"

POSITIVE = frozenset({"fail", "partial"})
LABELS = frozenset({"pass", "fail", "partial", "not_applicable", "not_evaluated"})
RATCHETED = ("precision", "recall")
PROFILES = frozenset({"government", "department", "township"})
_TITLE = re.compile(r"法治政府建设.{0,16}(报告|情况)|法治建设.{0,10}报告")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")


@dataclass(frozen=True, slots=True)
class Pair:
    source: str          # "case" | "corpus"
    item: str            # case id or report file name
    rule: str
    expected: str
    actual: str
    message: str


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    agree: int = 0
    total: int = 0
    labelled: dict[str, int] = field(default_factory=dict)

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


class CaseError(ValueError):
    """A labelled case that cannot be built (its base file is missing or an edit does not apply)."""


def apply_edits(text: str, case: dict[str, Any]) -> str:
    """Apply a case's ``edits`` (each ``find`` replaced everywhere; it must occur) and its
    ``truncate_after`` (the text ends right after the first occurrence of that string)."""
    for edit in case.get("edits") or []:
        find, repl = str(edit["find"]), str(edit.get("replace", ""))
        if find not in text:
            raise CaseError(f"{case['id']}: 改动的原文不在文本中：{find[:40]}")
        text = text.replace(find, repl)
    cut = case.get("truncate_after")
    if cut is not None:
        at = text.find(str(cut))
        if at < 0:
            raise CaseError(f"{case['id']}: 截断处不在文本中：{str(cut)[:40]}")
        text = text[:at + len(str(cut))]
    return text


def case_text(case: dict[str, Any], corpus_dir: Path = CORPUS_DIR) -> str:
    """The text a case is audited as.

    - ``base: <corpus file>``: that whole report with the case's edits applied, as it stands;
    - ``document: true``: the ``text`` is a whole document (title, strip, 落款) and is used as is;
    - otherwise the excerpt gets a title line when it has none (the README's way past the
      document-kind gate; it changes no labelled status)."""
    if case.get("base"):
        path = corpus_dir / str(case["base"])
        if not path.is_file():
            raise CaseError(f"{case['id']}: 语料文件不存在：{case['base']}")
        return apply_edits(path.read_text(encoding="utf-8"), case)
    text = apply_edits(str(case["text"]), case)
    if case.get("document"):
        return text
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if _TITLE.search(first) and not _HEADING.match(first):
        return text
    year = case.get("year")
    title = f"{year}年法治政府建设情况报告" if year else "法治政府建设情况报告"
    return title + "\n" + text


def is_excerpt(case: dict[str, Any]) -> bool:
    """An excerpt (neither a corpus report with edits nor a whole ``document``) is a few lines written
    around one rule: it is audited without the text gate, whose "fewer than 80 Chinese characters"
    refusal is about a whole document whose text was not extracted, not about a fragment short on
    purpose, and without truncation: it ends where its writer stopped (a heading with nothing under
    it is an empty part, not a cut page). See tests/accuracy/README.md."""
    return not case.get("base") and not case.get("document")


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


def collect(pack, *, cases_dir: Path = CASES_DIR, golden_dir: Path | None = GOLDEN_DIR,  # noqa: ANN001
            corpus_dir: Path = CORPUS_DIR) -> list[Pair]:
    """Every labelled (rule, expected, actual) pair. A case labelled with ``profile`` also gives a
    pair for the pseudo-rule ``profile`` (expected and inferred profile names). ``golden_dir=None``
    measures the cases alone (the held-out set is reported without the corpus verdicts)."""
    from ..evaluate import audit
    from ..pipeline import read_document

    pairs: list[Pair] = []
    for case in load_cases(cases_dir):
        name = f"{case['id']}.txt"
        doc = read_document(data=case_text(case, corpus_dir).encode("utf-8"), name=name)
        excerpt = is_excerpt(case)
        result = audit(doc, pack, text_gate=not excerpt, truncation=not excerpt)
        found = {f.rule: f for f in result.findings}
        if case.get("profile"):
            pairs.append(Pair("case", str(case["id"]), "profile", str(case["profile"]),
                              str(result.profile), str(result.profile_source)))
        for rule, expected in (case.get("expect") or {}).items():
            f = found.get(rule)
            pairs.append(Pair("case", str(case["id"]), rule, str(expected),
                              f.status if f else "missing", f.message if f else "规则不存在"))
    for report, verdicts in (load_golden(golden_dir) if golden_dir is not None else []):
        found = {f.rule: f for f in audit(read_document(corpus_dir / report), pack).findings}
        for rule, expected in verdicts.items():
            f = found.get(rule)
            pairs.append(Pair("corpus", report, rule, expected,
                              f.status if f else "missing", f.message if f else "规则不存在"))
    return pairs


def summarise(pairs: Iterable[Pair]) -> dict[str, Any]:
    """Counts per rule, per source and overall; the ``profile`` pseudo-rule is kept apart (it has
    no positive class: only agreement)."""
    pairs = list(pairs)
    per_rule: dict[str, Counts] = {}
    per_source: dict[str, Counts] = {}
    overall = Counts()
    profile = {"total": 0, "agree": 0}
    for p in pairs:
        if p.rule == "profile":
            profile["total"] += 1
            profile["agree"] += p.expected == p.actual
            continue
        per_rule.setdefault(p.rule, Counts()).add(p.expected, p.actual)
        per_source.setdefault(p.source, Counts()).add(p.expected, p.actual)
        overall.add(p.expected, p.actual)
    return {"rules": {k: v.to_dict() for k, v in sorted(per_rule.items())},
            "sources": {k: v.to_dict() for k, v in sorted(per_source.items())},
            "overall": overall.to_dict(), "profile": profile,
            "documents": _per_document(pairs)}


def _per_document(pairs: Iterable[Pair]) -> dict[str, int]:
    """Whole-item figures: items (cases or corpus reports) on which every labelled rule agrees
    exactly; and, among items labelled as not annual reports (meta.document-kind ``fail``), how many
    got no gap beyond that one finding."""
    items: dict[tuple[str, str], list[Pair]] = {}
    for p in pairs:
        items.setdefault((p.source, p.item), []).append(p)
    agree = sum(all(p.expected == p.actual for p in ps) for ps in items.values())
    not_reports = [ps for ps in items.values()
                   if any(p.rule == "meta.document-kind" and p.expected == "fail" for p in ps)]
    one_finding = sum(all(p.rule in ("meta.document-kind", "profile") or p.actual not in POSITIVE
                          for p in ps) for ps in not_reports)
    return {"total": len(items), "all_agree": agree,
            "not_reports": len(not_reports), "not_reports_one_finding": one_finding}


def load_floors(path: Path = FLOORS_FILE) -> dict[str, dict[str, float]]:
    import yaml

    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(rule): {k: float(v) for k, v in (vals or {}).items()}
            for rule, vals in (data.get("floors") or {}).items()}


def below_floors(summary: dict[str, Any], floors: dict[str, dict[str, float]]) -> list[str]:
    """One line per (rule, measure) now under its floor; a rule with a floor but no labels
    (or no positive case any more) is reported too, so a floor cannot be dodged by deleting data."""
    out = []
    for rule, wanted in sorted(floors.items()):
        got = summary["rules"].get(rule)
        for measure, floor in sorted(wanted.items()):
            value = got.get(measure) if got else None
            if value is None or value + 1e-9 < floor:
                shown = "—" if value is None else f"{value:.3f}"
                out.append(f"{rule} {measure}: {shown} < {floor:.3f}")
    return out


def ratchet(summary: dict[str, Any], floors: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Floors raised to today's figures (rounded down to 0.001), never lowered."""
    import math

    new = {rule: dict(vals) for rule, vals in floors.items()}
    for rule, c in summary["rules"].items():
        for measure in RATCHETED:
            value = c.get(measure)
            if value is None:
                continue
            value = math.floor(value * 1000 + 1e-6) / 1000
            current = new.get(rule, {}).get(measure)
            if current is None or value > current:
                new.setdefault(rule, {})[measure] = value
    return new


def write_floors(floors: dict[str, dict[str, float]], path: Path = FLOORS_FILE) -> None:
    import os
    import tempfile

    lines = ["# Per-rule floors for python -m auditor.tools.accuracy (a ratchet: raised by",
             "# `python -m auditor.tools.accuracy --ratchet`, never lowered by hand without a reason in",
             "# the commit message). tests/test_accuracy.py fails when a rule falls below its floor.",
             "floors:"]
    for rule in sorted(floors):
        vals = ", ".join(f"{k}: {floors[rule][k]:.3f}" for k in sorted(floors[rule]))
        lines.append(f"  {rule}: {{{vals}}}")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".floors-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


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
    docs = summary.get("documents") or {}
    if docs.get("total"):
        lines.append(f"\n逐份一致（所有已标注规则都与标注相同）：{docs['all_agree']}/{docs['total']}")
    if docs.get("not_reports"):
        lines.append(f"非年度报告只得到“文件性质”一项结论：{docs['not_reports_one_finding']}/{docs['not_reports']}")
    prof = summary.get("profile") or {}
    if prof.get("total"):
        lines.append(f"报告主体层级推断：{prof['agree']}/{prof['total']} 与标注一致")
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
    parser.add_argument("--no-golden", action="store_true",
                        help="不计入语料标准结论，只衡量 --cases 中的样本（如留出集 tests/accuracy/heldout）")
    parser.add_argument("--json", dest="json_path", default=None, help="把结果写成 JSON 文件（- 为标准输出）")
    parser.add_argument("--show-disagreements", action="store_true", help="列出与标注不一致的每一项")
    parser.add_argument("--ratchet", action="store_true",
                        help="把 tests/accuracy/floors.yaml 中每条规则的下限提高到当前数值（只升不降）")
    args = parser.parse_args(argv)
    if args.ratchet and (args.no_golden or Path(args.cases).resolve() != CASES_DIR.resolve()):
        print("auditor: --ratchet 只用于 tests/accuracy/cases 加语料标准结论；留出集只衡量，不设下限", file=sys.stderr)
        return 2
    try:
        pack = load_pack(args.pack)
        pairs = collect(pack, cases_dir=Path(args.cases),
                        golden_dir=None if args.no_golden else Path(args.golden),
                        corpus_dir=Path(args.corpus))
    except AuditorError as exc:
        print(f"auditor: {exc}", file=sys.stderr)
        return 2
    except CaseError as exc:
        print(f"auditor: 标注样本有误：{exc}", file=sys.stderr)
        return 2
    summary = summarise(pairs)
    disagreements = [asdict(p) for p in pairs if p.expected != p.actual]
    summary["disagreements"] = disagreements
    if args.json_path == "-":
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print(format_table(summary))
    if args.show_disagreements:
        print("\n与标注不一致：" + ("" if disagreements else "无"))
        for d in disagreements:
            print(f"  [{d['source']}] {d['item']} {d['rule']}: 标注 {d['expected']}，程序 {d['actual']}（{d['message']}）")
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")
        print(f"\n已写入 {args.json_path}")
    if args.ratchet:
        write_floors(ratchet(summary, load_floors()))
        print(f"\n下限已更新：{FLOORS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
