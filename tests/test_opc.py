"""``ingest.opc`` finds the parts of a Word file as python-docx does (differential tests on
generated documents), and refuses what python-docx refuses."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

docx = pytest.importorskip("docx")
etree = pytest.importorskip("lxml.etree")

from auditor.errors import InputError  # noqa: E402
from auditor.ingest import load  # noqa: E402
from auditor.ingest.opc import PackageError, word_parts  # noqa: E402
from test_ingest import W_LEVELS, _add_list, _numbered  # noqa: E402


def _bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _numbered_doc(title: str | None = "某区2024年法治政府建设情况报告") -> bytes:
    doc = docx.Document()
    if title is not None:
        doc.core_properties.title = title
    _add_list(doc, 90, W_LEVELS)
    doc.add_paragraph("某区2024年法治政府建设情况报告", style="Title")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "索引号"
    table.rows[0].cells[1].text = "000014349/2025-17645"
    _numbered(doc, "主要举措及成效", "Heading 1", 90, 0)
    _numbered(doc, "坚持党的领导", "Heading 2", 90, 1)
    doc.add_paragraph("全年审核规范性文件 12 件。")
    return _bytes(doc)


def _rewrite(data: bytes, change) -> bytes:
    """The package with its members passed through ``change(name, bytes) -> bytes | None``
    (None drops the member)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = change(info.filename, src.read(info.filename))
            if body is not None:
                dst.writestr(info.filename, body)
    return out.getvalue()


def _ours(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return word_parts(zf)


def _xml(el) -> bytes | None:
    return None if el is None else etree.tostring(el)


def _theirs(data: bytes):
    """What the reader took from python-docx before: document, styles, numbering, title."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document(io.BytesIO(data))

    def related(rel_type):
        try:
            return document.part.part_related_by(rel_type).element
        except Exception:
            return None

    title = (document.core_properties.title or "").strip() or None
    return document.element, related(RT.STYLES), related(RT.NUMBERING), title


def _assert_same(data: bytes) -> None:
    ours = _ours(data)
    document, styles, numbering, title = _theirs(data)
    assert _xml(ours.document) == _xml(document)
    assert _xml(ours.styles) == _xml(styles)
    assert _xml(ours.numbering) == _xml(numbering)
    assert ours.title == title


def test_same_parts_as_python_docx_for_a_numbered_report():
    data = _numbered_doc()
    _assert_same(data)
    assert _ours(data).numbering is not None and _ours(data).title == "某区2024年法治政府建设情况报告"


def test_same_parts_without_a_title():
    data = _numbered_doc(title=None)
    _assert_same(data)
    assert _ours(data).title is None


def test_same_parts_when_the_numbering_part_is_gone():
    def drop(name, body):
        if name == "word/numbering.xml":
            return None
        if name == "word/_rels/document.xml.rels":
            return re.sub(rb'<Relationship [^>]*Target="numbering.xml"/>', b"", body)
        return body

    data = _rewrite(_numbered_doc(), drop)
    assert b"numbering.xml" not in zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels")
    _assert_same(data)
    assert _ours(data).numbering is None


def test_same_parts_from_pretty_printed_xml():
    """Blank text between elements (a package written by hand or by another tool) is dropped
    by both, as python-docx's parser settings say."""
    def pretty(name, body):
        if name in ("word/document.xml", "word/styles.xml", "word/numbering.xml"):
            return etree.tostring(etree.fromstring(body), pretty_print=True, xml_declaration=True,
                                  encoding="UTF-8", standalone=True)
        return body

    data = _rewrite(_numbered_doc(), pretty)
    assert b">\n  <w:body>" in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    _assert_same(data)


def test_two_relationships_of_one_type_give_no_part():
    """python-docx will not choose between two styles parts; neither do we."""
    def twice(name, body):
        if name == "word/_rels/document.xml.rels":
            return body.replace(b"</Relationships>", b'<Relationship Id="rId98" Type="http://schemas.'
                                b'openxmlformats.org/officeDocument/2006/relationships/styles" '
                                b'Target="styles.xml"/></Relationships>')
        return body

    data = _rewrite(_numbered_doc(), twice)
    _assert_same(data)
    assert _ours(data).styles is None


def test_parts_found_through_relationships_not_by_name(tmp_path):
    """A main document stored under another name is found through _rels/.rels."""
    def move(name, body):
        if name == "word/document.xml":
            return None
        if name == "_rels/.rels":
            return body.replace(b"word/document.xml", b"word/main.xml")
        if name == "[Content_Types].xml":
            return body.replace(b"/word/document.xml", b"/word/main.xml")
        return body

    data = _numbered_doc()
    original = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    moved = _rewrite(data, move)
    moved = _add_member(moved, "word/main.xml", original)
    moved = _add_member(moved, "word/_rels/main.xml.rels",
                        zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels"))
    _assert_same(moved)
    assert "主要举措及成效" in "".join(_ours(moved).document.itertext())
    path = tmp_path / "renamed.docx"          # and the file is taken for a Word document
    path.write_bytes(moved)
    assert "一、主要举措及成效" in [line.text for line in load(path).lines]


def _add_member(data: bytes, name: str, body: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as zf:
        zf.writestr(name, body)
    return out.getvalue()


def test_a_missing_part_the_reader_does_not_need_is_tolerated(tmp_path):
    """python-docx refuses a package whose relationships name a missing image; the text is
    still readable, so the auditor reads it."""
    data = _rewrite(_numbered_doc(), lambda name, body: body.replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="media/image9.png"/></Relationships>')
        if name == "word/_rels/document.xml.rels" else body)
    with pytest.raises(Exception):
        docx.Document(io.BytesIO(data))
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    lines = [line.text for line in load(path).lines]
    assert "一、主要举措及成效" in lines


@pytest.mark.parametrize("case", ["no content types", "template content type", "not a document",
                                  "no main relationship", "bad document xml", "missing styles"])
def test_refused_as_python_docx_refuses(case):
    def change(name, body):
        if case == "no content types" and name == "[Content_Types].xml":
            return None
        if case == "template content type" and name == "[Content_Types].xml":
            return body.replace(b"document.main+xml", b"template.main+xml")
        if case == "not a document" and name == "word/document.xml":
            return b'<?xml version="1.0"?><x:workbook xmlns:x="urn:x"/>'
        if case == "no main relationship" and name == "_rels/.rels":
            return body.replace(b"relationships/officeDocument", b"relationships/other")
        if case == "bad document xml" and name == "word/document.xml":
            return body[: len(body) // 2]
        if case == "missing styles" and name == "word/styles.xml":
            return None
        return body

    data = _rewrite(_numbered_doc(), change)
    with pytest.raises(Exception):
        document = docx.Document(io.BytesIO(data))
        document.element.body.iterchildren()
    with pytest.raises(PackageError):
        _ours(data)


def test_a_refused_package_is_one_clear_input_error(tmp_path):
    data = _rewrite(_numbered_doc(), lambda name, body: None if name == "[Content_Types].xml" else body)
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        load(path)
    assert "Word 文件已损坏" in str(err.value)


def test_reading_a_word_file_does_not_import_python_docx(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "report.docx"
    path.write_bytes(_numbered_doc())
    code = ("import sys; from auditor.ingest import load; raw = load(sys.argv[1]); "
            "assert raw.lines; print('docx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def _strict(data: bytes) -> bytes:
    """The package as Word's "Strict Open XML Document" writes it: WordprocessingML and the
    office relationships under their ISO/IEC 29500 Strict names."""
    def rename(name, body):
        return (body.replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                             b"http://purl.oclc.org/ooxml/wordprocessingml/main")
                    .replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                             b"http://purl.oclc.org/ooxml/officeDocument/relationships"))

    return _rewrite(data, rename)


def test_a_strict_open_xml_file_reads_as_its_transitional_twin(tmp_path):
    data = _numbered_doc()
    strict = _strict(data)
    assert b"purl.oclc.org/ooxml/wordprocessingml/main" in zipfile.ZipFile(io.BytesIO(strict)).read("word/document.xml")
    with pytest.raises(Exception):          # python-docx finds no document in it
        docx.Document(io.BytesIO(strict)).element.body.iterchildren()
    (tmp_path / "t.docx").write_bytes(data)
    (tmp_path / "s.docx").write_bytes(strict)
    plain, twin = load(tmp_path / "t.docx"), load(tmp_path / "s.docx")
    assert [(x.no, x.text) for x in twin.lines] == [(x.no, x.text) for x in plain.lines]
    assert twin.heading_hints == plain.heading_hints and twin.title_hint == plain.title_hint
    assert "一、主要举措及成效" in [x.text for x in twin.lines]
