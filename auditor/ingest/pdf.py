"""PDF, an optional extra (``pip install 'auditor[pdf]'``): the text layer, line by line.

Line numbers count the lines of the extracted text across all pages (blank lines included),
so a quote can be found again in ``pdftotext``-like output.
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings

from ..errors import InputError
from ..limits import Limits
from ..model import RawText
from .lines import LineCollector, make_raw, split_lines, too_many_elements

NEEDS_EXTRA = "读取 PDF 需要安装可选组件：pip install 'auditor[pdf]'"
NO_TEXT = "无法从 PDF 中提取文字（可能是扫描图片，没有文字层）；请提供 .docx、.txt 或网页版本"
BROKEN = "PDF 文件已损坏或无法解析，请重新下载或另存后再试"


@contextlib.contextmanager
def _quiet():
    """pypdf logs warnings about sloppy files; the CLI promises one line on stderr."""
    logger = logging.getLogger("pypdf")
    old = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(old)


def _tokens(page) -> int:
    """An estimate of the operators and operands in a page's content: its separators (the text
    extraction parses every token, ~15 µs each). Decoding a stream is bounded by pypdf (75 MB)."""
    contents = page.get_contents()
    if contents is None:
        return 0
    data = contents.get_data()
    return data.count(b" ") + data.count(b"\n") + data.count(b"\r") + data.count(b"\t")


def _check_work(reader, source: str, limits: Limits) -> None:
    """Refuse, before extracting any text, a PDF whose pages hold more content tokens than
    ``limits.max_elements`` in all: one page of a small file can hold millions of operators
    (a compressed stream), and one stream can be the content of thousands of pages, parsed
    once per page. Counted per page as it is used, pages included."""
    work = 0
    for page in reader.pages:
        work += 1 + _tokens(page)
        if work > limits.max_elements:
            raise too_many_elements(source, work, limits, "内容（文字绘制指令、页面）")


def load_pdf(data: bytes, source: str, limits: Limits) -> RawText:
    try:
        import pypdf
    except ImportError:
        raise InputError(NEEDS_EXTRA, path=source) from None
    pages: list[str] = []
    with _quiet():
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = bool(reader.decrypt(""))
                except Exception:
                    opened = False
                if not opened:
                    raise InputError("PDF 文件已加密，无法读取；请提供未加密的版本", path=source)
            _check_work(reader, source, limits)
            total = 0
            for page in reader.pages:
                text = page.extract_text() or ""
                total += len(text)
                if total > limits.max_file_bytes * 4:
                    raise InputError("PDF 中提取出的文字过多，不像一份年度报告", path=source)
                pages.append(text)
        except InputError:
            raise
        except Exception:
            raise InputError(BROKEN, path=source) from None
    collector = LineCollector(source, limits)
    no = 0
    for text in pages:
        for line in split_lines(text):
            no += 1
            collector.add(no, line)
    if not collector.lines:
        raise InputError(NO_TEXT, path=source)
    title = None
    with _quiet():
        try:
            meta = reader.metadata
            title = ((meta.title or "").strip() or None) if meta else None
        except Exception:
            title = None
    return make_raw(data, source, "pdf", None, collector.result(), title_hint=title)
