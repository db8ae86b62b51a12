"""Web pages (.html, .htm, .shtml): charset, visible text as lines, markup hints.

The page is parsed with lxml's HTML parser (fast, and every element knows its source line);
BeautifulSoup is the fallback when lxml cannot parse it. The tree is walked iteratively —
never recursively — so deeply nested markup cannot exhaust the Python stack; nesting deeper
than ``Limits.max_html_depth`` (or than the parser's own bound) is an input error.

What becomes text: everything but scripts, styles, navigation, footers, form controls and
comments. Hidden elements are kept on purpose: text injected into a defaced page is often
hidden, and a rule has to see it. Block elements end a line; a short table row becomes one
line with its cells joined by " | " (sites put 索引号/发布日期 in such tables); a long row
(a layout table holding the article) is read block by block instead.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from ..errors import InputError
from ..limits import Limits
from ..model import RawText
from .lines import (LineCollector, count_elements, make_raw, split_lines, strip_line,
                    too_many_elements)
from .text import decode, replaced_lines


_DROP = frozenset({
    "head", "script", "style", "noscript", "template", "iframe", "frame", "frameset", "svg",
    "math", "nav", "footer", "input", "select", "option", "optgroup", "textarea", "button",
    "object", "embed", "applet", "canvas", "audio", "video", "map", "datalist", "link", "meta",
})
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
    "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main",
    "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul", "title", "listing", "plaintext", "xmp",
})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_PRE = frozenset({"pre", "listing", "plaintext", "xmp", "textarea"})
# a table row with at most this much text, and no cell holding more than two blocks, is one
# line ("索引号 | … | 发布日期 | …")
_ROW_MAX_CHARS = 300
_CELL_MAX_BLOCKS = 2

# HTML's collapsible white space (not \xa0, \u3000), and runs of spaces. Both are written to
# start with a single character rather than a repeat ("[…]+", " {2,}"): the regex engine then
# skips ahead to that character instead of trying a match at every position of the text.
_WS_RE = re.compile(r"[ \t\n\r\f][ \t\n\r\f]*")
_SPACES_RE = re.compile(r"  +")
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING_RE = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
                              re.IGNORECASE)
_DEPTH_NUMBER_RE = re.compile(r"depth[^0-9]*(\d+)", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in ``<meta charset>``/``http-equiv`` or an XML prolog."""
    head = data[:16384]
    match = _META_CHARSET_RE.search(head) or _XML_ENCODING_RE.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _too_deep(source: str, depth: int) -> InputError:
    return InputError(f"网页元素嵌套层数过多（超过 {depth} 层），不像正常的网页，无法可靠读取",
                      path=source)


class _Emitter:
    """Turns a stream of open/text/close events into lines."""

    __slots__ = ("sink", "buf", "no", "last", "headings", "hints", "pre")

    def __init__(self, sink: Callable[[int, str], bool]) -> None:
        self.sink = sink
        self.buf: list[str] = []
        self.no: int | None = None       # source line where the current line's text starts
        self.last = 1                    # last known source line
        self.headings: list[int] = []
        self.hints: dict[int, int] = {}
        self.pre = 0

    def line_of(self, sourceline: int | None) -> int:
        if sourceline:
            self.last = sourceline
        return self.last

    def open(self, tag: str, sourceline: int | None) -> None:
        if sourceline:
            self.last = sourceline
        if tag in _BLOCK:
            self.flush()
        level = _HEADINGS.get(tag)
        if level:
            self.headings.append(level)
        if tag in _PRE:
            self.pre += 1

    def close(self, tag: str) -> None:
        if tag in _BLOCK:
            self.flush()
        if tag in _HEADINGS and self.headings:
            self.headings.pop()
        if tag in _PRE and self.pre:
            self.pre -= 1

    def text(self, text: str, sourceline: int | None) -> None:
        if sourceline:
            self.last = sourceline
        no = self.last
        if self.pre:
            pieces = split_lines(text)
            for i, piece in enumerate(pieces):
                if i:
                    self.flush()
                    no += 1
                self._append(piece, no)
            return
        self._append(_WS_RE.sub(" ", text), no)

    def _append(self, text: str, no: int) -> None:
        if not text:
            return
        if self.no is None:
            if text.isspace():
                if self.buf:
                    self.buf.append(text)
                return
            self.no = no
        self.buf.append(text)

    def row(self, cells: list[str], sourceline: int | None) -> None:
        no = self.line_of(sourceline)
        self.flush()
        if any(cells):
            self.sink(no, " | ".join(cells))

    def flush(self) -> None:
        if not self.buf:
            self.no = None
            return
        text = "".join(self.buf)
        self.buf.clear()
        no = self.no if self.no is not None else self.last
        self.no = None
        if not self.pre:
            text = _SPACES_RE.sub(" ", text)
        if self.sink(no, text) and self.headings:
            self.hints.setdefault(no, self.headings[-1])


def _cell_sink(parts: list[str]) -> Callable[[int, str], bool]:
    def add(no: int, text: str) -> bool:
        text = strip_line(text)
        if text:
            parts.append(text)
        return bool(text)
    return add


# ---------------------------------------------------------------------------------------------
# lxml


def _walk_lxml(root, em: _Emitter, max_depth: int, source: str, rows: bool = True) -> None:
    # Every read of an lxml property builds a new Python object (``text`` and ``tail`` decode
    # the text again), so each is read once.
    stack: list[tuple[Any, int]] = [(root, 1)]       # lxml elements (lxml has no type stubs)
    while stack:
        el, depth = stack.pop()
        if depth < 0:                     # end of an element
            em.close(el.tag)
            tail = el.tail
            if tail:
                em.text(tail, el.sourceline)
            continue
        tag = el.tag
        if not isinstance(tag, str) or tag in _DROP:   # comment, PI, entity, dropped element
            tail = el.tail
            if tail:
                em.text(tail, el.sourceline)
            continue
        if depth > max_depth:
            raise _too_deep(source, max_depth)
        line = el.sourceline
        if rows and tag == "tr":
            cells = _row_cells_lxml(el, max_depth - depth, source)
            if cells is not None:
                em.row(cells, line)
                tail = el.tail
                if tail:
                    em.text(tail, line)
                continue
        em.open(tag, line)
        text = el.text
        if text:
            em.text(text, line)
        stack.append((el, -1))
        depth += 1
        stack.extend([(child, depth) for child in reversed(list(el))])


def _row_cells_lxml(tr, max_depth: int, source: str) -> list[str] | None:
    """The cell texts of a short table row, or None when the row is to be read block by block."""
    if tr.find(".//table") is not None:
        return None
    return _row_cells((cell for cell in tr if cell.tag in ("td", "th")), _walk_lxml, max_depth,
                      source)


def _row_cells(cells, walk, max_depth: int, source: str) -> list[str] | None:
    """The texts of a row's cells read with ``walk`` (the lxml or the bs4 walk); None when the
    row is too long or a cell holds too many blocks to be one line."""
    out: list[str] = []
    total = 0
    for cell in cells:
        parts: list[str] = []
        walk(cell, _Emitter(_cell_sink(parts)), max_depth, source, rows=False)
        text = " ".join(parts)
        total += len(text)
        if total > _ROW_MAX_CHARS or len(parts) > _CELL_MAX_BLOCKS:
            return None
        out.append(text)
    return out if out else None


def _parse_lxml(text: str, source: str):
    """Parse with lxml; returns the root element or None when lxml cannot make a tree."""
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                              no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(text.encode("utf-8", errors="replace"), parser)
    except Exception:  # lxml could not build a tree at all: let BeautifulSoup try
        root = None
    for entry in parser.error_log:
        if "depth" in entry.message.lower():
            match = _DEPTH_NUMBER_RE.search(entry.message)
            raise _too_deep(source, int(match.group(1)) if match else 256)
    return root


def _hints_lxml(root) -> tuple[str | None, dict[str, str]]:
    title_el = root.find("head/title")
    if title_el is None:
        title_el = root.find(".//title")
    title = None
    if title_el is not None:
        title = strip_line(_WS_RE.sub(" ", "".join(title_el.itertext()))) or None
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        name = el.get("name") or el.get("property")
        content = el.get("content")
        if name and content:
            value = strip_line(_WS_RE.sub(" ", content))[:1000]
            if value:
                meta.setdefault(name.strip(), value)
    return title, meta


# ---------------------------------------------------------------------------------------------
# BeautifulSoup (fallback)


def _walk_bs4(root, em: _Emitter, max_depth: int, source: str, rows: bool = True) -> None:
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    stack: list[tuple[Any, int]] = [(root, 1)]       # bs4 tags and strings
    while stack:
        node, depth = stack.pop()
        if depth < 0:
            em.close(node.name)
            em.line_of(node.sourceline)
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, doctype, CDATA, PIs
                em.text(str(node), None)
            continue
        if not isinstance(node, Tag):
            continue
        tag = (node.name or "").lower()
        if tag in _DROP:
            continue
        if depth > max_depth:
            raise _too_deep(source, max_depth)
        if rows and tag == "tr":
            cells = _row_cells_bs4(node, max_depth - depth, source)
            if cells is not None:
                em.row(cells, node.sourceline)
                continue
        if tag != "[document]":
            em.open(tag, node.sourceline)
            stack.append((node, -1))
        children = list(node.contents)
        children.reverse()
        depth += 1
        stack.extend((child, depth) for child in children)


def _row_cells_bs4(tr, max_depth: int, source: str) -> list[str] | None:
    if tr.find("table") is not None:
        return None
    return _row_cells(tr.find_all(("td", "th"), recursive=False), _walk_bs4, max_depth, source)


def _hints_bs4(soup) -> tuple[str | None, dict[str, str]]:
    title = None
    if soup.title is not None:
        title = strip_line(_WS_RE.sub(" ", soup.title.get_text())) or None
    meta: dict[str, str] = {}
    for el in soup.find_all("meta"):
        name = el.get("name") or el.get("property")
        content = el.get("content")
        if isinstance(name, str) and isinstance(content, str) and name and content:
            value = strip_line(_WS_RE.sub(" ", content))[:1000]
            if value:
                meta.setdefault(name.strip(), value)
    return title, meta


# ---------------------------------------------------------------------------------------------


def load_html(data: bytes, source: str, limits: Limits, *, declared: str | None = None,
              container: bytes | None = None, file_format: str = "html") -> RawText:
    """A web page: visible text as lines numbered by their place in the page source.

    For a page taken out of a container (a .mht/.mhtml file): ``declared`` is the charset
    its MIME part names, tried before the page's own ``<meta charset>``; ``container`` is the
    file's bytes (the result's hash and size are the file's), ``file_format`` its format."""
    text, encoding = decode(data, source, declared or declared_charset(data))
    # parsing costs memory and time by the element, not by the byte: 19.5 MB of bare "<p>"
    # is 6.5 million elements (seconds and gigabytes); count them before parsing
    elements = count_elements(text)
    if elements > limits.max_elements:
        raise too_many_elements(source, elements, limits, "网页元素")
    collector = LineCollector(source, limits)
    em = _Emitter(collector.add)
    root = _parse_lxml(text, source)
    if root is not None:
        _walk_lxml(root, em, limits.max_html_depth, source)
        title, meta = _hints_lxml(root)
    else:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(text, "html.parser")
        _walk_bs4(soup, em, limits.max_html_depth, source)
        title, meta = _hints_bs4(soup)
    em.flush()
    return make_raw(data if container is None else container, source, file_format, encoding,
                    collector.result(), heading_hints=dict(em.hints), title_hint=title,
                    meta_hints=meta,
                    replaced_lines=replaced_lines(text) if "\ufffd" in text else ())
