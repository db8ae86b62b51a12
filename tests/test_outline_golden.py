"""The five corpus reports through the whole pipeline (``auditor.read_document``), against outlines
and metadata written by reading the reports (tests/golden/outlines, tests/golden/metadata).

Title tolerance: a golden heading marked ``title_tolerance: prefix`` is a run-in heading whose author
left out the full stop after the title (yingwu line 13, xinglongtai line 46), so where the title ends
is a judgement call. There the extracted title and the golden title must be prefixes of one another
(either way round) and share at least four characters: the segmenter's bounded fallback (see
``auditor.segment``) may stop at the first comma (shorter than what a reader sees) or run on to it
(longer); either is acceptable, a title that starts anywhere else is not. Every other title must be
equal to the golden one.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden"
REPORTS = sorted(p.stem for p in CORPUS.glob("*.txt"))

def _golden(kind: str, name: str) -> dict:
    return yaml.safe_load((GOLDEN / kind / f"{name}.yaml").read_text(encoding="utf-8"))


_docs: dict = {}


def _doc(name: str):
    if name not in _docs:
        from auditor import read_document

        _docs[name] = read_document(str(CORPUS / f"{name}.txt"))
    return _docs[name]


def _titles_match(got: str, want: str, tolerance: str | None) -> bool:
    if tolerance == "prefix":
        short = min(len(got), len(want))
        return short >= 4 and (got.startswith(want) or want.startswith(got))
    return got == want


def _compare(got_children, want_children, where: str) -> None:
    got = [(s.line, s.marker) for s in got_children]
    want = [(w["line"], w["marker"]) for w in want_children]
    assert got == want, f"{where}: headings (line, marker) differ"
    for sec, w in zip(got_children, want_children):
        assert _titles_match(sec.title, w["title"], w.get("title_tolerance")), \
            f"{where} L{w['line']}: title {sec.title!r}, expected {w['title']!r}"
        if "children" in w:
            _compare(sec.children, w["children"], f"{where} > L{w['line']}")


def test_every_corpus_report_has_goldens():
    assert REPORTS, "corpus/ is empty"
    for name in REPORTS:
        assert (GOLDEN / "outlines" / f"{name}.yaml").is_file()
        assert (GOLDEN / "metadata" / f"{name}.yaml").is_file()


@pytest.mark.parametrize("name", REPORTS)
def test_level1_and_level2_headings_match_the_golden_outline(name):
    doc = _doc(name)
    want = _golden("outlines", name)
    _compare(doc.root.children, want["sections"], name)
    for sec in doc.root.children:
        assert sec.level == 1
        for child in sec.children:
            assert child.level == 2


@pytest.mark.parametrize("name", REPORTS)
def test_inline_enumerations_are_items_of_their_section(name):
    doc = _doc(name)
    want = _golden("outlines", name)["inline_items"]
    by_line = {s.line: s for s in doc.sections()}
    for entry in want:
        sec = by_line[entry["section_line"]]
        lines = {doc.lines[it.index].no for it in sec.items}
        assert len(sec.items) == entry["count"], f"{name} L{entry['section_line']}"
        assert lines == {entry["line"]}
        assert [it.number for it in sec.items] == list(range(1, entry["count"] + 1))


@pytest.mark.parametrize("name", REPORTS)
def test_title_line_and_preamble_belong_to_the_root(name):
    doc = _doc(name)
    want_title_line = _golden("metadata", name)["title"]["line"]
    first = doc.root.children[0]
    assert want_title_line < first.line
    assert doc.section_at(0) is doc.root


def _as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


@pytest.mark.parametrize("name", REPORTS)
def test_metadata_matches_the_golden(name):
    md = _doc(name).metadata
    want = _golden("metadata", name)

    assert md.title is not None
    assert md.title.value == want["title"]["value"]
    assert md.title.line == want["title"]["line"]

    assert md.year is not None and md.year.value == want["year"]["value"]
    assert md.year.confidence == want["year"]["confidence"]

    assert md.issuer is not None and md.issuer.value == want["issuer"]["value"]
    assert md.profile is not None and md.profile.value == want["profile"]

    for key in ("published", "signature_date"):
        got, exp = getattr(md, key), want[key]
        if exp is None:
            assert got is None, key
        else:
            assert got is not None, key
            assert got.value == _as_date(exp["value"]), key
            assert got.line == exp["line"], key
            assert got.confidence == exp["confidence"], key

    exp = want["signature_body"]
    if exp is None:
        assert md.signature_body is None
    else:
        assert md.signature_body is not None
        assert md.signature_body.line == exp["line"]
        if "value" in exp:
            assert md.signature_body.value == exp["value"]
        for part in exp.get("contains", []):
            assert part in md.signature_body.value

    for key in ("index_no", "doc_no"):
        got, exp = getattr(md, key), want[key]
        assert (got.value if got is not None else None) == exp, key


@pytest.mark.parametrize("name", REPORTS)
def test_json_outline_validates_against_the_schema(name):
    import jsonschema

    from auditor.outline import outline_dict

    schema = json.loads((ROOT / "auditor" / "schemas" / "outline.schema.json").read_text("utf-8"))
    data = json.loads(json.dumps(outline_dict(_doc(name)), ensure_ascii=False))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert [s["line"] for s in data["sections"]] == \
        [s["line"] for s in _golden("outlines", name)["sections"]]


@pytest.mark.parametrize("name", REPORTS)
def test_text_outline_lists_every_level1_heading_with_its_line(name):
    from auditor.outline import outline_text

    text = outline_text(_doc(name))
    for sec in _golden("outlines", name)["sections"]:
        assert f"\n  L{sec['line']}  {sec['marker']}" in text
