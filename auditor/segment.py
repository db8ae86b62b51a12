"""Heading grammar → ``Section`` tree.

Matching runs on ``Line.norm`` (full-width digits folded to ASCII, brackets/colons/commas/semicolons
folded to their full-width Chinese forms), so ``(一)`` and ``（一）`` look the same; markers and titles
are quoted from ``Line.text`` through offsets, which are the same in both.

Heading forms (a heading must start its line; leading spaces and a Markdown ``#`` are skipped)
------------------------------------------------------------------------------------------------
=============  ==========================================  =================================
style          forms                                       number
=============  ==========================================  =================================
part           第一部分 第二章 第三篇 第1部分                 一 → 1
cn             一、 十二、 一.                              十二 → 12
paren_cn       （一） (一)                                 一 → 1
arabic         1. 1、 1．                                  1
paren_arabic   （1） (1)                                   1
circled        ① … ⑳                                       ⑤ → 5
ordinal        一是 二是 … / 第一， 第二、 (line-initial)      一 → 1
=============  ==========================================  =================================

Not headings: "一、二季度…" and "一、二、三产业" (the marker is followed by the *next* number: an
enumeration of numbers, not a heading), "1.5万元" and "2024.1" (a digit after the dot), "3·15", any
number that does not start its line, and a marker with nothing after it (except 第X部分, whose title
may sit on the next line).

Title of a heading (``_title_bounds``)
--------------------------------------
The title is the text after the marker up to the first 。！？；： that lies outside 《》“”（）‘’「」【】
and within ``TITLE_MAX`` (60) characters. If the line ends there (or the whole rest of the line is at
most ``TITLE_MAX`` characters) the heading stands on its own line; otherwise it *runs into* its
paragraph and the body continues on the same line after the terminator ("（二）构建机制，助力科学决策。完善…"
→ title "构建机制，助力科学决策"). A long line with no terminator in the first ``TITLE_MAX`` characters is
a run-in heading whose author forgot the full stop ("（一）承担首要责任，推动法治建设街道领导层积极贯彻《…》"):
the fallback takes the text up to the first "，" within ``TITLE_MAX`` characters, else the first
``FALLBACK_LEN`` (20) characters. The fallback is a bounded guess: it may cut a title short or run a
little into the body, never more than ``TITLE_MAX`` characters. Trailing 。：；，、. are stripped from
titles. For an ordinal heading (一是…) the same rule yields its first clause.

Hierarchy
---------
By numbering style, not by a fixed level table. A stack holds the open sections. A heading whose style
is already open closes everything below that section and becomes its sibling. A new style nests under
the innermost open section, after closing every open section whose style is canonically *deeper*
(rank part > cn > paren_cn > arabic > paren_arabic > circled > ordinal), so an "一、" that appears while
"（一）" is open closes "（一）" instead of nesting under it. ``level`` is the depth in the tree.

Sequence tolerance (what is kept, what is rejected)
---------------------------------------------------
* Skipped numbers (一、 三、) and repeats (（二） （二）) are kept as headings; a later rule reports them.
* A sibling whose number goes *back* (（三） then （二）) is not a heading: accepting it would close a
  real section and re-order the tree. A restart at 1 is accepted (a fresh list, e.g. an attachment).
* A style that opens a new level must start at 1 or 2 (one lost number tolerated), or continue the
  last number seen in that style anywhere (lists numbered across parents: 1–4 under （一）, 5–8 under
  （二）), or be a Chinese-numeral heading standing alone on its line ("四、其他需要报告的情况" in a
  draft whose earlier parts were cut). Anything else ("7." at the start of a wrapped line) stays text.
* An ordinal line that continues its own enumeration on the same line ("一是…。二是…") is a paragraph
  of inline items, not a heading.
* The tree is at most ``MAX_DEPTH`` deep; deeper candidates stay text.

Inline items
------------
一是/二是/… and 第一，/第二，… that do not start the line, preceded by a clause boundary
(。；：，！？ space or a closing bracket), become ``Item``s of the innermost section open at that line.
An item is kept when it is 1 or follows the previous item of the same section (so "之一是" or a
stray "三是" do not count). Items are searched in the body of a line only (after a run-in title).

Heading hints
-------------
``heading_hints`` maps a source line number to a heading level taken from the file's markup (docx
heading styles, html <h1>–<h6>). A hint only matters for a line that carries no number of its own:
such a line becomes a heading (marker "", number None). Hint levels are ranked (the smallest level
used becomes depth 1, the next depth 2, … at most ``MAX_HINT_DEPTH``) and the heading is placed at
``min(rank, current depth + 1)``: open sections at that depth or deeper are closed. It takes the style
of the section it replaces at that depth, or else the canonical style just deeper than its parent's,
so that numbered headings after it keep nesting sensibly. Hints are ignored for lines that look like
the report's title (containing 报告/总结 and at most 60 characters) or longer than 60 characters, and
for lines a numbered heading already explains.

Marked and bare part headings
-----------------------------
A series (two or more) of lines that are a marker and a short title ("■ 存在的主要问题", "● 2025年工作
打算", "【下步打算】") are top-level part headings (``_marked_parts``) in a report without 一、/第一部分
parts; one boxed phrase is emphasis, and a marked line with a comma is a point, not a title.

When Word's automatic numbering is lost on export, a report's parts are left as bare short lines
("主要举措和成效", "存在的问题", "下一步工作打算") and their items as 一是/二是. In a report with no
"一、" or "第一部分" heading at all and no markup hints, two or more lines that are nothing but the
name of a part (``_BARE_PART``) become top-level headings, as if hinted at depth 1 (one such line
is enough when a list of items or a paragraph of sentences follows it). In a numbered
report, a line that is nothing but a part's name ("存在的问题和下一步打算") is the part that lost its
number, and is a top-level heading too.

Parts opened by their paragraphs' first words
---------------------------------------------
A short report may have no heading at all: its parts are paragraphs opened by what they are
("一年来，……主要做法和成效如下：", "同时，……还存在一些不足：一是……", "存在的主要问题是：",
"下一步，我区将……", "2025年，我们将重点做好以下工作："). In a report with no numbered part or
point (part, cn, paren_cn, arabic), no markup hints and no marked or bare part headings, a line
whose opening clause (up to the first 。：；, before any 一是, at most ``TITLE_MAX`` characters)
carries such a signal opens a top-level part (``_opening_parts``), when at least two lines of two
different kinds (the work done, the shortcomings, the plan) do. The part's title is that opening
clause (role headings are matched on it) and its body is the whole paragraph
(``Section.opening``); 一是/二是 lines below it nest under it.

Cost: one pass over the lines, a bounded amount of work per character, no recursion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from .model import STYLES, Item, Line, Section

_Heading = tuple[str, int, int, int, int, int, int]   # see _heading

TITLE_MAX = 60        # longest title read up to a terminator; also the own-line heading bound
FALLBACK_LEN = 20     # title length when a long run-in heading has neither terminator nor comma
MAX_DEPTH = 16        # deepest tree built; deeper candidates stay text
MAX_HINT_DEPTH = 9    # hint levels beyond this many distinct ranks share the last rank

RANK = {style: i for i, style in enumerate(STYLES)}
RANK["root"] = -1

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN = "一二三四五六七八九十"
_CIRCLED_BASE = {0x2460: 1, 0x3251: 21, 0x32B1: 36}   # ①–⑳, ㉑–㉟, ㊱–㊿

# Each pattern matches at the first non-space character of the line (norm).
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(r"第([一二三四五六七八九十百零〇两]{1,4}|\d{1,3})(?:部分|章|篇|编)[、.：]?")),
    ("paren_cn", re.compile(rf"（([{_CN}]{{1,3}})）[、.]?")),
    ("paren_arabic", re.compile(r"（(\d{1,2})）[、.]?")),
    # "3.2025年工作打算" is part 3 headed by a year, not a point 3.2025 (a dot before a year)
    ("cn", re.compile(rf"([{_CN}]{{1,3}})(?:、|\.(?!\d)|\.(?=20\d{{2}}年))")),
    ("arabic", re.compile(r"(\d{1,2})(?:、|\.(?![\d.])|\.(?=20\d{2}年))")),
    ("circled", re.compile(r"([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])[、.]?")),
    ("ordinal", re.compile(rf"(?:([{_CN}]{{1,3}})是|第([{_CN}]{{1,3}})[，、：])")),
)
_CIRCLED = ("".join(chr(c) for c in range(0x2460, 0x2474)) + "".join(chr(c) for c in range(0x3251, 0x3260))
            + "".join(chr(c) for c in range(0x32B1, 0x32C0)))
# The patterns that can match at a given first character, in the order of ``_PATTERNS``; a
# heading starts with one of these characters.
_STARTS = {"part": "第", "paren_cn": "（", "paren_arabic": "（", "cn": _CN, "arabic": "0123456789",
           "circled": _CIRCLED, "ordinal": _CN + "第"}
_BY_FIRST_CHAR = {ch: tuple((style, pattern) for style, pattern in _PATTERNS if ch in _STARTS[style])
                  for ch in set("".join(_STARTS.values()))}
_LEAD = re.compile(r"[ \t]*(?:#{1,6}[ \t]*)?")
_NEXT_CN = re.compile(rf"[{_CN}]{{1,3}}")
_NEXT_DIGITS = re.compile(r"\d{1,3}")
# inline items: 一是 / 第一， after a clause boundary (or at the start of the scanned part)
_ITEM = re.compile(rf"(?:(?<=[。；：，！？ \t）」』”])|^)(?:([{_CN}]{{1,3}})是|第([{_CN}]{{1,3}})(?=[，、：]))")

_TERMINATORS = frozenset("。！？；：")
_OPEN = frozenset("《“（‘「【〔")
_CLOSE = frozenset("》”）’」】〕")
_TRAILING = " \t。：；，、.！？"
_TITLE_STOP = re.compile("[" + "".join(sorted(_TERMINATORS | _OPEN)) + "]")
_TITLE_LIKE = re.compile(r"报告|总结")
# A report's parts named on a bare short line ("存在的问题", "下一步工作打算"): what is left of
# its headings when Word's automatic numbering is lost on export.
_BARE_PART = re.compile(
    r"(?:(?:20\d{2}|二[〇零][一二三四五六七八九〇零][〇零一二三四五六七八九])年度?)?"
    r"(?:推进)?(?:法治政府建设|法治建设)?(?:的|工作)?"
    r"(?:主要(?:工作)?(?:举措|措施|做法)(?:和|及|与)(?:工作)?成效|主要(?:工作|做法)(?:和|及|与)成效"
    r"|主要(?:工作|举措|成效|做法)"
    r"|(?:主要)?工作(?:开展|推进|完成|落实)?情况|(?:主要|基本|总体)情况|工作成效|取得的(?:主要)?成效"
    r"|存在的?(?:主要)?(?:问题|不足)(?:和|及|与)?(?:不足|原因|短板)?|(?:问题|不足)(?:和|及|与)原因"
    r"|(?:需要|有待)(?:改进|提升|加强)的(?:地方|方面)|(?:短板|差距)(?:和|及|与)?(?:弱项|不足)"
    r"|存在的?(?:主要)?(?:问题|不足)(?:和|及|与)(?:下一步|下步|下一年度?)(?:工作)?(?:打算|安排|计划|思路)"
    r"|下一步(?:工作)?(?:打算|安排|计划|思路|重点)?|下步(?:工作)?(?:打算|安排|计划|思路|重点)"
    r"|(?:今后|明年)(?:的)?(?:工作)?(?:打算|安排|计划|思路|重点|努力方向)"
    r"|(?:工作)?(?:打算|安排|计划|思路)|其他需要报告的(?:情况|事项))$")
_BARE_MAX = 24
# the first item of a list under a part heading that lost its number ("一是……", "第一，……")
_LIST_START = re.compile(rf"(?:[{_CN}]{{1,3}}是|第[{_CN}]{{1,3}}[，、：])")
# A part heading set off by a marker instead of a number: "■ 存在的主要问题", "● 2025年工作打算",
# "【工作成效】" alone on its line (a field such as "【发布时间：2025/02/20】" has a colon inside).
_MARKED_PART = re.compile(r"([■□●◆◇▲▶►★☆◼▪▌◎]\s*)([^。！？；：，■●◆【】]{2,24})|(【)([^【】。：，]{2,24})】")


# what a paragraph that opens a part without a heading begins with (matched on its opening clause)
_OPEN_MEASURES = re.compile(r"^(?:一年来|今年以来|过去一年|过去的一年|本年度|20\d{2}年(?:以来|度)?[，,])"
                            r".*(?:做法|成效|举措|主要工作|工作情况)|^主要(?:做法|举措|工作)")
_OPEN_PROBLEMS = re.compile(r"(?:存在|仍有|还有|也有|面临)[^，]{0,14}?(?:问题|不足|短板|差距|薄弱环节|困难)")
_OPEN_PLAN = re.compile(r"^(?:下一步|下步|今后|新的一年|明年|20\d{2}年[，,][^。]{0,16}(?:将|计划|打算))")
_ITEM_AT = re.compile(rf"([{_CN}]{{1,3}})是")
_OPEN_ITEM = re.compile(rf"[{_CN}]是|第[{_CN}][，、：]")
_OPEN_KINDS = (("problems", _OPEN_PROBLEMS), ("plan", _OPEN_PLAN), ("measures", _OPEN_MEASURES))


def cn_number(s: str) -> int:
    """Value of a Chinese or Arabic numeral: "十二" → 12, "二十一" → 21, "3" → 3, "一百" → 100."""
    if s.isdigit():
        return int(s)
    total = 0
    cur = 0
    for ch in s:
        if ch in _CN_DIGITS:
            cur = cur * 10 + _CN_DIGITS[ch] if cur and ch in "〇零" else _CN_DIGITS[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
    return total + cur


def _circled_number(ch: str) -> int:
    cp = ord(ch)
    for base, first in _CIRCLED_BASE.items():
        if base <= cp < base + 20:
            return first + cp - base
    return 0


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    """A heading candidate on one line; offsets index ``line.text`` (== ``line.norm``)."""

    style: str
    number: int | None
    marker_span: tuple[int, int]
    title_span: tuple[int, int]
    body_start: int          # where the paragraph text after a run-in title starts (len if none)


def _title_bounds(norm: str, start: int) -> tuple[int, int, int]:
    """(title_start, title_end, body_start) for the text of a heading that begins at ``start``."""
    n = len(norm)
    j = start
    while j < n and norm[j] in " \t":
        j += 1
    limit = min(n, j + TITLE_MAX)
    # no bracket is open before the first terminator or opening bracket: a regex finds it, and
    # only from an opening bracket on is the text walked character by character
    stop = _TITLE_STOP.search(norm, j, limit)
    term = -1
    first_comma = norm.find("，", j, stop.start() if stop is not None else limit)
    if stop is not None and stop.group() in _TERMINATORS:
        term = stop.start()
    elif stop is not None:
        depth = 0
        for k in range(stop.start(), limit):
            ch = norm[k]
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                if depth:
                    depth -= 1
            elif depth == 0:
                if ch in _TERMINATORS:
                    term = k
                    break
                if ch == "，" and first_comma < 0:
                    first_comma = k
    if term >= 0:
        end, body = term, term + 1
    elif n - j <= TITLE_MAX:
        end, body = n, n
    elif first_comma >= 0:
        end, body = first_comma, first_comma + 1
    else:
        end, body = j + FALLBACK_LEN, j + FALLBACK_LEN
    while end > j and norm[end - 1] in _TRAILING:
        end -= 1
    if body < n and len(norm.rstrip()) <= body:     # nothing but spaces after the title
        body = n
    return j, end, body


def match_heading(norm: str) -> HeadingMatch | None:
    """The heading that starts this (normalised) line, judged on the line alone, or None.

    Sequence rules (which need the rest of the document) are applied by ``segment``.
    """
    found = _heading(norm)
    if found is None:
        return None
    style, number, lead, marker_end, t_start, t_end, body = found
    return HeadingMatch(style, number, (lead, marker_end), (t_start, t_end), body)


def _heading(norm: str) -> _Heading | None:
    """``match_heading`` as a plain tuple: (style, number, marker start, marker end, title
    start, title end, body start). ``segment`` reads every line and needs no record for it."""
    first = norm[:1]
    if first in _BY_FIRST_CHAR:          # the common case: nothing to skip before the marker
        lead = 0
    elif first in (" ", "\t", "#"):
        lead = _LEAD.match(norm).end()  # type: ignore[union-attr]
        if lead >= len(norm):
            return None
        first = norm[lead]
    else:
        return None
    for style, pattern in _BY_FIRST_CHAR.get(first, ()):
        m = pattern.match(norm, lead)
        if m is None:
            continue
        raw = m.group(1) if m.group(1) is not None else m.group(2)
        if style == "circled":
            number = _circled_number(raw)
        else:
            number = cn_number(raw)
        if number <= 0:
            return None
        m_end = m.end()
        rest_start = m_end
        while rest_start < len(norm) and norm[rest_start] in " \t":
            rest_start += 1
        if rest_start >= len(norm) and style != "part":
            return None          # a bare marker is not a heading
        # "一、二季度", "1、2月": the marker is followed by the next number — an enumeration
        nxt_pat = _NEXT_DIGITS if style in ("arabic", "paren_arabic") else _NEXT_CN
        nxt = nxt_pat.match(norm, rest_start)
        if nxt is not None and style != "part" and cn_number(nxt.group(0)) == number + 1:
            return None
        if style == "ordinal" and _continues_inline(norm, rest_start, number):
            return None
        t_start, t_end, body = _title_bounds(norm, rest_start)
        marker_end = m_end
        while marker_end > lead and norm[marker_end - 1] in " \t":
            marker_end -= 1
        return style, number, lead, marker_end, t_start, t_end, body
    return None


def _continues_inline(norm: str, start: int, number: int) -> bool:
    """True when an ordinal line carries its next item inline ("一是…。二是…")."""
    for m in _inline_items(norm, start):
        raw = m.group(1) or m.group(2)
        if cn_number(raw) == number + 1:
            return True
    return False


def _inline_items(norm: str, start: int) -> list[re.Match[str]]:
    """What ``_ITEM.finditer(norm, start)`` finds. An item starts on 第 or on one of the three
    characters before 是; str.find locates those, and the regex is tried only there (a regex
    that starts with a look-behind is tried at every position of the line, slowly)."""
    starts: set[int] = set()
    for ch, offsets in (("是", (1, 2, 3)), ("第", (0,))):
        at = norm.find(ch, start)
        while at >= 0:
            starts.update(at - k for k in offsets if at - k >= start)
            at = norm.find(ch, at + 1)
    out = []
    end = start
    for pos in sorted(starts):
        if pos >= end and (m := _ITEM.match(norm, pos)) is not None:
            out.append(m)
            end = m.end()
    return out


def _hint_ranks(lines: Sequence[Line], hints: Mapping[int, int]) -> dict[int, int]:
    """Line no → depth (1-based rank among the hint levels used by eligible lines)."""
    if not hints:
        return {}
    eligible: dict[int, int] = {}
    for line in lines:
        level = hints.get(line.no)
        if level is None:
            continue
        stripped = line.norm.strip()
        if not stripped or len(stripped) > TITLE_MAX or _TITLE_LIKE.search(stripped):
            continue
        if _heading(line.norm) is not None:
            continue
        eligible[line.no] = level
    ranks = {lvl: min(i + 1, MAX_HINT_DEPTH) for i, lvl in enumerate(sorted(set(eligible.values())))}
    return {no: ranks[lvl] for no, lvl in eligible.items()}


def marked_part(norm: str) -> re.Match[str] | None:
    """The match when the line is a part heading set off by a marker ("■ 存在的主要问题",
    "【下步打算】"): group 1/3 the marker, group 2/4 the title."""
    return _MARKED_PART.fullmatch(norm.strip())


def _marked_parts(lines: Sequence[Line], hinted: Mapping[int, int]) -> dict[int, int]:
    """Line no → 1 for part headings set off by a marker (■ ● ◆ …, 【…】). At least two lines
    with the same kind of marker are needed: one boxed phrase is emphasis, a series is structure;
    in a report whose parts are numbered (一、/第一部分) the marked lines are points, not parts."""
    if hinted:
        return {}
    by_marker: dict[str, list[int]] = {}
    for line in lines:
        h = _heading(line.norm) if line.norm.strip() else None
        if h is not None and h[0] in ("part", "cn"):
            return {}           # a numbered report: its ■ lines are points inside the parts
        m = marked_part(line.norm)
        if m is not None:
            by_marker.setdefault(m.group(1) or m.group(3), []).append(line.no)
    return {no: 1 for nos in by_marker.values() if len(nos) >= 2 for no in nos}


def _bare_parts(lines: Sequence[Line], hinted: Mapping[int, int]) -> dict[int, int]:
    """Line no → 1 for the bare part headings whose number was lost ("存在的问题" alone on its
    line). In a report with no numbered part at all, at least two such lines are needed, or one
    whose next line opens a list of items ("下步安排" over "一是……二是……") or is a paragraph of
    sentences ("今后工作思路" over "我们将继续……。"); in a
    numbered report ("一、…" elsewhere) a line that is nothing but a part's name ("存在的问题和
    下一步打算") is the one part that lost its number."""
    if hinted:
        return {}
    found: dict[int, int] = {}
    numbered = False
    listed = False          # a bare part name whose next line opens a list of items (一是……)
    pending: int | None = None
    for line in lines:
        s = line.norm.strip()
        if not s:
            continue
        if pending is not None:
            # a list of items, or a paragraph of sentences, under the bare name ("今后工作思路" over
            # "我们将继续……。"): the line above it is a heading, not a phrase of the text
            listed = listed or bool(_LIST_START.match(s)) or \
                (len(s) > _BARE_MAX and _heading(line.norm) is None and s[-1] in "。！？")
            pending = None
        h = _heading(line.norm)
        if h is not None and h[0] in ("part", "cn"):
            numbered = True
        if len(s) <= _BARE_MAX and h is None and _BARE_PART.fullmatch(s):
            found[line.no] = 1
            pending = line.no
    return found if len(found) >= 2 or numbered or (len(found) == 1 and listed) else {}


def _opening_clause(norm: str) -> tuple[int, int]:
    """(start, end) of a paragraph's opening clause: up to the first 。！？；：, before its first
    inline item (一是), within ``TITLE_MAX`` characters."""
    start = len(norm) - len(norm.lstrip(" \t"))
    limit = min(len(norm), start + TITLE_MAX)
    end = limit
    for k in range(start, limit):
        if norm[k] in _TERMINATORS:
            end = k
            break
    item = _OPEN_ITEM.search(norm, start, end)      # "下一步，我区将一是……": the list starts the body
    if item is not None:
        end = item.start()
    while end > start and norm[end - 1] in _TRAILING:
        end -= 1
    return start, end


def _opening_parts(lines: Sequence[Line], hinted: Mapping[int, int]) -> dict[int, tuple[int, int]]:
    """Line no → opening clause span, for the paragraphs that open the parts of a report without
    headings (see "Parts opened by their paragraphs' first words")."""
    if hinted:
        return {}
    found: dict[int, tuple[int, int]] = {}
    kinds: set[str] = set()
    for line in lines:
        norm = line.norm
        if not norm.strip():
            continue
        h = _heading(norm)
        if h is not None and h[0] in ("part", "cn", "paren_cn", "arabic"):
            return {}
        if h is not None:
            continue
        start, end = _opening_clause(norm)
        clause = norm[start:end]
        if not clause:
            continue
        for kind, pattern in _OPEN_KINDS:
            if pattern.search(clause):
                found[line.no] = (start, end)
                kinds.add(kind)
                break
    return found if len(kinds) >= 2 else {}


def segment(lines: Sequence[Line], heading_hints: Mapping[int, int] | None = None) -> Section:
    """Build the section tree of ``lines``; returns the root (level 0)."""
    n = len(lines)
    root = Section(level=0, style="root", number=None, marker="", title="", start=0, end=n,
                   line=lines[0].no if n else 0, end_line=lines[-1].no if n else 0)
    hint_depth = _hint_ranks(lines, heading_hints or {})
    hint_depth.update(_marked_parts(lines, hint_depth))
    bare = _bare_parts(lines, hint_depth)
    hint_depth.update(bare)
    openings = _opening_parts(lines, hint_depth)
    stack: list[Section] = [root]
    last_number: dict[str, int] = {}       # style → last number accepted anywhere
    last_item: dict[int, int] = {}          # id(section) → last item number in it

    def close(sec: Section, i: int) -> None:
        sec.end = i
        sec.end_line = lines[i - 1].no if i > 0 else sec.line

    for i, line in enumerate(lines):
        norm = line.norm
        body_start = 0
        h = _heading(norm)
        placed = False
        if h is not None:
            placed = _place_numbered(h, i, line, stack, last_number, close)
            if placed:
                body_start = h[6]
        if not placed and line.no in openings:
            _place_opening(openings[line.no], i, line, stack, close)
            placed = True
            first = _ITEM_AT.match(norm, openings[line.no][1])
            if first is not None and cn_number(first.group(1)) == 1:   # "下一步，我区将一是……"
                stack[-1].items.append(Item(number=1, marker=line.text[first.start():first.end()],
                                            index=i, offset=first.start()))
                last_item[id(stack[-1])] = 1
                body_start = first.end()
        if not placed and line.no in hint_depth:
            _place_hinted(hint_depth[line.no], i, line, stack, close, part=line.no in bare)
            body_start = len(norm)
            placed = True
        # inline items of the innermost open section
        if "是" in norm or "第" in norm:
            sec = stack[-1]
            key = id(sec)
            for m in _inline_items(norm, body_start):
                raw = m.group(1) or m.group(2)
                num = cn_number(raw)
                prev = last_item.get(key, 0)
                if num == 1 or num == prev + 1:
                    sec.items.append(Item(number=num, marker=line.text[m.start():m.end()],
                                          index=i, offset=m.start()))
                    last_item[key] = num
    while len(stack) > 1:
        close(stack.pop(), n)
    return root


def _place_numbered(h: _Heading, i: int, line: Line, stack: list[Section],
                    last_number: dict[str, int], close) -> bool:
    style, number, marker_start, marker_end, title_start, title_end, body_start = h
    pos = -1
    for k in range(len(stack) - 1, 0, -1):
        if stack[k].style == style:
            pos = k
            break
    if pos > 0:
        prev = stack[pos].number
        if prev is not None and number < prev and number != 1:
            return False                     # going back inside a list: text, not a heading
        while len(stack) > pos:
            close(stack.pop(), i)
    else:
        standalone = body_start >= len(line.norm) and style in ("part", "cn", "paren_cn")
        if not (number <= 2 or number == last_number.get(style, 0) + 1 or standalone):
            return False
        if len(stack) > MAX_DEPTH:
            return False
        while len(stack) > 1 and RANK[stack[-1].style] > RANK[style]:
            close(stack.pop(), i)
    parent = stack[-1]
    text = line.text
    marker = text[marker_start:marker_end]
    title = text[title_start:title_end]
    sec = Section(level=len(stack), style=style, number=number, marker=marker, title=title,
                  start=i, end=i + 1, line=line.no, end_line=line.no,
                  title_span=(title_start, title_end),
                  path=parent.path + (marker + title,))
    parent.children.append(sec)
    stack.append(sec)
    last_number[style] = number
    return True


def _place_opening(span: tuple[int, int], i: int, line: Line, stack: list[Section], close) -> None:
    """A top-level part opened by its paragraph's first words: its title is the opening clause,
    its body the whole paragraph (inline items are searched from the line's start)."""
    while len(stack) > 1:
        close(stack.pop(), i)
    root = stack[0]
    title = line.text[span[0]:span[1]]
    sec = Section(level=1, style="cn", number=None, marker="", title=title, start=i, end=i + 1,
                  line=line.no, end_line=line.no, title_span=span, path=(title,), opening=True)
    root.children.append(sec)
    stack.append(sec)


def _place_hinted(depth: int, i: int, line: Line, stack: list[Section], close, *, part: bool = False) -> None:
    """Place a hinted heading at ``depth``. A ``part`` (a bare part heading that lost its number)
    ranks as a "一、" part even where it replaces a "（一）" section, so that the "（一）" items after
    it nest under it instead of closing it."""
    depth = max(1, min(depth, len(stack), MAX_DEPTH))
    replaced: Section | None = None
    while len(stack) > depth:
        replaced = stack.pop()          # the last one popped sits at ``depth``
        close(replaced, i)
    parent = stack[-1]
    if replaced is not None:
        style = replaced.style
        if part and RANK[style] > RANK["cn"]:
            style = "cn"
    else:
        style = STYLES[min(RANK[parent.style] + 1 if parent.style != "root" else RANK["cn"],
                           len(STYLES) - 1)]
    text = line.text
    t_start = len(text) - len(text.lstrip())
    t_end = len(text.rstrip())
    marker = ""
    m = marked_part(line.norm)
    if m is not None:                   # "■ 存在的主要问题" / "【下步打算】": the marker is not the title
        g = 2 if m.group(2) is not None else 4
        marker = text[t_start:t_start + m.start(g)]
        t_start, t_end = t_start + m.start(g), t_start + m.end(g)
    while t_end > t_start and line.norm[t_end - 1] in _TRAILING:
        t_end -= 1
    title = text[t_start:t_end]
    sec = Section(level=len(stack), style=style, number=None, marker=marker, title=title,
                  start=i, end=i + 1, line=line.no, end_line=line.no, title_span=(t_start, t_end),
                  path=parent.path + (marker + title,))
    parent.children.append(sec)
    stack.append(sec)
