"""Required literals of a pattern (the prefilter that skips a regex scan): every match must
contain one of them, or the prefilter would hide real findings."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    (r"20\d\d年[×X]", ("年×", "年X")),                  # digits are common: a rarer run wins
    (r"×月[×X]?日|20\d\d年[×X]", ("×月", "年×", "年X")),
])
def test_needs(pattern, expected):
    assert needs(pattern) == expected


def _default_patterns():
    pack = load_pack(None)
    return list(dict.fromkeys(t.text for r in pack.rules for t in pack.terms_of(r) if t.is_regex))


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


# --- searching only near the needed literals (literals.windows) -------------------------------

WINDOWED = [
    r"\d{1,12}(?:\.\d{1,6})?\s{0,2}%",
    r"\d{1,3}[件次](?![0-9])",               # a look-ahead past the match's end
    r"(?<![0-9])\d{1,4}\s?年[×X]",           # a look-behind before the window's start
    r"[0-9]{2,3}XX",                          # a needed literal that overlaps itself
    r"[A-Za-z0-9-]{1,63}\.(?:com|cc)(?![A-Za-z])",
    r"\d{1,4}(?:件|次)|\d{1,2}%",
]


def windowed_hits(pattern, text):
    from auditor.checks.literals import LiteralIndex, windows

    pack_needs, reach = _analyse(pattern)[1:]
    assert pack_needs and reach, pattern
    index = LiteralIndex([w for w in pack_needs if len(w) > 1] or ["无关词"])
    index.scan("")
    stretches = windows(index.scan(text), pack_needs, text, reach)
    compiled = re.compile(pattern)
    if stretches is None:
        return None
    return [m.span() for a, b in stretches for m in compiled.finditer(text, a, b)]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(WINDOWED),
       st.lists(st.sampled_from(list("0123456789%.件次年×X Xab-") + [
           ".com", ".cc", "XX", "12%", "件件", "123456789012.123456  %",   # matches of the
           "123件0", "a" * 63 + ".cc", "2024年X"]),                       # longest length
                max_size=40),
       st.integers(0, 300))
def test_search_in_windows_finds_what_a_whole_search_finds(pattern, pieces, padding):
    # text with matches scattered through Chinese filler, as in a report
    text = "法治" * (padding // 2) + "".join(pieces) + "政府" * (padding % 50) + "".join(reversed(pieces))
    got = windowed_hits(pattern, text)
    if got is not None:
        assert got == [m.span() for m in re.finditer(pattern, text)], (pattern, text)


def test_windows_cover_little_of_a_report_and_skip_busy_texts():
    from auditor.checks.literals import LiteralIndex, windows

    pattern = r"\d{1,12}(?:\.\d{1,6})?\s{0,2}%"
    pack_needs, reach = _analyse(pattern)[1:]
    assert reach == (22, 0)
    found = LiteralIndex(["无关词"]).scan("")
    text = "法治政府建设" * 200 + "出庭应诉率100%" + "法治政府建设" * 200
    stretches = windows(found, pack_needs, text, reach)
    assert stretches is not None and sum(b - a for a, b in stretches) < 50
    busy = "1%" * 100               # windows would cover the text: searched whole instead
    assert windows(found, pack_needs, busy, reach) is None


@pytest.mark.parametrize("pattern", [
    "执法(?:信息)?公示",          # opens with a literal: re skips to it by itself
    r"^\d{1,4}%",               # an anchor depends on where the searched text ends
    r"\d{1,4}\b%",
    r"\d+%",                    # no bound on a match's length
])
def test_patterns_searched_whole(pattern):
    assert _analyse(pattern)[2] is None
