"""Caches that cannot lie (issue 16): a cached pack is keyed by every file that went into it, a
corrupt or foreign entry is ignored, a refused input writes nothing, `--no-cache` writes nothing,
and the tests themselves never use the user's cache folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auditor import cache
from auditor.pack import load_pack
from conftest import run_cli

RULE = """
  - id: {id}
    title: 演示规则
    severity: warning
    check:
      mention: {{terms: ["述法"]}}
"""


@pytest.fixture
def cache_dir(monkeypatch, tmp_path) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("AUDITOR_NO_CACHE", raising=False)
    return folder


def _base_and_derived(tmp_path: Path) -> tuple[Path, Path]:
    base = tmp_path / "base"
    base.mkdir()
    (base / "pack.yaml").write_text("name: base\nversion: '1'\n", encoding="utf-8")
    (base / "rules.yaml").write_text("rules:" + RULE.format(id="base.a") + RULE.format(id="base.b"),
                                     encoding="utf-8")
    derived = tmp_path / "derived"
    derived.mkdir()
    (derived / "pack.yaml").write_text("name: derived\nversion: '1'\nextends: ../base\nrules:"
                                       + RULE.format(id="local.c"), encoding="utf-8")
    return base, derived


def test_a_rule_disabled_in_the_base_pack_is_disabled_in_the_derived_pack(tmp_path, cache_dir):
    base, derived = _base_and_derived(tmp_path)
    before = load_pack(derived)
    assert [r.id for r in before.rules] == ["base.a", "base.b", "local.c"]
    assert any((cache_dir / "auditor" / "packs").iterdir())       # the derived pack is cached
    rules = base / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace(
        "id: base.b\n", "id: base.b\n    enabled: false\n"), encoding="utf-8")
    after = load_pack(derived)
    assert [r.id for r in after.rules] == ["base.a", "local.c"]
    assert after.digest != before.digest


def test_a_file_added_to_the_base_pack_is_seen_by_the_derived_pack(tmp_path, cache_dir):
    base, derived = _base_and_derived(tmp_path)
    load_pack(derived)
    (base / "more.yaml").write_text("rules:" + RULE.format(id="base.d"), encoding="utf-8")
    assert "base.d" in [r.id for r in load_pack(derived).rules]


def test_the_digest_of_a_derived_pack_names_its_base(tmp_path, cache_dir):
    base, derived = _base_and_derived(tmp_path)
    first = load_pack(derived).digest
    (base / "pack.yaml").write_text("name: base\nversion: '2'\n", encoding="utf-8")
    assert load_pack(derived).digest != first
    assert load_pack(base).digest != load_pack(derived).digest


def _entries(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "auditor" / "packs").glob("*.json"))


@pytest.mark.parametrize("damage", [
    lambda text: text[: len(text) // 2],                             # truncated
    lambda text: "\x00garbage",                                      # not JSON
    lambda text: json.dumps({"format": 1, "value": {}}),            # not an entry of ours
    lambda text: text.replace('"auditor": "', '"auditor": "0.0.0-other'),   # another version
    lambda text: text.replace('"rules": [', '"rules": [1, '),        # a pack that is not valid
])
def test_a_corrupt_or_foreign_entry_is_ignored(tmp_path, cache_dir, damage):
    base, derived = _base_and_derived(tmp_path)
    expected = load_pack(derived)
    for entry in _entries(cache_dir):
        entry.write_text(damage(entry.read_text(encoding="utf-8")), encoding="utf-8")
    again = load_pack(derived)
    assert [r.id for r in again.rules] == [r.id for r in expected.rules]
    assert again.digest == expected.digest


def test_an_entry_stored_under_another_key_is_not_used(tmp_path, cache_dir):
    one = tmp_path / "one.yaml"
    two = tmp_path / "two.yaml"
    one.write_text("name: one\nversion: '1'\nrules:" + RULE.format(id="one.rule"), encoding="utf-8")
    load_pack(one)
    [entry_one] = _entries(cache_dir)
    two.write_text("name: two\nversion: '1'\nrules:" + RULE.format(id="two.rule"), encoding="utf-8")
    load_pack(two)
    [entry_two] = [e for e in _entries(cache_dir) if e != entry_one]
    entry_two.write_bytes(entry_one.read_bytes())       # two's file now holds one's pack
    assert [r.id for r in load_pack(two).rules] == ["two.rule"]


def test_a_refused_input_writes_nothing(tmp_path, cache_dir):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    for args in (["check", str(tmp_path / "missing.txt")], ["check", str(bad)],
                 ["segment", str(bad)]):
        code, _, err = run_cli(*args, "--format", "json")
        assert code == 2, err
        assert not cache_dir.exists(), args
    # the control: an accepted input does fill the cache
    code, _, err = run_cli("check", "corpus/xialu-2024.txt", "--format", "json", "--fail-on", "never")
    assert code == 0, err
    assert any((cache_dir / "auditor" / "packs").iterdir())


def test_no_cache_option_reads_and_writes_nothing(tmp_path, cache_dir):
    code, out, err = run_cli("check", "corpus/xialu-2024.txt", "--format", "json", "--fail-on",
                             "never", "--no-cache")
    assert code == 0, err
    assert json.loads(out)["reports"][0]["findings"]
    assert not cache_dir.exists()


def test_held_writes_are_dropped_or_written_on_release(cache_dir):
    cache.hold()
    try:
        cache.store_json("data", "k", {"v": 1})
        assert cache.load_json("data", "k") == {"v": 1}      # seen by this run
        assert not cache_dir.exists()
    finally:
        cache.release(write=False)
    assert cache.load_json("data", "k") is None
    cache.hold()
    cache.store_json("data", "k", {"v": 2})
    cache.release(write=True)
    assert cache.load_json("data", "k") == {"v": 2}


def test_the_tests_use_their_own_cache_folder():
    folder = os.environ.get("AUDITOR_CACHE_DIR", "")
    home_cache = os.path.join(os.path.expanduser("~"), ".cache")
    assert folder and not folder.startswith(home_cache)
