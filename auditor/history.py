"""Comparing a report with the same body's report of the year before (issue 21).

Pure functions over two ``Document``s: the items of a part (its sub-headings, its 一是/二是 items,
or its sentences), the share of one text found in another, and which items of last year have a
counterpart this year. The ``history`` check kind (checks/history.py) turns these into outcomes;
the thresholds live in the rules, never here.

Two measures, chosen on the labelled pairs in tests/history/ (see docs/accuracy.md):

* **Reuse** (copied text): the characters of this year's text covered by runs of ``SHINGLE``
  consecutive characters that also occur in last year's, after both are reduced to their Chinese
  characters and Latin letters with every number replaced by one placeholder ("2023年" and "2024年"
  read alike). A run of 8 Chinese characters in common is rare between two reports that were
  written afresh, and common to every copied sentence.
* **Counterpart** (the same subject in other words): the share of an item's content bigrams (two
  adjacent Chinese characters) found in one paragraph of the other text, each bigram weighted by
  how rare it is across both reports' paragraphs (inverse document frequency), so that
  "行政执法三项制度" weighs more than "持续推进". Generic bigrams of the genre (工作, 推进, 加强…) get a
  weight near zero on their own; the few listed in ``GENERIC`` count zero.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from .model import Document, Section

SHINGLE = 8

# bigrams every report of the genre uses whatever its subject: they never make two items alike
GENERIC = frozenset("""
工作 推进 加强 持续 深入 全面 进一 一步 步推 步加 步提 提升 提高 完善 健全 建设 法治 政府 落实 开展 强化
积极 不断 切实 扎实 坚持 深化 做好 抓好 有效 我们 全区 全县 全市 全镇 街道 本年 年度 今年 明年 下一 围绕
重点 不够 有待 仍需 存在 问题 方面 一定 进一 继续 着力 大力 努力 水平 能力 机制 体系 制度 依法 行政
""".split())

_NUMBER_RE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[〇零一二三四五六七八九十百千万]{2,}(?=年)")
_KEEP_RUN_RE = re.compile(r"[\u4e00-\u9fffA-Za-z#]+")
_HAN_RUN_RE = re.compile(r"[\u4e00-\u9fff]{2,}")
_SENTENCE_RE = re.compile(r"[^。！？；\n]+[。！？；]?")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of a report's text with where it lies (for evidence)."""

    text: str        # as read (for quoting)
    norm: str        # matching form (Line.norm of the same characters)
    index: int       # index into Document.lines of its first line
    line: int        # source line number of its first line
    section: str     # section path joined with " > "
    label: str = ""  # its marker: "（一）", "一是", or "" for a sentence


@dataclass(frozen=True, slots=True)
class Reused:
    """A passage of this year's text found in last year's."""

    chars: int           # length in reduced characters
    this_index: int      # index into this year's lines
    last_index: int      # index into last year's lines, where its first shingle occurs
    text: str            # this year's wording (original text, trimmed)


# ---------------------------------------------------------------------------------------------
# Items of a part


def section_text(doc: Document, sec: Section) -> tuple[str, str]:
    """The (original, normalised) text of a section, its heading line included."""
    lines = doc.lines[sec.start:sec.end]
    return "\n".join(x.text for x in lines), "\n".join(x.norm for x in lines)


def items(doc: Document, sections: Sequence[Section], *, min_han: int = 6) -> list[Passage]:
    """The items of a part: its sub-sections, else its inline 一是/二是 items, else its
    sentences (each with at least ``min_han`` Chinese characters)."""
    out: list[Passage] = []
    for sec in sections:
        path = " > ".join(sec.path)
        if sec.children:
            for child in sec.children:
                text, norm = section_text(doc, child)
                out.append(Passage(text, norm, child.start, child.line, " > ".join(child.path),
                                   child.marker))
        elif sec.items:
            out.extend(_inline_items(doc, sec, path))
        else:
            out.extend(_sentences(doc, sec.start + 1 if sec.level else sec.start, sec.end, path,
                                  min_han, skip=_body_offset(doc, sec)))
    return [p for p in out if len(_HAN_RE.findall(p.norm)) >= min_han]


def _body_offset(doc: Document, sec: Section) -> int:
    """Offset of the body on the heading's line when the heading runs into its paragraph."""
    if sec.level and sec.title_span[1] and sec.title_span[1] < len(doc.lines[sec.start].norm):
        return sec.title_span[1]
    return -1


def _inline_items(doc: Document, sec: Section, path: str) -> list[Passage]:
    marks = sorted(sec.items, key=lambda it: (it.index, it.offset))
    out = []
    for k, it in enumerate(marks):
        nxt = marks[k + 1] if k + 1 < len(marks) else None
        stop_index = nxt.index if nxt else min(sec.end, it.index + 1) - 1
        pieces_text, pieces_norm = [], []
        for i in range(it.index, stop_index + 1):
            line = doc.lines[i]
            a = it.offset if i == it.index else 0
            b = nxt.offset if (nxt and i == nxt.index) else len(line.norm)
            pieces_text.append(line.text[a:b])
            pieces_norm.append(line.norm[a:b])
        out.append(Passage("\n".join(pieces_text).strip(), "\n".join(pieces_norm).strip(),
                           it.index, doc.lines[it.index].no, path, it.marker))
    return out


def _sentences(doc: Document, start: int, end: int, path: str, min_han: int,
               skip: int = -1) -> list[Passage]:
    out = []
    if skip >= 0:   # a run-in heading: its body is on the heading's own line
        start -= 1
    for i in range(start, end):
        line = doc.lines[i]
        a0 = skip if (skip >= 0 and i == start) else 0
        for m in _SENTENCE_RE.finditer(line.norm, a0):
            a, b = m.span()
            if len(_HAN_RE.findall(line.norm[a:b])) >= min_han:
                out.append(Passage(line.text[a:b].strip(), line.norm[a:b].strip(), i, line.no, path))
    return out


def paragraphs(doc: Document, sections: Sequence[Section] | None = None) -> list[Passage]:
    """Each line of the given sections (or of the whole text) as a passage: reports write one
    paragraph a line, and a paragraph is the unit a counterpart is looked for in."""
    spans = [(s.start, s.end) for s in sections] if sections is not None else [(0, len(doc.lines))]
    out = []
    for a, b in spans:
        for i in range(a, b):
            line = doc.lines[i]
            if _HAN_RE.search(line.norm):
                out.append(Passage(line.text, line.norm, i, line.no,
                                   " > ".join(doc.section_at(i).path)))
    return out


# ---------------------------------------------------------------------------------------------
# Counterparts: the same subject in other words


@lru_cache(maxsize=4096)
def bigrams(norm: str) -> frozenset[str]:
    """The content bigrams of a text: adjacent Chinese characters, generic ones left out.
    (Memoised: a paragraph is looked at by several rules and against several items.)"""
    out: set[str] = set()
    for run in _HAN_RUN_RE.findall(_NUMBER_RE.sub(" ", norm)):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return frozenset(out - GENERIC)


class Matcher:
    """Finds, for an item, the paragraph of a target text that shares most of its rare words."""

    def __init__(self, targets: Sequence[Passage], others: Iterable[Passage] = ()) -> None:
        self.targets = list(targets)
        self._grams = [bigrams(p.norm) for p in self.targets]
        # rarity is counted over both reports' paragraphs, so a bigram every paragraph of
        # the genre uses weighs little whichever side it is on
        df: dict[str, int] = {}
        population = self._grams + [bigrams(p.norm) for p in others]
        for grams in population:
            for g in grams:
                df[g] = df.get(g, 0) + 1
        n = max(1, len(population))
        self._n = n
        self._df = df

    def weight(self, gram: str) -> float:
        return math.log((self._n + 1) / (self._df.get(gram, 0) + 1)) + 0.1

    def best(self, item: Passage) -> tuple[float, Passage | None]:
        """(score, paragraph): the weighted share of the item's content bigrams found in its
        best paragraph (0…1), and that paragraph."""
        grams = bigrams(item.norm)
        if not grams or not self.targets:
            return 0.0, None
        weights = {g: self.weight(g) for g in grams}
        total = sum(weights.values())
        best_score, best_at = 0.0, None
        for k, target in enumerate(self._grams):
            shared = sum(w for g, w in weights.items() if g in target)
            if shared > best_score:
                best_score, best_at = shared, k
        if best_at is None:
            return 0.0, None
        return best_score / total, self.targets[best_at]


# ---------------------------------------------------------------------------------------------
# Reuse: the same text, numbers aside


def reduce(norm: str) -> tuple[str, list[int]]:
    """A text reduced for reuse detection: numbers (digits, and Chinese-numeral years) become
    "#", everything but Chinese characters and Latin letters is dropped; with, for each kept
    character, its offset in ``norm``."""
    marked = _NUMBER_RE.sub(lambda m: "#" + "\0" * (len(m.group()) - 1), norm)
    parts: list[str] = []
    where: list[int] = []
    for m in _KEEP_RUN_RE.finditer(marked):
        parts.append(m.group())
        where.extend(range(m.start(), m.end()))
    return "".join(parts), where


def _reduced_lines(lines: Sequence[str]) -> tuple[str, list[int], list[list[int]]]:
    """The reduced text of several lines, the reduced position where each line starts, and for
    each line the offsets (in that line) of its kept characters."""
    parts, starts, wheres, pos = [], [], [], 0
    for norm in lines:
        starts.append(pos)
        r, where = reduce(norm)
        parts.append(r)
        wheres.append(where)
        pos += len(r)
    return "".join(parts), starts, wheres


class ShingleIndex:
    """Every run of ``shingle`` characters of a text (reduced), with where it first occurs: built
    once for last year's text and asked about any number of this year's passages."""

    def __init__(self, lines: Sequence[str], shingle: int = SHINGLE) -> None:
        self.shingle = shingle
        text, self._starts, _ = _reduced_lines(lines)
        self._seen: dict[str, int] = {}
        for i in range(len(text) - shingle + 1):
            self._seen.setdefault(text[i:i + shingle], i)

    def line_of(self, pos: int) -> int:
        """Index of the line (of the indexed text) holding reduced position ``pos``."""
        return max(0, bisect.bisect_right(self._starts, pos) - 1)

    def compare(self, this: Sequence[str], originals: Sequence[str] | None = None
                ) -> tuple[int, int, list[Reused]]:
        """(reused characters, all characters, reused passages longest first) of ``this`` (the
        normalised lines of a text), counted in reduced form; ``originals`` (the lines as read,
        of the same lengths) are quoted in the passages. Passages stop at line ends."""
        k, seen = self.shingle, self._seen
        a, a_starts, a_where = _reduced_lines(this)
        covered = bytearray(len(a))
        for i in range(len(a) - k + 1):
            if a[i:i + k] in seen:
                covered[i:i + k] = b"\x01" * k
        passages: list[Reused] = []
        for ti, where in enumerate(a_where):
            base = a_starts[ti]
            i, n = base, base + len(where)
            while i < n:
                if not covered[i]:
                    i += 1
                    continue
                end = i
                while end < n and covered[end]:
                    end += 1
                # the first shingle of the run that occurs in the indexed text (a run that
                # goes on from the line before may start mid-shingle)
                j = next((seen[a[p:p + k]] for p in range(max(0, i - k + 1), end)
                          if a[p:p + k] in seen), 0)
                source = (originals or this)[ti]
                text = source[where[i - base]:where[end - 1 - base] + 1]
                passages.append(Reused(end - i, ti, self.line_of(j), _quote(text)))
                i = end
        passages.sort(key=lambda p: (-p.chars, p.this_index))
        return sum(covered), len(a), passages

    def similarity(self, this: str) -> float:
        """Share of ``this`` (reduced) covered by shingles of the indexed text: 1.0 for a copy,
        near 0 for text written afresh."""
        covered, total, _ = self.compare([this])
        return covered / total if total else 0.0


def reuse(this: Sequence[str], last: Sequence[str], *, shingle: int = SHINGLE,
          originals: Sequence[str] | None = None) -> tuple[int, int, list[Reused]]:
    """``ShingleIndex(last).compare(this, originals)``: the reuse of one text in another."""
    return ShingleIndex(last, shingle).compare(this, originals)


def _quote(text: str, limit: int = 80) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "……"


def similarity(this: str, last: str, *, shingle: int = SHINGLE) -> float:
    """Share of ``this`` (reduced) covered by shingles found in ``last``."""
    return ShingleIndex([last], shingle).similarity(this)
