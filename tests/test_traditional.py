"""A page saved from a site's 繁体 view is audited like the 简体 text (issue 6, profiles)."""

from pathlib import Path

import pytest

import auditor
from auditor.evaluate import audit

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def pack():
    return auditor.load_pack()


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.txt")))
def test_traditional_page_gets_the_same_verdicts(name, pack):
    opencc = pytest.importorskip("opencc")
    simplified = (CORPUS / name).read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert traditional != simplified
    # as a site's 繁体 view publishes it: an HTML page
    page = "<html><head><meta charset='utf-8'></head><body>" + "".join(
        f"<p>{line}</p>" for line in traditional.splitlines()) + "</body></html>"
    doc_t = auditor.read_document(data=page.encode("utf-8"), name=name.replace(".txt", ".html"))
    doc_s = auditor.read_document(CORPUS / name)
    assert doc_t.metadata.traditional is True
    got = {f.rule: f.status for f in audit(doc_t, pack).findings}
    want = {f.rule: f.status for f in audit(doc_s, pack).findings}
    assert got == want
    # quotes come from the page as published (繁体), not from the converted text
    quotes = [e.quote for f in audit(doc_t, pack).findings for e in f.evidence if e.kind == "match"]
    assert any(q and q != opencc.OpenCC("t2s").convert(q) for q in quotes)
