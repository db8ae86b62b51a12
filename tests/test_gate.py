"""Exit codes of `auditor check` (the CI gate) and baselines — see docs/ci.md."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import CORPUS, run_cli


def _without_shufa(tmp_path):
    """qingshan-2021 with its only 述法 clause (line 10: “并同步开展述法”) removed."""
    text = (CORPUS / "qingshan-2021.txt").read_text(encoding="utf-8")
    assert text.count("述法") == 1
    edited = tmp_path / "qingshan-2021.txt"
    edited.write_text(text.replace(",并同步开展述法。", "。"), encoding="utf-8")
    return edited


def _waive_all(tmp_path, report: str = "yuncheng-2024.txt"):
    w = tmp_path / "waivers.yaml"
    w.write_text(f"waivers:\n  - rule: '*'\n    reports: '{report}'\n    reason: 测试：全部接受\n",
                 encoding="utf-8")
    return w


def test_exit_1_when_an_error_gap_exists():
    code, _, _ = run_cli("check", "corpus/qingshan-2021.txt")
    assert code == 1


def test_exit_0_when_every_gap_is_waived(tmp_path):
    code, out, err = run_cli("check", "corpus/yuncheng-2024.txt", "--waivers", str(_waive_all(tmp_path)))
    assert code == 0, out + err


def test_fail_on_never_exits_0_on_a_report_with_gaps():
    code, _, _ = run_cli("check", "corpus/qingshan-2021.txt", "--fail-on", "never")
    assert code == 0


def test_fail_on_threshold_counts_only_gaps_at_or_above_it(tmp_path):
    # yuncheng-2024: error-level gaps are element.causes (fail) and element.shufa (partial);
    # waiving exactly those leaves only warning/info gaps.
    w = tmp_path / "w.yaml"
    w.write_text("waivers:\n  - rule: element.causes\n    reason: 测试\n"
                 "  - rule: element.shufa\n    reason: 测试\n", encoding="utf-8")
    payload = json.loads(run_cli("check", "corpus/yuncheng-2024.txt", "--format", "json",
                                 "--waivers", str(w))[1])
    remaining = [f for f in payload["reports"][0]["findings"] if f["status"] in ("fail", "partial")]
    assert remaining and all(f["severity"] != "error" for f in remaining)
    assert run_cli("check", "corpus/yuncheng-2024.txt", "--waivers", str(w))[0] == 0
    lowest = min(remaining, key=lambda f: {"warning": 2, "info": 1}[f["severity"]])["severity"]
    assert run_cli("check", "corpus/yuncheng-2024.txt", "--waivers", str(w), "--fail-on", lowest)[0] == 1


def test_exit_2_on_usage_error():
    code, _, err = run_cli("check", "corpus/xialu-2024.txt", "--fail-on", "sometimes")
    assert code == 2 and "用法错误" in err


def test_exit_2_on_bad_jobs_value():
    assert run_cli("check", "corpus/xialu-2024.txt", "--jobs", "0")[0] == 2


def test_exit_2_on_a_bad_rule_pack(tmp_path):
    bad = tmp_path / "pack.yaml"
    bad.write_text("name: broken\nrules:\n  - id: x\n    title: [unclosed\n", encoding="utf-8")
    code, out, err = run_cli("check", "corpus/xialu-2024.txt", "--rules", str(bad))
    assert code == 2 and out == ""
    assert str(bad) in err


def test_exit_2_when_no_report_could_be_read(tmp_path):
    code, out, err = run_cli("check", str(tmp_path / "missing.txt"), str(tmp_path / "gone.docx"))
    assert code == 2
    assert "missing.txt" in out and "gone.docx" in out   # each is an error row


def test_exit_2_for_an_empty_folder(tmp_path):
    code, _, err = run_cli("check", str(tmp_path))
    assert code == 2 and "没有找到" in err


def test_mixed_batch_reports_the_unreadable_file_and_exits_at_least_1(tmp_path):
    missing = tmp_path / "missing.txt"
    code, out, err = run_cli("check", "corpus/yuncheng-2024.txt", str(missing), "--fail-on", "never",
                             "--format", "json")
    assert code == 1
    payload = json.loads(out)
    row = payload["reports"][1]
    assert row["error"] and row["findings"] == [] and row["audited"] is False
    assert payload["summary"]["audited"] == 1 and payload["summary"]["unaudited"] == 1
    assert "missing.txt" in err


def test_report_without_extractable_text_is_never_0(tmp_path):
    blank = tmp_path / "scan.txt"
    blank.write_text("Page 1\n\nscanned image only\n第1页\n", encoding="utf-8")
    code, out, _ = run_cli("check", str(blank), "--fail-on", "never", "--format", "json")
    assert code == 2
    assert {f["status"] for f in json.loads(out)["reports"][0]["findings"]} == {"not_evaluated"}
    code, _, _ = run_cli("check", "corpus/xialu-2024.txt", str(blank), "--fail-on", "never")
    assert code == 1


def test_json_records_the_gate(tmp_path):
    payload = json.loads(run_cli("check", "corpus/qingshan-2021.txt", "--format", "json")[1])
    assert payload["gate"]["exit_code"] == 1 and payload["gate"]["counted"] > 0


# -- baseline ---------------------------------------------------------------------------------------

def test_baseline_accepts_known_gaps(tmp_path):
    old = tmp_path / "old.json"
    assert run_cli("check", "corpus/qingshan-2021.txt", "--format", "json", "--output", str(old))[0] == 1
    code, out, _ = run_cli("check", "corpus/qingshan-2021.txt", "--baseline", str(old))
    assert code == 0
    assert "基线已有" in out


def test_baseline_fails_on_a_new_gap_even_when_lines_moved(tmp_path):
    old = tmp_path / "old.json"
    run_cli("check", "corpus/qingshan-2021.txt", "--format", "json", "--output", str(old))
    edited = _without_shufa(tmp_path)
    edited.write_text("\n\n" + edited.read_text(encoding="utf-8"), encoding="utf-8")  # shift lines
    code, out, _ = run_cli("check", str(edited), "--baseline", str(old), "--format", "json")
    assert code == 1
    fresh = [f["rule"] for f in json.loads(out)["reports"][0]["findings"]
             if f["status"] in ("fail", "partial") and not f.get("baseline")]
    assert fresh == ["element.shufa"]


def test_bad_baseline_file_is_exit_2(tmp_path):
    bad = tmp_path / "old.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run_cli("check", "corpus/xialu-2024.txt", "--baseline", str(bad))
    assert code == 2 and "old.json" in err


# -- the gate in worker processes: counts made where each report is audited -------------------


def _batch(tmp_path, n: int = 9) -> list[str]:
    """``n`` reports with an unreadable one in the middle."""
    files = sorted(CORPUS.glob("*.txt"))
    out = []
    for i in range(n):
        dest = tmp_path / f"r{i:02d}-{files[i % len(files)].name}"
        shutil.copy(files[i % len(files)], dest)
        out.append(str(dest))
    bad = tmp_path / f"r{n // 2:02d}-broken.docx"
    bad.write_bytes(b"not a zip")
    out.insert(n // 2, str(bad))
    return out


@pytest.mark.parametrize("fmt, fail_on", [("json", "error"), ("json", "warning"), ("table", "info"),
                                          ("markdown", "never")])
def test_gate_and_error_row_are_the_same_with_jobs_1_and_2(tmp_path, fmt, fail_on):
    paths = _batch(tmp_path)
    args = ("check", *paths, "--format", fmt, "--fail-on", fail_on, "--no-color")
    one = run_cli(*args, "--jobs", "1", timeout=120)
    two = run_cli(*args, "--jobs", "2", timeout=120)
    assert one == two
    code, out, err = two
    assert code == 1  # the unreadable report alone fails the gate
    assert "broken.docx" in err and "Traceback" not in err
    if fmt == "json":
        doc = json.loads(out)
        assert [r["source"] for r in doc["reports"]] == paths
        assert doc["summary"]["unaudited"] == 1 and doc["summary"]["audited"] == len(paths) - 1
        assert doc["gate"]["exit_code"] == 1


def test_baseline_is_the_same_with_jobs_1_and_2(tmp_path):
    paths = _batch(tmp_path)
    old = tmp_path / "old.json"
    run_cli("check", *paths[:5], "--format", "json", "--output", str(old), timeout=120)
    one = run_cli("check", *paths, "--baseline", str(old), "--format", "json", "--jobs", "1",
                  timeout=120)
    two = run_cli("check", *paths, "--baseline", str(old), "--format", "json", "--jobs", "2",
                  timeout=120)
    assert one == two
    doc = json.loads(two[1])
    assert doc["gate"]["baselined"] > 0 and doc["gate"]["counted"] > 0


def _with_causes(tmp_path):
    """yuncheng-2024 with the causes of its problems added (its element.causes gap fixed)."""
    text = (CORPUS / "yuncheng-2024.txt").read_text(encoding="utf-8")
    anchor = "  三、下一步工作计划"
    assert anchor in text
    edited = tmp_path / "yuncheng-2024.txt"
    edited.write_text(text.replace(anchor, "  产生上述问题的原因，主要是部分领导干部运用法治思维的意识有待"
                                           "提高，基层执法人员专业能力不足。\n\n" + anchor),
                      encoding="utf-8")
    return edited


def test_baseline_a_fixed_gap_is_not_shown_as_carried_over(tmp_path):
    old = tmp_path / "old.json"
    run_cli("check", "corpus/yuncheng-2024.txt", "--format", "json", "--output", str(old))
    before = {f["rule"]: f["status"] for f in json.loads(old.read_text("utf-8"))["reports"][0]["findings"]}
    assert before["element.causes"] == "fail"
    carried = sorted(r for r, s in before.items() if s in ("fail", "partial") and r != "element.causes")
    edited = _with_causes(tmp_path)
    code, out, _ = run_cli("check", str(edited), "--baseline", str(old), "--no-color")
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("element.causes"))
    second_line = out.split("element.causes", 1)[1].split("\n", 2)[1]
    assert "✔ 符合" in row and "基线已有" not in second_line and "已整改" in second_line
    assert f"其中 {len(carried)} 项基线已有" in out and "1 项基线中的缺项已整改" in out
    _, out, _ = run_cli("check", str(edited), "--baseline", str(old), "--format", "json")
    findings = {f["rule"]: f for f in json.loads(out)["reports"][0]["findings"]}
    assert findings["element.causes"]["status"] == "pass" and "baseline" not in findings["element.causes"]
    assert sorted(r for r, f in findings.items() if f.get("baseline")) == carried
    assert json.loads(out)["gate"]["baselined"] == 1   # element.shufa (error); the other is a warning


def test_quiet_names_the_rules_that_reached_the_gate():
    code, out, _ = run_cli("check", "corpus/yuncheng-2024.txt", "-q", "--no-color")
    assert code == 1
    line = next(line for line in out.splitlines() if line.startswith("达到门槛："))
    named = line.removeprefix("达到门槛：").split("、element")
    assert "element.causes（分析存在不足的原因）" in line and "element.shufa（" in line
    assert f"门槛 --fail-on error：{len(named)} 项达到门槛" in out
