"""Word comments written into a .docx package: into a copy of the drafter's own file, or into a
new file made from the text as read.

The copy is made from the package's parts directly (the project's OPC reader finds them), not
through python-docx: python-docx loads every XML part of the package into its object model and
writes every one of them back re-serialised, so a file Word or WPS saved would come back with
its styles, numbering, headers, settings and relationship parts rewritten although nothing in
them changed (measured in docs/word-review.md). Here every part the comments do not need is
copied from the zip as it is (same bytes, same name, same order); the main document part gets
the comment anchors, the comments part gets the comments, and when the file had no comments
part the relationship and content-type entries for it are added.

An anchor is the text the comment concerns: ``commentRangeStart`` before its first run,
``commentRangeEnd`` after its last, and a run holding the ``commentReference`` after that. When
the text starts or ends inside a run, the run is split in two there, both halves keeping the
run's properties; nothing else in a paragraph changes, so its text stays the same.
"""

from __future__ import annotations

import copy
import io
import posixpath
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..errors import InputError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
MAX_AUTHOR = 100           # characters of a comment author's name kept
# a zip entry made here carries no time of its own: the comments' date is the only timestamp
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


_P, _R, _T = _w("p"), _w("r"), _w("t")
_TEXT_TAGS = (_T, _w("tab"), _w("br"), _w("cr"), _w("noBreakHyphen"))


@dataclass(frozen=True, slots=True)
class Note:
    """One comment: the paragraphs it may sit in (``first``…``last``, indexes into the
    document's paragraphs in reading order), the texts to anchor it on, tried in turn (the whole
    paragraph ``first`` when none is found), and its text, one string per paragraph."""

    first: int
    last: int
    quotes: tuple[str, ...]
    text: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a note went: its paragraph index, the text it is anchored on and its comment id."""

    paragraph: int
    anchored: str
    comment_id: int


# -- anchoring -------------------------------------------------------------------------------------


def _piece_text(el) -> str:
    tag = el.tag
    if tag == _T:
        return el.text or ""
    if tag == _w("tab"):
        return "\t"
    if tag == _w("noBreakHyphen"):
        return "-"
    if tag == _w("br") and el.get(_w("type")) in ("page", "column"):
        return " "
    return "\n"


def _pieces(p) -> list[tuple[Any, Any, str]]:   # lxml elements (no type information)
    """(text element, its run, its text) of the paragraph's own runs, in order: the text the
    reader reads (runs of a text box inside the paragraph and ``mc:Fallback`` copies left out,
    as comments cannot go there)."""
    out = []
    for el in p.iter(*_TEXT_TAGS):
        run = el.getparent()
        if run is None or run.tag != _R:
            continue
        anc = run.getparent()
        while anc is not None and anc is not p and anc.tag != _P and anc.tag != _MC_FALLBACK:
            anc = anc.getparent()
        if anc is p:
            out.append((el, run, _piece_text(el)))
    return out


def _locate(pieces, offset: int) -> tuple[int, int]:
    """(piece index, offset within the piece) of character ``offset`` of the paragraph text."""
    pos = 0
    for i, (_, _, text) in enumerate(pieces):
        if offset < pos + len(text):
            return i, offset - pos
        pos += len(text)
    raise IndexError(offset)


def _split_run(run, el, k: int) -> None:
    """Split ``run`` before character ``k`` of its text element ``el`` (before ``el`` itself
    when k is 0): a copy of the run holding what comes before goes in front of it, with the
    same properties. No split when nothing comes before."""
    children = [c for c in run if c.tag != _w("rPr")]
    index = children.index(el)
    if index == 0 and k == 0:
        return
    left = copy.deepcopy(run)
    left.tail = None
    left_children = [c for c in left if c.tag != _w("rPr")]
    for c in left_children[index + (1 if k else 0):]:
        left.remove(c)
    for c in children[:index]:
        run.remove(c)
    if k:
        text = el.text or ""
        left_el = left_children[index]
        left_el.text = text[:k]
        left_el.set(f"{{{_XML_NS}}}space", "preserve")
        el.text = text[k:]
        el.set(f"{{{_XML_NS}}}space", "preserve")
    run.addprevious(left)


def _span_runs(p, start: int, end: int):
    """The first and last run of the text ``start``…``end`` of the paragraph, splitting runs so
    that the span starts at a run's start and ends at a run's end."""
    pieces = _pieces(p)
    i, k = _locate(pieces, start)
    _split_run(pieces[i][1], pieces[i][0], k)
    pieces = _pieces(p)
    j, k = _locate(pieces, end - 1)
    el, run, text = pieces[j]
    following = [c for c in run if c.tag != _w("rPr")]
    position = following.index(el)
    if k + 1 < len(text):
        _split_run(run, el, k + 1)
        pieces = _pieces(p)
        j, _ = _locate(pieces, end - 1)
        run = pieces[j][1]
    elif position + 1 < len(following):
        _split_run(run, following[position + 1], 0)
        pieces = _pieces(p)
        j, _ = _locate(pieces, end - 1)
        run = pieces[j][1]
    first_run = _pieces(p)[_locate(_pieces(p), start)[0]][1]
    return first_run, run


def _top_child(p, el):
    while el.getparent() is not p:
        el = el.getparent()
    return el


def anchor(p, quotes: tuple[str, ...], comment_id: int) -> str | None:
    """Anchor comment ``comment_id`` in paragraph ``p`` on the first of ``quotes`` found in its
    text, else on the whole paragraph. Returns the text anchored on (None: the paragraph has no
    text of its own, the marks then enclose its content)."""
    pieces = _pieces(p)
    text = "".join(t for _, _, t in pieces)
    span = None
    for quote in quotes:
        at = text.find(quote) if quote else -1
        if at >= 0:
            span = (at, at + len(quote))
            break
    if span is None and text.strip():
        lead = len(text) - len(text.lstrip())
        span = (lead, len(text.rstrip()))
    start_mark = etree.Element(_w("commentRangeStart"))
    end_mark = etree.Element(_w("commentRangeEnd"))
    start_mark.set(_w("id"), str(comment_id))
    end_mark.set(_w("id"), str(comment_id))
    reference = etree.Element(_R)
    etree.SubElement(reference, _w("commentReference")).set(_w("id"), str(comment_id))
    if span is None:
        ppr = p.find(_w("pPr"))
        if ppr is not None:
            ppr.addnext(start_mark)
        else:
            p.insert(0, start_mark)
        p.append(end_mark)
        p.append(reference)
        return None
    first_run, last_run = _span_runs(p, *span)
    first_run.addprevious(start_mark)
    _top_child(p, last_run).addnext(reference)
    last_run.addnext(end_mark)
    return text[span[0]:span[1]]


# -- the comments part -------------------------------------------------------------------------------


def _comment(comment_id: int, text: tuple[str, ...], author: str, date: str, initials: str):
    c = etree.Element(_w("comment"))
    c.set(_w("id"), str(comment_id))
    c.set(_w("author"), xml_safe(author)[:MAX_AUTHOR])
    c.set(_w("date"), date)
    c.set(_w("initials"), xml_safe(initials))
    for i, line in enumerate(text):
        p = etree.SubElement(c, _P)
        if i == 0:
            etree.SubElement(etree.SubElement(p, _R), _w("annotationRef"))
        run = etree.SubElement(p, _R)
        t = etree.SubElement(run, _T)
        t.text = xml_safe(line)
        t.set(f"{{{_XML_NS}}}space", "preserve")
    return c


def _initials(author: str) -> str:
    return "".join(ch for ch in author if not ch.isspace())[:4] or "AU"


def xml_safe(text: str) -> str:
    """The text without the characters XML 1.0 cannot hold (U+FFFD in their place)."""
    if all(ch >= " " or ch in "\t\n\r" for ch in text) and "\ufffe" not in text and "\uffff" not in text:
        return text
    return "".join(ch if (ch >= " " or ch in "\t\n\r") and ch not in "\ufffe\uffff" else "\ufffd"
                   for ch in text)


def _serialise(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _place(paragraphs, notes, first_id: int, add_comment) -> list[Placed]:
    placed = []
    for n, note in enumerate(notes):
        cid = first_id + n
        index = min(max(note.first, 0), len(paragraphs) - 1)
        for i in range(note.first, min(note.last, len(paragraphs) - 1) + 1):
            text = "".join(t for _, _, t in _pieces(paragraphs[i]))
            if any(q and q in text for q in note.quotes):
                index = i
                break
        anchored = anchor(paragraphs[index], note.quotes, cid)
        add_comment(cid, note.text)
        placed.append(Placed(index, anchored or "", cid))
    return placed


# -- a copy of the drafter's file ---------------------------------------------------------------------


def annotate(data: bytes, source: str, limits, notes: list[Note], *, author: str,
             date: str) -> tuple[bytes, list[Placed]]:
    """A copy of the Word file ``data`` with ``notes`` as comments; every other part as it
    was. ``InputError`` for a file the reader refuses (bounds, broken package)."""
    from ..ingest.docx import _open_archive, numbered_paragraphs
    from ..ingest.opc import (
        CT_DOCUMENT_MAIN,
        CT_NUMBERING,
        CT_STYLES,
        RT_NUMBERING,
        RT_OFFICE_DOCUMENT,
        RT_STYLES,
        PackageError,
        _Package,
    )
    from ..ingest.sniff import BROKEN_DOCX

    zf = _open_archive(data, source, limits)
    with zf:
        try:
            package = _Package(zf)
            main = package.related("/", RT_OFFICE_DOCUMENT)
            if main is None or package.content_type(main) != CT_DOCUMENT_MAIN:
                raise PackageError("main document")
            raw_main = zf.read(main[1:])
            if b"http://purl.oclc.org/ooxml/wordprocessingml/main" in raw_main:
                raise InputError("这是“Strict Open XML 文档”格式的 Word 文件，无法在原文件上添加批注；"
                                 "请在 Word 中另存为普通的“Word 文档(*.docx)”后再审查", path=source)
            # the main part as written (blank text kept), so that its serialisation changes
            # nothing but the anchors
            parser = etree.XMLParser(resolve_entities=False, huge_tree=False)
            document = etree.fromstring(raw_main, parser)
            if document.tag != _w("document"):
                raise PackageError(main)
            styles = package.typed_part(main, RT_STYLES, CT_STYLES)
            numbering = package.typed_part(main, RT_NUMBERING, CT_NUMBERING)
            numbered = numbered_paragraphs(document, styles, numbering, source, limits)
            comments_name = package.related(main, (RT_COMMENTS,))
            if comments_name is not None and package.content_type(comments_name) != CT_COMMENTS:
                comments_name = None
            comments = None
            if comments_name is not None and comments_name[1:] in zf.namelist():
                comments = etree.fromstring(zf.read(comments_name[1:]), parser)
            infos = zf.infolist()
            if len({i.filename for i in infos}) != len(infos):
                raise PackageError("duplicate entries")     # which copy would Word read?
            members = {i.filename: zf.read(i) for i in infos}
        except InputError:
            raise
        except Exception:
            raise InputError(BROKEN_DOCX, path=source) from None
    if not numbered:
        raise InputError("Word 文件中没有段落，无法添加批注", path=source)
    paragraphs = [p for p, _ in numbered]
    notes = [_without_markers(note, [m for _, m in numbered]) for note in notes]

    used = [int(v) for v in (*document.xpath("//@w:id", namespaces={"w": W_NS}),
                             *(comments.xpath("//@w:id", namespaces={"w": W_NS})
                               if comments is not None else ()))
            if v.lstrip("-").isdigit()]
    first_id = max(used, default=-1) + 1
    new_part = comments_name is None
    if comments is None:
        comments = etree.Element(_w("comments"), nsmap={"w": W_NS})
    if comments_name is None:
        base = posixpath.dirname(main)
        n = 1
        comments_name = posixpath.join(base, "comments.xml")
        lowered = {name.lower() for name in members}
        while comments_name[1:].lower() in lowered:
            n += 1
            comments_name = posixpath.join(base, f"comments{n}.xml")
    initials = _initials(author)
    placed = _place(paragraphs, notes, first_id,
                    lambda cid, text: comments.append(_comment(cid, text, author, date, initials)))

    changed = {main[1:]: _serialise(document), comments_name[1:]: _serialise(comments)}
    if new_part:
        rels_name = posixpath.join(posixpath.dirname(main), "_rels",
                                   posixpath.basename(main) + ".rels")[1:]
        rels = members.get(rels_name)
        target = posixpath.relpath(comments_name, posixpath.dirname(main))
        changed[rels_name] = _add_relationship(rels, target)
        changed["[Content_Types].xml"] = _add_override(members["[Content_Types].xml"], comments_name)
    return _write(infos, members, changed), placed


def _without_markers(note: Note, markers: list[str | None]) -> Note:
    """The note with, after its quotes, the quotes without the list marker that Word's
    automatic numbering shows in front of a paragraph but that is not in its text."""
    extra = []
    for i in range(note.first, min(note.last, len(markers) - 1) + 1):
        marker = markers[i]
        if not marker:
            continue
        extra += [q[len(marker.rstrip()):].lstrip() for q in note.quotes
                  if q.startswith(marker.rstrip()) and len(q) > len(marker.rstrip())]
    if not extra:
        return note
    return Note(note.first, note.last, note.quotes + tuple(extra), note.text)


def _append_before_close(xml: bytes, close: bytes, entry: bytes) -> bytes | None:
    at = xml.rfind(close)
    if at < 0 or xml[at:].strip() != close:
        return None
    return xml[:at] + entry + xml[at:]


def _add_relationship(rels: bytes | None, target: str) -> bytes:
    if rels is None:
        root = etree.Element(f"{{{_REL_NS}}}Relationships", nsmap={None: _REL_NS})
        ids = set()
    else:
        root = etree.fromstring(rels, etree.XMLParser(resolve_entities=False))
        ids = {el.get("Id") for el in root.iterchildren(f"{{{_REL_NS}}}Relationship")}
    rid, n = "rIdAuditorComments", 1
    while rid in ids:
        n += 1
        rid = f"rIdAuditorComments{n}"
    entry = (f'<Relationship Id="{rid}" Type="{RT_COMMENTS}" '
             f'Target="{_attr(target)}"/>').encode()
    if rels is not None and root.prefix is None:
        inserted = _append_before_close(rels, b"</Relationships>", entry)
        if inserted is not None:
            return inserted
    etree.SubElement(root, f"{{{_REL_NS}}}Relationship", Id=rid, Type=RT_COMMENTS, Target=target)
    return _serialise(root)


def _add_override(types: bytes, partname: str) -> bytes:
    root = etree.fromstring(types, etree.XMLParser(resolve_entities=False))
    entry = f'<Override PartName="{_attr(partname)}" ContentType="{CT_COMMENTS}"/>'.encode()
    if root.prefix is None:
        inserted = _append_before_close(types, b"</Types>", entry)
        if inserted is not None:
            return inserted
    etree.SubElement(root, f"{{{_TYPES_NS}}}Override", PartName=partname, ContentType=CT_COMMENTS)
    return _serialise(root)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _write(infos, members: dict[str, bytes], changed: dict[str, bytes]) -> bytes:
    """The package again: each entry with its own name, order, time and compression; the
    changed entries with their new content; new entries at the end."""
    buf = io.BytesIO()
    stamp = next((i.date_time for i in infos), _ZIP_EPOCH)
    with zipfile.ZipFile(buf, "w") as out:
        for info in infos:
            out.writestr(info, changed.pop(info.filename, members[info.filename]))
        for name, content in changed.items():
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, content)
    return buf.getvalue()


# -- a new file from the text as read --------------------------------------------------------------


_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{w}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" \
w:hAnsi="Times New Roman" w:eastAsia="宋体" w:cs="Times New Roman"/><w:sz w:val="24"/><w:szCs w:val="24"/>\
<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>\
<w:spacing w:after="120" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>\
<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="240" w:after="240"/><w:jc w:val="center"/></w:pPr>\
<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>\
{headings}\
<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/>\
<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>\
<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/>\
<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style></w:styles>"""

_HEADING = ('<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/>'
            '<w:spacing w:before="{before}" w:after="120"/><w:outlineLvl w:val="{lvl}"/></w:pPr>'
            '<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="{sz}"/><w:szCs w:val="{sz}"/></w:rPr></w:style>')

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Types xmlns="{_TYPES_NS}">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_CT}document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{_CT}styles+xml"/>'
    f'<Override PartName="/word/comments.xml" ContentType="{CT_COMMENTS}"/>'
    '</Types>')
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_RT}officeDocument" Target="word/document.xml"/>'
    '</Relationships>')
_DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_RT}styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{RT_COMMENTS}" Target="comments.xml"/>'
    '</Relationships>')


def _paragraph(text: str, style: str | None):
    p = etree.Element(_P)
    if style:
        etree.SubElement(etree.SubElement(p, _w("pPr")), _w("pStyle")).set(_w("val"), style)
    run = etree.SubElement(p, _R)
    for i, chunk in enumerate(xml_safe(text).split("\t")):
        if i:
            etree.SubElement(run, _w("tab"))
        if chunk:
            t = etree.SubElement(run, _T)
            t.text = chunk
            if chunk != chunk.strip():
                t.set(f"{{{_XML_NS}}}space", "preserve")
    return p


def build(paragraphs: list[tuple[str, str | None]], notes: list[Note], *, author: str,
          date: str) -> tuple[bytes, list[Placed]]:
    """A new Word file of ``paragraphs`` ((text, style id or None), in order; "Title" and
    "Heading1"…"Heading9" are defined) with ``notes`` as comments."""
    document = etree.Element(_w("document"), nsmap={"w": W_NS})
    body = etree.SubElement(document, _w("body"))
    elements = [_paragraph(text, style) for text, style in paragraphs]
    body.extend(elements)
    sect = etree.SubElement(body, _w("sectPr"))
    size = etree.SubElement(sect, _w("pgSz"))
    size.set(_w("w"), "11906")
    size.set(_w("h"), "16838")
    margins = etree.SubElement(sect, _w("pgMar"))
    for side, value in (("top", "1440"), ("right", "1800"), ("bottom", "1440"), ("left", "1800"),
                        ("header", "851"), ("footer", "992"), ("gutter", "0")):
        margins.set(_w(side), value)
    comments = etree.Element(_w("comments"), nsmap={"w": W_NS})
    initials = _initials(author)
    placed = _place(elements, notes, 0,
                    lambda cid, text: comments.append(_comment(cid, text, author, date, initials)))
    headings = "".join(_HEADING.format(n=n, lvl=n - 1, sz=max(24, 34 - 2 * n), before=240 if n < 3 else 120)
                       for n in range(1, 10))
    parts = [
        ("[Content_Types].xml", _CONTENT_TYPES.encode()),
        ("_rels/.rels", _PACKAGE_RELS.encode()),
        ("word/document.xml", _serialise(document)),
        ("word/_rels/document.xml.rels", _DOCUMENT_RELS.encode()),
        ("word/styles.xml", _STYLES.format(w=W_NS, headings=headings).encode()),
        ("word/comments.xml", _serialise(comments)),
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for name, content in parts:
            info = zipfile.ZipInfo(name, _ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, content)
    return buf.getvalue(), placed
