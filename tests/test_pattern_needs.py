"""Required literals of a pattern (the prefilter that skips a regex scan): every match must
contain one of them, or the prefilter would hide real findings."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.checks.literals import pack_literals
from auditor.normalize import fold
from auditor.pack import load_pack
from auditor.pack.compile import _analyse


def needs(pattern):
    return _analyse(pattern)[1]


@pytest.mark.parametrize("pattern, expected", [
    ("行政复议(案件|申请)", ("行政复议案件", "行政复议申请")),
    (r"[A-Za-z0-9-]{1,63}\.(?:com|cc)(?![A-Za-z])", (".com", ".cc")),
    ("[（(]中国[)）]官方网站", ("（中国)官方网站", "（中国）官方网站", "(中国)官方网站", "(中国）官方网站")),
    ("决策.{0,6}(程序|机制)", ("决策",)),                  # a tie keeps the earlier run
    ("七五”?普法", ("七五",)),                           # an optional part ends a run
    ("博彩|赌场", ("博彩", "赌场")),
    ("金沙.{0,2}(娱乐|国际)|葡京", ("金沙", "葡京")),
    (r"\d{1,12}\s?[件次]", ("件", "次")),                 # a class is a set of one-character needs
    (r"\d{1,12}\s?[余多]?\s?[件次场人名份个项家户条宗起篇期卷元万亿学]", ()),  # too many to be useful
    ("(?i)abc", ()),                                   # case-insensitive: unknown
])
def test_needs(pattern, expected):
    assert needs(pattern) == expected


def _default_patterns():
    pack = load_pack(None)
    found: list[str] = []
    pack_literals([c for r in pack.rules for c in (r.check, r.partial_when) if c], fold, found)
    return list(dict.fromkeys(found))


PATTERNS = _default_patterns() + [
    "行政复议(案件|申请)", "[（(]中国[)）]官方网站", "(审核|审查)(了)?(各类|各项)?文件",
    "a(b|c)(d|e)f", "x[ab]y|z(q|r)",
]
# characters the patterns are made of, so that random texts often match
ALPHABET = sorted({ch for p in PATTERNS for ch in p if not ch.isspace()} | set("0123456789。，"))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATTERNS), st.lists(st.sampled_from(ALPHABET + PATTERNS), max_size=12))
def test_every_match_holds_a_needed_literal(pattern, pieces):
    wanted = needs(pattern)
    if not wanted:
        return
    compiled = re.compile(pattern)
    # pieces of pattern sources make literal runs of the patterns appear in the text
    text = "".join(re.sub(r"[\\\[\]{}()?*+|.^$]", "", p) for p in pieces)
    for m in compiled.finditer(text):
        assert any(w in m.group(0) for w in wanted), (pattern, m.group(0), wanted)


def test_every_match_in_the_corpus_holds_a_needed_literal():
    from pathlib import Path

    import auditor

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    texts = [auditor.read_document(p).text for p in sorted(corpus.glob("*.txt"))]
    matched = 0
    for pattern in PATTERNS:
        wanted = needs(pattern)
        for text in texts:
            for m in re.finditer(pattern, text):
                matched += 1
                assert not wanted or any(w in m.group(0) for w in wanted), (pattern, m.group(0))
    assert matched > 100          # the corpus does exercise the patterns
