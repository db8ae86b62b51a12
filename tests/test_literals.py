"""The one-pass literal finder gives exactly what a str.find loop gives, word by word."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.checks.literals import LiteralIndex, find_all, pack_literals
from auditor.normalize import fold
from auditor.pack import load_pack

WORDS = ["行政复议", "行政复议案件", "复议", "XX", "XXX", "述法", "年终述法", "法", "X"]


def test_overlapping_and_self_overlapping_words():
    text = "年终述法中的行政复议案件XXXXX，行政复议。述法述法法"
    index = LiteralIndex(WORDS)
    found = index.scan(text)
    for word in WORDS:
        assert list(index.hits(found, word, text)) == find_all(text, word), word
    # self-overlap: "XX" in "XXXXX" is two hits (0-2, 2-4), as find from the previous end gives
    assert len(found["XX"]) == 2


def test_words_absent_from_text_and_from_index():
    index = LiteralIndex(["述法"])
    found = index.scan("没有相关内容")
    assert index.hits(found, "述法", "没有相关内容") == ()
    # a word the index was not built with is searched for directly
    assert index.hits(found, "相关", "没有相关内容") == [(2, 4)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="法治述复议XＸ案件，。\n", max_size=60),
       st.lists(st.text(alphabet="法治述复议XＸ案件", min_size=1, max_size=4), min_size=1, max_size=8,
                unique=True))
def test_same_as_find_loop(text, words):
    index = LiteralIndex(words)
    found = index.scan(text)
    for word in words:
        assert list(index.hits(found, word, text)) == find_all(text, word)


def test_default_pack_literals_are_indexed_folded():
    pack = load_pack(None)
    words = pack.literal_index().words
    assert "述法" in words and len(words) == len(set(words))
    terms = pack_literals([c for r in pack.rules for c in (r.check, r.partial_when) if c], fold)
    assert all(w == fold(w) for w in terms)
    # besides the terms, the literals the regex terms need (a pattern is skipped without them)
    assert set(terms) < set(words) and ".com" in words
    # the walk collects the lists the checks compile (terms, a, b, label), nothing else
    assert pack_literals([{"mention": {"terms": ["甲", {"re": "乙"}]}, "near": {"a": ["丙"], "b": ["丁"]}},
                          {"metric": {"label": ["戊"], "name": "己"}}], fold) == ["甲", "丙", "丁", "戊"]
