"""The one-pass literal finder gives exactly what a str.find loop gives, word by word."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
import yaml

from auditor.checks.literals import LiteralIndex, find_all, hits
from auditor.normalize import fold
from auditor.pack import load_pack

WORDS = ["行政复议", "行政复议案件", "复议", "XX", "XXX", "述法", "年终述法", "法", "X"]


def by_automaton(index, text):
    """A scan done by the automaton (the first text of an index is searched word by word)."""
    index.scan("")
    found = index.scan(text)
    assert index._automaton is not None
    return found


def test_overlapping_and_self_overlapping_words():
    text = "年终述法中的行政复议案件XXXXX，行政复议。述法述法法"
    index = LiteralIndex(WORDS)
    found = by_automaton(index, text)
    for word in WORDS:
        assert list(hits(found, word, text)) == find_all(text, word), word
    # self-overlap: "XX" in "XXXXX" is two hits (0-2, 2-4), as find from the previous end gives
    assert len(found.spans["XX"]) == 2


def test_words_absent_from_text_and_from_index():
    index = LiteralIndex(["述法"])
    found = by_automaton(index, "没有相关内容")
    assert hits(found, "述法", "没有相关内容") == ()
    # a word the index was not built with is searched for directly
    assert hits(found, "相关", "没有相关内容") == [(2, 4)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="法治述复议XＸ案件，。\n", max_size=60),
       st.lists(st.text(alphabet="法治述复议XＸ案件", min_size=1, max_size=4), min_size=1, max_size=8,
                unique=True))
def test_same_as_find_loop(text, words):
    index = LiteralIndex(words)
    found = by_automaton(index, text)
    for word in words:
        assert list(hits(found, word, text)) == find_all(text, word)


def test_default_pack_literals_are_indexed_folded():
    pack = load_pack(None)
    index = pack.literal_index()
    words = index.words
    assert "述法" in words and len(words) == len(set(words))
    terms = [t.text for r in pack.rules for t in pack.terms_of(r) if not t.is_regex]
    assert terms and all(w == fold(w) for w in terms)
    # besides the terms, the literals regex terms declare they need (``needs``)
    assert set(terms) < set(words) and ".com" in words


def test_pack_literals_are_the_term_lists_the_kinds_prepare(tmp_path):
    """Whatever the kind and wherever in the tree, the term lists a kind prepares (mention's
    terms, near's a and b, metric's label) are scanned; other settings (a metric's name) are not."""
    rules = {"rules": [
        {"id": "t.one", "title": "测试一", "severity": "info",
         "check": {"mention": {"terms": ["甲", {"re": "乙"}, {"re": "辛.", "needs": ["辛"]}]}}},
        {"id": "t.two", "title": "测试二", "severity": "info",
         "check": {"all": [{"near": {"a": ["丙"], "b": ["丁"]}},
                           {"not": {"metric": {"label": ["戊"], "name": "己", "unit": "count"}}}]}},
        {"id": "t.off", "title": "停用", "severity": "info", "enabled": False,
         "check": {"mention": {"terms": ["庚"]}}}]}
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    pack = load_pack(path)
    assert sorted(pack.literal_index().words) == sorted(["甲", "丙", "丁", "戊", "辛"])
    assert [t.text for r in pack.rules for t in pack.terms_of(r) if t.is_regex] == ["乙", "辛."]


def test_first_text_by_find_later_ones_by_automaton():
    index = LiteralIndex(WORDS)
    text = "年终述法中的行政复议案件XXXXX，行政复议。述法述法法"
    first = index.scan(text)
    assert index._automaton is None            # a one-report run never builds it
    second = index.scan(text)
    assert index._automaton is not None
    assert first.spans == second.spans
