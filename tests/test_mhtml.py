"""Web pages saved as a single file (.mht/.mhtml): the page inside is read as the same page
saved as .html would be."""

from __future__ import annotations

import base64
import hashlib
import quopri
from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.ingest import load
from conftest import run_cli

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>某区2024年法治政府建设情况报告_某区人民政府</title></head>
<body><div class="nav">首页 | 政务公开 | 政策文件</div>
<div class="content">
<p>某区2024年法治政府建设情况报告</p>
<p>2024年，某区坚持以习近平法治思想为指导，全面推进法治政府建设。</p>
<p>一、主要举措和成效</p>
<p>（一）坚持党的领导。区政府常务会议专题研究法治政府建设工作4次。</p>
<p>二、存在的不足和原因</p>
<p>行政执法规范化水平有待提高，原因是执法人员培训不足。</p>
<p>三、下一年度工作安排</p>
<p>持续深化“放管服”改革，提升依法行政能力。</p>
</div></body></html>
"""


def chrome_mhtml(page: bytes, *, html_first: bool = True) -> bytes:
    """The shape Chrome's "网页，单个文件" writes: Blink's headers, the page quoted-printable,
    a style sheet and an image as further parts."""
    boundary = "----MultipartBoundary--ab12CD34ef56GH78ij90KL----"
    html_part = ("Content-Type: text/html\r\nContent-ID: <frame-7A1B@mhtml.blink>\r\n"
                 "Content-Transfer-Encoding: quoted-printable\r\n"
                 "Content-Location: http://www.example.gov.cn/zwgk/2025/report.html\r\n\r\n"
                 + quopri.encodestring(page).decode("ascii").replace("\n", "\r\n") + "\r\n")
    css_part = ("Content-Type: text/css\r\nContent-Transfer-Encoding: quoted-printable\r\n"
                "Content-Location: http://www.example.gov.cn/css/site.css\r\n\r\n"
                "body{font-family:=E5=AE=8B=E4=BD=93}\r\n")
    png = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40).decode("ascii").replace("\n", "\r\n")
    img_part = ("Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
                "Content-Location: http://www.example.gov.cn/img/logo.png\r\n\r\n" + png)
    parts = [html_part, css_part, img_part] if html_first else [css_part, img_part, html_part]
    head = ("From: <Saved by Blink>\r\n"
            "Snapshot-Content-Location: http://www.example.gov.cn/zwgk/2025/report.html\r\n"
            "Subject: =?utf-8?Q?=E6=9F=90=E5=8C=BA?=\r\n"
            "Date: Tue, 25 Mar 2025 09:12:01 +0800\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: multipart/related;\r\n"
            '\ttype="text/html";\r\n'
            f'\tboundary="{boundary}"\r\n\r\n\r\n')
    body = "".join(f"--{boundary}\r\n{p}" for p in parts) + f"--{boundary}--\r\n"
    return (head + body).encode("ascii")


def ie_mht(page: bytes, charset: str) -> bytes:
    """The shape IE's .mht has: the page base64 encoded, its charset named only in the MIME
    header, a ``start`` parameter naming the root part, which is not the first."""
    boundary = "----=_NextPart_000_0000_01DB9D3A.5C1E2F40"
    encoded = base64.encodebytes(page).decode("ascii").replace("\n", "\r\n")
    return ("From: <Saved by Windows Internet Explorer 11>\r\n"
            "Subject: report\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/related; type="text/html"; start="<root@example>"; '
            f'boundary="{boundary}"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n'
            f"--{boundary}\r\nContent-Type: text/html; charset=\"us-ascii\"\r\n"
            "Content-Transfer-Encoding: 7bit\r\n\r\n<html><body><p>decoy</p></body></html>\r\n"
            f"--{boundary}\r\nContent-Type: text/html; charset=\"{charset}\"\r\n"
            "Content-ID: <root@example>\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            f"{encoded}\r\n--{boundary}--\r\n").encode("ascii")


def _texts(raw):
    return [(line.no, line.text) for line in raw.lines]


def test_a_chrome_single_file_page_reads_as_the_page_itself(tmp_path):
    page = PAGE.format(charset="utf-8").encode("utf-8")
    (tmp_path / "page.html").write_bytes(page)
    data = chrome_mhtml(page)
    (tmp_path / "page.mhtml").write_bytes(data)
    html, mhtml = load(tmp_path / "page.html"), load(tmp_path / "page.mhtml")
    assert _texts(mhtml) == _texts(html)
    assert "一、主要举措和成效" in [t for _, t in _texts(mhtml)]
    assert mhtml.file_format == "mhtml" and mhtml.title_hint == html.title_hint
    assert mhtml.sha256 == hashlib.sha256(data).hexdigest() and mhtml.size == len(data)


def test_the_root_part_need_not_come_first(tmp_path):
    page = PAGE.format(charset="utf-8").encode("utf-8")
    (tmp_path / "a.mhtml").write_bytes(chrome_mhtml(page, html_first=False))
    assert "二、存在的不足和原因" in [line.text for line in load(tmp_path / "a.mhtml").lines]


def test_an_ie_mht_in_gb2312_named_by_its_mime_header_and_start_parameter(tmp_path):
    page = PAGE.replace('<meta charset="{charset}">', "").encode("gb2312")
    (tmp_path / "page.mht").write_bytes(ie_mht(page, "gb2312"))
    texts = [line.text for line in load(tmp_path / "page.mht").lines]
    assert "三、下一年度工作安排" in texts and "decoy" not in texts


def test_content_decides_not_the_name(tmp_path):
    page = PAGE.format(charset="utf-8").encode("utf-8")
    (tmp_path / "saved.txt").write_bytes(chrome_mhtml(page))
    raw = load(tmp_path / "saved.txt")
    assert raw.file_format == "mhtml" and "一、主要举措和成效" in [line.text for line in raw.lines]


def test_a_single_file_page_without_a_page_is_one_clear_error(tmp_path):
    data = chrome_mhtml(b"<html></html>").replace(b"Content-Type: text/html\r\nContent-ID",
                                                     b"Content-Type: text/plain\r\nContent-ID")
    path = tmp_path / "empty.mht"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        load(path)
    assert "没有找到网页正文" in str(err.value)
    code, out, err_text = run_cli("check", str(path))
    assert code == 2 and err_text.count("\n") == 1 and str(path) in err_text


def test_mhtml_named_docx_says_what_it_is(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(chrome_mhtml(PAGE.format(charset="utf-8").encode("utf-8")))
    with pytest.raises(InputError) as err:
        load(path)
    assert "单个文件网页" in str(err.value)


def test_mail_like_text_is_not_taken_for_a_single_file_page(tmp_path):
    text = ("Subject: 某区2024年法治政府建设情况报告\nContent-Type: text/plain\n\n"
            "一、主要举措和成效\n全年审核规范性文件12件。\n").encode("utf-8")
    path = Path(tmp_path / "note.txt")
    path.write_bytes(text)
    assert load(path).file_format == "text"


def test_the_charset_of_the_mime_header_is_used(tmp_path):
    """A Big5 page without <meta charset>: only the MIME header says how to decode it (the
    usual fallbacks, UTF-8 then GB18030, would turn it into other characters)."""
    page = ("<html><body><p>某區2024年法治政府建設情況報告</p><p>一、主要舉措和成效</p>"
            "<p>全年審核規範性文件12件。</p></body></html>").encode("big5")
    (tmp_path / "tw.mht").write_bytes(ie_mht(page, "big5"))
    texts = [line.text for line in load(tmp_path / "tw.mht").lines]
    assert "一、主要舉措和成效" in texts


def test_a_folder_walk_picks_up_single_file_pages(tmp_path):
    import json

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.mht").write_bytes(chrome_mhtml(PAGE.format(charset="utf-8").encode("utf-8")))
    (folder / "b.mhtml").write_bytes(chrome_mhtml(PAGE.format(charset="utf-8").encode("utf-8")))
    out = tmp_path / "r.json"
    code, _, err = run_cli("check", str(folder), "--format", "json", "--fail-on", "never",
                           "-q", "-o", str(out))
    assert code == 0, err
    reports = json.loads(out.read_text("utf-8"))["reports"]
    assert sorted(Path(r["source"]).name for r in reports) == ["a.mht", "b.mhtml"]
    assert all(r["audited"] for r in reports)


def test_a_file_of_countless_tiny_parts_is_refused_quickly(tmp_path):
    import time

    boundary = "XyZ"
    parts = "".join(f"--{boundary}\r\nContent-Type: text/plain\r\n\r\nx\r\n" for _ in range(30_000))
    data = (f'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="{boundary}"\r\n\r\n'
            + parts + f"--{boundary}--\r\n").encode("ascii")
    path = tmp_path / "parts.mht"
    path.write_bytes(data)
    started = time.perf_counter()
    with pytest.raises(InputError) as err:
        load(path)
    assert "部件过多" in str(err.value) and time.perf_counter() - started < 2
