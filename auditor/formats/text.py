"""Helpers shared by the text formats (table, markdown, matrix): display width and shortening."""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")


def _wcwidth():
    try:
        from wcwidth import wcswidth, wcwidth  # noqa: F401
        return wcwidth
    except ImportError:  # pragma: no cover - wcwidth is a declared dependency
        import unicodedata

        return lambda ch: 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def width(text: str) -> int:
    wc = _wcwidth()
    return sum(max(0, wc(ch)) for ch in text)


def shorten(text: str, limit: int) -> str:
    """Collapse whitespace and cut to ``limit`` display columns, ending with "…" when cut."""
    text = _SPACE.sub(" ", text or "").strip()
    if limit <= 0:
        return ""
    wc = _wcwidth()
    total = 0
    for i, ch in enumerate(text):
        total += max(0, wc(ch))
        if total > limit:
            cut = text[:i]
            while cut and width(cut) > limit - 1:
                cut = cut[:-1]
            return cut + "…"
    return text


def wrap(text: str, limit: int, lines: int = 2) -> list[str]:
    """Cut ``text`` into at most ``lines`` pieces of ``limit`` columns (the last one shortened)."""
    text = _SPACE.sub(" ", text or "").strip()
    out: list[str] = []
    wc = _wcwidth()
    while text and len(out) < lines - 1:
        total = 0
        cut = len(text)
        for i, ch in enumerate(text):
            total += max(0, wc(ch))
            if total > limit:
                cut = i
                break
        out.append(text[:cut])
        text = text[cut:].lstrip()
    if text:
        out.append(shorten(text, limit))
    return out


def last_section(section: str) -> str:
    return section.rsplit(" > ", 1)[-1] if section else ""
