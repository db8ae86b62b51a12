"""Determinism: the same inputs give byte-identical results across runs, across ``--jobs`` values,
across cold and warm rule-pack caches and across the order in which files were created; a
timestamp appears only when asked for."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.batch import audit_paths
from auditor.pack import load_pack

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
NAMES = sorted(p.name for p in CORPUS.glob("*.txt"))


def run(*args: str, cache: Path, cwd: Path = ROOT) -> tuple[int, bytes, str]:
    env = dict(os.environ)
    env.pop("AUDITOR_DEBUG", None)
    env.pop("AUDITOR_NO_CACHE", None)
    env["AUDITOR_CACHE_DIR"] = str(cache)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-m", "auditor", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def api_json(paths: list[str], jobs: int) -> str:
    pack = load_pack()
    rows = [{"source": r.source, "sha256": r.sha256, "error": r.error,
             "metadata": r.metadata.to_dict() if r.metadata else None,
             "profile": r.profile, "profile_source": r.profile_source,
             "findings": [f.to_dict() for f in r.findings]}
            for r in audit_paths(paths, pack, jobs=jobs)]
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, default=str)


def copy_corpus(dest: Path, order: list[str]) -> Path:
    dest.mkdir()
    for name in order:
        shutil.copyfile(CORPUS / name, dest / name)
    return dest


# ---------------------------------------------------------------------------------------------
# Python API


def test_api_results_are_identical_across_runs():
    paths = [str(CORPUS)]
    assert api_json(paths, 1) == api_json(paths, 1)


def test_api_results_are_identical_across_jobs():
    paths = [str(CORPUS)]
    one = api_json(paths, 1)
    assert len(json.loads(one)) == len(NAMES)
    assert api_json(paths, 2) == one


def test_api_results_do_not_depend_on_file_creation_order(tmp_path):
    a = copy_corpus(tmp_path / "b-forward", NAMES)
    b = copy_corpus(tmp_path / "a-reverse", list(reversed(NAMES)))
    ja = api_json([str(a)], 1).replace(str(a), "<DIR>")
    jb = api_json([str(b)], 2).replace(str(b), "<DIR>")
    assert ja == jb
    assert [Path(r["source"]).name for r in json.loads(ja)] == NAMES


# ---------------------------------------------------------------------------------------------
# Command line: `auditor check --format json`


def test_check_json_is_byte_identical_across_runs_and_cache_states(tmp_path):
    cache = tmp_path / "cache"
    first = run("check", "corpus", "--format", "json", "--fail-on", "never", cache=cache)
    assert first[0] == 0, first[2]
    assert any(cache.rglob("*")), "the first run filled the rule-pack cache"
    second = run("check", "corpus", "--format", "json", "--fail-on", "never", cache=cache)
    assert second == first
    doc = json.loads(first[1])
    assert [Path(r["source"]).name for r in doc["reports"]] == NAMES


def test_check_json_is_byte_identical_across_jobs(tmp_path):
    cache = tmp_path / "cache"
    outs = {j: run("check", "corpus", "--format", "json", "--fail-on", "never", "--jobs", j,
                   cache=cache) for j in ("1", "2")}
    assert outs["1"][0] == 0, outs["1"][2]
    assert outs["1"] == outs["2"]


def test_check_json_does_not_depend_on_file_system_order(tmp_path):
    cache = tmp_path / "cache"
    # same files, created in opposite orders, in folders whose names sort the other way round
    a = copy_corpus(tmp_path / "zz-forward", NAMES)
    b = copy_corpus(tmp_path / "aa-reverse", list(reversed(NAMES)))
    ra = run("check", str(a), "--format", "json", "--fail-on", "never", "--jobs", "1", cache=cache)
    rb = run("check", str(b), "--format", "json", "--fail-on", "never", "--jobs", "2", cache=cache)
    assert ra[0] == rb[0] == 0, (ra[2], rb[2])
    norm_a = ra[1].decode("utf-8").replace(str(a), "<DIR>")
    norm_b = rb[1].decode("utf-8").replace(str(b), "<DIR>")
    assert norm_a == norm_b
    assert str(tmp_path) not in norm_a


def test_check_json_gives_the_same_verdicts_for_listed_files_in_any_order(tmp_path):
    cache = tmp_path / "cache"
    forward = [f"corpus/{n}" for n in NAMES]
    ra = run("check", *forward, "--format", "json", "--fail-on", "never", cache=cache)
    rb = run("check", *reversed(forward), "--format", "json", "--fail-on", "never", cache=cache)
    da, db = json.loads(ra[1]), json.loads(rb[1])
    # input order is kept in the output…
    assert [r["source"] for r in db["reports"]] == list(reversed(forward))
    # …and each report's result does not depend on its neighbours
    by_source_a = {r["source"]: r for r in da["reports"]}
    by_source_b = {r["source"]: r for r in db["reports"]}
    assert by_source_a == by_source_b
    assert da["summary"] == db["summary"]


def test_check_json_has_no_timestamp_unless_asked(tmp_path):
    cache = tmp_path / "cache"
    plain = run("check", "corpus/xialu-2024.txt", "--format", "json", "--fail-on", "never",
                cache=cache)
    assert "generated_at" not in json.loads(plain[1])
    stamped = run("check", "corpus/xialu-2024.txt", "--format", "json", "--fail-on", "never",
                  "--timestamp", cache=cache)
    doc = json.loads(stamped[1])
    assert doc.get("generated_at")
    del doc["generated_at"]
    assert doc == json.loads(plain[1])


@pytest.mark.parametrize("fmt", ["markdown", "sarif", "matrix"])
def test_other_formats_are_identical_across_jobs(tmp_path, fmt):
    cache = tmp_path / "cache"
    one = run("check", "corpus", "--format", fmt, "--fail-on", "never", "--no-color", "--jobs", "1",
              cache=cache)
    two = run("check", "corpus", "--format", fmt, "--fail-on", "never", "--no-color", "--jobs", "2",
              cache=cache)
    assert one[0] == 0, one[2]
    assert one == two


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_streamed_formats_with_stdin_in_the_middle_are_identical_across_jobs(tmp_path, fmt):
    cache = tmp_path / "cache"
    stdin = (CORPUS / NAMES[0]).read_bytes()
    args = ("check", "corpus", "-", *[f"corpus/{n}" for n in NAMES], "--format", fmt,
            "--fail-on", "never", "--no-color")
    outs = []
    for jobs in ("1", "2"):
        env = dict(os.environ, AUDITOR_CACHE_DIR=str(cache),
                   PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        env.pop("AUDITOR_DEBUG", None)
        proc = subprocess.run([sys.executable, "-m", "auditor", *args, "--jobs", jobs], cwd=ROOT,
                              env=env, input=stdin, capture_output=True, timeout=120)
        outs.append((proc.returncode, proc.stdout, proc.stderr))
    assert outs[0] == outs[1]
    assert outs[0][0] == 0 and b"<stdin>" in outs[0][1]
