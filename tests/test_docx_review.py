"""`--format docx`: the report with its gaps as Word comments (issue 20).

Expected places are worked out from the evidence and the input, never from the output: a Word
file's source line n is its paragraph n, a text file's line is the paragraph holding that
line's text; the anchored text is the evidence quote (without the list marker Word shows in
front of an automatically numbered heading).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from lxml import etree  # noqa: E402

from auditor import audit, load_pack, read_document  # noqa: E402
from auditor.batch import audit_one  # noqa: E402
from auditor.errors import InputError  # noqa: E402
from auditor.formats import Options  # noqa: E402
from auditor.formats.docx import commented, review  # noqa: E402
from auditor.formats.wordpackage import anchor  # noqa: E402
from auditor.limits import DEFAULT_LIMITS  # noqa: E402
from auditor.model import STATUS_ZH  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
NAMES = sorted(p.name for p in CORPUS.glob("*.txt"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
WHEN = "2026-12-06T03:00:00+00:00"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def input_lines(name: str) -> list[tuple[int, str]]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    return [(no, line.strip()) for no, line in enumerate(re.split(r"\r\n|\r|\n", text), 1)
            if line.strip()]


def add_cn_numbering(document, second: str = "（%2）") -> int:
    """A list of 一、 (level 0) and （一） (level 1, or as ``second`` says) in the document's
    numbering; its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
        for i, text in enumerate(("%1、", second)))
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="907">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="907"><w:abstractNumId w:val="907"/></w:num>'))
    return 907


def word_like(path: Path, name: str) -> tuple[Path, dict[int, str]]:
    """The corpus report as a drafter's Word file: the title in the Title style, 一、 and （一）
    headings in Heading 1/2 with Word's automatic numbering (the typed marker removed) when the
    report numbers them consecutively, every other line a paragraph; one paragraph per line.
    Returns the file and, for each paragraph number, the marker Word shows in front of it."""
    txt = read_document(CORPUS / name)
    heading_levels = {txt.lines[s.start].no: s for s in txt.sections() if s.level <= 2
                      and s.style in ("cn", "paren_cn")
                      and not txt.lines[s.start].text[s.title_span[1]:].strip()}
    top = list(txt.root.children)
    consecutive = ([s.number for s in top] == list(range(1, len(top) + 1))
                   and all(s.style == "cn" for s in top)
                   and all([c.number for c in s.children if c.style == "paren_cn"]
                           == list(range(1, sum(c.style == "paren_cn" for c in s.children) + 1))
                           for s in top))
    document = docx.Document()
    # Word shows the level-2 number the way the report typed it: （一） or (一)
    half = any(txt.lines[s.start].text.startswith("(") for s in heading_levels.values() if s.level == 2)
    add_cn_numbering(document, "(%2)" if half else "（%2）")
    title_no = txt.metadata.title.line if txt.metadata.title else None
    markers: dict[int, str] = {}
    for n, (no, text) in enumerate(input_lines(name), 1):
        sec = heading_levels.get(no)
        if sec is not None:
            ilvl = sec.level - 1
            if consecutive and sec.style == ("cn", "paren_cn")[ilvl]:
                p = document.add_paragraph(text[sec.title_span[0]:], style=f"Heading {sec.level}")
                num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = ilvl
                num_pr.get_or_add_numId().val = 907
                markers[n] = text[:sec.title_span[0]]
            else:
                document.add_paragraph(text, style=f"Heading {sec.level}")
        elif no == title_no:
            document.add_paragraph(text, style="Title")
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path, markers


def anchored(root, comment_id: str) -> tuple[list[int], str, list[int]]:
    """(numbers of the body paragraphs holding the range start and end, the text between them,
    numbers of the paragraphs holding the comment reference)."""
    starts, ends, refs, text, inside = [], [], [], [], False
    for n, p in enumerate(root.iter(w("p")), 1):
        for el in p.iter(w("commentRangeStart"), w("commentRangeEnd"), w("commentReference"), w("t")):
            if el.tag == w("t"):
                if inside:
                    text.append(el.text or "")
            elif el.get(w("id")) == comment_id:
                if el.tag == w("commentRangeStart"):
                    starts.append(n)
                    inside = True
                elif el.tag == w("commentRangeEnd"):
                    ends.append(n)
                    inside = False
                else:
                    refs.append(n)
    assert len(starts) == len(ends) == len(refs) == 1, (comment_id, starts, ends, refs)
    return [starts[0], ends[0]], "".join(text), refs


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def comments_of(data: bytes) -> list:
    root = etree.fromstring(parts(data)["word/comments.xml"])
    return root.findall(w("comment"))


def comment_text(c) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(w("t"))) for p in c.findall(w("p")))


def expected_place(finding, title_no: int) -> tuple[int, str | None]:
    """(source line, quote) a finding's comment belongs at: its first quoted evidence, else
    where the rule looked, else the title (as the meta.* rules)."""
    ev = [e for e in finding.evidence if e.kind in ("match", "near_miss")] or \
         [e for e in finding.evidence if e.kind == "scope"]
    if ev:
        return ev[0].line, ev[0].quote
    return title_no, None


def check_review(out: bytes, result, line_to_paragraph, marker_of=lambda n: "") -> None:
    """Every commented finding has one comment, anchored around runs of the paragraph it
    belongs to, on the evidence quote; the summary is on the title."""
    body = etree.fromstring(parts(out)["word/document.xml"])
    comments = comments_of(out)
    findings = [f for f in result.findings if commented(f)]
    assert len(comments) == len(findings) + 1
    assert all(c.get(w("author")) == "auditor" and c.get(w("date")) == "2026-12-06T03:00:00Z"
               for c in comments)
    doc = result.document
    title_no = doc.metadata.title.line if doc.metadata.title and doc.metadata.title.line else doc.lines[0].no
    summary = comments[0]
    (s, e), _, refs = anchored(body, summary.get(w("id")))
    assert s == e == refs[0] == line_to_paragraph(title_no)
    assert "auditor 审查" in comment_text(summary)
    for f, c in zip(findings, comments[1:]):
        text = comment_text(c)
        assert text.startswith(f"{ {'fail': '✘', 'partial': '△', 'not_evaluated': '?'}[f.status] }".strip())
        assert f.title in text and f.message in text and (not f.fix or f.fix.strip() in text)
        line, quote = expected_place(f, title_no)
        (s, e), got, refs = anchored(body, c.get(w("id")))
        n = line_to_paragraph(line)
        assert s == e == refs[0] == n, (f.rule, line, s, e, refs)
        if quote is not None:
            marker = marker_of(n)
            want = quote[len(marker):] if marker and quote.startswith(marker) else quote
            assert got == want, (f.rule, got, want)


# -- acceptance: every corpus report, as .txt and as a Word draft --------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_text_report_gets_a_word_file_of_its_lines_with_a_comment_at_each_gap(name, pack):
    result = audit_one(str(CORPUS / name), pack, keep_document=True)
    out, placed, findings = review(result, Options(timestamp=WHEN))
    assert any(f.status in ("fail", "partial") for f in findings)
    opened = docx.Document(io.BytesIO(out))
    lines = input_lines(name)
    assert [p.text for p in opened.paragraphs] == [t for _, t in lines]
    index = {no: i + 1 for i, (no, _) in reversed(list(enumerate(lines)))}
    check_review(out, result, index.__getitem__)
    # the headings are Word headings at their levels, the title is the Title
    doc = result.document
    styles = {p.text: p.style.name for p in opened.paragraphs}
    for sec in doc.sections():
        line = doc.lines[sec.start].text
        if not line[sec.title_span[1]:].strip():
            assert styles[line] == f"Heading {sec.level}"
    assert opened.paragraphs[index[doc.metadata.title.line] - 1].style.name == "Title"


@pytest.mark.parametrize("name", NAMES)
def test_word_draft_gets_a_copy_with_a_comment_at_each_gap(tmp_path, name, pack):
    path, markers = word_like(tmp_path / (Path(name).stem + ".docx"), name)
    result = audit_one(str(path), pack, keep_document=True)
    assert result.document.file_format == "docx"
    out, _, _ = review(result, Options(timestamp=WHEN))
    before, after = docx.Document(str(path)), docx.Document(io.BytesIO(out))
    assert [p.text for p in after.paragraphs] == [p.text for p in before.paragraphs]
    assert [p.style.name for p in after.paragraphs] == [p.style.name for p in before.paragraphs]
    check_review(out, result, lambda line: line, lambda n: markers.get(n, ""))
    # the drafter's numbering is still Word's: the numbered headings are numbered as before
    assert read_document(str(path)).lines == read_document(str(path)).lines
    again = read_document(data=out, name="again.docx")
    assert [ln.text for ln in again.lines] == [ln.text for ln in result.document.lines]


def test_the_text_of_a_word_copy_reads_the_same_and_audits_the_same(tmp_path, pack):
    path, _ = word_like(tmp_path / "draft.docx", "xialu-2024.txt")
    result = audit_one(str(path), pack, keep_document=True)
    out, _, _ = review(result, Options(timestamp=WHEN))
    copy = tmp_path / "copy.docx"
    copy.write_bytes(out)
    assert {f.rule: f.status for f in audit(read_document(str(copy)), pack).findings} == \
           {f.rule: f.status for f in result.findings}


# -- fidelity: a drafter's file with numbering, a table, a header and a comment ----------------------


def drafter_file(path: Path) -> Path:
    from docx.enum.text import WD_BREAK

    lines = [t for _, t in input_lines("yuncheng-2024.txt")]
    d = docx.Document()
    num_id = add_cn_numbering(d)
    d.sections[0].header.paragraphs[0].text = "云城区人民政府（页眉）"
    d.sections[0].footer.paragraphs[0].text = "第 1 页（页脚）"
    for i, text in enumerate(lines):
        if text.startswith(("一、", "二、", "三、", "四、", "五、")):
            # Word's automatic numbering shows the 一、 that is no longer typed
            p = d.add_paragraph(text[2:], style="Heading 1")
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = num_id
        elif i % 7 == 3:
            # one paragraph in several runs of different formatting
            p = d.add_paragraph()
            third = max(1, len(text) // 3)
            p.add_run(text[:third]).bold = True
            p.add_run(text[third:2 * third]).italic = True
            p.add_run(text[2 * third:])
        else:
            d.add_paragraph(text, style="List Number" if i % 11 == 5 else None)
        if i == 12:
            table = d.add_table(rows=2, cols=2)
            table.style = "Table Grid"
            for (r, c), t in zip([(0, 0), (0, 1), (1, 0), (1, 1)], ["指标", "数量", "行政复议案件", "58件"]):
                table.cell(r, c).text = t
        if i == 20:
            d.paragraphs[-1].add_run().add_break(WD_BREAK.LINE)
    d.add_comment(d.paragraphs[2].runs, text="这段请再核一下数字", author="张三", initials="ZS")
    d.save(str(path))
    return path


def formatting(p) -> list[tuple[str, bytes]]:
    """(character, its run's properties) for every character of a paragraph's runs."""
    out = []
    for r in p.iter(w("r")):
        rpr = r.find(w("rPr"))
        key = etree.tostring(rpr) if rpr is not None else b""
        for t in r.findall(w("t")):
            out += [(ch, key) for ch in t.text or ""]
    return out


def test_drafter_file_keeps_numbering_tables_headers_and_its_own_comment(tmp_path, pack):
    path = drafter_file(tmp_path / "草稿.docx")
    result = audit_one(str(path), pack, keep_document=True)
    out, _, findings = review(result, Options(timestamp=WHEN))
    assert findings
    old, new = parts(path.read_bytes()), parts(out)
    # every part but the main document and the comments is byte for byte the same, in order
    assert list(new) == list(old)
    assert [n for n in old if old[n] != new[n]] == ["word/document.xml", "word/comments.xml"]
    a, b = etree.fromstring(old["word/document.xml"]), etree.fromstring(new["word/document.xml"])
    pa, pb = a.findall(".//w:p", NS), b.findall(".//w:p", NS)
    assert len(pa) == len(pb)
    for x, y in zip(pa, pb):
        # same paragraph properties, same characters in the same formatting
        assert etree.tostring(x.find(w("pPr"))) == etree.tostring(y.find(w("pPr"))) \
            if x.find(w("pPr")) is not None else y.find(w("pPr")) is None
        assert formatting(x) == formatting(y)
    assert etree.tostring(a.find(".//w:sectPr", NS)) == etree.tostring(b.find(".//w:sectPr", NS))
    assert len(a.findall(".//w:numPr", NS)) == len(b.findall(".//w:numPr", NS)) > 0
    assert len(a.findall(".//w:tbl", NS)) == len(b.findall(".//w:tbl", NS)) == 1
    before, after = docx.Document(str(path)), docx.Document(io.BytesIO(out))
    assert [c.text for c in after.tables[0]._cells] == [c.text for c in before.tables[0]._cells]
    assert after.sections[0].header.paragraphs[0].text == "云城区人民政府（页眉）"
    assert after.sections[0].footer.paragraphs[0].text == "第 1 页（页脚）"
    # the drafter's comment is still there, still anchored, and the new ones come after it
    comments = list(after.comments)
    assert (comments[0].author, comments[0].text) == ("张三", "这段请再核一下数字")
    assert [c.author for c in comments[1:]] == ["auditor"] * (len(findings) + 1)
    (s, e), text, _ = anchored(b, "0")
    assert s == e == 3 and text == before.paragraphs[2].text
    assert len({c.comment_id for c in comments}) == len(comments)
    # and the copy reads as the draft did
    assert read_document(data=out, name="x.docx").lines == result.document.lines


def test_anchor_inside_runs_splits_them_keeping_their_properties():
    p = etree.fromstring(
        f'<w:p xmlns:w="{W}"><w:pPr><w:jc w:val="both"/></w:pPr>'
        '<w:r><w:rPr><w:b/></w:rPr><w:t>甲乙丙</w:t></w:r>'
        '<w:r><w:rPr><w:i/></w:rPr><w:t>丁</w:t><w:tab/><w:t>戊己</w:t></w:r></w:p>')
    before = formatting(p)
    assert anchor(p, ("不在", "乙丙丁\t戊"), 7) == "乙丙丁\t戊"
    assert formatting(p) == before
    kids = [el.tag.split("}")[1] for el in p]
    assert kids == ["pPr", "r", "commentRangeStart", "r", "r", "commentRangeEnd", "r", "r"]
    runs = p.findall(w("r"))
    assert ["".join(t.text for t in r.findall(w("t"))) for r in runs] == ["甲", "乙丙", "丁戊", "", "己"]
    assert runs[3].find(w("commentReference")).get(w("id")) == "7"
    # from a run into a hyperlink: the marks sit beside the runs, the reference after the link
    h = etree.fromstring(
        f'<w:p xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<w:r><w:t>见</w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:t>政府网站</w:t></w:r></w:hyperlink>'
        '<w:r><w:t>。</w:t></w:r></w:p>')
    assert anchor(h, ("见政府",), 2) == "见政府"
    assert [el.tag.split("}")[1] for el in h] == ["commentRangeStart", "r", "hyperlink", "r", "r"]
    assert [el.tag.split("}")[1] for el in h[2]] == ["r", "commentRangeEnd", "r"]
    assert h[3].find(w("commentReference")) is not None
    assert "".join(t.text for t in h.iter(w("t"))) == "见政府网站。"
    # not found: the whole paragraph, its runs as they are
    q = etree.fromstring(f'<w:p xmlns:w="{W}"><w:r><w:t>全文</w:t></w:r></w:p>')
    assert anchor(q, ("无",), 1) == "全文"
    assert [el.tag.split("}")[1] for el in q] == ["commentRangeStart", "r", "commentRangeEnd", "r"]


# -- the command line -----------------------------------------------------------------------------------


def run_cli(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env_root = str(ROOT)
    return subprocess.run([sys.executable, "-m", "auditor", "check", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=300,
                          env={"PYTHONPATH": env_root, "PATH": "/usr/bin:/bin",
                               "AUDITOR_CACHE_DIR": str(cwd / "cache"), "HOME": str(cwd)})


def test_cli_writes_the_reviewed_copy_with_the_comment_author(tmp_path):
    path = drafter_file(tmp_path / "草稿.docx")
    draft = path.read_bytes()
    run = run_cli(str(path), "--format", "docx", "--output", str(tmp_path / "草稿-审查.docx"),
                  "--comment-author", "法制科", cwd=tmp_path)
    assert run.returncode == 1, run.stderr.decode()
    out = (tmp_path / "草稿-审查.docx").read_bytes()
    authors = [c.author for c in docx.Document(io.BytesIO(out)).comments]
    assert authors[0] == "张三" and set(authors[1:]) == {"法制科"}
    assert path.read_bytes() == draft          # the input is never modified
    # a folder of reports: one reviewed copy each, named after the draft
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_bytes((CORPUS / "xialu-2024.txt").read_bytes())
    (folder / "b.docx").write_bytes(path.read_bytes())
    (folder / "broken.docx").write_bytes(path.read_bytes()[:3000])
    run = run_cli(str(folder), "--format", "docx", "--output", str(tmp_path / "out") + "/", cwd=tmp_path)
    assert run.returncode == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a-审查.docx", "b-审查.docx"]
    assert "broken.docx" in run.stderr.decode() and "Traceback" not in run.stderr.decode()
    # several reports into one file: refused
    run = run_cli(str(folder / "a.txt"), str(folder / "b.docx"), "--format", "docx",
                  "--output", str(tmp_path / "one.docx"), cwd=tmp_path)
    assert run.returncode == 2 and "目录" in run.stderr.decode()


@pytest.mark.parametrize("make, reason", [
    (lambda whole: whole[: len(whole) * 2 // 3], "Word 文件已损坏或不完整"),
    (lambda whole: "一、工作成效\n全年办理复议案件12件。".encode("utf-8"), "纯文本"),
])
def test_inputs_refused_for_reading_are_refused_here(tmp_path, make, reason):
    whole = drafter_file(tmp_path / "whole.docx").read_bytes()
    bad = tmp_path / "bad.docx"
    bad.write_bytes(make(whole))
    out = tmp_path / "bad-审查.docx"
    run = run_cli(str(bad), "--format", "docx", "--output", str(out), cwd=tmp_path)
    err = run.stderr.decode()
    assert run.returncode == 2 and reason in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_word_file_that_inflates_past_the_bound_is_refused_when_annotating(tmp_path):
    para = ("<w:p><w:r><w:t>" + "法治政府建设" * 100 + "</w:t></w:r></w:p>").encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b'<w:document xmlns:w="' + W.encode() + b'"><w:body>'
                    + para * 20_000 + b"</w:body></w:document>")
    from auditor.formats.wordpackage import annotate
    from auditor.limits import Limits

    small = Limits(max_unpacked_bytes=1 << 20)
    with pytest.raises(InputError, match="解压后过大"):
        annotate(buf.getvalue(), "bomb.docx", small, [], author="auditor", date="2026-01-01T00:00:00Z")


def test_a_word_file_changed_after_the_audit_is_not_annotated(tmp_path, pack):
    path = drafter_file(tmp_path / "草稿.docx")
    result = audit_one(str(path), pack, keep_document=True)
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(InputError, match="被修改"):
        review(result, Options(timestamp=WHEN, limits=DEFAULT_LIMITS))


def test_word_from_standard_input_is_refused_with_a_way_out(tmp_path):
    path = drafter_file(tmp_path / "草稿.docx")
    run = run_cli("-", "--format", "docx", "--output", str(tmp_path / "o.docx"), cwd=tmp_path,
                  stdin=path.read_bytes())
    err = run.stderr.decode()
    assert run.returncode == 2 and "标准输入" in err and "Traceback" not in err


def test_libreoffice_opens_the_copy_and_shows_every_comment(tmp_path, pack):
    import make_docx_screenshot as shot

    reason = shot.unavailable_reason()
    if reason:
        pytest.skip(reason)
    path, _ = word_like(tmp_path / "draft.docx", "yuncheng-2024.txt")
    result = audit_one(str(path), pack, keep_document=True)
    out, _, findings = review(result, Options(timestamp=WHEN))
    copy = tmp_path / "copy.docx"
    copy.write_bytes(out)
    seen = shot.pdf_comments(shot.to_pdf(copy, tmp_path))
    assert len(seen) == len(findings) + 1
    assert all(author.startswith("auditor") for _, author, _ in seen)
    firsts = [text.splitlines()[0] for _, _, text in seen]
    assert sum(first.startswith("auditor 审查") for first in firsts) == 1
    symbol = {"fail": "✘", "partial": "△", "not_evaluated": "?"}
    assert sorted(first for first in firsts if not first.startswith("auditor 审查")) == \
        sorted(f"{symbol[f.status]} {STATUS_ZH[f.status]}：{f.title}" for f in findings)


def test_a_quote_with_the_marker_of_word_numbering_is_anchored_on_the_typed_text(tmp_path):
    from auditor.formats.wordpackage import Note, annotate

    d = docx.Document()
    num_id = add_cn_numbering(d)
    d.add_paragraph("报告标题")
    p = d.add_paragraph("推进依法决策。全年审核合同23份。")
    num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id
    buf = io.BytesIO()
    d.save(buf)
    # the reader shows the paragraph as "一、推进依法决策。…" and quotes its first sentence so
    assert [ln.text for ln in read_document(data=buf.getvalue(), name="a.docx").lines][1] == \
        "一、推进依法决策。全年审核合同23份。"
    out, placed = annotate(buf.getvalue(), "a.docx", DEFAULT_LIMITS,
                           [Note(1, 1, ("一、推进依法决策。",), ("意见",))],
                           author="auditor", date="2026-01-01T00:00:00Z")
    body = etree.fromstring(parts(out)["word/document.xml"])
    (s, e), text, refs = anchored(body, str(placed[0].comment_id))
    assert (s, e, refs, text) == (2, 2, [2], "推进依法决策。")


def test_a_comment_author_with_control_characters_is_written_safely(pack):
    result = audit_one(str(CORPUS / "qingshan-2021.txt"), pack, keep_document=True)
    out, _, _ = review(result, Options(timestamp=WHEN, comment_author="法制科\x07" + "长" * 300))
    authors = {c.author for c in docx.Document(io.BytesIO(out)).comments}
    assert authors == {"法制科\ufffd" + "长" * 96}


def test_a_file_saved_by_libreoffice_keeps_every_part_it_does_not_need_to_change(tmp_path, pack):
    import make_docx_screenshot as shot

    reason = shot.unavailable_reason()
    if reason:
        pytest.skip(reason)
    (tmp_path / "in").mkdir()
    drafted = drafter_file(tmp_path / "in" / "草稿.docx")
    profile = tmp_path / "profile"
    subprocess.run([shot.soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path), str(drafted)],
                   check=True, capture_output=True, timeout=180)
    saved = tmp_path / "草稿.docx"
    old = parts(saved.read_bytes())
    assert old["word/styles.xml"] != parts(drafted.read_bytes())["word/styles.xml"]   # LibreOffice's own XML
    result = audit_one(str(saved), pack, keep_document=True)
    out, _, findings = review(result, Options(timestamp=WHEN))
    new = parts(out)
    assert list(new) == list(old)
    assert [n for n in old if old[n] != new[n]] == ["word/document.xml", "word/comments.xml"]
    before, after = docx.Document(str(saved)), docx.Document(io.BytesIO(out))
    assert [p.text for p in after.paragraphs] == [p.text for p in before.paragraphs]
    assert len(list(after.comments)) == len(list(before.comments)) + len(findings) + 1
