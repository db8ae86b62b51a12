"""Word documents (.docx): paragraphs and tables in document order, with Word's automatic
numbering written back into the text.

A heading numbered "一、" by Word's numbering has no "一、" in its text: the number lives in
numbering.xml. We resolve each paragraph's numbering (its own ``w:numPr`` or one inherited from
its style), keep Word's counters, render the level's ``lvlText`` ("%1、", "（%1）", "%1.%2")
with its ``numFmt`` (decimal, chineseCounting, …) and put the marker in front of the text, so
the segmenter sees what the reader sees.

Line numbers are paragraph numbers in document order; paragraphs inside table cells count.
A short table row becomes one line, its cells joined by " | ", numbered by its first
paragraph. The archive is checked for decompression bombs before its parts are read
(``opc.word_parts``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ..errors import InputError
from ..limits import Limits
from ..model import RawText
from .lines import LineCollector, human_size, make_raw, too_many_elements
from .sniff import BROKEN_DOCX

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {
    "w": W_NS,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
# a table row is one line when short and no cell holds more than two paragraphs (as in html)
_ROW_MAX_CHARS = 300
_CELL_MAX_BLOCKS = 2
_MAX_MEMBERS = 10_000
_HEADING_NAME_RE = re.compile(r"^\s*(?:heading|标题)\s*([1-9])\s*$", re.IGNORECASE)


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _val(el, default=None):
    if el is None:
        return default
    return el.get(_w("val"), default)


def _int(value, default: int | None = None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# ---------------------------------------------------------------------------------------------
# Number formats

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _cn_thousand(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """一百零五, 一千零一十 (list numbers stay below 10000)."""
    if n == 0:
        return digits[0]
    if n >= 10000:
        return str(n)
    out: list[str] = []
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(digits[d] + unit)
    text = "".join(out)
    if units[0] == "十" and text.startswith("一十"):
        text = text[1:]   # 十一, not 一十一
    return text


def _cn_counting(n: int) -> str:
    if 0 <= n < 10:
        return _CN_DIGITS[n]
    return _cn_thousand(n)


def _letters(n: int, base: str) -> str:
    # Word: a … z, aa … zz, aaa …
    if n <= 0:
        return str(n)
    return base[(n - 1) % 26] * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _enclosed(n: int, first: int, count: int = 20) -> str:
    return chr(first + n - 1) if 1 <= n <= count else str(n)


def format_number(n: int, fmt: str) -> str:
    """Render a list counter in a Word ``numFmt``."""
    if fmt in ("decimal", "ordinal", "cardinalText", "ordinalText", "decimalHalfWidth"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    if fmt in ("chineseCounting", "japaneseCounting", "taiwaneseCounting",
               "koreanCounting", "ideographLegalTraditional"):
        return _cn_counting(n) if fmt != "ideographLegalTraditional" else _cn_thousand(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("chineseCountingThousand", "japaneseCountingThousand", "taiwaneseCountingThousand"):
        return _cn_thousand(n)
    if fmt == "chineseLegalSimplified":
        return _cn_thousand(n, _CN_LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(c)] for c in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _enclosed(n, 0x2460)
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488)
    if fmt == "lowerLetter":
        return _letters(n, "abcdefghijklmnopqrstuvwxyz")
    if fmt == "upperLetter":
        return _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "none":
        return ""
    return str(n)


# ---------------------------------------------------------------------------------------------
# Numbering definitions


@dataclass(frozen=True, slots=True)
class _Level:
    start: int
    fmt: str
    text: str | None
    legal: bool
    restart: int | None      # w:lvlRestart: restart after this (1-based) level; 0 = never
    suffix: str              # "tab" | "space" | "nothing"


def _parse_level(lvl) -> _Level:
    text_el = lvl.find(_w("lvlText"))
    return _Level(
        start=_int(_val(lvl.find(_w("start"))), 0) or 0,
        fmt=_val(lvl.find(_w("numFmt")), "decimal") or "decimal",
        text=_val(text_el) if text_el is not None else None,
        legal=lvl.find(_w("isLgl")) is not None and _val(lvl.find(_w("isLgl")), "1") not in ("0", "false"),
        restart=_int(_val(lvl.find(_w("lvlRestart")))),
        suffix=_val(lvl.find(_w("suff")), "tab") or "tab",
    )


class _Styles:
    """Paragraph style properties that matter here: name, basedOn, numPr, outline level."""

    def __init__(self, root) -> None:
        self.styles: dict[str, dict] = {}
        self.default: str | None = None
        if root is None:
            return
        for st in root.iterchildren(_w("style")):
            if st.get(_w("type")) not in (None, "paragraph"):
                continue
            sid = st.get(_w("styleId"))
            if not sid:
                continue
            ppr = st.find(_w("pPr"))
            num_pr = ppr.find(_w("numPr")) if ppr is not None else None
            self.styles[sid] = {
                "name": _val(st.find(_w("name")), "") or "",
                "based_on": _val(st.find(_w("basedOn"))),
                "num_id": _val(num_pr.find(_w("numId"))) if num_pr is not None else None,
                "ilvl": _int(_val(num_pr.find(_w("ilvl")))) if num_pr is not None else None,
                "outline": _int(_val(ppr.find(_w("outlineLvl")))) if ppr is not None else None,
            }
            if st.get(_w("default")) in ("1", "true", "on"):
                self.default = sid

    def chain(self, sid: str | None):
        """The style and the styles it is based on, nearest first (cycles cut)."""
        seen = set()
        sid = sid or self.default
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            yield sid, self.styles[sid]
            sid = self.styles[sid]["based_on"]

    def numbering(self, sid: str | None) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, id of the style carrying it) inherited from a style."""
        for cur, st in self.chain(sid):
            if st["num_id"] is not None:
                return st["num_id"], st["ilvl"], cur
        return None, None, None

    def heading_level(self, sid: str | None, own_outline: int | None) -> int | None:
        if own_outline is not None:
            return own_outline + 1 if 0 <= own_outline < 9 else None
        for _, st in self.chain(sid):
            match = _HEADING_NAME_RE.match(st["name"])
            if match:
                return int(match.group(1))
            if st["outline"] is not None:
                return st["outline"] + 1 if 0 <= st["outline"] < 9 else None
        return None


class _Numbering:
    """Word's list counters, advanced paragraph by paragraph in document order.

    Counters belong to the abstract numbering definition: Word continues a list across
    ``w:num`` instances that share an ``w:abstractNum`` unless an instance overrides a level's
    start (``w:lvlOverride/w:startOverride``), which restarts that level on its first use.
    """

    def __init__(self, root, styles: _Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.abstract_style: dict[str, dict[int, str]] = {}   # abstractNum → ilvl → pStyle
        self.links: dict[str, str] = {}                        # numStyleLink of an abstractNum
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.values: dict[str, dict[int, int]] = {}
        self.used: set[str] = set()
        if root is None:
            return
        for ab in root.iterchildren(_w("abstractNum")):
            aid = ab.get(_w("abstractNumId"))
            if aid is None:
                continue
            levels: dict[int, _Level] = {}
            pstyles: dict[int, str] = {}
            for lvl in ab.iterchildren(_w("lvl")):
                ilvl = _int(lvl.get(_w("ilvl")))
                if ilvl is None:
                    continue
                levels[ilvl] = _parse_level(lvl)
                pstyle = _val(lvl.find(_w("pStyle")))
                if pstyle:
                    pstyles[ilvl] = pstyle
            self.abstract[aid] = levels
            self.abstract_style[aid] = pstyles
            link = _val(ab.find(_w("numStyleLink")))
            if link:
                self.links[aid] = link
        for num in root.iterchildren(_w("num")):
            nid = num.get(_w("numId"))
            aid = _val(num.find(_w("abstractNumId")))
            if nid is None or aid is None:
                continue
            starts: dict[int, int] = {}
            overrides: dict[int, _Level] = {}
            for ov in num.iterchildren(_w("lvlOverride")):
                ilvl = _int(ov.get(_w("ilvl")))
                if ilvl is None:
                    continue
                start = _int(_val(ov.find(_w("startOverride"))))
                if start is not None:
                    starts[ilvl] = start
                lvl = ov.find(_w("lvl"))
                if lvl is not None:
                    overrides[ilvl] = _parse_level(lvl)
            self.nums[nid] = (aid, starts, overrides)

    def _abstract_of(self, nid: str) -> str | None:
        entry = self.nums.get(nid)
        if entry is None:
            return None
        aid = entry[0]
        # an abstractNum that only points at a numbering style: follow the style's numId once
        if aid in self.links and not self.abstract.get(aid):
            linked_nid, _, _ = self.styles.numbering(self.links[aid])
            if linked_nid and linked_nid in self.nums:
                return self.nums[linked_nid][0]
        return aid

    def _level(self, nid: str, aid: str, ilvl: int) -> _Level | None:
        _, _, override = self.nums[nid]
        return override.get(ilvl) or self.abstract.get(aid, {}).get(ilvl)

    def _start(self, nid: str, aid: str, ilvl: int) -> int:
        _, starts, _ = self.nums[nid]
        if ilvl in starts:
            return starts[ilvl]
        level = self._level(nid, aid, ilvl)
        return level.start if level else 1

    def marker(self, ppr, style_id: str | None) -> str | None:
        """Advance the counters for one paragraph and return its rendered marker, if any."""
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        nid = _val(num_pr.find(_w("numId"))) if num_pr is not None else None
        ilvl = _int(_val(num_pr.find(_w("ilvl")))) if num_pr is not None else None
        carrier = None
        if nid is None:
            nid, style_ilvl, carrier = self.styles.numbering(style_id)
            if ilvl is None:
                ilvl = style_ilvl
        if nid is None or nid == "0" or nid not in self.nums:
            return None
        aid = self._abstract_of(nid)
        if aid is None or aid not in self.abstract:
            return None
        if ilvl is None:
            # a style linked to a level of the list (w:lvl/w:pStyle) carries that level
            ilvl = 0
            if carrier:
                for lv, ps in self.abstract_style.get(aid, {}).items():
                    if ps == carrier:
                        ilvl = lv
                        break
        ilvl = max(0, min(ilvl, 8))
        level = self._level(nid, aid, ilvl)
        if level is None:
            return None
        values = self.values.setdefault(aid, {})
        if nid not in self.used:
            self.used.add(nid)
            for lv in self.nums[nid][1]:
                values.pop(lv, None)       # startOverride: this instance starts the level anew
        values[ilvl] = values[ilvl] + 1 if ilvl in values else self._start(nid, aid, ilvl)
        for deeper in [lv for lv in values if lv > ilvl]:
            deeper_level = self._level(nid, aid, deeper)
            restart = deeper_level.restart if deeper_level else None
            if restart is None or (restart != 0 and ilvl < restart):
                del values[deeper]
        if level.fmt == "bullet" or not level.text:
            return None
        out = level.text
        for k in range(9, 0, -1):          # %10 does not exist; go downwards anyway for safety
            token = f"%{k}"
            if token not in out:
                continue
            lv = k - 1
            value = values.get(lv, self._start(nid, aid, lv))
            lv_level = self._level(nid, aid, lv)
            fmt = "decimal" if (level.legal and lv != ilvl) else (lv_level.fmt if lv_level else "decimal")
            out = out.replace(token, format_number(value, fmt))
        out = out.strip()
        if not out:
            return None
        if level.suffix != "nothing" and not _ends_with_punct(out):
            out += " "
        return out


def _ends_with_punct(marker: str) -> bool:
    return marker[-1] in "、.．)）]】:：,，" or not marker[-1].isalnum()


# ---------------------------------------------------------------------------------------------
# Reading the body


def _open_archive(data: bytes, source: str, limits: Limits):
    """The zip, once its member count and unpacked size are within bounds."""
    import zipfile

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except Exception:
        raise InputError(BROKEN_DOCX, path=source) from None
    if len(infos) > _MAX_MEMBERS:
        raise InputError(f"Word 文件内部条目过多（{len(infos)} 个），不像正常的文档", path=source)
    xml_total = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    total = sum(i.file_size for i in infos)
    if xml_total > limits.max_unpacked_bytes or total > 4 * limits.max_unpacked_bytes:
        raise InputError(
            f"Word 文件解压后过大（{human_size(max(xml_total, total))}，上限 "
            f"{human_size(limits.max_unpacked_bytes)}），可能是恶意构造的压缩包，已拒绝读取",
            path=source)
    return zf


def _xpath(expr: str):
    from lxml import etree

    return etree.XPath(expr, namespaces=_NS)


_XP_CACHE: dict[str, object] = {}


def _xp(expr: str):
    fn = _XP_CACHE.get(expr)
    if fn is None:
        fn = _XP_CACHE[expr] = _xpath(expr)
    return fn


_RUN_PIECES = (".//w:r[not(ancestor::mc:Fallback)]/w:t"
               " | .//w:r[not(ancestor::mc:Fallback)]/w:tab"
               " | .//w:r[not(ancestor::mc:Fallback)]/w:br"
               " | .//w:r[not(ancestor::mc:Fallback)]/w:cr"
               " | .//w:r[not(ancestor::mc:Fallback)]/w:noBreakHyphen")


def _paragraph_text(p) -> str:
    pieces: list[str] = []
    for el in _xp(_RUN_PIECES)(p):
        tag = el.tag
        if tag == _w("t"):
            pieces.append(el.text or "")
        elif tag == _w("tab"):
            pieces.append("\t")
        elif tag == _w("noBreakHyphen"):
            pieces.append("-")
        elif tag == _w("br") and el.get(_w("type")) in ("page", "column"):
            pieces.append(" ")
        else:
            pieces.append("\n")
    return "".join(pieces)


class _Reader:
    def __init__(self, numbering: _Numbering, styles: _Styles, collector: LineCollector) -> None:
        self.numbering = numbering
        self.styles = styles
        self.collector = collector
        self.count = 0                   # paragraph number in document order
        self.hints: dict[int, int] = {}
        # (w:p, list marker) of every paragraph counted, when a caller needs the elements
        self.elements: list[tuple[object, str | None]] | None = None

    def paragraph(self, p) -> tuple[int, str, int | None]:
        """(paragraph number, text with its list marker, heading level)."""
        self.count += 1
        if self.count > self.collector.limits.max_lines:
            # empty paragraphs are numbered lines too: they count toward the bound
            raise self.collector.too_many_lines()
        ppr = p.find(_w("pPr"))
        style_id = _val(ppr.find(_w("pStyle"))) if ppr is not None else None
        text = _paragraph_text(p)
        marker = self.numbering.marker(ppr, style_id)
        if self.elements is not None:
            self.elements.append((p, marker if marker and text.strip() else None))
        if marker and text.strip():
            text = marker + text.lstrip()
        own_outline = _int(_val(ppr.find(_w("outlineLvl")))) if ppr is not None else None
        level = self.styles.heading_level(style_id, own_outline)
        return self.count, text, level

    def emit(self, no: int, text: str, level: int | None) -> None:
        first = True
        for piece in text.split("\n"):
            if self.collector.add(no, piece) and first:
                first = False
                if level:
                    self.hints.setdefault(no, level)

    def table(self, tbl) -> None:
        for tr in tbl.iterchildren(_w("tr")):
            cells: list[list[tuple[int, str, int | None]]] = []
            nested = False
            for tc in tr.iterchildren(_w("tc")):
                paras = _xp(".//w:p[not(ancestor::w:txbxContent)]")(tc)
                if not nested and _xp(".//w:tbl")(tc):
                    nested = True
                cells.append([self.paragraph(p) for p in paras])
            flat = [" ".join(t.replace("\n", " ").strip() for _, t, _ in cell if t.strip())
                    for cell in cells]
            blocks = max((sum(1 for _, t, _ in cell if t.strip()) for cell in cells), default=0)
            if (cells and not nested and blocks <= _CELL_MAX_BLOCKS
                    and sum(len(c) for c in flat) <= _ROW_MAX_CHARS):
                if any(flat):
                    first = next(no for cell in cells for no, _, _ in cell)
                    self.collector.add(first, " | ".join(flat))
            else:
                for cell in cells:
                    for no, text, level in cell:
                        self.emit(no, text, level)

    def body(self, body) -> None:
        stack = list(body.iterchildren())
        stack.reverse()
        while stack:
            el = stack.pop()
            tag = el.tag
            if tag == _w("p"):
                self.emit(*self.paragraph(el))
            elif tag == _w("tbl"):
                self.table(el)
            elif tag in (_w("sdt"), _w("customXml"), _w("sdtContent"), _w("ins"), _w("smartTag")):
                inner = el.find(_w("sdtContent")) if tag == _w("sdt") else el
                if inner is not None:
                    children = list(inner.iterchildren())
                    children.reverse()
                    stack.extend(children)


def numbered_paragraphs(document, styles_root, numbering_root, source: str,
                        limits: Limits) -> list[tuple[object, str | None]]:
    """Every paragraph of the ``w:document`` element that ``load_docx`` counts, in its order
    (paragraph number n is item n - 1), with the list marker put in front of its text (None
    when it has none): where a source line number of a Word file is in the XML."""
    styles = _Styles(styles_root)
    reader = _Reader(_Numbering(numbering_root, styles), styles, LineCollector(source, limits))
    reader.elements = []
    reader.body(document.find(_w("body")))
    return reader.elements


def load_docx(data: bytes, source: str, limits: Limits) -> RawText:
    """A Word document: paragraphs and table rows in document order."""
    from .opc import TooManyElements, word_parts

    zf = _open_archive(data, source, limits)
    try:
        with zf:
            parts = word_parts(zf, limits.max_elements)
    except TooManyElements as exc:
        raise too_many_elements(source, exc.found, limits, "元素（段落、换行、单元格等）") from None
    except Exception:
        raise InputError(BROKEN_DOCX, path=source) from None
    styles = _Styles(parts.styles)
    numbering = _Numbering(parts.numbering, styles)
    collector = LineCollector(source, limits)
    reader = _Reader(numbering, styles, collector)
    try:
        reader.body(parts.document.find(_w("body")))
    except InputError:
        raise
    except Exception:
        raise InputError(BROKEN_DOCX, path=source) from None
    return make_raw(data, source, "docx", None, collector.result(),
                    heading_hints=dict(reader.hints), title_hint=parts.title)
