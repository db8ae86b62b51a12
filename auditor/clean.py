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
import os
import re

from .model import CleanText, Line, RawText
from .normalize import looks_traditional, normalize
from .record import record, replace

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing at run time costs ~4 ms of start-up
    from typing import Any

_WHERE = ("head", "body", "tail")
_ALIASES = {"anywhere": ("head", "body", "tail"), "head": ("head",), "tail": ("tail",),
            "body": ("body",)}
# a token line longer than this is not chrome (keeps the token loop cheap on long lines)
_MAX_TOKEN_LINE = 200


@record(frozen=True, slots=False)
class _Entry:
    id: str
    where: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    tokens: tuple[re.Pattern[str], ...]
    field_re: re.Pattern[str] | None       # any label followed by ":" or "|"
    field_start: re.Pattern[str] | None    # …at the start of the line
    max_value_chars: int
    any_token: re.Pattern[str] | None = None   # all the tokens: a cheap first test


@record(frozen=True, slots=False)
class _View:
    """The entries that may occur at one position (or anywhere), with their cheap first tests."""

    entries: tuple[_Entry, ...]
    field_entries: tuple[_Entry, ...]      # …those with fields
    token_entries: tuple[_Entry, ...]      # …those with tokens
    has_patterns: bool
    any_pattern: re.Pattern[str] | None    # every whole-line pattern of these entries
    any_token: re.Pattern[str] | None      # every token of these entries


@record(frozen=True, slots=False)
class _Boilerplate:
    entries: tuple[_Entry, ...]
    separators: re.Pattern[str]
    body_min_chars: int
    views: dict[str | None, _View]         # "head" / "body" / "tail", and None: anywhere


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
    flags = re.IGNORECASE
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
            any_token=_any_of(raw.get("tokens") or [], flags),
        ))
    separators = re.compile(settings.get("separators", r"[\s|]") + "*")
    views = {where: _view(tuple(e for e in entries if where is None or where in e.where), flags)
             for where in (None, *_WHERE)}
    return _Boilerplate(tuple(entries), separators, int(settings.get("body_min_chars", 40)), views)


def _any_of(patterns: list[str], flags: int) -> re.Pattern[str] | None:
    """One regex for a list of alternatives (None when there are none, or when they cannot be
    combined, e.g. a backreference that the alternation renumbers)."""
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
    except re.error:
        return None


def _view(entries: tuple[_Entry, ...], flags: int) -> _View:
    patterns = [p.pattern for e in entries for p in e.patterns]
    return _View(
        entries=entries,
        field_entries=tuple(e for e in entries if e.field_re is not None),
        token_entries=tuple(e for e in entries if e.tokens),
        has_patterns=bool(patterns),
        any_pattern=_any_of(patterns, flags),
        any_token=_any_of([t.pattern for e in entries for t in e.tokens], flags),
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
    from .digest import hexdigest

    key = f"boilerplate-{hexdigest(text.encode('utf-8'))}"
    data = load_json("data", key)
    if data is not None:
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
    """Id of the entry of ``view`` whose pattern or fields cover the line."""
    check_patterns = view.has_patterns and (view.any_pattern is None
                                            or view.any_pattern.fullmatch(s) is not None)
    if check_patterns:
        for entry in view.entries:
            for pattern in entry.patterns:
                if pattern.fullmatch(s):
                    return entry.id
            if entry.field_re is not None and _fields_match(entry, s):
                return entry.id
        return None
    # the common case: no pattern covers the line, only fields can
    for entry in view.field_entries:
        if _fields_match(entry, s):
            return entry.id
    return None


def _token_line(bp: _Boilerplate, view: _View, s: str) -> str | None:
    """Id of the first token's entry when the line is made only of chrome tokens of ``view``."""
    if len(s) > _MAX_TOKEN_LINE or not view.token_entries:
        return None
    pos = bp.separators.match(s).end()
    if view.any_token is not None and not view.any_token.match(s, pos):
        return None                      # the common case: a line of report text
    first: str | None = None
    n = len(s)
    while pos < n:
        best_end, best_id = pos, None
        for entry in view.token_entries:
            if entry.any_token is not None and not entry.any_token.match(s, pos):
                continue                 # none of the entry's tokens is here
            for token in entry.tokens:
                m = token.match(s, pos)
                if m and m.end() > best_end:
                    best_end, best_id = m.end(), entry.id
        if best_id is None:
            return None
        first = first or best_id
        pos = bp.separators.match(s, best_end).end()
    return first


def classify(s: str, where: str | None = None, bp: _Boilerplate | None = None) -> str | None:
    """The id of the boilerplate entry a (normalised, stripped) line is, or None."""
    bp = bp or boilerplate()
    view = bp.views[where]
    return _whole_line(view, s) or _token_line(bp, view, s)


def clean(raw: RawText) -> CleanText:
    """Drop site chrome lines from ``raw``; detect 繁体 and give every line a 简体 ``norm``."""
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
    anywhere: dict[int, str | None] = {}

    def chrome(i: int) -> str | None:
        if i not in anywhere:
            anywhere[i] = classify(lines[i].norm, None, bp)
        return anywhere[i]

    # the body runs from the first to the last line that is not chrome and is long enough
    min_chars = bp.body_min_chars
    first = next((i for i in range(n) if len(lines[i].norm) >= min_chars and chrome(i) is None),
                 None)
    if first is None:
        # no body line at all: every position is both head and tail
        return [None if chrome(i) is None
                else classify(lines[i].norm, "head", bp) or classify(lines[i].norm, "tail", bp)
                for i in range(n)]
    last = next(i for i in range(n - 1, first - 1, -1)
                if len(lines[i].norm) >= min_chars and chrome(i) is None)
    hits: list[str | None] = []
    for i, line in enumerate(lines):
        if i < first or i > last:
            hit = None if chrome(i) is None else classify(line.norm, "head" if i < first else "tail", bp)
        else:
            hit = classify(line.norm, "body", bp)
            if hit is not None and chrome(i) is None:
                hit = None
        hits.append(hit)
    return hits
