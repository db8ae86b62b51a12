"""Cleaning: drop the lines that are site chrome, and nothing else.

What counts as chrome is data, not code: ``auditor/data/boilerplate.yaml`` lists each kind
(breadcrumbs, 设为首页, 字号, 分享到, 扫一扫, 打印/关闭, 上一篇/下一篇, footers, the page's
metadata block…) with an id, a description, where on the page it may occur, and how to
recognise it. A line is dropped only when the WHOLE line is chrome; any other text on it —
report text, or advertising injected into a defaced page — keeps the line, so that a rule can
see it.

Positions: the report body runs from the first to the last line that is not chrome and is at
least ``body_min_chars`` long; lines before it are the head, lines after it the tail. Entries
limited to head/tail (the page metadata block, footers, nav links) never touch the body.

The 繁体 check happens here: when the page is in 繁体, every line's ``norm`` is rebuilt in
简体 (``text`` is untouched, for quoting), and chrome is matched on that.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass, replace
from typing import Any

from .model import CleanText, Line, RawText
from .normalize import looks_traditional, normalize

_Tokens = tuple[tuple[str, re.Pattern[str]], ...]   # (entry id, token), in the file's order

_WHERE = ("head", "body", "tail")
_ALIASES = {"anywhere": ("head", "body", "tail"), "head": ("head",), "tail": ("tail",),
            "body": ("body",)}
# every boilerplate pattern and token is matched without regard to case ("ICP备", "Copyright")
_FLAGS = re.IGNORECASE
# a token line longer than this is not chrome (keeps the token loop cheap on long lines)
_MAX_TOKEN_LINE = 200


@dataclass(frozen=True, slots=True)
class _Entry:
    id: str
    where: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    tokens: tuple[re.Pattern[str], ...]
    field_re: re.Pattern[str] | None       # any label followed by ":" or "|"
    field_start: re.Pattern[str] | None    # …at the start of the line
    max_value_chars: int


@dataclass(frozen=True, slots=True)
class _View:
    """The entries that may occur at one position (or anywhere), with their cheap first tests."""

    entries: tuple[_Entry, ...]
    line_entries: tuple[_Entry, ...]       # …those with whole-line patterns or fields
    field_entries: tuple[_Entry, ...]      # …those with fields
    any_pattern: _LazyRegex | None         # every whole-line pattern of these entries, in one
    #                                        regex (None: fewer than two patterns)
    has_tokens: bool
    tokens: _Tokens                        # (entry id, token) of these entries, in file order
    all_tokens: bool                       # the tokens are those of every entry


@dataclass(frozen=True, slots=True)
class _Boilerplate:
    entries: tuple[_Entry, ...]
    separators: re.Pattern[str]
    body_min_chars: int
    any_token: re.Pattern[str] | None      # every token of every entry: a cheap first test
    views: dict[str | None, _View]         # "head" / "body" / "tail", and None: anywhere
    where_of: dict[str, frozenset[str]]    # entry id → where it may occur


class _LazyRegex:
    """One regex of a list of alternatives, compiled once it has been asked for ``after``
    times (until then, and when it cannot be compiled, ``get`` answers None).

    For a first test that saves less per line than its compiling costs (a big alternation
    takes most of a millisecond to compile at every start): in a batch it soon pays, in a
    one-file run it is never compiled at all. Threads racing here can only compile it twice,
    or see None a little longer: either way the answer of the test using it is the same.
    """

    __slots__ = ("patterns", "flags", "after", "regex")

    def __init__(self, patterns: list[str], flags: int, after: int) -> None:
        self.patterns = patterns
        self.flags = flags
        self.after = after
        self.regex: re.Pattern[str] | None = None

    def get(self) -> re.Pattern[str] | None:
        if self.after > 0:
            self.after -= 1
            return None
        if self.after == 0:
            self.after = -1            # compiled once, whatever comes of it
            self.regex = _any_of(self.patterns, self.flags)
        return self.regex


# lines tested against a view's patterns one by one before they are combined into one regex
# (which saves well under a microsecond a line: it pays after several hundred lines)
_COMBINE_AFTER = 256


def _where(value: Any, entry_id: str) -> frozenset[str]:
    items = value if isinstance(value, list) else [value or "anywhere"]
    out: set[str] = set()
    for item in items:
        if item not in _ALIASES:
            raise ValueError(f"boilerplate entry {entry_id}: unknown where {item!r}")
        out.update(_ALIASES[item])
    return frozenset(out)


def _field_regexes(labels: list[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    # "索引号" also matches "索 引 号"; a label starts the line or follows a space or "|"
    alts = "|".join(sorted((r"\s*".join(re.escape(ch) for ch in label) for label in labels),
                           key=len, reverse=True))
    return (re.compile(r"(?<![^\s|])(?:" + alts + r")\s*[:：|]"),
            re.compile(r"[\s|]*(?:" + alts + r")\s*[:：|]"))


def compile_boilerplate(data: dict[str, Any]) -> _Boilerplate:
    """Compile the parsed YAML of a boilerplate file."""
    settings = data.get("settings") or {}
    flags = _FLAGS
    entries = []
    seen: set[str] = set()
    for raw in data.get("entries") or []:
        entry_id = raw["id"]
        if entry_id in seen:
            raise ValueError(f"boilerplate entry {entry_id}: duplicate id")
        seen.add(entry_id)
        fields = raw.get("fields") or []
        field_re, field_start = _field_regexes(fields) if fields else (None, None)
        entries.append(_Entry(
            id=entry_id,
            where=_where(raw.get("where"), entry_id),
            patterns=tuple(re.compile(p, flags) for p in raw.get("patterns") or []),
            tokens=tuple(re.compile(t, flags) for t in raw.get("tokens") or []),
            field_re=field_re,
            field_start=field_start,
            max_value_chars=int(raw.get("max_value_chars", 100)),
        ))
    separators = re.compile(settings.get("separators", r"[\s|]") + "*")
    any_token = _any_of([t.pattern for e in entries for t in e.tokens], flags)
    views = {where: _view(tuple(e for e in entries if where is None or where in e.where), entries)
             for where in (None, *_WHERE)}
    return _Boilerplate(tuple(entries), separators, int(settings.get("body_min_chars", 40)),
                        any_token, views, {e.id: e.where for e in entries})


def _any_of(patterns: list[str], flags: int) -> re.Pattern[str] | None:
    """One regex for a list of alternatives (None when there are none, or when they cannot be
    combined, e.g. a backreference that the alternation renumbers)."""
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
    except re.error:
        return None


def _view(entries: tuple[_Entry, ...], all_entries: list[_Entry]) -> _View:
    # no regex is compiled here (compiling costs start-up time): the combined patterns are
    # compiled once they have been needed often enough (_LazyRegex)
    patterns = [p.pattern for e in entries for p in e.patterns]
    tokens = [(e.id, t) for e in entries for t in e.tokens]
    return _View(
        entries=entries,
        line_entries=tuple(e for e in entries if e.patterns or e.field_re is not None),
        field_entries=tuple(e for e in entries if e.field_re is not None),
        any_pattern=_LazyRegex(patterns, _FLAGS, _COMBINE_AFTER) if len(patterns) > 1 else None,
        has_tokens=bool(tokens),
        tokens=tuple(tokens),
        all_tokens=tokens == [(e.id, t) for e in all_entries for t in e.tokens],
    )


_BOILERPLATE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "boilerplate.yaml")


@functools.lru_cache(maxsize=1)
def boilerplate() -> _Boilerplate:
    """The package's boilerplate list, loaded and compiled once."""
    with open(_BOILERPLATE_PATH, encoding="utf-8") as fh:
        text = fh.read()
    return compile_boilerplate(_parsed_yaml(text))


def _parsed_yaml(text: str) -> Any:
    """The parsed boilerplate YAML, cached as JSON by content hash (auditor.cache, kind "data"):
    a warm start does not import or run PyYAML."""
    from .cache import load_json, store_json

    key = f"boilerplate-{hashlib.sha256(text.encode('utf-8')).hexdigest()}"
    data = load_json("data", key)
    if isinstance(data, dict):
        return data
    import yaml

    data = yaml.safe_load(text)
    store_json("data", key, data)
    return data


# ---------------------------------------------------------------------------------------------


def _fields_match(entry: _Entry, s: str) -> bool:
    """The line is nothing but "label：value" (or "label | value |") pairs with short values."""
    assert entry.field_re is not None and entry.field_start is not None
    if not entry.field_start.match(s):
        return False
    starts = list(entry.field_re.finditer(s))
    if not starts:
        return False
    lead = len(s) - len(s.lstrip(" |"))
    if starts[0].start() != lead:
        return False
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(s)
        if len(s[m.end():end].strip(" |")) > entry.max_value_chars:
            return False
    return True


def _whole_line(view: _View, s: str) -> str | None:
    """Id of the first entry of ``view`` whose pattern or fields cover the line."""
    entries = view.line_entries
    combined = view.any_pattern.get() if view.any_pattern is not None else None
    if combined is not None and combined.fullmatch(s) is None:
        entries = view.field_entries    # the common case: no pattern covers the line
    for entry in entries:
        for pattern in entry.patterns:
            if pattern.fullmatch(s):
                return entry.id
        if entry.field_re is not None and _fields_match(entry, s):
            return entry.id
    return None


def _token_line(bp: _Boilerplate, view: _View, s: str) -> str | None:
    """Id of the first token's entry when the line is made only of chrome tokens of ``view``."""
    if len(s) > _MAX_TOKEN_LINE or not view.has_tokens:
        return None
    pos = _after_separators(bp, s, 0)
    if bp.any_token is not None and not bp.any_token.match(s, pos):
        return None                      # the common case: a line of report text
    first: str | None = None
    n = len(s)
    while pos < n:
        # the longest token here; the first one (in the file's order) of that length
        best_end, best_id = pos, None
        for entry_id, token in view.tokens:
            m = token.match(s, pos)
            if m and m.end() > best_end:
                best_end, best_id = m.end(), entry_id
        if best_id is None:
            return None
        first = first or best_id
        pos = _after_separators(bp, s, best_end)
    return first


def _after_separators(bp: _Boilerplate, s: str, pos: int) -> int:
    """Where the run of separators at ``pos`` ends (the pattern also matches no separator)."""
    m = bp.separators.match(s, pos)
    return m.end() if m else pos


def classify(s: str, where: str | None = None, bp: _Boilerplate | None = None) -> str | None:
    """The id of the boilerplate entry a (normalised, stripped) line is, or None."""
    bp = bp or boilerplate()
    view = bp.views[where]
    return _whole_line(view, s) or _token_line(bp, view, s)


def clean(raw: RawText) -> CleanText:
    """Drop site chrome lines from ``raw``; detect 繁体 and give every line a 简体 ``norm``."""
    traditional = raw.traditional
    if traditional is None:
        traditional = looks_traditional("\n".join(line.text for line in raw.lines))
    lines = raw.lines
    if traditional:
        lines = tuple(Line(line.no, line.text, normalize(line.text, traditional=True))
                      for line in lines)
        # the metadata reader looks at every raw line (發佈日期, 索引號…): simplified too
        raw = replace(raw, lines=lines)
    bp = boilerplate()
    hits = _hits(lines, bp)
    kept: list[Line] = []
    dropped: list[tuple[Line, str]] = []
    for line, hit in zip(lines, hits):
        if hit is None:
            kept.append(line)
        else:
            dropped.append((line, hit))
    return CleanText(raw=raw, lines=tuple(kept), dropped=tuple(dropped), traditional=traditional)


def _hits(lines: tuple[Line, ...], bp: _Boilerplate) -> list[str | None]:
    """The boilerplate id of every line at its position (None: the line is kept).

    A line is chrome when some entry matches it anywhere on the page AND an entry allowed at
    its position matches it. The anywhere test is the costly one (it runs every entry, the
    head/tail-only footers too), so it runs only where it is needed: on the lines that decide
    where the body starts and ends, on the head and tail, and on body lines that an entry
    allowed in the body matches. Any other body line is report text without it.
    """
    n = len(lines)
    everywhere = bp.views[None]
    anywhere: dict[int, tuple[str | None, str | None]] = {}   # (whole-line hit, token hit)

    def chrome(i: int) -> str | None:
        """``classify(norm, None)``, computed once per line."""
        found = anywhere.get(i)
        if found is None:
            s = lines[i].norm
            whole = _whole_line(everywhere, s)
            found = anywhere[i] = (whole, None if whole else _token_line(bp, everywhere, s))
        return found[0] or found[1]

    def at(i: int, where: str) -> str | None:
        """``classify(norm, where)`` of a line that is chrome anywhere."""
        whole, token = anywhere[i]
        if whole is not None and where in bp.where_of[whole]:
            # the first entry whose pattern or fields cover the line anywhere may occur here:
            # no entry before it (in the file's order) covers it, so it is the first here too
            return whole
        if whole is None and bp.views[where].all_tokens:
            # no whole-line entry matches it anywhere, so none at ``where``; and the tokens
            # allowed there are all the tokens: the token reading is the same
            return token
        return classify(lines[i].norm, where, bp)

    # the body runs from the first to the last line that is not chrome and is long enough
    min_chars = bp.body_min_chars
    first = next((i for i in range(n) if len(lines[i].norm) >= min_chars and chrome(i) is None),
                 None)
    if first is None:
        # no body line at all: every position is both head and tail
        return [None if chrome(i) is None else at(i, "head") or at(i, "tail") for i in range(n)]
    last = next(i for i in range(n - 1, first - 1, -1)
                if len(lines[i].norm) >= min_chars and chrome(i) is None)
    hits: list[str | None] = []
    for i, line in enumerate(lines):
        if i < first or i > last:
            hit = None if chrome(i) is None else at(i, "head" if i < first else "tail")
        else:
            hit = classify(line.norm, "body", bp)
            if hit is not None and chrome(i) is None:
                hit = None
        hits.append(hit)
    return hits
