"""Waivers: shown as waived with their reason, expiry, stale entries, non-waivable rules, errors."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from conftest import CORPUS, run_cli


def _write(tmp_path, body: str, name: str = "waivers.yaml"):
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


def _findings(out: str, index: int = 0) -> dict[str, dict]:
    return {f["rule"]: f for f in json.loads(out)["reports"][index]["findings"]}


def test_waived_finding_keeps_original_status_and_reason(tmp_path):
    w = _write(tmp_path, "waivers:\n  - rule: element.causes\n    reports: 'qingshan-*.txt'\n"
                         "    reason: 原因分析另行报送\n    approved_by: 法制科\n")
    code, out, _ = run_cli("check", "corpus/qingshan-2021.txt", "--format", "json", "--waivers", str(w))
    f = _findings(out)["element.causes"]
    assert f["status"] == "waived"
    assert f["waiver"]["original_status"] == "fail"
    assert f["waiver"]["reason"] == "原因分析另行报送" and f["waiver"]["approved_by"] == "法制科"


def test_waived_finding_is_shown_not_hidden_in_the_table(tmp_path):
    w = _write(tmp_path, "waivers:\n  - rule: element.causes\n    reason: 原因分析另行报送\n")
    code, out, _ = run_cli("check", "corpus/qingshan-2021.txt", "--waivers", str(w))
    row = next(line for line in out.splitlines() if line.startswith("element.causes"))
    assert "⊘ 已豁免" in row and "原因分析另行报送" in row
    assert "1 已豁免" in out


def test_glob_rule_waives_every_matching_gap(tmp_path):
    w = _write(tmp_path, "waivers:\n  - rule: 'element.*'\n    reason: 测试\n")
    f = _findings(run_cli("check", "corpus/qingshan-2021.txt", "--format", "json", "--waivers", str(w))[1])
    # qingshan-2021 lacks 存在问题, 原因 and 下一年度安排 (read from its two top-level headings)
    for rule in ("element.problems", "element.causes", "element.next-year"):
        assert f[rule]["status"] == "waived"
    assert f["meta.signature"]["status"] == "fail"


def test_waiver_for_other_reports_does_not_apply(tmp_path):
    w = _write(tmp_path, "waivers:\n  - rule: element.causes\n    reports: 'xialu-*'\n    reason: 测试\n")
    f = _findings(run_cli("check", "corpus/qingshan-2021.txt", "--format", "json", "--waivers", str(w))[1])
    assert f["element.causes"]["status"] == "fail"


def test_waiver_matches_issuer_and_year(tmp_path):
    w = _write(tmp_path, "waivers:\n  - rule: element.causes\n    issuer: 青山区人民政府\n    year: 2021\n"
                         "    reason: 测试\n  - rule: element.problems\n    year: 2020\n    reason: 测试\n")
    f = _findings(run_cli("check", "corpus/qingshan-2021.txt", "--format", "json", "--waivers", str(w))[1])
    assert f["element.causes"]["status"] == "waived"
    assert f["element.problems"]["status"] == "fail"


def test_expired_waiver_stops_waiving_and_says_so(tmp_path):
    w = _write(tmp_path, "waivers:\n  - rule: element.causes\n    reason: 过渡期\n    expires: 2000-01-31\n")
    code, out, _ = run_cli("check", "corpus/qingshan-2021.txt", "--format", "json", "--waivers", str(w))
    f = _findings(out)["element.causes"]
    assert f["status"] == "fail" and f["waiver"]["expired"] is True
    assert any("豁免已过期" in n for n in json.loads(out)["reports"][0]["notes"])
    table = run_cli("check", "corpus/qingshan-2021.txt", "--waivers", str(w))[1]
    assert "豁免已过期" in table


def test_future_expiry_still_waives(tmp_path):
    w = _write(tmp_path, f"waivers:\n  - rule: element.causes\n    reason: 过渡期\n"
                         f"    expires: {date.today().year + 5}-12-31\n")
    f = _findings(run_cli("check", "corpus/qingshan-2021.txt", "--format", "json", "--waivers", str(w))[1])
    assert f["element.causes"]["status"] == "waived"


def test_waiver_that_matched_nothing_is_stale(tmp_path):
    # xialu-2024 has a 存在的问题 section, so element.problems passes and the waiver is not needed
    w = _write(tmp_path, "waivers:\n  - rule: element.problems\n    reason: 不再需要\n")
    code, out, _ = run_cli("check", "corpus/xialu-2024.txt", "--format", "json", "--waivers", str(w))
    stale = json.loads(out)["stale_waivers"]
    assert [(s["rule"], s["line"]) for s in stale] == [("element.problems", 2)]
    table = run_cli("check", "corpus/xialu-2024.txt", "--waivers", str(w))[1]
    assert "没有匹配任何缺项" in table and "element.problems" in table
    assert "过期" not in table   # the waiver has no expiry date: unused is not expired


def test_non_waivable_rule_is_not_waived_and_says_so(tmp_path):
    # yingwu-jiedao-2024 carries planted text (环球国际…) and content.foreign-text is waivable: false
    w = _write(tmp_path, "waivers:\n  - rule: content.foreign-text\n    reason: 想豁免\n")
    code, out, _ = run_cli("check", "corpus/yingwu-jiedao-2024.txt", "--format", "json", "--waivers", str(w))
    f = _findings(out)["content.foreign-text"]
    assert f["status"] == "fail" and f["waiver"]["refused"] is True
    assert "不可豁免" in f["waiver"]["note"]
    assert code == 1


def test_auditor_yaml_beside_the_report_is_found(tmp_path):
    shutil.copy(CORPUS / "qingshan-2021.txt", tmp_path / "qingshan-2021.txt")
    _write(tmp_path, "profile: government\nwaivers:\n  - rule: element.causes\n    reason: 就近配置\n",
           "auditor.yaml")
    f = _findings(run_cli("check", str(tmp_path / "qingshan-2021.txt"), "--format", "json")[1])
    assert f["element.causes"]["status"] == "waived"


def test_auditor_yaml_in_a_parent_folder_is_found(tmp_path):
    sub = tmp_path / "drafts" / "2021"
    sub.mkdir(parents=True)
    shutil.copy(CORPUS / "qingshan-2021.txt", sub / "qingshan-2021.txt")
    _write(tmp_path, "waivers:\n  - rule: element.causes\n    reports: 'drafts/**'\n    reason: 上级配置\n",
           "auditor.yaml")
    f = _findings(run_cli("check", str(sub / "qingshan-2021.txt"), "--format", "json")[1])
    assert f["element.causes"]["status"] == "waived"


@pytest.mark.parametrize("body, line, words", [
    ("waivers:\n  - rule: element.causes\n", 2, "reason"),
    ("waivers:\n  - rule: element.causes\n    reason: x\n    expires: 31/12/2025\n", 4, "YYYY-MM-DD"),
    ("waivers:\n  - rule: element.causes\n    reason: x\n    owner: me\n", 4, "owner"),
    ("waivers: [unclosed\n", 2, "YAML"),
])
def test_bad_waiver_file_is_one_line_with_position_and_exit_2(tmp_path, body, line, words):
    w = _write(tmp_path, body)
    code, out, err = run_cli("check", "corpus/xialu-2024.txt", "--waivers", str(w))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"auditor: {w}:{line}") and words in lines[0]


def test_missing_waiver_file_is_exit_2(tmp_path):
    code, _, err = run_cli("check", "corpus/xialu-2024.txt", "--waivers", str(tmp_path / "nope.yaml"))
    assert code == 2 and "nope.yaml" in err


def test_waiver_aliases_are_refused(tmp_path):
    from auditor.waivers import WaiverError, parse_waivers

    with pytest.raises(WaiverError):
        parse_waivers("a: &x {rule: r, reason: y}\nwaivers: [*x]\n", "w.yaml")


def test_section_waiver_only_matches_evidence_in_that_section(tmp_path):
    # yuncheng-2024: the partial element.shufa evidence lies in 三、下一步工作计划
    w = _write(tmp_path, "waivers:\n  - rule: element.shufa\n    section: '三、*'\n    reason: 测试\n"
                         "  - rule: element.causes\n    section: '一、*'\n    reason: 测试\n")
    f = _findings(run_cli("check", "corpus/yuncheng-2024.txt", "--format", "json", "--waivers", str(w))[1])
    assert f["element.shufa"]["status"] == "waived"
    assert f["element.causes"]["status"] == "fail"


# -- batches in worker processes: waivers are applied where each report is audited -------------


def _waiver_tree(tmp_path, bad_middle: bool = False):
    """Three folders of reports; auditor.yaml files at the top and in a/ (used, expired,
    non-waivable and stale entries), and, if asked, a broken one in b/."""
    for name, picks in (("a", None), ("b", 3), ("c", 4)):
        folder = tmp_path / name
        folder.mkdir()
        for src in sorted(CORPUS.glob("*.txt"))[:picks]:
            shutil.copy(src, folder / src.name)
    _write(tmp_path / "a", "waivers:\n  - rule: element.causes\n    reason: 原因另报\n"
                           "  - rule: meta.signature\n    reason: 落款另附\n    expires: 2020-01-01\n"
                           "  - rule: meta.document-kind\n    reason: 不可豁免\n"
                           "  - rule: nothing.matches\n    reason: 未用\n", "auditor.yaml")
    _write(tmp_path, "waivers:\n  - rule: 'metric.*'\n    reason: 数据另报\n"
                     "  - rule: topic.legal-advisers\n    reports: 'c/*'\n    reason: 只对 c\n"
                     "  - rule: never.used\n    reason: 未用\n", "auditor.yaml")
    if bad_middle:
        _write(tmp_path / "b", "waivers:\n  - rule: element.causes\n", "auditor.yaml")
    (tmp_path / "c" / "empty.txt").write_bytes(b"")
    return tmp_path


@pytest.mark.parametrize("fmt", ["json", "table", "markdown"])
def test_waivers_give_the_same_output_and_exit_code_with_jobs_1_and_2(tmp_path, fmt):
    tree = _waiver_tree(tmp_path)
    one = run_cli("check", str(tree), "--format", fmt, "--no-color", "--jobs", "1", timeout=120)
    two = run_cli("check", str(tree), "--format", fmt, "--no-color", "--jobs", "2", timeout=120)
    assert one == two
    code, out, err = two
    assert code == 1
    # the stale waivers of both files, in the order the files were first used
    if fmt != "table":
        stale = [line.rsplit("：", 1)[1] for line in err.splitlines() if "豁免未匹配任何缺项" in line]
        assert [rule for rule in stale if rule.endswith(".used")] == ["never.used"]
        assert stale.index("nothing.matches") < stale.index("never.used")
    if fmt == "json":
        doc = json.loads(out)
        stale = [w["rule"] for w in doc["stale_waivers"]]
        assert stale.index("nothing.matches") < stale.index("never.used")
        statuses = {f["status"] for r in doc["reports"] for f in r["findings"]}
        assert "waived" in statuses
        assert doc["summary"]["unaudited"] == 1 and "empty.txt" in err


def test_a_bad_auditor_yaml_in_the_middle_of_a_batch_stops_it_the_same_with_jobs_2(tmp_path):
    tree = _waiver_tree(tmp_path, bad_middle=True)
    one = run_cli("check", str(tree), "--format", "json", "--jobs", "1", timeout=120)
    two = run_cli("check", str(tree), "--format", "json", "--jobs", "2", timeout=120)
    assert one == two
    code, out, err = two
    assert code == 2 and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith(f"auditor: {tree / 'b' / 'auditor.yaml'}:2")
    # what came before the broken file was written, what comes after was not
    assert str(tree / "a") in out and str(tree / "c") not in out
