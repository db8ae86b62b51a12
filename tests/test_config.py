"""auditor.yaml in the working folder (or a parent) sets defaults; the command line wins."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "auditor", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60)


def test_fail_on_from_config_and_command_line_wins(tmp_path):
    report = str(CORPUS / "qingshan-2021.txt")     # has error-level gaps
    assert run(tmp_path, "check", report, "-q").returncode == 1
    (tmp_path / "auditor.yaml").write_text("fail_on: never\n", encoding="utf-8")
    assert run(tmp_path, "check", report, "-q").returncode == 0
    assert run(tmp_path, "check", report, "-q", "--fail-on", "error").returncode == 1


def test_config_is_found_in_a_parent_folder(tmp_path):
    (tmp_path / "auditor.yaml").write_text("profile: department\n", encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    out = run(sub, "check", str(CORPUS / "xialu-2024.txt"), "--format", "json", "--fail-on", "never")
    assert out.returncode == 0
    assert json.loads(out.stdout)["reports"][0]["profile"] == "department"


def test_rules_path_is_relative_to_the_config(tmp_path):
    pack = tmp_path / "mypack.yaml"
    pack.write_text("name: mine\nversion: '1'\nrules:\n  - id: local.shufa\n    title: 述法\n"
                    "    severity: error\n    check: {mention: {terms: [述法]}}\n", encoding="utf-8")
    (tmp_path / "auditor.yaml").write_text("rules: mypack.yaml\n", encoding="utf-8")
    out = run(tmp_path, "check", str(CORPUS / "yingwu-jiedao-2024.txt"), "--format", "json")
    assert out.returncode == 1
    assert [f["rule"] for f in json.loads(out.stdout)["reports"][0]["findings"]] == ["local.shufa"]


def test_invalid_config_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "auditor.yaml").write_text("fail_on: sometimes\n", encoding="utf-8")
    out = run(tmp_path, "check", str(CORPUS / "xialu-2024.txt"))
    assert out.returncode == 2
    assert "auditor.yaml:1" in out.stderr and "Traceback" not in out.stderr
    (tmp_path / "auditor.yaml").write_text("colour: red\n", encoding="utf-8")
    out = run(tmp_path, "check", str(CORPUS / "xialu-2024.txt"))
    assert out.returncode == 2 and "colour" in out.stderr
