"""Normalisation for matching, one character for one character.

Report text and rule terms go through the same ``fold``: full-width digits and Latin letters
become half-width, the Chinese punctuation that sites type in either width — parentheses,
comma, colon, semicolon, question and exclamation marks — becomes full-width, dash variants
become "-", and odd spaces become a plain space. ``to_simplified`` maps 繁体 to 简体.

Both keep the length of the string, so an offset found in the normalised text is the same
offset in the original; evidence is always quoted from the original.
"""

from __future__ import annotations

import functools
import re


_MAP: dict[int, str] = {}
# full-width ASCII variants → ASCII (digits, Latin letters, most symbols)
for _cp in range(0xFF01, 0xFF5F):
    _MAP[_cp] = chr(_cp - 0xFEE0)
# …but these punctuation marks are Chinese punctuation in a report: keep them full-width,
# and turn their half-width forms full-width too.
_TO_FULL = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
for _half, _full in _TO_FULL.items():
    _MAP[ord(_half)] = _full
    _MAP[ord(_full)] = _full
for _dash in ("\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\u2500",
              "\uff0d", "\ufe63", "\u2e3a"):
    _MAP[ord(_dash)] = "-"
for _space in ("\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u200a", "\u202f", "\u205f"):
    _MAP[ord(_space)] = " "
# zero-width characters become spaces rather than vanish, to keep offsets
for _zw in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"):
    _MAP[ord(_zw)] = " "
_MAP[ord("\uff0e")] = "."   # full-width full stop used as a decimal point or list dot
_MAP[ord("\u3001")] = "、"
# The characters fold() actually changes, and what each becomes. Most lines of a report have
# none of them, and a line that has some has few distinct ones (typically the half-width ,():
# that many sites type). A regex scan (in C) finds the next one, and str.replace swaps all
# its occurrences at memchr speed: one pass over the line in all, much cheaper than
# str.translate with a dict (a lookup for every character of the line). No character becomes
# one that is itself changed, so the result is exactly ``text.translate(_MAP)``.
_FOLDS = {chr(k): v for k, v in sorted(_MAP.items()) if chr(k) != v}
_CHANGES = re.compile("[" + "".join(re.escape(ch) for ch in _FOLDS) + "]")


def fold(text: str) -> str:
    """Width and punctuation folding; same length as the input."""
    m = _CHANGES.search(text)
    while m is not None:
        ch = m.group()
        text = text.replace(ch, _FOLDS[ch])
        # every change before this one was made already: scan on from here
        m = _CHANGES.search(text, m.end())
    return text


# A handful of characters that exist only in 繁体 and are frequent in these reports. Their
# presence tells us to run the (slower) OpenCC conversion; plain 简体 text never pays for it.
TRADITIONAL_MARKERS = frozenset(
    "國會發關實將進這區報設說機們與為對業體條務員"
    "學經過當點歲開際現應檢審權規範執護處負責聽議職稱總邊難題續優質濟黨義屬歷專級紀約"
)
TRADITIONAL_THRESHOLD = 5     # markers it takes for a text to be read as 繁体


# The two scans for markers are compiled when first used (each costs about half a millisecond
# of start-up): a text file is read with the second only, a web page with the first only.
@functools.lru_cache(maxsize=1)
def _markers() -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(TRADITIONAL_MARKERS)) + "]")


@functools.lru_cache(maxsize=1)
def _changes_or_markers() -> re.Pattern[str]:
    """fold's characters and the 繁体 markers (no character is both)."""
    return re.compile("[" + "".join(re.escape(ch) for ch in _FOLDS)
                      + "".join(sorted(TRADITIONAL_MARKERS)) + "]")


def fold_and_look(text: str) -> tuple[str, bool]:
    """``(fold(text), looks_traditional(text))`` in one regex scan of the text instead of two:
    each character fold changes is replaced everywhere where it is first met, as in fold;
    markers are counted until there are enough."""
    hits = 0
    threshold = TRADITIONAL_THRESHOLD
    scan = _changes_or_markers()
    m = scan.search(text)
    while m is not None:
        ch = m.group()
        if ch in _FOLDS:
            text = text.replace(ch, _FOLDS[ch])
        else:
            hits += 1
            if hits >= threshold:
                scan = _CHANGES         # 繁体 for sure: only fold's characters are left to find
        m = scan.search(text, m.end())
    return text, hits >= threshold


def looks_traditional(text: str, threshold: int = TRADITIONAL_THRESHOLD) -> bool:
    """True when the text holds several characters that only 繁体 uses (the scan runs in the
    regex engine: a Python loop over a page costs about a millisecond)."""
    hits = 0
    for _ in _markers().finditer(text):
        hits += 1
        if hits >= threshold:
            return True
    return False


@functools.lru_cache(maxsize=1)
def _converter():
    import opencc  # imported only for 繁体 pages

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """繁体 → 简体, keeping the length (phrase conversions that change length fall back to
    character-by-character conversion)."""
    conv = _converter()
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    chars = []
    for ch in text:
        c = conv.convert(ch)
        chars.append(c if len(c) == 1 else ch)
    return "".join(chars)


def normalize(text: str, traditional: bool = False) -> str:
    """The matching form of a line: folded, and simplified when the page is 繁体."""
    folded = fold(text)
    return to_simplified(folded) if traditional else folded
