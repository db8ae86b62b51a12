"""The accuracy script runs on the labelled set and the rules meet the stated floors.

The floors are what a 司法局 reviewer needs from the default pack, not the figures the script
happens to print: at most one reported gap in ten may be wrong (precision), at most one real
gap in ten may be missed (recall), and no labelled rule may fall below 80 % on either.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from auditor import load_pack
from auditor.tools import accuracy

ROOT = Path(__file__).resolve().parent.parent

MIN_OVERALL_PRECISION = 0.90
MIN_OVERALL_RECALL = 0.90
MIN_OVERALL_AGREEMENT = 0.85     # exact status, partial vs fail included
MIN_RULE_PRECISION = 0.80
MIN_RULE_RECALL = 0.80


@pytest.fixture(scope="module")
def summary():
    return accuracy.summarise(accuracy.collect(load_pack()))


def test_counts_treat_partial_and_fail_as_gaps_and_not_applicable_as_unlabelled():
    c = accuracy.Counts()
    for expected, actual in [("fail", "partial"), ("pass", "fail"), ("partial", "not_evaluated"),
                             ("pass", "not_applicable"), ("not_applicable", "fail")]:
        c.add(expected, actual)
    assert (c.tp, c.fp, c.fn, c.tn, c.total, c.agree) == (1, 1, 1, 1, 5, 0)
    assert c.precision == 0.5 and c.recall == 0.5


def test_case_text_gets_a_title_only_when_it_has_none():
    assert accuracy.case_text({"text": "一、2024年法治政府建设主要情况\n正文", "year": 2024}) \
        .startswith("2024年法治政府建设情况报告\n一、")
    titled = "下陆区2024年法治政府建设工作报告\n正文"
    assert accuracy.case_text({"text": titled, "year": 2024}) == titled


def test_every_labelled_rule_exists_in_the_pack(summary):
    pack = load_pack()
    assert [r for r in summary["rules"] if pack.rule(r) is None] == []


def test_labelled_set_is_used_in_full(summary):
    cases = accuracy.load_cases()
    labels = sum(len(c.get("expect") or {}) for c in cases)
    assert summary["sources"]["case"]["total"] == labels
    assert summary["sources"]["corpus"]["total"] == sum(len(v) for _, v in accuracy.load_golden())


def test_overall_precision_and_recall_meet_the_floor(summary):
    o = summary["overall"]
    assert o["precision"] >= MIN_OVERALL_PRECISION
    assert o["recall"] >= MIN_OVERALL_RECALL
    assert o["agreement"] >= MIN_OVERALL_AGREEMENT


def test_no_labelled_rule_falls_below_the_rule_floor(summary):
    low = {r: (c["precision"], c["recall"]) for r, c in summary["rules"].items()
           if (c["precision"] is not None and c["precision"] < MIN_RULE_PRECISION)
           or (c["recall"] is not None and c["recall"] < MIN_RULE_RECALL)}
    assert low == {}


def test_script_prints_the_table_and_writes_json(tmp_path):
    out = tmp_path / "acc.json"
    proc = subprocess.run([sys.executable, "-m", "auditor.tools.accuracy", "--json", str(out)],
                          cwd=ROOT, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    text = proc.stdout.decode("utf-8")
    assert "总计" in text and "精确率" in text and "element.shufa" in text
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) >= {"rules", "sources", "overall", "disagreements"}
