"""Format equivalence: a corpus report published as a web page or saved as a Word document gives
the same outline (level-1 and level-2 headings) and the same verdict for every rule as the .txt.

The .docx loader numbers lines by paragraph, so line numbers are not compared; outlines and
statuses are. One .docx per report has its 一、/（一） headings typed; another has them produced
by Word's automatic numbering (an abstractNum with chineseCounting levels "%1、" and "（%2）"),
with the typed markers removed from the text.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest

from auditor.evaluate import audit
from auditor.normalize import fold
from auditor.pack import load_pack
from auditor.pipeline import read_document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
NAMES = sorted(p.name for p in CORPUS.glob("*.txt"))


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def source_paragraphs(name: str) -> list[tuple[int, str]]:
    """(source line number, text) of every non-blank line of a corpus report."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    return [(no, line.strip()) for no, line in enumerate(re.split(r"\r\n|\r|\n", text), 1)
            if line.strip()]


def outline(doc) -> list[tuple[int, str, str]]:
    """Level-1 and level-2 headings: (level, marker in matching form, title)."""
    return [(s.level, fold(s.marker).strip(), s.title.strip()) for s in doc.sections()
            if s.level <= 2]


def statuses(doc, pack) -> dict[str, str]:
    return {f.rule: f.status for f in audit(doc, pack).findings}


# ---------------------------------------------------------------------------------------------
# Building the other formats


def as_web_page(name: str, paragraphs: list[str], title: str) -> bytes:
    """The report as a district government site publishes it: site header and navigation,
    the report in <p> elements inside a content <div>, a footer with 主办 and ICP备."""
    body = "\n".join(f'    <p style="text-indent:2em">{escape(p)}</p>' for p in paragraphs)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{escape(title)}_区人民政府门户网站</title>
<link rel="stylesheet" href="/css/main.css">
<script>var _hmt = _hmt || []; function addFav() {{ alert("加入收藏"); }}</script>
</head>
<body>
<div class="header">
  <div class="top-bar"><a href="#">设为首页</a> | <a href="#" onclick="addFav()">加入收藏</a> |
    <a href="#">无障碍浏览</a> | <a href="#">长者版</a></div>
  <div class="logo"><img src="/images/logo.png" alt="区人民政府门户网站"></div>
  <ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
    <li><a href="/hdjl/">互动交流</a></li><li><a href="/zwfw/">政务服务</a></li></ul>
</div>
<div class="main">
  <div class="content" id="zoom">
{body}
  </div>
</div>
<div class="footer">
  <p>主办：区人民政府办公室　承办：区政务服务数据管理局</p>
  <p>网站标识码：4202030001　鄂ICP备05003341号-1　鄂公网安备 42020302000101号</p>
</div>
</body>
</html>
"""
    return page.encode("utf-8")


def _numbering_part(document):
    """Add an abstractNum with 一、 and （一） levels and one list instance; returns its numId
    (a high id: python-docx's default template already defines the low ones)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    levels = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."))
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels))
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="907">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="907"><w:abstractNumId w:val="907"/></w:num>'))
    return 907


def as_docx(path: Path, paragraphs: list[str], auto: dict[int, tuple[int, str]] | None = None) -> Path:
    """One paragraph per line. ``auto``: paragraph index → (list level, text without the typed
    marker) for headings that Word numbers automatically."""
    import docx

    document = docx.Document()
    num_id = _numbering_part(document) if auto else None
    for i, text in enumerate(paragraphs):
        if auto and i in auto:
            ilvl, rest = auto[i]
            p = document.add_paragraph(rest)
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = ilvl
            num_pr.get_or_add_numId().val = num_id
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def auto_numbering_plan(doc, paragraphs: list[tuple[int, str]]) -> dict[int, tuple[int, str]] | None:
    """Which paragraphs become automatically numbered headings (level 1 一、 → list level 0,
    level 2 （一） → list level 1), or None when the report's own numbering is not the
    1, 2, 3… that Word would produce."""
    index_of = {no: i for i, (no, _) in enumerate(paragraphs)}
    plan: dict[int, tuple[int, str]] = {}
    top = [s for s in doc.root.children]
    if [s.number for s in top] != list(range(1, len(top) + 1)) or any(s.style != "cn" for s in top):
        return None
    for sec in top:
        subs = sec.children
        if [s.number for s in subs] != list(range(1, len(subs) + 1)):
            return None
        if any(s.style != "paren_cn" for s in subs):
            return None
        for s, ilvl in [(sec, 0)] + [(c, 1) for c in subs]:
            line = doc.lines[s.start]
            plan[index_of[line.no]] = (ilvl, line.text[s.title_span[0]:])
    return plan


# ---------------------------------------------------------------------------------------------
# Tests


@pytest.mark.parametrize("name", NAMES)
def test_web_page_gives_the_same_outline_and_verdicts_as_the_text(tmp_path, pack, name):
    txt = read_document(CORPUS / name)
    paragraphs = [t for _, t in source_paragraphs(name)]
    title = txt.metadata.title.value if txt.metadata.title else name
    page = tmp_path / (Path(name).stem + ".html")
    page.write_bytes(as_web_page(name, paragraphs, title))
    html = read_document(page)
    assert html.file_format == "html"
    assert outline(html) == outline(txt)
    assert statuses(html, pack) == statuses(txt, pack)
    # the site chrome added around the report was removed, not audited as report text
    kept = "\n".join(line.text for line in html.lines)
    assert "设为首页" not in kept or "设为首页" in (CORPUS / name).read_text(encoding="utf-8")
    assert "ICP备" not in kept


@pytest.mark.parametrize("name", NAMES)
def test_docx_with_typed_numbering_gives_the_same_outline_and_verdicts(tmp_path, pack, name):
    txt = read_document(CORPUS / name)
    paragraphs = [t for _, t in source_paragraphs(name)]
    word = read_document(as_docx(tmp_path / (Path(name).stem + ".docx"), paragraphs))
    assert word.file_format == "docx"
    assert outline(word) == outline(txt)
    assert statuses(word, pack) == statuses(txt, pack)


@pytest.mark.parametrize("name", NAMES)
def test_docx_with_word_automatic_numbering_gives_the_same_outline_and_verdicts(tmp_path, pack, name):
    txt = read_document(CORPUS / name)
    paras = source_paragraphs(name)
    plan = auto_numbering_plan(txt, paras)
    if plan is None:
        pytest.skip("the report's own 一、/（一） numbering is not consecutive, so Word's "
                    "automatic numbering would renumber it")
    word_doc = as_docx(tmp_path / (Path(name).stem + "-auto.docx"), [t for _, t in paras], plan)
    # the typed markers really are gone from the document's text
    import docx

    texts = [p.text for p in docx.Document(str(word_doc)).paragraphs]
    assert not any(t.startswith(("一、", "（一）", "(一)")) for t in texts)
    word = read_document(word_doc)
    assert outline(word) == outline(txt)
    assert statuses(word, pack) == statuses(txt, pack)


def test_at_least_two_reports_are_checked_with_automatic_numbering():
    usable = [n for n in NAMES
              if auto_numbering_plan(read_document(CORPUS / n), source_paragraphs(n)) is not None]
    assert len(usable) >= 2, usable
