"""Web pages saved as a single file (.mht / .mhtml): "网页，单个文件" in IE, Edge, Chrome and
the 360 browser.

The file is a MIME message (RFC 2557, multipart/related): the page's HTML is one part,
usually quoted-printable or base64 encoded, with the images and style sheets as further
parts. The root part — the one the ``start`` parameter names, else the first HTML part —
is decoded and read as a web page (``html.load_html``), with the charset its MIME header
names. Line numbers are those of the decoded page, as a browser's "view source" shows it.
"""

from __future__ import annotations

from ..errors import InputError
from ..limits import Limits
from ..model import RawText

NO_PAGE = "单个文件网页（.mht/.mhtml）中没有找到网页正文（HTML 部分），无法读取；请在浏览器中打开后另存为 .html 再试"
# A saved government page has tens to a few hundred parts (images, style sheets, frames). The
# email parser is pure Python, ~25 µs and ~0.8 KB a part: the bound keeps a crafted file of
# tiny parts under a second.
_MAX_PARTS = 20_000


def _root_part(message):
    """The page of a multipart/related message: the part named by ``start``, else the first
    text/html part; a message that is itself text/html is its own page."""
    if not message.is_multipart():
        return message if message.get_content_type() == "text/html" else None
    start = (message.get_param("start") or "").strip()
    parts = [p for p in message.walk() if not p.is_multipart()]
    if start:
        wanted = start.strip("<>")
        for part in parts:
            if (part.get("Content-ID") or "").strip().strip("<>") == wanted:
                return part
    for part in parts:
        if part.get_content_type() == "text/html":
            return part
    return None


def load_mhtml(data: bytes, source: str, limits: Limits) -> RawText:
    """The page inside a single-file web page."""
    from email import policy
    from email.parser import BytesParser

    from .html import load_html

    delimiters = data.count(b"\n--")      # every part starts at a line "--boundary"
    if delimiters > _MAX_PARTS:
        raise InputError(f"单个文件网页（.mht/.mhtml）内部部件过多（约 {delimiters} 个），"
                         "不像正常的网页，已拒绝读取", path=source)
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(data)
        part = _root_part(message)
        page = part.get_payload(decode=True) if part is not None else None
        charset = part.get_content_charset() if part is not None else None
    except Exception:
        raise InputError(NO_PAGE, path=source) from None
    if not page or not isinstance(page, bytes):
        raise InputError(NO_PAGE, path=source)
    return load_html(page, source, limits, declared=charset, container=data, file_format="mhtml")
