"""Deciding the input type from the content as well as from the file name.

The content decides: a Word document saved with a .txt name is read as Word, a web page
saved as .txt is read as HTML. An extension that promises a binary format (.docx, .pdf) the
content does not have is an error that says what the content looks like; old binary Office
formats (.doc, .wps: OLE2 compound files) get a message asking for .docx. A page saved as a
single file (.mht/.mhtml, a MIME message) is recognised by its headers, whatever its name.
"""

from __future__ import annotations

import io
import os
import re

from ..errors import InputError
from .text import bom_encoding

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
_SNIFF_BYTES = 4096

# markup that only a web page has, anywhere in the first few KB
_HTML_STRONG = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]"
                          r"|<title>|<frameset[\s>]", re.IGNORECASE)
# …or a page that starts right away with a block element (a fragment saved from a page)
_HTML_START = re.compile(r"\s*(?:<!--|<(?:div|p|table|section|article|span|h[1-6]|ul|ol|br|"
                         r"font|center|style|script|link|a)[\s/>])", re.IGNORECASE)

# a single-file web page: MIME headers, one of them "Content-Type: multipart/related"
# (bytes patterns: compiled by re, as the pattern cache keeps text patterns)
_HEADER_START = re.compile(rb"[A-Za-z][A-Za-z0-9-]*:")
_MULTIPART_RELATED = re.compile(rb"^content-type:[ \t]*multipart/related", re.IGNORECASE | re.MULTILINE)
_HEADER_END = re.compile(rb"\r?\n\r?\n")

DESCRIPTIONS = {
    "text": "纯文本",
    "html": "网页（HTML）",
    "mhtml": "单个文件网页（.mht/.mhtml）",
    "docx": "Word 文档",
    "pdf": "PDF 文件",
    "zip": "ZIP 压缩包",
    "ofd": "OFD 版式文件",
    "zip-broken": "不完整或损坏的 ZIP 压缩包",
    "ole2": "旧版 Word/WPS 二进制文档（.doc/.wps）",
    "rtf": "RTF 文档",
    "image": "图片",
    "binary": "二进制数据",
}

OLD_FORMAT = ("这是旧版 Word/WPS 二进制文档（.doc/.wps），无法直接读取；"
              "请用 Word 或 WPS 打开后“另存为” .docx 格式再试")
BROKEN_DOCX = "Word 文件已损坏或不完整（无法按 .docx 格式打开），请重新下载或在 Word 中重新保存后再试"


def content_kind(data: bytes) -> str:
    """What the bytes look like: one of the keys of ``DESCRIPTIONS``."""
    head = data[:_SNIFF_BYTES]
    if head.startswith(_ZIP_MAGICS):
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
                # the main part is found through the package's relationships, and a few tools
                # name it otherwise (word/document2.xml): its content type tells
                main_type = ("[Content_Types].xml" in names and "word/document.xml" not in names
                             and zf.getinfo("[Content_Types].xml").file_size <= 1 << 20
                             and b"wordprocessingml.document.main+xml" in zf.read("[Content_Types].xml"))
        except Exception:  # any failure to read the central directory: broken archive
            return "zip-broken"
        if "word/document.xml" in names or main_type:
            return "docx"
        # OFD (GB/T 33190, the national fixed-layout format): a zip with OFD.xml at its root
        return "ofd" if "OFD.xml" in names else "zip"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_IMAGE_MAGICS):
        return "image"
    if _HEADER_START.match(head):
        end = _HEADER_END.search(head)
        if _MULTIPART_RELATED.search(head[:end.start() if end else len(head)]):
            return "mhtml"
    bom = bom_encoding(head)
    if bom is not None:
        codec, skip = bom
        sample = head[skip:].decode(codec, errors="ignore")
    elif b"\x00" in data:
        from .text import utf16_without_bom

        utf16 = utf16_without_bom(head[: len(head) // 2 * 2])
        if utf16 is None:
            # a stray NUL or two in text is read (text.decode replaces and reports them)
            if data.count(0) > max(16, len(data) // 1000):
                return "binary"
            sample = head.decode("latin-1")
        else:
            sample = head[: len(head) // 2 * 2].decode(utf16, errors="ignore")
    else:
        if b"<" not in head:
            return "text"       # every HTML marker starts with "<"; latin-1 keeps it one byte
        sample = head.decode("latin-1")
    if _HTML_STRONG.search(sample) or _HTML_START.match(sample):
        return "html"
    return "text"


def extension(name: str) -> str:
    """The lower-case extension of a file name, with the dot ("" when there is none)."""
    return os.path.splitext(name)[1].lower()


def sniff(data: bytes, name: str, source: str) -> str:
    """The loader to use: "text" | "html" | "mhtml" | "docx" | "pdf". Raises ``InputError`` for types
    that cannot be read and for an extension the content contradicts."""
    ext = extension(name)
    kind = content_kind(data)
    looks = DESCRIPTIONS[kind]
    if kind in ("docx", "pdf"):
        return kind
    if kind == "ole2":
        raise InputError(OLD_FORMAT, path=source)
    if ext == ".docx":
        if kind == "zip-broken":
            raise InputError(BROKEN_DOCX, path=source)
        raise InputError(f"扩展名为 .docx，但内容不是 Word 文档（看起来是{looks}）", path=source)
    if ext == ".pdf":
        raise InputError(f"扩展名为 .pdf，但内容不是 PDF 文件（看起来是{looks}）", path=source)
    if kind == "zip-broken":
        raise InputError(f"文件已损坏（看起来是{looks}，例如不完整的 .docx），无法读取", path=source)
    if kind == "ofd":
        raise InputError("这是 OFD 版式文件，暂不支持读取；请在 OFD 阅读器（如数科、福昕）中另存为 PDF，"
                         "或使用报告的 Word、网页版本", path=source)
    if kind == "zip":
        raise InputError("不支持的文件类型（看起来是 ZIP 压缩包，例如 .xlsx、.pptx 或 .zip）；"
                         "请提供 .txt、.html、.docx 或 .pdf 格式的报告", path=source)
    if kind == "rtf":
        raise InputError("不支持 RTF 格式；请在 Word 或 WPS 中另存为 .docx 后再试", path=source)
    if kind == "image":
        raise InputError("不是文本文件（看起来是图片），无法读取其中的文字；"
                         "请提供 .txt、.html、.docx 或 .pdf 格式的报告", path=source)
    if kind == "binary":
        from .text import NOT_TEXT

        raise InputError(NOT_TEXT, path=source)
    if kind in ("html", "mhtml"):
        return kind
    if ext in (".doc", ".wps"):
        # a real .doc is OLE2 (handled above); anything else under that name is not a report
        # we can read either, and the user most likely has the Word file at hand
        raise InputError(f"扩展名为 {ext}（旧版 Word/WPS 格式），且内容看起来是{looks}；"
                         "请用 Word 或 WPS 另存为 .docx 格式再试", path=source)
    return "text"
