"""The run API (auditor.Run / auditor.run): what the CLI and serve do, callable from Python;
JSON schema 2 (each rule's text once, findings refer to it by id)."""

from __future__ import annotations

import json
import threading
import urllib.request
from pathlib import Path

import pytest
from conftest import run_cli

import auditor
from auditor import audit, load_pack, read_document
from auditor.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
QINGSHAN = str(CORPUS / "qingshan-2021.txt")   # lacks 存在问题, 原因 and 下一年度安排


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def test_run_gives_waived_results_and_the_exit_code_of_the_cli(tmp_path, pack):
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n  - rule: element.causes\n    reason: 另行报送\n"
                       "  - rule: element.never-such-rule\n    reason: 过时\n", encoding="utf-8")
    out = auditor.run([str(CORPUS)], pack=pack, waivers=str(waivers), fail_on="warning")
    by_source = {r.source: r for r in out.results}
    causes = next(f for f in by_source[QINGSHAN].findings if f.rule == "element.causes")
    assert causes.status == "waived" and causes.waiver["reason"] == "另行报送"
    assert [w["rule"] for w in out.tally.stale_waivers] == ["element.never-such-rule"]
    code, _, _ = run_cli("check", str(CORPUS), "--waivers", str(waivers), "--fail-on", "warning",
                         "--format", "json", timeout=120)
    assert out.exit_code == code == 1
    assert out.tally.counts()["reports"] == len(out.results) == len(list(CORPUS.glob("*.txt")))


def test_run_gate_counts_are_the_same_in_worker_processes(pack):
    one = auditor.run([str(CORPUS), str(CORPUS)], pack=pack, jobs=1)
    two = auditor.run([str(CORPUS), str(CORPUS)], pack=pack, jobs=2)
    assert [r.findings for r in one.results] == [r.findings for r in two.results]
    assert one.tally.counts() == two.tally.counts() and one.tally.statuses == two.tally.statuses
    assert one.exit_code == two.exit_code


def test_run_refuses_bad_settings_with_a_usage_error(pack):
    with pytest.raises(UsageError):
        auditor.Run(pack, jobs=0)
    with pytest.raises(UsageError):
        auditor.Run(pack, fail_on="sometimes")


def test_an_upload_gets_the_waivers_of_the_folder_serve_runs_in(tmp_path, monkeypatch):
    from auditor.serve import discover_packs, make_server
    from test_serve import multipart

    (tmp_path / "auditor.yaml").write_text(
        "fail_on: warning\nwaivers:\n  - rule: element.causes\n    reports: 'qingshan-*'\n"
        "    reason: 原因分析另行报送\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    server = make_server("127.0.0.1", 0, discover_packs(), quiet=True)
    server.config.fail_on = "warning"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        body, ctype = multipart([("qingshan-2021.txt", Path(QINGSHAN).read_bytes())])
        req = urllib.request.Request(url + "/check", data=body, method="POST",
                                     headers={"Content-Type": ctype})
        with urllib.request.urlopen(req, timeout=60) as resp:
            page = resp.read().decode("utf-8")
        assert "原因分析另行报送" in page
        link = next(part.split('"')[0] for part in page.split('href="')[1:]
                    if part.startswith("/download/") and '.json"' in part)
        with urllib.request.urlopen(url + link, timeout=60) as resp:
            data = json.loads(resp.read())
    finally:
        server.shutdown()
        server.server_close()
    finding = next(f for f in data["reports"][0]["findings"] if f["rule"] == "element.causes")
    assert finding["status"] == "waived" and finding["waiver"]["reason"] == "原因分析另行报送"
    assert data["gate"]["fail_on"] == "warning"


# -- JSON schema 2 -------------------------------------------------------------------------------


def test_json_v2_lists_rule_text_once_and_findings_join_back_to_the_full_finding(tmp_path, pack):
    code, out, _ = run_cli("check", QINGSHAN, str(CORPUS / "xialu-2024.txt"), "--format", "json")
    data = json.loads(out)
    assert data["schema_version"] == "2.0"
    rules = {r["id"]: r for r in data["rules"]}
    for report in data["reports"]:
        # differential: the finding in the file plus its rule's text is the finding in memory
        result = audit(read_document(report["source"]), pack)
        assert len(report["findings"]) == len(result.findings)
        for written, finding in zip(report["findings"], result.findings):
            for text in ("title", "basis"):
                assert text not in written
            # a fix is written in the finding only where the rule's names this report's issuer
            # or year ({issuer}: meta.signature); the others are the rule's
            rule = pack.rule(written["rule"])
            assert ("fix" in written) == ("{" in rule.fix and finding.status in ("fail", "partial"))
            joined = {**written, "title": rules[written["rule"]]["title"],
                      "basis": rules[written["rule"]]["basis"],
                      "fix": written.get("fix", rules[written["rule"]]["fix"])}
            assert joined == json.loads(json.dumps(finding.to_dict(), ensure_ascii=False))


def test_diff_and_baseline_read_a_v1_result(tmp_path):
    _, out, _ = run_cli("check", QINGSHAN, "--format", "json")
    v2 = json.loads(out)
    rules = {r["id"]: r for r in v2["rules"]}
    v1 = json.loads(out)
    v1["schema_version"] = "1.0"
    for report in v1["reports"]:
        for f in report["findings"]:
            f.update(title=rules[f["rule"]]["title"], basis=rules[f["rule"]]["basis"],
                     fix=rules[f["rule"]]["fix"])
    old = tmp_path / "old.json"
    old.write_text(json.dumps(v1, ensure_ascii=False), encoding="utf-8")
    new = tmp_path / "new.json"
    new.write_text(out, encoding="utf-8")
    code, text, err = run_cli("diff", str(old), str(new))
    assert code == 0, err
    code, _, err = run_cli("check", QINGSHAN, "--baseline", str(old))
    assert code == 0, err   # every gap is in the (1.x) baseline


def test_orjson_and_the_json_module_write_the_same_bytes(pack):
    from auditor.formats import Options
    from auditor.formats.json import _dumps, _encode, report_dict

    dicts = [report_dict(audit(read_document(str(p)), pack), Options())
             for p in sorted(CORPUS.glob("*.txt"))]
    dicts.append({"quote": "控制\x00\x1f字符\u2028\u2029 \"引号\" \\ 🙂 \ud7ff", "n": [1.5, 2, -0.0, 1e300],
                  "z": None, "a": {"b": True, "ä": "é"}})
    for d in dicts:
        assert _encode(d, first=False) == _encode(d, first=True) == _dumps(d).encode("utf-8")
    # what orjson refuses is written by the json module (as before)
    odd = {"big": 2 ** 70}
    assert _encode(odd, first=False) == _dumps(odd).encode("utf-8")


def test_a_one_file_json_check_does_not_import_orjson(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from auditor.cli import main; rc = main(['check', %r, '--format', 'json',"
            " '-o', %r]); sys.stderr.write(str('orjson' in sys.modules))" % (QINGSHAN, str(tmp_path / "o.json")))
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.stderr.strip().endswith("False"), proc.stderr
    assert json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))["reports"]


def test_the_precondition_rule_is_evaluated_once_per_report(pack, monkeypatch):
    import auditor.evaluate as evaluate

    assert pack.precondition
    calls: list[str] = []
    real = evaluate.evaluate_rule
    monkeypatch.setattr(evaluate, "evaluate_rule", lambda rule, ctx: calls.append(rule.id) or real(rule, ctx))
    result = evaluate.audit(read_document(QINGSHAN), pack)
    assert calls.count(pack.precondition) == 1
    assert [f.rule for f in result.findings].count(pack.precondition) == 1


def test_a_file_whose_size_the_system_does_not_know_is_read_whole():
    from auditor.ingest import _read_path
    from auditor.limits import DEFAULT_LIMITS

    status = Path("/proc/self/status")
    if not status.exists() or status.stat().st_size != 0:
        pytest.skip("needs a procfs file that reports size 0")
    data = _read_path(str(status), DEFAULT_LIMITS)
    assert b"Name:" in data and len(data) > 100
    assert _read_path(QINGSHAN, DEFAULT_LIMITS) == Path(QINGSHAN).read_bytes()


def test_auditor_run_stays_the_function_after_its_module_is_imported():
    """The module holding Run is not named run: importing it must not replace the public
    function ``auditor.run`` with a module (as ``from auditor.run import Run`` once did)."""
    import importlib

    from auditor import runner  # noqa: F401 - the import is the point

    importlib.import_module("auditor.runner")
    assert callable(auditor.run) and auditor.run is runner.run
