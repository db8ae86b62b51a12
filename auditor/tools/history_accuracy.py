"""How the history rules agree with the labelled pairs of tests/history/ (issue 21).

    python -m auditor.tools.history_accuracy [--json]

Prints, for each history rule, how many labelled statuses the auditor matches, and for
history.plan-followed the precision and recall of naming last year's plan items that this
year's report never reports on (positive class: "no counterpart"). Labels come from
tests/history/pairs.yaml, written by reading both reports of each pair.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def measure(pairs_file: Path = ROOT / "tests/history/pairs.yaml") -> dict:
    import yaml

    from .. import load_pack, read_document
    from ..evaluate import audit

    pairs = yaml.safe_load(pairs_file.read_text(encoding="utf-8"))
    pack = load_pack()
    statuses: dict[str, dict[str, int]] = {}
    disagreements = []
    tp = fp = fn = tn = 0
    for pair in pairs:
        this = read_document(ROOT / pair["this"])
        prev = read_document(ROOT / pair["previous"])
        found = {f.rule: f for f in audit(this, pack, previous=prev).findings}
        for rule, expected in pair.get("expect", {}).items():
            got = found[rule].status
            row = statuses.setdefault(rule, {"agree": 0, "total": 0})
            row["total"] += 1
            if got == expected:
                row["agree"] += 1
            else:
                disagreements.append({"pair": pair["id"], "rule": rule, "expected": expected,
                                      "got": got, "message": found[rule].message})
        plan = found["history.plan-followed"]
        named = {e.quote for e in plan.evidence if e.kind == "previous" and e.counterpart is None}

        def is_named(label: str) -> bool:
            marks = (label, label.replace("(", "（").replace(")", "）"))
            return any(q.startswith(marks) for q in named)

        for label in pair.get("unfollowed", []):
            if is_named(label):
                tp += 1
            else:
                fn += 1
                disagreements.append({"pair": pair["id"], "rule": "history.plan-followed",
                                      "item": label, "expected": "named", "got": "not named"})
        for label in pair.get("followed", []):
            if is_named(label):
                fp += 1
                disagreements.append({"pair": pair["id"], "rule": "history.plan-followed",
                                      "item": label, "expected": "not named", "got": "named"})
            else:
                tn += 1
    items = {"tp": tp, "fp": fp, "fn": fn, "tn": tn,
             "precision": tp / (tp + fp) if tp + fp else None,
             "recall": tp / (tp + fn) if tp + fn else None}
    return {"statuses": statuses, "plan_items": items, "disagreements": disagreements}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m auditor.tools.history_accuracy",
                                     description="history 规则在标注的报告对上的准确率")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    args = parser.parse_args(argv)
    result = measure()
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        return 0
    print("规则                          一致/标注")
    for rule, row in sorted(result["statuses"].items()):
        print(f"{rule:30}{row['agree']}/{row['total']}")
    it = result["plan_items"]
    print(f"\n去年安排未见落实（逐项）：精确率 {it['precision']:.2f}，召回率 {it['recall']:.2f}"
          f"（TP {it['tp']}，FP {it['fp']}，FN {it['fn']}，TN {it['tn']}）")
    if result["disagreements"]:
        print("\n不一致：")
        for d in result["disagreements"]:
            print("  " + "  ".join(f"{k}={v}" for k, v in d.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
