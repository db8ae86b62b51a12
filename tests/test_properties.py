"""Property tests: for arbitrary text the pipeline never raises anything but ``InputError``, and
what it produces is consistent with the source (sections nest, line numbers and quotes point
back into the file, normalised lines keep their length)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.errors import InputError
from auditor.limits import Limits
from auditor.model import Line, Section
from auditor.normalize import fold, normalize
from auditor.pipeline import read_document
from auditor.segment import segment

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def pack():
    from auditor.pack import load_pack

    return load_pack()


# ---------------------------------------------------------------------------------------------
# Strategies

# punctuation as sites type it, in both widths, plus dashes, odd spaces and zero-width marks
PUNCT = "，,。.、：:；;！!？?（）()【】《》“”\"'—–-－~～·…　\u00a0\u200b\ufeff\u2028\u0085"
CONTROL = "".join(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127))
CJK = "法治政府建设年度报告情况工作存在问题不足下一步打算主要举措成效区人民街道述法复议诉讼审查"
DIGITS = "0123456789０１２３４５６７８９一二三四五六七八九十百零〇"
MARKERS = ["一、", "二、", "三、", "十一、", "（一）", "(二)", "（三）", "1.", "2．", "3、", "10.",
           "（1）", "(2)", "（3）", "①", "②", "③", "第一部分", "第二章", "第三条", "一是", "二是",
           "1)", "A.", "Ⅰ、", "第1条"]

chars = st.one_of(
    st.sampled_from(CJK + DIGITS + PUNCT),
    st.sampled_from(CONTROL),
    st.characters(),                                         # any code point, surrogates too
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),
)
words = st.text(chars, max_size=40)
heading_line = st.builds(lambda m, t: m + t, st.sampled_from(MARKERS), words)
plain_line = st.one_of(words, st.text(st.sampled_from(CJK + "，。"), min_size=1, max_size=200))
soup = st.lists(st.one_of(heading_line, plain_line), min_size=0, max_size=60).map("\n".join)
# line endings of every kind, including the ones str.splitlines() would split on
mixed_breaks = st.lists(st.tuples(st.one_of(heading_line, plain_line),
                                  st.sampled_from(["\n", "\r\n", "\r", "\x0b", "\x0c", "\u2028"])),
                        max_size=40).map(lambda ps: "".join(a + b for a, b in ps))

NESTED = [("一二三四五六七八九十", "{}、"), ("一二三四五六七八九十", "（{}）"),
          ("123456789", "{}."), ("123456789", "（{}）"), ("①②③④⑤⑥⑦⑧⑨", "{}")]


@st.composite
def deep_outline(draw):
    """Headings 一、（一）1.（1）① nested as deep as they go, then climbing back, many times."""
    lines = ["某区2024年法治政府建设情况报告"]
    counters = [0] * len(NESTED)
    depth = -1                      # the first heading is a 一、
    for _ in range(draw(st.integers(1, 80))):
        depth = draw(st.integers(0, min(depth + 1, len(NESTED) - 1)))
        counters[depth] = min(counters[depth] + 1, 9)
        for k in range(depth + 1, len(NESTED)):
            counters[k] = 0
        digits, fmt = NESTED[depth]
        title = draw(st.text(st.sampled_from(CJK), min_size=2, max_size=12))
        body = draw(st.sampled_from(["", "。全年开展述法工作12次。", "；一是加强学法，二是严格执法。"]))
        lines.append(fmt.format(digits[counters[depth] - 1]) + title + body)
    return "\n".join(lines)


any_text = st.one_of(soup, mixed_breaks, deep_outline(), st.text(chars, max_size=400))


# ---------------------------------------------------------------------------------------------
# Invariants


def source_lines(text: str) -> list[str]:
    """The source lines as an editor numbers them (\\r\\n, \\r and \\n end a line)."""
    import re

    return re.split(r"\r\n|\r|\n", text)


def check_tree(doc) -> None:
    lines = doc.lines
    root = doc.root
    assert (root.level, root.start, root.end) == (0, 0, len(lines))

    def visit(sec: Section) -> None:
        prev_end = sec.start + (1 if sec.level else 0)
        for child in sec.children:
            assert child.level == sec.level + 1
            assert sec.start <= child.start < child.end <= sec.end
            assert child.start >= prev_end, "children overlap or precede their parent's heading"
            prev_end = child.end
            assert child.line == lines[child.start].no
            assert child.end_line == lines[child.end - 1].no
            assert child.path == sec.path + (child.path[-1],)
            assert child.title in lines[child.start].text
            assert child.marker in lines[child.start].text
            visit(child)

    visit(root)


def check_lines(doc, src: list[str] | None) -> None:
    last = 0
    for line in doc.lines:
        assert len(line.norm) == len(line.text)
        assert line.no >= last, "line numbers never go back"
        last = line.no
        if src is not None:
            assert 1 <= line.no <= len(src)
            assert line.text in src[line.no - 1]


def check_findings(result, doc, src: list[str]) -> None:
    for finding in result.findings:
        for ev in finding.evidence:
            assert 1 <= ev.line <= len(src), (finding.rule, ev)
            assert ev.quote in src[ev.line - 1], (finding.rule, ev.line, ev.quote)
            if ev.span is not None:
                a, b = ev.span
                assert 0 <= a <= b <= len(ev.quote)
        line = finding.values.get("line") if finding.values else None
        if line is not None:
            assert 1 <= line <= len(src)


def run_pipeline(data: bytes, name: str, pack, src: list[str] | None):
    try:
        doc = read_document(data=data, name=name)
    except InputError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return None
    check_lines(doc, src)
    check_tree(doc)
    from auditor.evaluate import audit

    result = audit(doc, pack)
    # one finding per rule, and the warning about replaced bytes when there were any
    assert len(result.findings) == len(pack.rules) + (1 if doc.replaced_lines else 0)
    if src is not None:
        check_findings(result, doc, src)
    return doc


# ---------------------------------------------------------------------------------------------
# Properties


@SETTINGS
@given(text=any_text)
def test_text_bytes_with_lone_surrogates_never_raise_but_input_error(pack, text):
    data = text.encode("utf-8", "surrogatepass")
    # with lone surrogates the bytes are not valid UTF-8 and are decoded some other way, so
    # the lines cannot be compared with ``text``; otherwise they must come from it
    has_surrogate = any("\ud800" <= c <= "\udfff" for c in text)
    # a stray NUL is read as U+FFFD (and reported), the rest of the text as it is
    src = None if has_surrogate else source_lines(text.replace("\x00", "\ufffd"))
    run_pipeline(data, "report.txt", pack, src)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(soup, deep_outline()))
def test_clean_utf8_reports_keep_lines_quotes_and_sections_consistent(pack, text):
    text = text.encode("utf-8", "replace").decode("utf-8").replace("\ufeff", "")
    text = "某区2024年法治政府建设情况报告\n" + text
    # hold enough Chinese text that the rules are really evaluated, not gated off
    text += "\n" + "本区坚持以习近平法治思想为指导，全面推进法治政府建设。" * 4
    # a stray NUL is read as U+FFFD (and reported)
    run_pipeline(text.encode("utf-8"), "report.txt", pack, source_lines(text.replace("\x00", "\ufffd")))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=deep_outline())
def test_deep_heading_nesting_builds_a_sound_tree(pack, text):
    doc = run_pipeline(text.encode("utf-8"), "deep.txt", pack, source_lines(text))
    assert doc is not None
    # every line that starts with 一、 and sits right after the title or a deeper section is
    # a level-1 heading: the outline always has at least the first one
    assert doc.root.children and doc.root.children[0].marker == "一、"


@SETTINGS
@given(html=st.lists(st.one_of(heading_line, plain_line), max_size=30))
def test_html_pages_of_random_paragraphs_never_raise_but_input_error(pack, html):
    from html import escape

    page = ("<html><head><meta charset=utf-8><title>报告</title></head><body><div>"
            + "".join(f"<p>{escape(p)}</p>" for p in html) + "</div></body></html>")
    run_pipeline(page.encode("utf-8", "surrogatepass"), "page.html", pack, None)


@settings(max_examples=10, deadline=None)
@given(unit=st.text(st.sampled_from(CJK + PUNCT + "一、（）1."), min_size=1, max_size=8),
       size=st.integers(100_000, 400_000))
def test_very_long_lines_are_read_and_audited(pack, unit, size):
    line = (unit * (size // len(unit) + 1))[:size]
    text = "某区2024年法治政府建设情况报告\n" + line + "\n一、主要举措及成效\n" + line
    run_pipeline(text.encode("utf-8"), "long.txt", pack, source_lines(text))


@SETTINGS
@given(text=st.text(chars, max_size=300))
def test_fold_and_normalize_keep_the_length_of_any_str(text):
    assert len(fold(text)) == len(text)
    assert len(normalize(text)) == len(text)
    assert fold(fold(text)) == fold(text)


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.sampled_from("國會發關實將進這區報設說機們與為對業體條務員法治政府"), max_size=60))
def test_traditional_normalisation_keeps_the_length(text):
    assert len(normalize(text, traditional=True)) == len(text)


@SETTINGS
@given(lines=st.lists(st.one_of(heading_line, plain_line).filter(lambda s: s.strip()), max_size=50),
       hints=st.dictionaries(st.integers(1, 50), st.integers(1, 6), max_size=10))
def test_segment_of_str_lines_with_surrogates_and_random_hints(lines, hints):
    objs = [Line(i + 1, t, normalize(t)) for i, t in enumerate(lines)]
    root = segment(objs, hints)

    class _Doc:
        pass

    doc = _Doc()
    doc.lines, doc.root = objs, root
    if objs:
        check_tree(doc)
    else:
        assert root.children == []


@pytest.mark.parametrize("name", ["qingshan-2021.txt", "xialu-2024.txt", "xinglongtai-2024.txt",
                                  "yingwu-jiedao-2024.txt", "yuncheng-2024.txt"])
def test_corpus_evidence_quotes_lie_on_their_lines(pack, corpus_dir, name):
    path = corpus_dir / name
    text = path.read_text(encoding="utf-8")
    run_pipeline(path.read_bytes(), name, pack, source_lines(text))
