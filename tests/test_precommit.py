"""The pre-commit hook as a user gets it: `pre-commit try-repo` installs this repository into its
own environment (non-editable) and runs the hook in a repository of drafts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

# causes and 述法 added to the corpus report, so that no error-level requirement is missing
CLEAN_ADDITIONS = {
    24: "  (七)落实第一责任人职责。区政府主要负责人在区委全面依法治区委员会会议上述法，全面落实行政执法"
        "公示制度、执法全过程记录制度、重大执法决定法制审核制度。",
    28: "  产生上述问题的原因，主要是部分领导干部运用法治思维的意识有待提高，执法人员专业能力不足，"
        "基层法治力量薄弱。",
}


def _clean_draft() -> str:
    out = []
    for number, line in enumerate((ROOT / "corpus" / "yuncheng-2024.txt")
                                  .read_text(encoding="utf-8").split("\n"), 1):
        out.append(line)
        if number in CLEAN_ADDITIONS:
            out += ["", CLEAN_ADDITIONS[number]]
    return "\n".join(out)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit")
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUDITOR_DEFAULT_RULES")}
    env["PRE_COMMIT_HOME"] = str(home)
    env["AUDITOR_CACHE_DIR"] = str(home / "auditor-cache")
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "auditor-check",
                           "--all-files", "--verbose"], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=900)


def _drafts_repo(tmp_path: Path, draft: str) -> Path:
    repo = tmp_path / "drafts-repo"
    (repo / "drafts").mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / "README.md").write_text("# 报告草稿\n\n这里放年度报告草稿。\n", encoding="utf-8")
    (repo / "notes.txt").write_text("会议记录：周三前交初稿。\n", encoding="utf-8")
    (repo / "drafts" / "云城区2024年法治政府建设年度报告.txt").write_text(draft, encoding="utf-8")
    _git(repo, "add", "-A")
    return repo


def test_hook_passes_a_clean_draft_and_ignores_readme(tmp_path, pre_commit_home):
    proc = _try_repo(_drafts_repo(tmp_path, _clean_draft()), pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out
    assert "drafts/云城区2024年法治政府建设年度报告.txt" in out   # the draft was audited …
    assert "README.md" not in out and "notes.txt" not in out        # … and only the draft


def test_hook_fails_a_draft_with_a_missing_element(tmp_path, pre_commit_home):
    gappy = (ROOT / "corpus" / "yuncheng-2024.txt").read_text(encoding="utf-8")
    proc = _try_repo(_drafts_repo(tmp_path, gappy), pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "Failed" in out and "element.causes" in out
