"""Fault injection: a folder of 100 reports with one unreadable file (permissions) and one corrupt
file. `auditor check DIR` audits the other 98, lists the two with their reasons, and exits 1 as
docs/ci.md documents ("批量中有报告无法读取……其余报告已审查" → 1).

Tests run as root here, and root ignores permission bits. The unreadable file is made real by
running the CLI without the right to bypass them: as user 65534 when that user can run this
Python, otherwise as root with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped from the
capability bounding set. When neither is possible the test is skipped with the reason.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
NAMES = sorted(p.name for p in CORPUS.glob("*.txt"))

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _as_nobody() -> None:
    os.setgid(65534)
    os.setgroups([])
    os.setuid(65534)


def _without_dac_capabilities() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def unprivileged_runner(probe_file: Path):
    """A preexec_fn under which this Python can import auditor but cannot read ``probe_file``
    (mode 000), with a description; or (None, reason)."""
    reasons = []
    if os.geteuid() != 0:
        # not root: permission bits already apply
        return (lambda: None), f"uid {os.geteuid()}"
    code = ("import auditor, sys\n"
            "try:\n    open(sys.argv[1], 'rb').read()\nexcept PermissionError:\n    sys.exit(0)\n"
            "sys.exit(3)\n")
    for fn, what in ((_as_nobody, "uid 65534"),
                     (_without_dac_capabilities, "root without CAP_DAC_OVERRIDE")):
        try:
            proc = subprocess.run([sys.executable, "-c", code, str(probe_file)], preexec_fn=fn,
                                  cwd="/", capture_output=True, timeout=60, env=_env())
        except (OSError, subprocess.SubprocessError) as exc:
            reasons.append(f"{what}: {exc}")
            continue
        if proc.returncode == 0:
            return fn, what
        reasons.append(f"{what}: exit {proc.returncode} {proc.stderr.decode()[-200:]}")
    return None, "; ".join(reasons)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("AUDITOR_DEBUG", None)
    env.update(AUDITOR_NO_CACHE="1", PYTHONPATH=str(ROOT), HOME="/nonexistent")
    return env


def web_page(text: str) -> str:
    body = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    return (f'<html><head><meta charset="utf-8"><title>报告</title></head><body>'
            f'<div class="nav">设为首页 加入收藏</div><div class="content">{body}</div>'
            f"<div>主办：区人民政府办公室 ICP备05003341号</div></body></html>")


def build_folder(folder: Path) -> tuple[list[str], Path, Path]:
    """98 readable variants of the corpus (text, GB18030 text, web pages, reports with an extra
    paragraph), one unreadable file and one corrupt .docx. Returns (readable names, unreadable,
    corrupt)."""
    folder.mkdir(mode=0o755)
    readable = []
    for i in range(98):
        name = NAMES[i % len(NAMES)]
        text = (CORPUS / name).read_text(encoding="utf-8")
        kind = i % 4
        stem = f"{i:03d}-{Path(name).stem}"
        if kind == 0:
            path = folder / f"{stem}.txt"
            path.write_text(text, encoding="utf-8")
        elif kind == 1:
            path = folder / f"{stem}.txt"
            path.write_bytes(text.encode("gb18030"))
        elif kind == 2:
            path = folder / f"{stem}.html"
            path.write_text(web_page(text), encoding="utf-8")
        else:
            sub = folder / "sub"
            sub.mkdir(exist_ok=True, mode=0o755)
            path = sub / f"{stem}.txt"
            path.write_text(text + f"\n附注：第{i}号副本。\n", encoding="utf-8")
        path.chmod(0o644)
        readable.append(str(path))
    unreadable = folder / "050-locked.txt"
    unreadable.write_text((CORPUS / NAMES[0]).read_text(encoding="utf-8"), encoding="utf-8")
    unreadable.chmod(0o000)
    corrupt = folder / "051-corrupt.docx"
    import docx

    doc = docx.Document()
    for line in (CORPUS / NAMES[1]).read_text(encoding="utf-8").splitlines():
        doc.add_paragraph(line)
    doc.save(str(corrupt))
    data = corrupt.read_bytes()
    corrupt.write_bytes(data[: len(data) // 2])
    corrupt.chmod(0o644)
    return readable, unreadable, corrupt


@pytest.fixture
def shared_dir():
    """A directory every user can enter (pytest's tmp_path is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="auditor-fault-"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        for p in base.rglob("*"):
            if not p.is_symlink():
                p.chmod(0o755 if p.is_dir() else 0o644)
        shutil.rmtree(base)


@pytest.mark.slow
def test_one_unreadable_and_one_corrupt_file_among_a_hundred(shared_dir):
    folder = shared_dir / "reports"
    readable, unreadable, corrupt = build_folder(folder)
    assert len(readable) == 98
    preexec, how = unprivileged_runner(unreadable)
    if preexec is None:
        pytest.skip(f"cannot make a file unreadable for the CLI here ({how})")
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", str(folder), "--format", "json",
                           "--jobs", "2"], preexec_fn=preexec, cwd="/", env=_env(),
                          capture_output=True, timeout=240)
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert proc.returncode == 1, (how, proc.returncode, err)
    result = json.loads(proc.stdout)
    rows = {r["source"]: r for r in result["reports"]}
    assert len(rows) == 100
    errors = {s: r["error"] for s, r in rows.items() if r["error"]}
    assert errors.keys() == {str(unreadable), str(corrupt)}, errors
    assert "权限" in errors[str(unreadable)]
    assert "损坏" in errors[str(corrupt)]
    for source in readable:
        row = rows[source]
        assert row["error"] is None and row["findings"], source
        assert {f["status"] for f in row["findings"]} - {"not_evaluated"}, source
    # the two are named on stderr too, each with its reason
    assert str(unreadable) in err and str(corrupt) in err


def test_dangling_symlink_and_symlink_loop_are_error_rows(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in NAMES:
        shutil.copyfile(CORPUS / name, folder / name)
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "dir.txt").mkdir()                       # a folder named like a report: walked
    shutil.copyfile(CORPUS / NAMES[0], folder / "dir.txt" / "inner.txt")
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", str(folder), "--format", "json"],
                          cwd=tmp_path, env=_env(), capture_output=True, timeout=120)
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert proc.returncode == 1, err
    rows = {Path(r["source"]).name: r for r in json.loads(proc.stdout)["reports"]}
    assert set(rows) == set(NAMES) | {"gone.txt", "loop-a.txt", "loop-b.txt", "inner.txt"}
    assert "不存在" in rows["gone.txt"]["error"]
    assert "符号链接循环" in rows["loop-a.txt"]["error"] and "符号链接循环" in rows["loop-b.txt"]["error"]
    for name in [*NAMES, "inner.txt"]:
        assert rows[name]["error"] is None and rows[name]["findings"], name
