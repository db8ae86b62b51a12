"""`auditor diff OLD.json NEW.json`: new gaps, closed gaps, status changes; exit codes."""

from __future__ import annotations

import json

from conftest import CORPUS, run_cli


def _result(tmp_path, name: str, *paths: str):
    out = tmp_path / name
    run_cli("check", *paths, "--format", "json", "--output", str(out), "--fail-on", "never", timeout=120)
    return out


def _without_shufa(tmp_path):
    text = (CORPUS / "qingshan-2021.txt").read_text(encoding="utf-8")
    edited = tmp_path / "edited" / "qingshan-2021.txt"
    edited.parent.mkdir()
    edited.write_text(text.replace(",并同步开展述法。", "。"), encoding="utf-8")
    assert "述法" not in edited.read_text(encoding="utf-8")
    return edited


def test_removing_the_shufa_sentence_is_exactly_one_new_gap(tmp_path):
    old = _result(tmp_path, "old.json", "corpus/qingshan-2021.txt")
    new = _result(tmp_path, "new.json", str(_without_shufa(tmp_path)))
    code, out, err = run_cli("diff", str(old), str(new), "--format", "json")
    assert code == 1, err
    d = json.loads(out)
    assert [g["rule"] for r in d["reports"] for g in r["new_gaps"]] == ["element.shufa"]
    assert d["summary"]["new_gaps"] == 1 and d["summary"]["closed_gaps"] == 0
    assert d["reports"][0]["change"] == "matched"


def test_reverse_diff_is_a_closed_gap_and_exit_0(tmp_path):
    old = _result(tmp_path, "old.json", str(_without_shufa(tmp_path)))
    new = _result(tmp_path, "new.json", "corpus/qingshan-2021.txt")
    code, out, _ = run_cli("diff", str(old), str(new))
    assert code == 0
    assert "已整改：element.shufa" in out


def test_same_result_has_no_changes(tmp_path):
    old = _result(tmp_path, "old.json", "corpus/xialu-2024.txt", "corpus/yuncheng-2024.txt")
    code, out, _ = run_cli("diff", str(old), str(old), "--format", "markdown")
    assert code == 0
    assert "合计：0 项新增缺项，0 项已整改，0 项状态变化" in out


def test_added_report_brings_its_gaps_as_new(tmp_path):
    old = _result(tmp_path, "old.json", "corpus/xialu-2024.txt")
    new = _result(tmp_path, "new.json", "corpus/xialu-2024.txt", "corpus/qingshan-2021.txt")
    code, out, _ = run_cli("diff", str(old), str(new), "--format", "json")
    d = json.loads(out)
    assert code == 1 and d["summary"]["reports_added"] == 1
    assert [r["change"] for r in d["reports"]] == ["matched", "added"]


def test_bad_input_files_exit_2(tmp_path):
    good = _result(tmp_path, "old.json", "corpus/xialu-2024.txt")
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": 1}', encoding="utf-8")
    assert run_cli("diff", str(good), str(junk))[0] == 2
    assert run_cli("diff", str(good), str(tmp_path / "missing.json"))[0] == 2
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    code, _, err = run_cli("diff", str(broken), str(good))
    assert code == 2 and "broken.json" in err
