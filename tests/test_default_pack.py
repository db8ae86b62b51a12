"""The default pack (rules/default): its examples, the golden verdicts on the corpus, the
述法 acceptance test of issue 6, the extracted figures, the public rule ids and the catalogue.

Expected values are written from reading the reports (tests/golden/verdicts/*.yaml, and the
figures below with their line numbers), never copied from program output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from auditor import audit, load_pack, read_document
from auditor.ruletest import run_examples

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLDEN = ROOT / "tests" / "golden" / "verdicts"
REPORTS = sorted(p.name for p in CORPUS.glob("*.txt"))

# issue 6, deliverable 1: these ids are the public interface and must exist with these names.
ISSUE6_IDS = [
    "element.measures", "element.problems", "element.causes", "element.first-responsible",
    "element.shufa", "element.next-year", "element.other",
    "structure.order", "structure.numbering", "structure.problems-depth", "structure.truncated",
    "meta.document-kind", "meta.title", "meta.year", "meta.publish-deadline", "meta.signature",
    "content.outdated-reference", "content.placeholder", "content.year-consistency",
    "content.figures", "content.foreign-text",
]
TOPIC_IDS = [
    "topic.major-decisions", "topic.normative-documents", "topic.enforcement-three-systems",
    "topic.administrative-reconsideration", "topic.litigation-appearance", "topic.open-government",
    "topic.legal-advisers", "topic.law-popularization", "topic.dispute-resolution",
    "topic.business-environment", "topic.leaders-study", "topic.digital-government",
]
METRIC_IDS = ["metric.appearance-rate", "metric.reconsideration-cases", "metric.normative-review",
              "metric.legality-review"]


@pytest.fixture(scope="module")
def pack():
    return load_pack()


@pytest.fixture(scope="module")
def results(pack):
    return {name: audit(read_document(CORPUS / name), pack) for name in REPORTS}


def _statuses(result) -> dict[str, str]:
    return {f.rule: f.status for f in result.findings}


# -- (a) examples ---------------------------------------------------------------------------------

def test_every_rule_has_a_pass_and_a_non_pass_example(pack):
    lacking = [r.id for r in pack.all_rules
               if not any(e["status"] == "pass" for e in r.examples)
               or not any(e["status"] != "pass" for e in r.examples)]
    assert lacking == []


def test_every_example_gives_its_stated_status(pack):
    bad = [f"{r.rule}#{r.index}: expected {r.expected}, got {r.actual} ({r.message})"
           for r in run_examples(pack) if not r.ok and not r.todo]
    assert bad == []


def test_every_rule_states_basis_rationale_and_fix(pack):
    missing = [r.id for r in pack.all_rules if not (r.basis and r.rationale and r.fix)]
    assert missing == []


def test_topic_and_metric_bases_cite_the_2021_2025_outline(pack):
    ids = TOPIC_IDS + METRIC_IDS
    wrong = [i for i in ids if "《法治政府建设实施纲要（2021－2025年）》" not in pack.rule(i).basis]
    assert wrong == []


def test_topic_and_metric_severities_are_warning_or_info(pack):
    assert {pack.rule(i).severity for i in TOPIC_IDS} <= {"warning", "info"}
    assert {pack.rule(i).severity for i in METRIC_IDS} == {"info"}


# -- (e) public ids -------------------------------------------------------------------------------

@pytest.mark.parametrize("rule_id", ISSUE6_IDS + TOPIC_IDS + METRIC_IDS)
def test_public_rule_id_exists(pack, rule_id):
    assert pack.rule(rule_id) is not None


# -- (b) golden verdicts --------------------------------------------------------------------------

def _golden(name: str) -> dict[str, str]:
    data = yaml.safe_load((GOLDEN / name.replace(".txt", ".yaml")).read_text(encoding="utf-8"))
    return {rule: v["status"] for rule, v in data["verdicts"].items()}


def test_every_corpus_report_has_a_golden_file():
    assert sorted(p.name.replace(".yaml", ".txt") for p in GOLDEN.glob("*.yaml")) == REPORTS


def test_golden_files_cover_every_element_meta_content_rule(pack):
    wanted = {r.id for r in pack.rules if r.group in ("elements", "meta", "content")}
    for name in REPORTS:
        assert set(_golden(name)) >= wanted, name


@pytest.mark.parametrize("name", REPORTS)
def test_corpus_verdicts_match_golden(results, name):
    golden = _golden(name)
    got = _statuses(results[name])
    diff = {rule: (want, got.get(rule)) for rule, want in golden.items() if got.get(rule) != want}
    assert diff == {}


_CITED = re.compile(r"第(\d+(?:[、,，和至-]\d+)*)行")


def _cited_lines(verdict: dict) -> set[int]:
    """The report lines a golden verdict rests on: its ``line`` and every 第N行 its reason quotes."""
    lines = {verdict["line"]} if verdict.get("line") else set()
    for m in _CITED.finditer(verdict.get("reason", "")):
        lines.update(int(n) for n in re.findall(r"\d+", m.group(1)))
    return lines


@pytest.mark.parametrize("name", REPORTS)
def test_corpus_evidence_quotes_the_lines_the_golden_reason_cites(results, name):
    """A statutory element or metadata verdict that the reader found met (✔ or △) must be met by
    what the reader saw: the finding's evidence quotes one of the lines the golden reason cites
    (issue 17, deliverable 3). Absence-based verdicts (line: null, or ✘) have nothing to quote."""
    data = yaml.safe_load((GOLDEN / name.replace(".txt", ".yaml")).read_text(encoding="utf-8"))
    findings = {f.rule: f for f in results[name].findings}
    wrong = {}
    for rule, verdict in data["verdicts"].items():
        if not rule.startswith(("element.", "meta.")) or verdict["status"] not in ("pass", "partial"):
            continue
        cited = _cited_lines(verdict)
        if not cited:
            continue
        quoted = {e.line for e in findings[rule].evidence if e.kind == "match"}
        if not quoted & cited:
            wrong[rule] = (sorted(cited), sorted(quoted))
    assert wrong == {}


# -- (c) issue 6 acceptance: removing or negating the 述法 sentences -------------------------------

_SENTENCE = re.compile(r"[^。]*(?:。|$)")


def _edit_shufa_sentences(text: str, replacement: str) -> str:
    """Replace every sentence (split on 。, line by line) that contains 述法 with ``replacement``."""
    out = []
    for line in text.split("\n"):
        parts = [s for s in _SENTENCE.findall(line) if s]
        out.append("".join(replacement if "述法" in s else s for s in parts))
    return "\n".join(out)


def _audit_text(pack, text: str, name: str):
    return audit(read_document(data=text.encode("utf-8"), name=name), pack)


SHUFA_REPORTS = ["qingshan-2021.txt", "xinglongtai-2024.txt"]


def test_shufa_edit_helper_touches_only_shufa_sentences():
    text = "一、成效\n全年学法15次。同步开展述法。审核文件30件"
    assert _edit_shufa_sentences(text, "") == "一、成效\n全年学法15次。审核文件30件"
    assert _edit_shufa_sentences(text, "尚未开展述法。") == "一、成效\n全年学法15次。尚未开展述法。审核文件30件"


@pytest.mark.parametrize("name", SHUFA_REPORTS)
@pytest.mark.parametrize("replacement", ["", "尚未开展述法。"], ids=["removed", "negated"])
def test_shufa_edit_flips_only_element_shufa(pack, results, name, replacement):
    original = (CORPUS / name).read_text(encoding="utf-8")
    edited = _edit_shufa_sentences(original, replacement)
    assert edited != original
    if replacement == "":
        assert "述法" not in edited
    before = _statuses(results[name])
    after_result = _audit_text(pack, edited, name)
    after = _statuses(after_result)
    assert before["element.shufa"] == "pass"
    assert after["element.shufa"] == "fail"
    changed = {r: (before[r], after.get(r)) for r in before if r != "element.shufa" and before[r] != after.get(r)}
    assert changed == {}
    values_before = {f.rule: f.values.get("value") for f in results[name].findings if f.values}
    values_after = {f.rule: f.values.get("value") for f in after_result.findings if f.values}
    assert values_after == values_before


# -- (d) figures extracted from the corpus (read from the reports) --------------------------------

# (report, rule) → (value, line) read from the text; None = the report gives no such figure.
FIGURES = {
    # 青山:28 “全区行政首长出庭应诉率90%以上”
    ("qingshan-2021.txt", "metric.appearance-rate"): (90, 28),
    # 下陆:14 “行政机关负责人出庭应诉率100%”
    ("xialu-2024.txt", "metric.appearance-rate"): (100, 14),
    # 兴隆台: no 出庭/应诉 anywhere
    ("xinglongtai-2024.txt", "metric.appearance-rate"): None,
    # 云城:10 “行政机关负责人出庭应诉率连续两年100%” (also :22 “行政机关负责人出庭应诉100%”)
    ("yuncheng-2024.txt", "metric.appearance-rate"): (100, 10),
    # 青山:27 “全年办理行政复议案件96件”
    ("qingshan-2021.txt", "metric.reconsideration-cases"): (96, 27),
    # 下陆:21 “新收行政复议申请31件”
    ("xialu-2024.txt", "metric.reconsideration-cases"): (31, 21),
    # 兴隆台:46 “全年共收到行政复议案件45件”
    ("xinglongtai-2024.txt", "metric.reconsideration-cases"): (45, 46),
    # 云城:22 “全区共收到行政复议申请94件”
    ("yuncheng-2024.txt", "metric.reconsideration-cases"): (94, 22),
    # 青山:14 only “合法性审核率达100%”; :15 报备2件 and 清理17件 are not reviews
    ("qingshan-2021.txt", "metric.normative-review"): None,
    # 下陆:17 “组织清理全区政府规范性文件16件” is a clean-up, not a review
    ("xialu-2024.txt", "metric.normative-review"): None,
    # 兴隆台:30 “全年共审核文件30件”
    ("xinglongtai-2024.txt", "metric.normative-review"): (30, 30),
    # 云城:18 “2024年审查各类行政规范性文件13件”
    ("yuncheng-2024.txt", "metric.normative-review"): (13, 18),
    # 青山:13 “政府合同合法性审查95次”
    ("qingshan-2021.txt", "metric.legality-review"): (95, 13),
    # 下陆:17 “出具合法性审查意见书23份”
    ("xialu-2024.txt", "metric.legality-review"): (23, 17),
    # 兴隆台:32 “出具法律意见书276份” is a legal adviser's opinion, not called a legality review
    ("xinglongtai-2024.txt", "metric.legality-review"): None,
    # 鹦鹉:35 “落实重大行政决策合法性审查” is in the 2025 plan, without a figure
    ("yingwu-jiedao-2024.txt", "metric.legality-review"): None,
    # 云城:18 “出具书面法律审查意见1054件”
    ("yuncheng-2024.txt", "metric.legality-review"): (1054, 18),
}


@pytest.mark.parametrize("key", sorted(FIGURES), ids=lambda k: f"{k[0]}:{k[1]}")
def test_metric_value_extracted_from_corpus(results, key):
    name, rule = key
    finding = next(f for f in results[name].findings if f.rule == rule)
    expected = FIGURES[key]
    if expected is None:
        assert finding.status == "fail"
        assert not finding.values
    else:
        assert finding.status == "pass"
        assert (finding.values["value"], finding.values["line"]) == expected


@pytest.mark.parametrize("rule", ["metric.appearance-rate", "metric.reconsideration-cases",
                                  "metric.normative-review"])
def test_metrics_for_county_bodies_do_not_apply_to_the_jiedao_report(results, rule):
    finding = next(f for f in results["yingwu-jiedao-2024.txt"].findings if f.rule == rule)
    assert finding.status == "not_applicable"


# -- topics on the corpus (read from the reports) -------------------------------------------------

# Only the verdicts that are not "pass"; every other topic × report is pass.
TOPIC_GAPS = {
    # 青山: no 法律顾问/公职律师 anywhere (its :18 is a 律师助企 service station)
    ("qingshan-2021.txt", "topic.legal-advisers"): "fail",
    # 下陆:17 only 清理 of 规范性文件; no review or 备案
    ("xialu-2024.txt", "topic.normative-documents"): "partial",
    # 下陆: 三项制度 only in the plan (:32)
    ("xialu-2024.txt", "topic.enforcement-three-systems"): "partial",
    # 下陆: no 政务公开/信息公开 (its “双随机、一公开” :26 is a supervision method, in the problems)
    ("xialu-2024.txt", "topic.open-government"): "fail",
    # 兴隆台: no 出庭/应诉/行政诉讼 anywhere
    ("xinglongtai-2024.txt", "topic.litigation-appearance"): "fail",
    # 鹦鹉: county-level duties
    ("yingwu-jiedao-2024.txt", "topic.normative-documents"): "not_applicable",
    ("yingwu-jiedao-2024.txt", "topic.administrative-reconsideration"): "not_applicable",
    ("yingwu-jiedao-2024.txt", "topic.litigation-appearance"): "not_applicable",
    # 鹦鹉: 法治宣传 only in the problems (:29) and the 2025 plan (:33, :37)
    ("yingwu-jiedao-2024.txt", "topic.law-popularization"): "partial",
    # 云城: 三项制度 only in the problems (:28 “如行政执法“三项制度”落实不够全面”)
    ("yuncheng-2024.txt", "topic.enforcement-three-systems"): "partial",
}


@pytest.mark.parametrize("name", REPORTS)
def test_topic_verdicts_on_corpus(results, name):
    got = {f.rule: f.status for f in results[name].findings if f.rule.startswith("topic.")}
    expected = {rule: TOPIC_GAPS.get((name, rule), "pass") for rule in TOPIC_IDS}
    assert got == expected


# -- the catalogue --------------------------------------------------------------------------------

def test_docs_rules_md_is_up_to_date(pack):
    from auditor.tools.make_docs import DEFAULT_OUTPUT, render

    assert DEFAULT_OUTPUT.read_text(encoding="utf-8") == render(pack), \
        "docs/rules.md 已过期：运行 python -m auditor.tools.make_docs"


def test_editor_schema_is_the_one_the_loader_uses():
    from auditor.tools.make_docs import SCHEMA_OUTPUT, render_schema

    assert SCHEMA_OUTPUT.read_text(encoding="utf-8") == render_schema(), \
        "auditor/schemas/pack.schema.json 已过期：运行 python -m auditor.tools.make_docs"
    for rule_file in (ROOT / "rules" / "default").glob("*.yaml"):
        first = rule_file.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../auditor/schemas/pack.schema.json", rule_file


def test_catalogue_lists_every_rule_with_its_basis(pack):
    from auditor.tools.make_docs import render

    text = render(pack)
    for rule in pack.all_rules:
        assert f"### `{rule.id}` {rule.title}" in text
        assert rule.basis in text
