"""Compiled patterns kept between runs: the same instructions as re.compile, and a broken or
foreign cache file is only a slower start."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from auditor import pattern_cache

ROOT = Path(__file__).resolve().parents[1]
PATTERNS = [
    (r"(?P<year>20\d{2})\s*年度?", 0),
    (r"[\u4e00-\u9fff]{1,12}[〔\[［（]\s*(?:19|20)\d{2}\s*[〕\]］）]", 0),
    (r"^\s*[一二三四五六七八九十]+、", re.M),
    (r".*[。！？；，：\n]", re.S),
    (r"(?i)https?://\S+", 0),
    (r"(审核|审查)(了)?(各类|各项)?(行政)?(规范性)?文件", 0),
]


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An empty in-memory store over a cache directory of this test's own."""
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("AUDITOR_NO_CACHE", raising=False)

    def restart():
        monkeypatch.setattr(pattern_cache, "_store", None)
        monkeypatch.setattr(pattern_cache, "_added", False)
        monkeypatch.setattr(pattern_cache, "_usable", True)
        monkeypatch.setattr(pattern_cache, "_used", set())

    restart()
    return restart


def cache_file(tmp_path: Path) -> Path:
    files = list((tmp_path / "auditor" / "patterns").glob("*.marshal"))
    assert len(files) == 1, files
    return files[0]


def test_kept_instructions_are_those_re_compile_makes(fresh, tmp_path):
    first = [pattern_cache.compiled(src, flags) for src, flags in PATTERNS]
    pattern_cache.save()
    fresh()                                       # a later run
    again = [pattern_cache.compiled(src, flags) for src, flags in PATTERNS]
    assert not pattern_cache._added               # every one came from the file
    for (src, flags), a, b in zip(PATTERNS, first, again):
        expected = re.compile(src, flags)
        # Pattern equality compares source, flags and the engine's instructions
        assert a == expected and b == expected, src
        assert b.groupindex == expected.groupindex and b.groups == expected.groups
    text = "2024年度，某区（2023）审核规范性文件。\n一、主要举措"
    assert again[0].findall(text) == re.findall(PATTERNS[0][0], text)


def test_every_pattern_of_a_real_run_matches_re_compile(fresh, tmp_path):
    import auditor

    pack = auditor.load_pack()
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        auditor.audit(auditor.read_document(path), pack)
    pattern_cache.save()
    data = marshal.loads(cache_file(tmp_path).read_bytes())
    assert len(data) > 20                         # the pack's patterns at least
    for (src, flags), entry in data.items():
        assert pattern_cache._from_entry(src, entry) == re.compile(src, flags), src


def test_a_broken_file_means_compiling_afresh(fresh, tmp_path):
    pattern_cache.compiled(PATTERNS[0][0])
    pattern_cache.save()
    path = cache_file(tmp_path)
    for junk in (b"", b"\x00garbage", marshal.dumps([1, 2, 3]), marshal.dumps({("x", 0): "y"})):
        path.write_bytes(junk)
        fresh()
        assert pattern_cache.compiled(PATTERNS[0][0]) == re.compile(PATTERNS[0][0])


def test_malformed_instructions_are_refused_by_the_engine_and_replaced(fresh, tmp_path):
    src = PATTERNS[1][0]
    pattern_cache.compiled(src)
    pattern_cache.save()
    path = cache_file(tmp_path)
    data = marshal.loads(path.read_bytes())
    flags, code, groups, groupindex, indexgroup = data[(src, 0)]
    data[(src, 0)] = (flags, [9999] + code[1:], groups, groupindex, indexgroup)
    path.write_bytes(marshal.dumps(data))
    fresh()
    assert pattern_cache.compiled(src) == re.compile(src)
    pattern_cache.save()                          # the good instructions are written back
    assert marshal.loads(path.read_bytes())[(src, 0)][1] == code


def test_bad_patterns_raise_as_re_compile_does(fresh):
    with pytest.raises(re.error):
        pattern_cache.compiled("(unclosed")
    assert pattern_cache._usable                  # a user's mistake is not a broken cache


def test_no_cache_writes_nothing(fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    assert pattern_cache.compiled(PATTERNS[2][0], re.M) == re.compile(PATTERNS[2][0], re.M)
    pattern_cache.save()
    assert not (tmp_path / "auditor").exists()


def test_a_full_store_keeps_what_this_run_used(fresh, tmp_path, monkeypatch):
    monkeypatch.setattr(pattern_cache, "_MAX_ENTRIES", 3)
    for i in range(5):
        pattern_cache.compiled(f"old{i}[0-9]")
    pattern_cache.save()
    fresh()
    monkeypatch.setattr(pattern_cache, "_MAX_ENTRIES", 3)
    pattern_cache.compiled("old0[0-9]")
    pattern_cache.compiled("new[0-9]")
    pattern_cache.save()
    kept = marshal.loads(cache_file(tmp_path).read_bytes())
    assert set(kept) == {("old0[0-9]", 0), ("new[0-9]", 0)}


def test_a_run_writes_the_file_and_the_next_one_reads_it(tmp_path):
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(tmp_path)}
    env.pop("AUDITOR_NO_CACHE", None)
    report = str(ROOT / "corpus" / "qingshan-2021.txt")
    cmd = [sys.executable, "-m", "auditor", "check", report, "--format", "json", "--fail-on", "never"]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    path = cache_file(tmp_path)
    stamp = path.stat().st_mtime_ns
    second = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    assert path.stat().st_mtime_ns == stamp       # nothing new to keep: not rewritten
