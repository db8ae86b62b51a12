"""Loaders: encodings, line numbers, HTML structure, Word numbering, PDF, type sniffing."""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.errors import InputError
from auditor.ingest import load
from auditor.ingest.docx import format_number
from auditor.limits import Limits

CORPUS_FILES = ["xialu-2024.txt", "yingwu-jiedao-2024.txt", "xinglongtai-2024.txt",
                "qingshan-2021.txt", "yuncheng-2024.txt"]

REPORT = "某区2024年法治政府建设情况报告\n\n一、主要举措及成效\n（一）坚持党的领导。\n"


def texts(raw):
    return [line.text for line in raw.lines]


# ---------------------------------------------------------------------------------------------
# Plain text: encodings


@pytest.mark.parametrize("encoding, prefix, expected", [
    ("utf-8", b"", "utf-8"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ("utf-16-le", b"\xff\xfe", "utf-16-le"),
    ("utf-16-be", b"\xfe\xff", "utf-16-be"),
    ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32-le"),
    ("gb18030", b"", "gb18030"),
    ("gbk", b"", "gb18030"),
])
def test_text_encoding_is_detected(encoding, prefix, expected):
    raw = load(data=prefix + REPORT.encode(encoding), name="r.txt")
    assert raw.file_format == "text"
    assert raw.encoding == expected
    assert texts(raw) == ["某区2024年法治政府建设情况报告", "一、主要举措及成效", "（一）坚持党的领导。"]


def test_text_line_numbers_skip_blank_lines_but_keep_counting():
    raw = load(data="第一行\r\n\r\n  \n第四行\n".encode(), name="r.txt")
    assert [(line.no, line.text) for line in raw.lines] == [(1, "第一行"), (4, "第四行")]


def test_text_lines_are_stripped_of_ideographic_and_no_break_spaces():
    raw = load(data="\u3000\u30002024年，全区\xa0推进。\xa0\u200b\n".encode(), name="r.txt")
    assert raw.lines[0].text == "2024年，全区\xa0推进。"


def test_text_hash_and_size_are_of_the_input_bytes():
    import hashlib

    data = REPORT.encode("gb18030")
    raw = load(data=data, name="r.txt")
    assert raw.size == len(data)
    assert raw.sha256 == hashlib.sha256(data).hexdigest()


def test_text_from_a_path_keeps_the_path_as_source(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_bytes(REPORT.encode())
    assert load(path).source == str(path)


def test_stdin_is_read_when_source_is_a_dash(monkeypatch):
    fake = io.TextIOWrapper(io.BytesIO(REPORT.encode("utf-16")), encoding="utf-16")
    monkeypatch.setattr(sys, "stdin", fake)
    raw = load("-")
    assert raw.source == "<stdin>"
    assert raw.lines[1].text == "一、主要举措及成效"


def test_long_lines_are_cut_to_the_limit():
    limits = Limits(max_line_chars=10)
    raw = load(data=("法" * 50).encode(), name="r.txt", limits=limits)
    assert raw.lines[0].text == "法" * 10


def test_too_many_lines_is_an_input_error():
    with pytest.raises(InputError, match="行数过多"):
        load(data=b"a\n" * 20, name="r.txt", limits=Limits(max_lines=10))


def test_file_over_the_size_limit_names_the_option(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes("法治".encode() * 1000)
    with pytest.raises(InputError, match="--max-file-size") as exc:
        load(path, limits=Limits(max_file_bytes=1024))
    assert exc.value.path == str(path)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="文件不存在"):
        load(tmp_path / "nope.txt")


# ---------------------------------------------------------------------------------------------
# The corpus: every line keeps its number


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_lines_keep_their_source_line_numbers(corpus_dir, name):
    path = corpus_dir / name
    file_lines = path.read_text("utf-8").split("\n")
    raw = load(path)
    assert raw.lines, name
    for line in raw.lines:
        assert line.text == file_lines[line.no - 1].strip()
        assert len(line.norm) == len(line.text)
    non_blank = [i + 1 for i, text in enumerate(file_lines) if text.strip()]
    assert [line.no for line in raw.lines] == non_blank


# ---------------------------------------------------------------------------------------------
# HTML

PAGE = """<!DOCTYPE html>
<html>
<head>
<meta {charset}>
<meta name="ArticleTitle" content="某区2024年法治政府建设情况报告">
<meta name="PubDate" content="2025-02-28">
<meta name="ContentSource" content="区司法局">
<title>某区2024年法治政府建设情况报告_某区人民政府</title>
<style>.x {{ color: red }}</style>
<script>var s = "脚本文字";</script>
</head>
<body>
<nav><a href="/">导航链接</a></nav>
<table>
<tr><td>索 引 号</td><td>000014349/2025-17645</td><td>发布日期</td><td>2025-02-28</td></tr>
<tr><td>发布机构</td><td><span>区司法局</span></td><td>文号</td><td></td></tr>
</table>
<h1>某区2024年法治政府建设情况报告</h1>
<p>　　2024年，某区坚持以习近平法治思想为指导，朱镕基同志曾强调依法行政。</p>
<h2>一、主要举措及成效</h2>
<p>（一）坚持党的领导。<br>一是加强学习；二是完善制度。</p>
<div style="display:none">环球国际官方网站</div>
<p>第一段<b>加粗</b>继续</p>
<!-- 注释文字 -->
<form><input value="输入框"><button>按钮文字</button><select><option>选项文字</option></select></form>
<noscript>请启用脚本</noscript>
</body>
</html>
"""


def page(charset: str = 'charset="gb2312"') -> str:
    return PAGE.format(charset=charset)


@pytest.mark.parametrize("charset", [
    'charset="gb2312"',
    'http-equiv="Content-Type" content="text/html; charset=gb2312"',
])
def test_gbk_page_declared_gb2312_is_decoded(charset):
    # 镕 is in GBK but not in GB2312: pages that say gb2312 are decoded as GB18030
    raw = load(data=page(charset).encode("gbk"), name="page.html")
    assert raw.file_format == "html"
    assert raw.encoding == "gb18030"
    assert "2024年，某区坚持以习近平法治思想为指导，朱镕基同志曾强调依法行政。" in texts(raw)


def test_utf8_page_without_declaration_is_detected():
    raw = load(data=page("name='x'").encode("utf-8"), name="page.htm")
    assert raw.encoding == "utf-8"
    assert "一、主要举措及成效" in texts(raw)


def test_page_table_rows_become_lines_with_cells_joined():
    raw = load(data=page().encode("gbk"), name="page.html")
    assert "索 引 号 | 000014349/2025-17645 | 发布日期 | 2025-02-28" in texts(raw)
    assert "发布机构 | 区司法局 | 文号 |" in texts(raw)


def test_page_scripts_styles_nav_forms_and_comments_are_dropped():
    joined = "\n".join(texts(load(data=page().encode("gbk"), name="page.html")))
    for hidden in ("脚本文字", "color", "导航链接", "注释文字", "输入框", "按钮文字", "选项文字",
                   "请启用脚本", "某区人民政府"):   # the last one only appears in <title>
        assert hidden not in joined


def test_page_hidden_elements_are_kept():
    assert "环球国际官方网站" in texts(load(data=page().encode("gbk"), name="page.html"))


def test_page_inline_markup_stays_on_the_line_and_br_breaks_it():
    lines = texts(load(data=page().encode("gbk"), name="page.html"))
    assert "第一段加粗继续" in lines
    assert "（一）坚持党的领导。" in lines
    assert "一是加强学习；二是完善制度。" in lines


def test_page_lines_carry_the_source_line_of_their_element():
    import re

    source = page()
    raw = load(data=source.encode("gbk"), name="page.html")
    src_text = [re.sub(r"<[^>]+>", "", line) for line in source.split("\n")]
    for line in raw.lines:
        assert line.text.split(" | ")[0][:4] in src_text[line.no - 1]


def test_page_headings_become_hints():
    source = page()
    raw = load(data=source.encode("gbk"), name="page.html")
    h2_line = source.split("\n").index("<h2>一、主要举措及成效</h2>") + 1
    h1_line = source.split("\n").index("<h1>某区2024年法治政府建设情况报告</h1>") + 1
    assert raw.heading_hints == {h1_line: 1, h2_line: 2}


def test_page_title_and_meta_become_hints():
    raw = load(data=page().encode("gbk"), name="page.html")
    assert raw.title_hint == "某区2024年法治政府建设情况报告_某区人民政府"
    assert raw.meta_hints["ArticleTitle"] == "某区2024年法治政府建设情况报告"
    assert raw.meta_hints["PubDate"] == "2025-02-28"
    assert raw.meta_hints["ContentSource"] == "区司法局"


def test_layout_table_with_long_cells_is_read_block_by_block():
    body = "".join(f"<p>（{n}）第{n}段正文内容。" + "法治政府建设" * 30 + "</p>" for n in "一二")
    html = f"<html><body><table><tr><td>{body}</td></tr></table></body></html>"
    lines = texts(load(data=html.encode(), name="p.html"))
    assert len(lines) == 2
    assert lines[1].startswith("（二）第二段正文内容。")


def test_table_cell_holding_several_paragraphs_is_read_block_by_block():
    body = "".join(f"<p>（{n}）第{n}段。</p>" for n in "一二三")
    html = f"<html><body><table><tr><td>{body}</td></tr></table></body></html>"
    assert texts(load(data=html.encode(), name="p.html")) == ["（一）第一段。", "（二）第二段。",
                                                              "（三）第三段。"]


def test_page_saved_as_txt_is_read_as_html():
    raw = load(data=page().encode("gbk"), name="report.txt")
    assert raw.file_format == "html"


def test_plain_text_named_html_is_read_as_text():
    raw = load(data=REPORT.encode(), name="report.html")
    assert raw.file_format == "text"


def test_utf16_page_with_bom_is_read():
    raw = load(data=b"\xff\xfe" + page("charset='utf-16'").encode("utf-16-le"), name="p.html")
    assert raw.file_format == "html"
    assert "一、主要举措及成效" in texts(raw)


def test_deeply_nested_page_is_an_input_error_in_bounded_time():
    html = "<html><body>" + "<div>" * 20000 + "文字" + "</div>" * 20000 + "</body></html>"
    start = time.perf_counter()
    with pytest.raises(InputError, match="嵌套"):
        load(data=html.encode(), name="deep.html")
    assert time.perf_counter() - start < 2


def test_nesting_over_the_configured_depth_is_an_input_error():
    html = "<html><body>" + "<div>" * 60 + "文字" + "</div>" * 60 + "</body></html>"
    with pytest.raises(InputError, match="嵌套"):
        load(data=html.encode(), name="deep.html", limits=Limits(max_html_depth=50))
    assert texts(load(data=html.encode(), name="deep.html")) == ["文字"]


def test_beautifulsoup_fallback_reads_the_page_like_lxml(monkeypatch):
    from auditor.ingest import html as html_loader

    data = page().encode("gbk")
    with_lxml = load(data=data, name="page.html")
    monkeypatch.setattr(html_loader, "_parse_lxml", lambda text, source: None)
    with_bs4 = load(data=data, name="page.html")
    assert with_bs4.lines == with_lxml.lines
    assert with_bs4.heading_hints == with_lxml.heading_hints
    assert (with_bs4.title_hint, with_bs4.meta_hints) == (with_lxml.title_hint, with_lxml.meta_hints)


def test_preformatted_text_keeps_its_lines_and_their_numbers():
    html = "<html><body>\n<pre>一、总体情况\n\n（一）学法用法\n</pre>\n</body></html>"
    raw = load(data=html.encode(), name="p.html")
    assert [(line.no, line.text) for line in raw.lines] == [(2, "一、总体情况"), (4, "（一）学法用法")]


def test_page_with_markup_but_no_text_has_no_readable_text():
    with pytest.raises(InputError, match="没有可读的文字"):
        load(data=b"<html><body><script>x()</script></body></html>", name="e.html")


# ---------------------------------------------------------------------------------------------
# DOCX

W_LEVELS = [  # (numFmt, lvlText) for levels 0, 1, 2: %N is the counter of level N
    ("chineseCounting", "%1、"),
    ("chineseCounting", "（%2）"),
    ("decimal", "%3."),
]


def _add_list(doc, num_id: int, levels, start_override: dict[int, int] | None = None,
              abstract_id: int | None = None) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = doc.part.numbering_part.element
    abstract_id = num_id if abstract_id is None else abstract_id
    if not numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract_id}"]'):
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
            for i, (fmt, text) in enumerate(levels))
        numbering.insert(0, parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'))
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
        for i, v in (start_override or {}).items())
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f'{overrides}</w:num>'))


def _numbered(doc, text: str, style: str | None, num_id: int, ilvl: int):
    p = doc.add_paragraph(text, style=style)
    num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id
    return p


def _save(doc, tmp_path: Path, name: str = "report.docx") -> Path:
    path = tmp_path / name
    doc.save(str(path))
    return path


@pytest.fixture
def numbered_docx(tmp_path) -> Path:
    import docx

    doc = docx.Document()
    doc.core_properties.title = "某区2024年法治政府建设情况报告"
    _add_list(doc, 90, W_LEVELS)
    doc.add_paragraph("某区2024年法治政府建设情况报告", style="Title")
    table = doc.add_table(rows=1, cols=4)
    for cell, value in zip(table.rows[0].cells, ["索引号", "000014349/2025-17645", "发布日期",
                                                 "2025-02-28"]):
        cell.text = value
    doc.add_paragraph("2024年，某区坚持以习近平法治思想为指导。")
    _numbered(doc, "主要举措及成效", "Heading 1", 90, 0)
    _numbered(doc, "坚持党的领导", "Heading 2", 90, 1)
    _numbered(doc, "加强学习", None, 90, 2)
    _numbered(doc, "完善制度", None, 90, 2)
    _numbered(doc, "推进依法行政", "Heading 2", 90, 1)
    _numbered(doc, "规范决策", None, 90, 2)
    _numbered(doc, "存在的问题", "Heading 1", 90, 0)
    _numbered(doc, "学习不够深入", "Heading 2", 90, 1)
    doc.add_paragraph("某区人民政府")
    return _save(doc, tmp_path)


def test_docx_automatic_numbering_is_recovered_into_the_text(numbered_docx):
    lines = texts(load(numbered_docx))
    assert lines[3:] == [
        "一、主要举措及成效", "（一）坚持党的领导", "1.加强学习", "2.完善制度",
        "（二）推进依法行政", "1.规范决策",
        "二、存在的问题", "（一）学习不够深入", "某区人民政府",
    ]


def test_docx_tables_are_read_in_document_order(numbered_docx):
    lines = texts(load(numbered_docx))
    assert lines[:3] == ["某区2024年法治政府建设情况报告",
                         "索引号 | 000014349/2025-17645 | 发布日期 | 2025-02-28",
                         "2024年，某区坚持以习近平法治思想为指导。"]


def test_docx_line_numbers_count_paragraphs_including_table_cells(numbered_docx):
    raw = load(numbered_docx)
    # title = 1, the four cells = 2..5, the first body paragraph = 6
    assert [line.no for line in raw.lines[:4]] == [1, 2, 6, 7]


def test_docx_heading_styles_become_hints(numbered_docx):
    raw = load(numbered_docx)
    by_text = {line.text: line.no for line in raw.lines}
    assert raw.heading_hints == {
        by_text["一、主要举措及成效"]: 1, by_text["（一）坚持党的领导"]: 2,
        by_text["（二）推进依法行政"]: 2, by_text["二、存在的问题"]: 1,
        by_text["（一）学习不够深入"]: 2,
    }


def test_docx_core_title_becomes_the_title_hint(numbered_docx):
    assert load(numbered_docx).title_hint == "某区2024年法治政府建设情况报告"


def test_docx_numbering_inherited_from_the_paragraph_style(tmp_path):
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    doc = docx.Document()
    _add_list(doc, 91, [("chineseCounting", "第%1部分")])
    style = doc.styles.add_style("部分标题", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Heading 1"]
    num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_numId().val = 91
    doc.add_paragraph("总体情况", style="部分标题")
    doc.add_paragraph("正文。")
    doc.add_paragraph("存在问题", style="部分标题")
    raw = load(_save(doc, tmp_path))
    assert texts(raw) == ["第一部分 总体情况", "正文。", "第二部分 存在问题"]
    assert raw.heading_hints == {1: 1, 3: 1}


def test_docx_start_override_restarts_a_list_sharing_the_definition(tmp_path):
    import docx

    doc = docx.Document()
    _add_list(doc, 92, [("decimalEnclosedCircle", "%1")])
    _add_list(doc, 93, [], start_override={0: 1}, abstract_id=92)
    _numbered(doc, "甲", None, 92, 0)
    _numbered(doc, "乙", None, 92, 0)
    _numbered(doc, "丙", None, 93, 0)
    assert texts(load(_save(doc, tmp_path))) == ["① 甲", "② 乙", "① 丙"]


def test_docx_multi_level_text_renders_every_level(tmp_path):
    import docx

    doc = docx.Document()
    _add_list(doc, 94, [("decimal", "%1."), ("decimal", "%1.%2")])
    _numbered(doc, "总则", None, 94, 0)
    _numbered(doc, "目的", None, 94, 1)
    _numbered(doc, "范围", None, 94, 1)
    _numbered(doc, "职责", None, 94, 0)
    _numbered(doc, "分工", None, 94, 1)
    assert texts(load(_save(doc, tmp_path))) == ["1.总则", "1.1 目的", "1.2 范围", "2.职责",
                                                 "2.1 分工"]


@pytest.mark.parametrize("n, fmt, expected", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (23, "chineseCountingThousand", "二十三"),
    (105, "chineseCountingThousand", "一百零五"), (110, "chineseCountingThousand", "一百一十"),
    (3, "ideographTraditional", "丙"), (2, "decimalEnclosedCircle", "②"),
    (12, "decimalFullWidth", "１２"), (28, "lowerLetter", "bb"), (3, "upperLetter", "C"),
    (4, "upperRoman", "IV"), (5, "decimal", "5"), (2, "chineseLegalSimplified", "贰"),
])
def test_word_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_docx_truncated_is_reported_as_broken(numbered_docx):
    data = numbered_docx.read_bytes()
    with pytest.raises(InputError, match="Word 文件已损坏或不完整"):
        load(data=data[: len(data) // 2], name="report.docx")


def test_docx_inflating_past_the_bound_is_refused(numbered_docx):
    limits = Limits(max_unpacked_bytes=1024)
    with pytest.raises(InputError, match="解压后过大"):
        load(numbered_docx, limits=limits)


def test_docx_content_wins_over_a_txt_extension(numbered_docx):
    raw = load(data=numbered_docx.read_bytes(), name="report.txt")
    assert raw.file_format == "docx"


# ---------------------------------------------------------------------------------------------
# Sniffing and refusals


def test_text_named_docx_says_what_the_content_looks_like():
    with pytest.raises(InputError, match=r"扩展名为 \.docx，但内容不是 Word 文档（看起来是纯文本）"):
        load(data=REPORT.encode(), name="report.docx")


def test_html_named_pdf_says_what_the_content_looks_like():
    with pytest.raises(InputError, match=r"扩展名为 \.pdf.*看起来是网页"):
        load(data=page().encode("gbk"), name="report.pdf")


@pytest.mark.parametrize("name", ["report.doc", "report.wps", "report.txt"])
def test_ole2_documents_ask_for_docx(name):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    with pytest.raises(InputError, match=r"另存为.*\.docx"):
        load(data=data, name=name)


def test_doc_extension_with_text_content_asks_for_docx():
    with pytest.raises(InputError, match=r"\.docx"):
        load(data=REPORT.encode(), name="report.doc")


def test_empty_input_is_an_input_error():
    with pytest.raises(InputError, match="文件为空"):
        load(data=b"", name="r.txt")


def test_whitespace_only_input_has_no_readable_text():
    with pytest.raises(InputError, match="没有可读的文字"):
        load(data="  \n\u3000\n\t\n".encode(), name="r.txt")


def test_binary_input_is_not_text():
    import random

    rng = random.Random(4)
    data = bytes(rng.randrange(256) for _ in range(4096))
    with pytest.raises(InputError, match="不是文本文件"):
        load(data=data, name="r.txt")


def test_control_characters_without_nul_are_not_text():
    data = bytes(range(1, 9)) * 200
    with pytest.raises(InputError, match="不是文本文件"):
        load(data=data, name="r.txt")


# ---------------------------------------------------------------------------------------------
# PDF


def minimal_pdf(lines: list[str] | None) -> bytes:
    """A one-page PDF written by hand; ``lines`` None gives a page without any text."""
    content = b""
    if lines:
        content = b"BT /F1 12 Tf 72 720 Td 14 TL " + b" ".join(
            b"(" + line.encode("ascii") + b") Tj T*" for line in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1,
                                                                               xref)
    return out


def test_pdf_text_is_extracted_line_by_line():
    pytest.importorskip("pypdf", reason="pypdf (the 'pdf' extra) is not installed")
    raw = load(data=minimal_pdf(["Annual report 2024", "Part one"]), name="r.pdf")
    assert raw.file_format == "pdf"
    assert texts(raw) == ["Annual report 2024", "Part one"]
    assert [line.no for line in raw.lines] == [1, 2]


def test_pdf_without_a_text_layer_is_an_input_error():
    pytest.importorskip("pypdf", reason="pypdf (the 'pdf' extra) is not installed")
    with pytest.raises(InputError, match="无法从 PDF 中提取文字"):
        load(data=minimal_pdf(None), name="scan.pdf")


def test_pdf_without_the_extra_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdf", None)   # makes `import pypdf` fail
    with pytest.raises(InputError, match=r"pip install 'auditor\[pdf\]'"):
        load(data=minimal_pdf(["x"]), name="r.pdf")


def test_pdf_content_wins_over_the_extension():
    pytest.importorskip("pypdf", reason="pypdf (the 'pdf' extra) is not installed")
    assert load(data=minimal_pdf(["Text"]), name="r.txt").file_format == "pdf"



# -- fast paths: the same result as the general code ------------------------------------------------


@pytest.mark.parametrize("text", ["", "a", "a\nb", "a\r\nb", "a\rb", "a\r\r\nb\n\r", "\r\n\r\n",
                                  "a\x0bb\x0cc\x85d\u2028e", "\n\na\r"])
def test_split_lines_splits_where_the_regex_of_line_ends_does(text):
    import re

    from auditor.ingest.lines import split_lines

    assert split_lines(text) == re.split(r"\r\n|\r|\n", text)


@pytest.mark.parametrize("text", ["", "报告", "a,b(c):d;e?f!", "１２３ＡＢＣ", "—－–", "\u3000\xa0\u200b",
                                  "（已是全角）：；", "x\uff0ey", "a,,b((c", "、"])
def test_fold_is_the_character_table(text):
    from auditor.normalize import _MAP, fold

    assert fold(text) == text.translate(_MAP)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_control_character_in_text_without_a_bom_is_still_binary(encoding):
    # the byte check must not let a control character through: 40 NUL-free control bytes
    data = ("年度报告" * 10 + "\x01\x02\x03\x04\x05" * 8).encode(encoding)
    with pytest.raises(InputError, match="不是文本文件"):
        load(data=data, name="r.txt")
    # …while a few stay within the tolerance, as before
    assert load(data=("年度报告" * 10 + "\x01").encode(encoding), name="r.txt").file_format == "text"


# the lines of a whole text, added at once, are the lines added one by one
_LINE_CHARS = ["a", "法", "治", "國", "會", "發", "關", "實", " ", "\t", "\u3000", "\xa0", "\u200b", "\ufeff", "\u2060", ",", "（", "(",
               "：", "１", "Ａ", "—", "\uff0e", "\r", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028"]


def _lines_one_by_one(text, limits):
    from auditor.ingest.lines import LineCollector, split_lines

    collector = LineCollector("t.txt", limits)
    for no, line in enumerate(split_lines(text), start=1):
        collector.add(no, line)
    return collector.lines


def _lines_at_once(text, limits):
    from auditor.ingest.lines import LineCollector

    collector = LineCollector("t.txt", limits)
    collector.add_text(text)
    return collector.lines


@given(st.lists(st.sampled_from(_LINE_CHARS), max_size=60).map("".join),
       st.sampled_from([Limits(), Limits(max_line_chars=3), Limits(max_line_chars=1),
                        Limits(max_lines=2)]))
@settings(max_examples=400, deadline=None)
def test_add_text_makes_the_lines_that_add_makes(text, limits):
    try:
        expected = _lines_one_by_one(text, limits)
    except InputError as exc:
        with pytest.raises(InputError) as raised:
            _lines_at_once(text, limits)
        assert str(raised.value) == str(exc)
        return
    assert _lines_at_once(text, limits) == expected


@given(st.lists(st.sampled_from(_LINE_CHARS), max_size=60).map("".join),
       st.sampled_from([Limits(), Limits(max_line_chars=3)]))
@settings(max_examples=300, deadline=None)
def test_add_text_says_traditional_as_looks_traditional_of_its_lines_does(text, limits):
    from auditor.ingest.lines import LineCollector, split_lines, strip_line
    from auditor.normalize import looks_traditional

    collector = LineCollector("t.txt", limits)
    collector.add_text(text)
    if collector.traditional is not None:      # None: a line was cut, clean looks itself
        joined = "\n".join(line.text for line in collector.lines)
        assert collector.traditional is looks_traditional(joined)
    else:
        assert any(len(strip_line(line)) > limits.max_line_chars for line in split_lines(text))


@given(st.lists(st.sampled_from(_LINE_CHARS + ["國會發關實" * 3]), max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_fold_and_look_is_fold_and_looks_traditional(text):
    from auditor.normalize import fold, fold_and_look, looks_traditional

    assert fold_and_look(text) == (fold(text), looks_traditional(text))


_SNIFF_PIECES = ["<html>", "<body ", "<div>", "<p>", "<!--", "<title>", "<meta ", "<", ">", "/", " ",
                 "\n", "法治", "html", "body", "a"]


@given(st.lists(st.sampled_from(_SNIFF_PIECES), max_size=12).map("".join))
@settings(max_examples=300, deadline=None)
def test_content_kind_finds_html_markers_as_its_regexes_do(text):
    # content_kind answers "text" without its regexes when there is no "<" at all
    from auditor.ingest.sniff import _HTML_START, _HTML_STRONG, content_kind

    data = text.encode()
    sample = data[:4096].decode("latin-1")
    markup = _HTML_STRONG.search(sample) or _HTML_START.match(sample)
    assert content_kind(data) == ("html" if markup else "text")
