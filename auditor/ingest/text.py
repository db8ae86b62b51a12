"""Plain text (.txt, .md): encoding detection and line splitting.

Encodings are detected, never assumed: a byte-order mark wins; then strict UTF-8; then strict
GB18030 (a superset of GBK and GB2312, the usual encodings of Chinese government sites);
then charset-normalizer as the last resort. Anything that still does not look like text is
reported as binary.
"""

from __future__ import annotations

import re

from ..errors import InputError
from ..limits import Limits
from ..model import RawText
from .lines import LineCollector, make_raw

# (BOM, codec). UTF-32 LE must be tried before UTF-16 LE: its BOM starts with FF FE.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# C0 controls other than tab, line feed, vertical tab, form feed and carriage return, plus DEL
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# …as bytes: UTF-8 and GB18030 never use them inside a multi-byte character, so text decoded
# from bytes without any has no control characters (bytes.translate finds them far faster
# than a regex scan of the text)
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not _CONTROL_RE.match(chr(b)))
_ASCII_SAFE_CODECS = ("utf-8", "gb18030")
# Names that mean "some GB encoding": decode them all as GB18030, which is a superset.
_GB_ALIASES = frozenset({"gb2312", "gbk", "gb_2312-80", "gb_2312", "x-gbk", "cp936", "ms936",
                         "euc-cn", "euccn", "x-euc-cn", "gb18030", "csgb2312", "chinese",
                         "iso-ir-58", "windows-936"})

NOT_TEXT = "不是文本文件（看起来是二进制数据），无法读取；请提供 .txt、.html、.docx 或 .pdf 格式的报告"


def canonical_encoding(name: str | None) -> str | None:
    """A Python codec name for an encoding label found in a page, or None if unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in _GB_ALIASES:
        return "gb18030"
    if label in ("utf8", "utf-8", "unicode-1-1-utf-8"):
        return "utf-8"
    import codecs

    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) when ``data`` starts with a byte-order mark."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


_PRINTABLE_CONTROLS = frozenset("\t\n\r\x0b\x0c")


def utf16_without_bom(data: bytes) -> str | None:
    """The codec ("utf-16-le"/"utf-16-be") of UTF-16 text saved without a byte-order mark, or
    None. Such text has most of its zero bytes (the high bytes of ASCII characters and line
    breaks) on one side of each code unit and decodes strictly to text without NULs."""
    if len(data) < 16 or len(data) % 2:
        return None
    sample = data[:65536]
    try:
        sample.decode("utf-8")      # UTF-8 with NULs in it is binary, not UTF-16
        return None
    except UnicodeDecodeError as exc:
        if exc.end == len(sample) and exc.start >= len(sample) - 3:
            return None             # valid UTF-8 cut by the sample's end
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if max(even, odd) < 2:
        return None
    if odd > 4 * even:
        codec = "utf-16-le"
    elif even > 4 * odd:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = sample.decode(codec)
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    controls = sum(1 for ch in text if ch < " " and ch not in _PRINTABLE_CONTROLS)
    return codec if controls <= max(4, len(text) // 100) else None


# at most this share of undecodable bytes (and NULs) is replaced and reported, not refused
_MAX_REPLACED_SHARE = 1000       # one byte in a thousand…
_MIN_REPLACED_ALLOWED = 16       # …or this many in a small file
_REPLACED_LINES_SHOWN = 10


def replaced_lines(text: str) -> tuple[int, ...]:
    """The first lines (numbered as ``split_lines`` numbers them) holding U+FFFD."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[int] = []
    start = 0
    while len(out) < _REPLACED_LINES_SHOWN:
        pos = text.find("\ufffd", start)
        if pos < 0:
            break
        out.append(text.count("\n", 0, pos) + 1)
        start = text.find("\n", pos) + 1
        if start == 0:
            break
    return tuple(out)


def _mostly_decodable(data: bytes, source: str, candidates: list[str]) -> tuple[str, str] | None:
    """(text, codec) of a file that is text but for a few bytes: a stray 0xFF or NUL, a word
    saved in Latin-1 inside UTF-8. The bytes become U+FFFD; None when there are too many (more
    than one byte in a thousand, at least 16 allowed, and never more than 1% of the text)."""
    allowed = max(_MIN_REPLACED_ALLOWED, len(data) // _MAX_REPLACED_SHARE)
    nuls = data.count(0)
    if nuls > allowed:
        return None
    best: tuple[int, str, str] | None = None
    for codec in candidates:
        try:
            text = data.decode(codec, errors="replace")
        except LookupError:
            continue
        bad = text.count("\ufffd") + nuls
        if bad <= allowed and bad * 100 <= len(text) and (best is None or bad < best[0]):
            best = (bad, text, codec)
    if best is None:
        return None
    text = best[1].replace("\x00", "\ufffd") if nuls else best[1]
    return _check_text(text, source), best[2]


def decode(data: bytes, source: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` into text; returns (text, encoding name).

    ``declared`` is an encoding named by the file itself (an HTML ``<meta charset>``); it is
    tried first but not trusted blindly, since pages often declare the wrong one. A file that
    is text but for a few bytes (at most one in a thousand) has them replaced by U+FFFD
    (``replaced_lines`` finds where).
    """
    bom = bom_encoding(data)
    if bom is not None:
        codec, skip = bom
        try:
            text = data[skip:].decode(codec)
        except UnicodeDecodeError:
            text = data[skip:].decode(codec, errors="replace")
        return _check_text(text, source), codec + ("-sig" if codec == "utf-8" else "")
    candidates: list[str] = []
    for name in (canonical_encoding(declared), "utf-8", "gb18030"):
        if name and name not in candidates:
            candidates.append(name)
    if b"\x00" in data:
        utf16 = utf16_without_bom(data)
        if utf16 is None:
            found = _mostly_decodable(data, source, candidates)   # a stray NUL or two
            if found is None:
                raise InputError(NOT_TEXT, path=source)
            return found
        try:
            return _check_text(data.decode(utf16), source), utf16
        except UnicodeDecodeError:
            raise InputError(NOT_TEXT, path=source) from None
    for codec in candidates:
        try:
            text = data.decode(codec)
            if codec in _ASCII_SAFE_CODECS and not data.translate(None, _NOT_CONTROL_BYTES):
                return text, codec          # no control bytes, so no control characters
            return _check_text(text, source), codec
        except UnicodeDecodeError as exc:
            # a file cut short (an interrupted download or copy) ends inside a character:
            # it is still text in this encoding, with the last character lost
            if exc.end == len(data) and exc.start >= len(data) - 3 and exc.start > 0:
                try:
                    text = data[:exc.start].decode(codec) + "\ufffd"
                except UnicodeDecodeError:
                    continue
                return _check_text(text, source), codec
            continue
        except LookupError:
            continue
    found = _mostly_decodable(data, source, candidates)
    if found is not None:
        return found
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(NOT_TEXT, path=source)
    text = str(best)
    if text.count("\ufffd") > max(8, len(text) // 50):
        raise InputError(NOT_TEXT, path=source)
    return _check_text(text, source), best.encoding


def _check_text(text: str, source: str) -> str:
    """Reject decoded "text" that is mostly control characters (a binary file that happened to
    decode)."""
    controls = len(_CONTROL_RE.findall(text, 0, 65536))
    if controls > max(4, min(len(text), 65536) // 100):
        raise InputError(NOT_TEXT, path=source)
    return text


def load_text(data: bytes, source: str, limits: Limits) -> RawText:
    """A plain-text file: one ``Line`` per non-blank line, numbered as an editor numbers them."""
    text, encoding = decode(data, source)
    collector = LineCollector(source, limits)
    collector.add_text(text)
    return make_raw(data, source, "text", encoding, collector.result(),
                    traditional=collector.traditional,
                    replaced_lines=replaced_lines(text) if "\ufffd" in text else ())
