"""The history rules (issue 21): a report against its body's report of the year before.

The pairs in tests/history/ were written by hand as the previous year's report of each corpus
body, and labelled by reading (tests/history/pairs.yaml) before the rules ran on them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor import history, load_pack, read_document
from auditor.evaluate import audit

ROOT = Path(__file__).resolve().parents[1]
PAIRS = yaml.safe_load((ROOT / "tests/history/pairs.yaml").read_text(encoding="utf-8"))
HISTORY = ("history.plan-followed", "history.problems-addressed", "history.problems-repeated",
           "history.text-reused")


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def _audit_pair(pack, pair):
    this = read_document(ROOT / pair["this"])
    prev = read_document(ROOT / pair["previous"])
    result = audit(this, pack, previous=prev)
    return {f.rule: f for f in result.findings}


@pytest.fixture(scope="module")
def audited(pack):
    return {p["id"]: _audit_pair(pack, p) for p in PAIRS}


def test_copied_problems_part_is_repeated_and_reused(audited):
    found = audited["yingwu"]
    assert found["history.problems-repeated"].status == "fail"
    reused = found["history.text-reused"]
    assert reused.status in ("fail", "partial")
    # the reused passages are the evidence, with this year's line and last year's line
    quotes = [e for e in reused.evidence if e.kind == "match"]
    assert any("学法制度有待再压实" in e.quote for e in quotes)
    assert all("与上一年度报告第" in e.note for e in quotes)
    lines = {e.line for e in quotes}
    assert 25 in lines  # (一)学法制度有待再压实 is line 25 of yingwu-jiedao-2024.txt


@pytest.mark.parametrize("pair", ["xialu", "xinglongtai", "different-bodies"])
def test_years_written_afresh_pass(audited, pair):
    found = audited[pair]
    assert found["history.problems-repeated"].status == "pass"
    assert found["history.text-reused"].status == "pass"


def test_measures_carried_over_with_the_year_changed_fail(audited):
    found = audited["yuncheng"]
    assert found["history.text-reused"].status == "fail"
    assert found["history.text-reused"].values["reused_share"] >= 0.5


def _named(finding, label):
    """Whether a plan item (by its marker) is named as having no counterpart."""
    marks = (label, label.replace("(", "（").replace(")", "）"))
    return any(e.kind == "previous" and e.quote.startswith(marks) and "未见对应内容" in e.note
               and e.counterpart is None for e in finding.evidence)


def test_plan_items_never_reported_on_are_named_and_carried_out_ones_are_not(audited):
    named_wrongly, missed, total_unfollowed = [], [], 0
    for pair in PAIRS:
        if "followed" not in pair:
            continue
        finding = audited[pair["id"]]["history.plan-followed"]
        for label in pair["followed"]:
            if _named(finding, label):
                named_wrongly.append((pair["id"], label))
        for label in pair["unfollowed"]:
            total_unfollowed += 1
            if not _named(finding, label):
                missed.append((pair["id"], label))
    # items carried out, in other words, are never named
    assert named_wrongly == []
    # at most one unfollowed item in six may go unnamed (measured: yuncheng (四), whose subject
    # the 2024 report mentions only in its list of honours; see docs/accuracy.md)
    assert len(missed) <= total_unfollowed // 6, missed


def test_named_item_carries_both_texts(audited):
    finding = audited["xialu"]["history.plan-followed"]
    prev = [e for e in finding.evidence if e.kind == "previous" and e.counterpart is None]
    assert len(prev) == 1 and "民主法治示范社区" in prev[0].quote
    assert prev[0].line == 22      # line of (四) in tests/history/xialu-2023.txt
    assert "民主法治示范社区" in finding.message
    # this year's closest paragraph is shown beside it, as a near miss
    assert any(e.kind == "near_miss" and "相似度" in e.note for e in finding.evidence)
    # items carried out are shown with this year's counterpart line (the page puts them side
    # by side): (一) 会前学法、述法 → 一是深入学习贯彻习近平法治思想, line 13 of xialu-2024.txt
    first = next(e for e in finding.evidence if e.kind == "previous" and e.quote.startswith("(一)"))
    assert first.counterpart == 13


def test_labelled_statuses_agree(audited):
    agree = total = 0
    disagreements = []
    for pair in PAIRS:
        for rule, expected in pair.get("expect", {}).items():
            total += 1
            got = audited[pair["id"]][rule].status
            if got == expected:
                agree += 1
            else:
                disagreements.append((pair["id"], rule, expected, got))
    assert agree / total >= 0.9, disagreements


def test_without_previous_history_is_not_applicable_and_nothing_else_changes(pack):
    doc = read_document(ROOT / "corpus/xialu-2024.txt")
    alone = {f.rule: f for f in audit(doc, pack).findings}
    paired = {f.rule: f for f in audit(doc, pack, previous=read_document(
        ROOT / "tests/history/xialu-2023.txt")).findings}
    for rule in HISTORY:
        assert alone[rule].status == "not_applicable"
        assert "--previous" in alone[rule].message
    for rule, finding in alone.items():
        if not rule.startswith("history."):
            assert paired[rule] == finding


# -- the measures themselves ------------------------------------------------------------------

def test_reduce_reads_years_and_figures_alike():
    a, _ = history.reduce("2023年，全区开展普法活动180场次。")
    b, _ = history.reduce("2024年，全区开展普法活动200场次。")
    assert a == b


def test_similarity_of_a_copy_and_of_a_rewrite():
    text = "部分执法人员对新修订的法律法规掌握不及时，执法文书制作不规范。"
    assert history.similarity(text, "二是" + text) == 1.0
    assert history.similarity(text, "基层执法力量相对薄弱，执法队伍年龄结构偏大。") == 0.0


def test_reuse_passages_stay_within_a_line_and_point_at_both_lines():
    last = ["某区2023年报告", "全年组织开展执法案卷评查，抽查案卷180卷，评出优秀案卷12卷，对发现问题的案卷逐一反馈整改。"]
    this = ["某区2024年报告", "新的一年。", "全年组织开展执法案卷评查，抽查案卷200卷，评出优秀案卷15卷，对发现问题的案卷逐一反馈整改。"]
    covered, total, passages = history.reuse(this, last)
    assert passages[0].this_index == 2 and passages[0].last_index == 1
    assert passages[0].text.startswith("全年组织开展执法案卷评查")
    assert covered >= passages[0].chars


def test_items_of_a_part_in_its_three_forms(pack):
    from auditor.checks.base import Context

    text = ("某区2023年法治政府建设情况报告\n一、主要举措及成效\n全年审核规范性文件28件。\n"
            "二、存在的问题\n一是执法文书制作不规范，部分案卷程序不完整。二是法治宣传形式单一，群众参与度不高。\n"
            "三、2024年工作安排\n（一）全面推行行政执法三项制度。\n（二）建设区级法治文化主题公园。\n")
    doc = read_document(data=text.encode("utf-8"), name="x.txt")
    ctx = Context(doc, pack, profile=None, regex_timeout=1.0)
    plan = history.items(doc, ctx.role_sections("next_year"))
    assert [p.label for p in plan] == ["（一）", "（二）"]
    problems = history.items(doc, ctx.role_sections("problems"))
    assert [p.label for p in problems] == ["一是", "二是"]
    assert problems[1].text.startswith("二是法治宣传形式单一")
    measures = history.items(doc, ctx.role_sections("measures"), min_han=4)
    assert [p.text for p in measures] == ["全年审核规范性文件28件。"]


# -- pairing -----------------------------------------------------------------------------------

def _doc(text: str, name: str = "x.txt"):
    return read_document(data=text.encode("utf-8"), name=name)


def test_reports_of_one_body_in_consecutive_years_pair():
    from auditor import pairing

    docs = [read_document(ROOT / "corpus/xialu-2024.txt"),
            read_document(ROOT / "tests/history/yingwu-jiedao-2023.txt"),
            read_document(ROOT / "tests/history/xialu-2023.txt"),
            read_document(ROOT / "corpus/yingwu-jiedao-2024.txt")]
    assert pairing.pair_in_batch([d.metadata for d in docs]) == [2, None, None, 1]


def test_a_body_named_with_and_without_its_city_and_suffix_is_one_body():
    from auditor import pairing

    later = _doc("黄石市下陆区人民政府2024年法治政府建设工作报告\n一、主要举措及成效\n全年审核规范性文件30件。\n")
    earlier = _doc("下陆区2023年法治政府建设工作报告\n一、主要举措及成效\n全年审核规范性文件28件。\n")
    other = _doc("铁山区2023年法治政府建设工作报告\n一、主要举措及成效\n全年审核规范性文件28件。\n")
    two_back = _doc("下陆区2022年法治政府建设工作报告\n一、主要举措及成效\n全年审核规范性文件20件。\n")
    assert pairing.is_previous(earlier.metadata, later.metadata)
    assert not pairing.is_previous(other.metadata, later.metadata)
    assert not pairing.is_previous(two_back.metadata, later.metadata)
    assert not pairing.is_previous(later.metadata, earlier.metadata)
    assert pairing.pick_previous(later, [other, two_back, earlier]) is earlier


# -- through the command line ------------------------------------------------------------------

def _history(payload: dict) -> dict[str, tuple[str | None, dict[str, str]]]:
    """source → (previous source, {history rule: status}) from a JSON result."""
    out = {}
    for r in payload["reports"]:
        statuses = {f["rule"]: f["status"] for f in r["findings"] if f["rule"].startswith("history.")}
        out[Path(r["source"]).name] = ((r.get("previous") or {}).get("source"), statuses)
    return out


def test_check_with_previous_file(cli):
    import json

    code, out, err = cli("check", "corpus/yingwu-jiedao-2024.txt", "--previous",
                         "tests/history/yingwu-jiedao-2023.txt", "--format", "json",
                         "--fail-on", "never")
    assert code == 0, err
    report = json.loads(out)["reports"][0]
    assert report["previous"]["source"] == "tests/history/yingwu-jiedao-2023.txt"
    assert report["previous"]["year"] == 2023
    assert len(report["previous"]["sha256"]) == 64
    statuses = _history(json.loads(out))["yingwu-jiedao-2024.txt"][1]
    assert statuses["history.problems-repeated"] == "fail"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_pairs_one_body_in_consecutive_years(cli, tmp_path, jobs):
    import json
    import shutil

    for name in ("corpus/xialu-2024.txt", "tests/history/xialu-2023.txt",
                 "corpus/yuncheng-2024.txt", "corpus/qingshan-2021.txt"):
        shutil.copy(ROOT / name, tmp_path)
    code, out, err = cli("check", str(tmp_path), "--format", "json", "--fail-on", "never",
                         "--jobs", jobs)
    assert code == 0, err
    found = _history(json.loads(out))
    assert found["xialu-2024.txt"][0].endswith("xialu-2023.txt")
    assert found["xialu-2024.txt"][1]["history.plan-followed"] == "partial"
    # the earlier report and the reports of other bodies have nothing to compare with
    for name in ("xialu-2023.txt", "yuncheng-2024.txt", "qingshan-2021.txt"):
        previous, statuses = found[name]
        assert previous is None
        assert set(statuses.values()) == {"not_applicable"}


def test_no_pairing_leaves_a_batch_unpaired(cli, tmp_path):
    import json
    import shutil

    for name in ("corpus/xialu-2024.txt", "tests/history/xialu-2023.txt"):
        shutil.copy(ROOT / name, tmp_path)
    code, out, err = cli("check", str(tmp_path), "--format", "json", "--fail-on", "never",
                         "--no-pairing")
    assert code == 0, err
    found = _history(json.loads(out))
    assert found["xialu-2024.txt"][0] is None
    assert set(found["xialu-2024.txt"][1].values()) == {"not_applicable"}


def test_previous_folder_pairs_by_issuer(cli):
    import json

    code, out, err = cli("check", "corpus/", "--previous", "tests/history", "--format", "json",
                         "--fail-on", "never")
    assert code == 0, err
    found = _history(json.loads(out))
    for name, (previous, _) in found.items():
        assert Path(previous).name == name.replace("2024", "2023").replace("2021", "2020")


def test_previous_that_cannot_be_read_is_one_line_and_exit_2(cli, tmp_path):
    bad = tmp_path / "去年.txt"
    bad.write_bytes(b"")
    for target in (str(bad), str(tmp_path / "missing.txt")):
        code, out, err = cli("check", "corpus/xialu-2024.txt", "--previous", target)
        assert code == 2
        lines = [x for x in err.splitlines() if x.strip()]
        assert len(lines) == 1 and "Traceback" not in err


def test_pairing_follows_the_check_kind_not_the_rule_ids(pack):
    """A run pairs reports when some rule runs the history kind, whatever the rule is called."""
    from dataclasses import replace

    from auditor.runner import _uses_kind

    assert _uses_kind(pack, "history")
    renamed = [replace(r, id="province." + r.id) if r.id.startswith("history.") else r
               for r in pack.rules]
    assert _uses_kind(type("P", (), {"rules": renamed})(), "history")
    without = [r for r in pack.rules if not r.id.startswith("history.")]
    assert not _uses_kind(type("P", (), {"rules": without})(), "history")
