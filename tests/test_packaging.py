"""The product as users install it: a wheel (pip, pipx and pre-commit all install one) must carry
the default rule pack and work from a fresh venv outside the source checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _copy_source(dest: Path) -> Path:
    """The files a build reads, copied so that setuptools' build/ folder never lands in the checkout."""
    src = dest / "src"
    shutil.copytree(ROOT / "auditor", src / "auditor",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(ROOT / "rules", src / "rules")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    return src


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("wheel")
    src = _copy_source(tmp)
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp / "dist"),
                           str(src)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (path,) = (tmp / "dist").glob("auditor-*.whl")
    return path, proc.stdout + proc.stderr


def test_wheel_holds_every_module_and_the_default_pack(wheel):
    path, _ = wheel
    names = set(zipfile.ZipFile(path).namelist())
    for module in (ROOT / "auditor").rglob("*.py"):
        assert module.relative_to(ROOT).as_posix() in names, f"{module} is not in the wheel"
    for rule_file in (ROOT / "rules" / "default").glob("*.yaml"):
        assert f"auditor/rules/default/{rule_file.name}" in names
    assert "auditor/pack/schema.json" in names and "auditor/formats/templates/upload.html" in names


def test_wheel_metadata_has_an_spdx_license_and_the_build_no_deprecation(wheel):
    path, log = wheel
    with zipfile.ZipFile(path) as zf:
        (meta,) = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        text = zf.read(meta).decode()
    assert "License-Expression: Apache-2.0" in text
    assert "SetuptoolsDeprecationWarning" not in log and "License classifiers" not in log


def test_installed_wheel_audits_a_report_and_passes_rules_test(wheel, tmp_path):
    path, _ = wheel
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    proc = subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(path)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUDITOR_DEFAULT_RULES")}
    env["AUDITOR_CACHE_DIR"] = str(tmp_path / "cache")
    exe = env_dir / "bin" / "auditor"
    run = dict(cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    check = subprocess.run([str(exe), "check", str(ROOT / "corpus" / "yuncheng-2024.txt"),
                            "--fail-on", "never"], **run)
    assert check.returncode == 0, check.stdout + check.stderr
    from auditor import load_pack

    # every rule of the checkout's default pack ran: the installed copy is the same pack
    assert "云城区" in check.stdout and f"{len(load_pack().rules)} 条规则" in check.stdout
    test = subprocess.run([str(exe), "rules", "test"], **run)
    assert test.returncode == 0, test.stdout + test.stderr
    assert "0 个不符" in test.stdout
    where = subprocess.run([str(py), "-c", "import auditor; print(auditor.__file__)"], **run)
    assert str(env_dir) in where.stdout   # the installed copy, not the checkout
