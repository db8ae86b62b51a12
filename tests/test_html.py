"""The HTML self-check page: content, links, self-containment and escaping (no browser here)."""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from auditor import audit, load_pack, read_document
from auditor.formats import Options, html
from auditor.model import Evidence, Finding, ReportResult

from browser_util import HOSTILE_MARKUP, HOSTILE_REPORT

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
REPORTS = sorted(p.name for p in CORPUS.glob("*.txt"))


@pytest.fixture(scope="module")
def pack():
    return load_pack()


@pytest.fixture(scope="module")
def results(pack):
    return {name: audit(read_document(str(CORPUS / name)), pack, keep_document=True)
            for name in REPORTS}


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <script>/<style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._in = tag
            self.raw[tag].append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.raw[self._in][-1] += data


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


def ids(page: str) -> set[str]:
    return {a["id"] for _, a in parse(page).tags if a.get("id")}


@pytest.mark.parametrize("name", REPORTS)
def test_page_shows_every_finding_with_its_rule_id(name, results, pack):
    result = results[name]
    page = html.render([result], pack, Options())
    rows = re.findall(r'data-rule="([^"]+)" data-status="([^"]+)"', page)
    assert rows and sorted(rows) == sorted((f.rule, f.status) for f in result.findings)


@pytest.mark.parametrize("name", REPORTS)
def test_every_evidence_line_has_an_anchor_in_the_text(name, results, pack):
    result = results[name]
    page = html.render([result], pack, Options())
    anchors = ids(page)
    lines = {f"r1-L{e.line}" for f in result.findings for e in f.evidence}
    assert lines and lines <= anchors
    targets = {a.get("data-target") for t, a in parse(page).tags if t == "a" and "ev" in (a.get("class") or "")}
    assert lines <= targets


@pytest.mark.parametrize("name", REPORTS)
def test_page_loads_nothing_from_outside(name, results, pack):
    page = html.render([results[name]], pack, Options())
    for tag, attrs in parse(page).tags:
        for attr in ("src", "href", "action", "srcset", "data", "poster"):
            value = attrs.get(attr)
            assert not (value and re.match(r"\s*(https?:)?//", value)), (tag, attr, value)
        assert tag not in ("link", "iframe", "object", "embed", "img")
    assert "@import" not in page and "url(" not in page


def test_every_text_line_is_numbered_with_its_source_line(results, pack):
    result = results["xialu-2024.txt"]
    page = html.render([result], pack, Options())
    for line in result.document.lines:
        assert f'id="r1-L{line.no}"' in page


def test_gap_rows_show_the_fix_and_the_legal_basis(results, pack):
    # qingshan-2021 stops after part two: no problems section (element.problems fails)
    result = results["qingshan-2021.txt"]
    page = html.render([result], pack, Options())
    finding = next(f for f in result.findings if f.rule == "element.problems")
    assert finding.status == "fail"
    row = re.search(r'<tr class="finding gap[^"]*" id="r1-element\.problems".*?</tr>', page, re.S)
    assert row is not None
    assert "整改建议" in row.group(0) and htmllib.escape(finding.fix, quote=False) in row.group(0)
    assert htmllib.escape(finding.basis, quote=False) in row.group(0)


def test_passing_rows_carry_no_fix(results, pack):
    page = html.render([results["xialu-2024.txt"]], pack, Options())
    row = re.search(r'<tr class="finding ok[^"]*" id="r1-element\.measures".*?</tr>', page, re.S)
    assert row is not None and "整改建议" not in row.group(0)


def test_five_elements_come_before_the_other_groups(results, pack):
    page = html.render([results["xialu-2024.txt"]], pack, Options())
    groups = re.findall(r'<tbody class="group g-([a-z]+)">', page)
    assert groups[0] == "element"
    assert groups.index("meta") < groups.index("structure") < groups.index("content")


def test_verdict_counts_gaps_in_chinese():
    f = lambda status, sev="error": Finding(rule=f"x.{status}{sev}", title="t", severity=sev,  # noqa: E731
                                            status=status, message="m", basis="b")
    result = ReportResult("a.txt", "0", None, None, "", (f("fail"), f("fail", "warning"),
                                                          f("fail", "info"), f("partial"), f("pass")))
    assert html.verdict(result) == "发现 3 项缺失、1 项不充分，建议修改后再报送"
    clean = ReportResult("a.txt", "0", None, None, "", (f("pass"), f("not_applicable")))
    assert html.verdict(clean) == "未发现缺失或不充分的项目，可以报送"


def test_summary_shows_counts_by_status(results, pack):
    result = results["qingshan-2021.txt"]
    page = html.render([result], pack, Options())
    counts = result.summary()
    assert f'<span class="badge st-fail">缺失 {counts["fail"]}</span>' in page
    assert f'<span class="badge st-pass">符合 {counts["pass"]}</span>' in page


def test_metadata_block_shows_year_issuer_and_published_date(results, pack):
    page = html.render([results["xialu-2024.txt"]], pack, Options())
    meta = re.search(r'<section class="meta">.*?</section>', page, re.S).group(0)
    assert "2024" in meta and "下陆区" in meta and "2025-02-28" in meta
    assert "可信度：高" in meta


def test_signature_of_yuncheng_is_shown_with_its_line(results, pack):
    # yuncheng-2024 ends with 云浮市云城区人民政府 / 2025年1月9日
    result = results["yuncheng-2024.txt"]
    page = html.render([result], pack, Options())
    date_line = result.metadata.signature_date.line
    meta = re.search(r'<section class="meta">.*?</section>', page, re.S).group(0)
    assert "2025-01-09" in meta and f"第 {date_line} 行" in meta


def test_evidence_offsets_point_at_the_quoted_span(results, pack):
    result = results["xialu-2024.txt"]
    page = html.render([result], pack, Options())
    texts = {ln.no: ln.text for ln in result.document.lines}
    texts.update((ln.no, ln.text) for ln, _ in result.document.dropped)   # shown greyed
    checked = 0
    for tag, a in parse(page).tags:
        if tag == "a" and a.get("data-start") is not None:
            line = int(a["data-target"].rsplit("-L", 1)[1])
            piece = texts[line][int(a["data-start"]):int(a["data-end"])]   # BMP text: same offsets
            assert piece and piece in texts[line]
            checked += 1
    assert checked > 5


def test_span_offsets_count_utf16_units_after_astral_characters():
    line = "𠀋一、主要举措和成效"
    ev = Evidence(section="", line=1, quote=line, span=(1, 3))
    assert html._locate(line, ev) == (2, 4)


def test_quote_joined_from_two_lines_is_found_by_its_first_part():
    ev = Evidence(section="", line=5, quote="关于2024年度 / 情况的报告", span=None)
    assert html._locate("关于2024年度", ev) == (0, 8)


def test_near_misses_are_marked_as_such():
    finding = Finding(rule="element.causes", title="分析原因", severity="error", status="partial",
                      message="m", basis="b", fix="写明原因",
                      evidence=(Evidence("二、存在问题", 3, "由于培训不足", (0, 2), "near_miss", "只有“由于”"),))
    doc = read_document(None, data="标题\n二、存在问题\n由于培训不足\n".encode(), name="a.txt")
    result = ReportResult("a.txt", "0", doc.metadata, None, "", (finding,), document=doc)
    page = html.render([result], None, Options())
    assert 'class="ev ev-near_miss"' in page and "近似，未计入" in page and "只有“由于”" in page


def test_hostile_report_text_is_escaped(pack, tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE_REPORT, encoding="utf-8")
    result = audit(read_document(str(path)), pack, keep_document=True)
    page = html.render([result], pack, Options())
    for markup in HOSTILE_MARKUP:
        assert markup not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    tags = parse(page)
    assert [t for t, _ in tags.tags if t == "script"] == ["script"]      # ours only
    assert not any(t == "img" for t, _ in tags.tags)
    assert not any((a.get("href") or "").startswith("javascript:") for _, a in tags.tags)


def test_hostile_rule_strings_are_escaped():
    finding = Finding(rule="x.<b>", title="<script>alert(1)</script>", severity="error",
                      status="fail", message="<img src=x onerror=alert(1)>", basis="<i>b</i>",
                      fix='<a href="javascript:alert(1)">x</a>')
    page = html.render([ReportResult("<b>.txt", "0", None, None, "", (finding,))], None, Options())
    assert "<script>alert" not in page and "<img src" not in page and "<i>b" not in page
    assert 'href="javascript:' not in page


def test_policy_allows_exactly_our_inline_script_and_style(results, pack):
    page = html.render([results["xialu-2024.txt"]], pack, Options())
    tags = parse(page)
    meta = next(a for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    policy = meta["content"]
    assert policy.startswith("default-src 'none';")

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert f"script-src {digest(tags.raw['script'][0])};" in policy
    assert f"style-src {digest(tags.raw['style'][0])};" in policy
    assert "unsafe-eval" not in policy and "script-src 'unsafe-inline'" not in policy
    assert not any(a.get("style") for _, a in tags.tags)          # inline style attrs would be blocked
    assert not any(k.startswith("on") for _, a in tags.tags for k in a)


def test_batch_page_has_the_matrix_and_every_report(results, pack):
    rs = [results[n] for n in REPORTS]
    page = html.render(rs, pack, Options())
    assert 'class="matrix"' in page
    for i in range(1, len(rs) + 1):
        assert f'href="#r{i}"' in page and f'id="r{i}"' in page
    # ids stay unique across reports
    all_ids = [a["id"] for _, a in parse(page).tags if a.get("id")]
    assert len(all_ids) == len(set(all_ids))


def test_index_links_each_report_to_its_page(results, pack):
    rs = [results[n] for n in REPORTS]
    links = {r.source: f"reports/{i}.html" for i, r in enumerate(rs)}
    page = html.render(rs, pack, Options(index_links=links))
    for href in links.values():
        assert f'href="{href}"' in page
    assert 'class="report"' not in page
    # qingshan-2021 lacks its problems section: ✘ in the matrix
    row = re.search(r'reports/0\.html.*?</tr>', page, re.S).group(0)
    assert "✘" in row


def test_the_one_options_type_of_every_format_is_taken(results, pack):
    rs = [results[n] for n in REPORTS[:2]]
    page = html.render(rs, pack, Options(index_links={rs[0].source: "a.html"},
                                         downloads=[("JSON", "/d/x.json")], back_href="/"))
    assert 'href="a.html"' in page and 'href="/d/x.json"' in page


def test_unreadable_report_shows_its_error(pack):
    result = ReportResult("bad.docx", "", None, None, "", (), error="Word 文件已损坏")
    page = html.render([result], pack, Options())
    assert "无法读取该报告：Word 文件已损坏" in page


def test_page_without_the_document_still_renders_findings(pack):
    result = audit(read_document(str(CORPUS / "xialu-2024.txt")), pack)       # no document kept
    page = html.render([result], pack, Options())
    assert 'data-rule="element.causes"' in page and 'class="text"' not in page


def test_print_stylesheet_is_a4_without_navigation():
    css = html._asset("report.css")
    printing = css[css.index("@media print"):]
    assert "size:A4" in printing
    assert ".bar" in printing and "display:none" in printing


def test_index_called_with_options_only_links_the_per_report_files(results, pack):
    rs = [results["xialu-2024.txt"], results["qingshan-2021.txt"]]
    page = html.render_index(rs, pack, Options())
    assert 'href="xialu-2024.html"' in page and 'href="qingshan-2021.html"' in page


NOT_A_REPORT = ("国务院办公厅关于印发2024年政务公开工作要点的通知\n各省、自治区、直辖市人民政府，国务院各部委、"
                "各直属机构：\n《2024年政务公开工作要点》已经国务院同意，现印发给你们，请认真贯彻执行。坚持以习近平"
                "新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神，加强政策发布解读，优化政务服务。\n")


def test_a_document_that_is_not_a_report_is_told_so_not_given_a_gap_count(pack):
    result = audit(read_document(data=NOT_A_REPORT.encode("utf-8"), name="通知.txt"), pack)
    said = html.verdict(result)
    kind = next(f for f in result.findings if f.rule == "meta.document-kind")
    assert kind.status == "fail" and said.startswith(kind.message)   # the reason that held
    assert "未逐项检查" in said and "请提交法治政府建设年度报告全文" in said
    assert "项缺失" not in said and "报送" not in said.replace("提交", "")
    page = html.render([result], pack, {})
    element_head = re.search(r'<tbody class="group g-element">.*?<span class="gcount">([^<]*)</span>',
                             page, re.S)
    assert element_head.group(1) == "未评估"    # all 7 statutory elements unevaluated: not "无问题"
    assert "无问题" not in page


def test_group_tally_says_no_problem_only_when_rules_were_met():
    row = lambda status, gap=False: {"status": status, "gap": gap}  # noqa: E731
    assert html._group_tally([row("pass"), row("pass")]) == "无问题"
    assert html._group_tally([row("pass"), row("not_evaluated")]) == "无问题，1 项未评估"
    assert html._group_tally([row("not_evaluated")] * 7) == "未评估"
    assert html._group_tally([row("not_applicable")] * 2) == "不适用"
    assert html._group_tally([row("fail", True), row("not_evaluated")]) == "1 项问题"


def test_a_published_report_is_not_told_to_fix_before_submitting(results):
    result = results["qingshan-2021.txt"]            # 发布日期 on the page
    assert result.metadata.published is not None
    said = html.verdict(result)
    assert "报送" not in said and "报告已公开" in said and "下一年度报告" in said
