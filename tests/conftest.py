"""Shared fixtures: the corpus directory and a helper that runs the CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def pytest_configure(config):
    """The tests' own cache folder, for the session and every subprocess it starts: never the
    user's (tests that look at the cache set their own)."""
    import tempfile

    config._auditor_cache = tempfile.TemporaryDirectory(prefix="auditor-test-cache-")
    os.environ["AUDITOR_CACHE_DIR"] = config._auditor_cache.name
    os.environ.pop("AUDITOR_NO_CACHE", None)


def pytest_unconfigure(config):
    cache = getattr(config, "_auditor_cache", None)
    if cache is not None:
        cache.cleanup()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


def run_cli(*args: str, timeout: float = 30, input: bytes | None = None) -> tuple[int, str, str]:
    """Run ``python -m auditor ARGS``; returns (exit code, stdout, stderr)."""
    env = dict(os.environ)
    env.pop("AUDITOR_DEBUG", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-m", "auditor", *map(str, args)], cwd=ROOT,
                          capture_output=True, timeout=timeout, env=env, input=input)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


@pytest.fixture
def cli():
    return run_cli
