"""Bad inputs through the CLI: one clear line on stderr naming the file, exit code 2, no
traceback, in bounded time."""

from __future__ import annotations

import random
import time
import zipfile
from pathlib import Path

from conftest import run_cli

TIME_BOUND = 10.0   # seconds, generous: the process start-up is part of it


def valid_docx(path: Path) -> Path:
    import docx

    doc = docx.Document()
    doc.add_paragraph("某区2024年法治政府建设情况报告")
    for n in range(40):
        doc.add_paragraph(f"第{n}段：坚持以习近平法治思想为指导，全面推进法治政府建设。")
    doc.save(str(path))
    return path


def assert_refused(path: Path, *fragments: str, args: tuple[str, ...] = ()) -> str:
    start = time.perf_counter()
    rc, out, err = run_cli("segment", str(path), *args, timeout=60)
    elapsed = time.perf_counter() - start
    assert rc == 2, (rc, out, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"auditor: {path}: "), err
    for fragment in fragments:
        assert fragment in lines[0], err
    assert out == ""
    assert elapsed < TIME_BOUND
    return lines[0]


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert_refused(path, "文件为空")


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\u3000\u3000\n\t\r\n", encoding="utf-8")
    assert_refused(path, "没有可读的文字")


def test_binary_file(tmp_path):
    rng = random.Random(7)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(8192)))
    assert_refused(path, "不是文本文件")


def test_truncated_docx(tmp_path):
    data = valid_docx(tmp_path / "whole.docx").read_bytes()
    path = tmp_path / "half.docx"
    path.write_bytes(data[: len(data) // 2])
    assert_refused(path, "Word 文件已损坏或不完整")


def test_text_file_named_docx(tmp_path):
    path = tmp_path / "report.docx"
    path.write_text("某区2024年法治政府建设情况报告\n一、主要举措及成效\n", encoding="utf-8")
    assert_refused(path, "扩展名为 .docx，但内容不是 Word 文档（看起来是纯文本）")


def test_old_binary_doc(tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert_refused(path, ".doc", ".docx")


def test_docx_whose_xml_inflates_past_the_bound(tmp_path):
    path = tmp_path / "bomb.docx"
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as member:
            for _ in range(100):            # 100 MB of zeros, about 100 KB compressed
                member.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    assert_refused(path, "解压后过大")


def test_twenty_thousand_nested_divs(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 20000 + "法治政府建设" + "</div>" * 20000
                    + "</body></html>", encoding="utf-8")
    assert_refused(path, "嵌套")


def test_file_over_max_file_size(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(("法治政府建设情况报告" * 70 + "\n").encode("utf-8"))   # 2.1 KB
    assert path.stat().st_size > 2048
    assert_refused(path, "文件过大", "--max-file-size", args=("--max-file-size", "1K"))


def test_missing_file(tmp_path):
    assert_refused(tmp_path / "nope.txt", "文件不存在")


def test_directory_instead_of_a_file(tmp_path):
    assert_refused(tmp_path, "目录")


def test_deep_but_sane_page_is_read(tmp_path):
    depth = 1000
    path = tmp_path / "nested.html"
    path.write_text("<html><body>" + "<div>" * depth + "<p>一、主要举措及成效</p>"
                    + "</div>" * depth + "</body></html>", encoding="utf-8")
    rc, out, err = run_cli("segment", str(path), timeout=60)
    assert (rc, err) == (0, "")
    assert "主要举措及成效" in out


def test_an_ofd_file_is_named_and_the_way_out_given(tmp_path):
    """OFD (GB/T 33190) is how many offices publish fixed-layout documents: say so, rather
    than calling it a ZIP archive."""
    import zipfile

    path = tmp_path / "report.ofd"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("OFD.xml", '<?xml version="1.0" encoding="UTF-8"?>'
                               '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0">'
                               '<ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                               '</ofd:DocBody></ofd:OFD>')
        zf.writestr("Doc_0/Document.xml", "<ofd:Document xmlns:ofd=\"http://www.ofdspec.org/2016\"/>")
    assert_refused(path, "OFD 版式文件", "PDF")
