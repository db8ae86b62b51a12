"""The self-check page in a real headless Chromium (Debian's, driven by Playwright).

Skipped, with the reason, when /usr/bin/chromium or the playwright package is missing or the
browser cannot start; `make test` installs Debian's chromium first (`make browser`).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import browser_util
from browser_util import HOSTILE_REPORT

from auditor import audit, load_pack, read_document
from auditor.formats import Options, html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def context():
    reason = browser_util.unavailable_reason()
    if reason:
        pytest.skip(reason)
    launcher = browser_util.launch()
    try:
        ctx = launcher.__enter__()
    except Exception as exc:  # the browser is there but will not start on this machine
        pytest.skip(f"Chromium 无法启动 / Chromium could not be launched: {type(exc).__name__}: {exc}")
    try:
        yield ctx
    finally:
        launcher.__exit__(None, None, None)


@pytest.fixture
def page(context):
    pg = context.new_page()
    pg.dialogs = []
    pg.console_errors = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    pg.close()


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def write_report(path: Path, source: Path, pack) -> tuple[Path, object]:
    result = audit(read_document(str(source)), pack, keep_document=True)
    path.write_text(html.render([result], pack, Options()), encoding="utf-8")
    return path, result


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(selector, """el => {
        const r = el.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
    }""")


def test_clicking_a_gaps_evidence_highlights_the_quoted_span_in_view(page, pack, tmp_path):
    path, result = write_report(tmp_path / "xialu.html", CORPUS / "xialu-2024.txt", pack)
    page.goto(path.as_uri())
    link = page.locator("tr.gap a.ev[data-start]").first
    target = link.get_attribute("data-target")
    start, end = int(link.get_attribute("data-start")), int(link.get_attribute("data-end"))
    line_no = int(target.rsplit("-L", 1)[1])
    text = next(ln.text for ln in result.document.lines if ln.no == line_no)
    assert not in_viewport(page, f"#{target}")          # the text is below the gap table
    link.click()
    page.wait_for_function(f"document.getElementById('{target}').classList.contains('hl')")
    assert in_viewport(page, f"#{target}")
    assert page.inner_text(f"#{target} mark") == text[start:end]
    assert page.console_errors == []


def test_second_click_moves_the_highlight(page, pack, tmp_path):
    path, _ = write_report(tmp_path / "qingshan.html", CORPUS / "qingshan-2021.txt", pack)
    page.goto(path.as_uri())
    links = page.locator("a.ev[data-start]")
    first, second = links.nth(0), links.nth(links.count() - 1)
    assert first.get_attribute("data-target") != second.get_attribute("data-target")
    first.click()
    second.click()
    assert page.locator(".ln.hl").count() == 1
    assert page.locator("mark").count() == 1
    assert page.get_attribute(".ln.hl", "id") == second.get_attribute("data-target")


def test_outline_link_scrolls_to_its_heading(page, pack, tmp_path):
    path, result = write_report(tmp_path / "yuncheng.html", CORPUS / "yuncheng-2024.txt", pack)
    page.goto(path.as_uri())
    last = list(result.document.sections())[-1]
    page.click(f'nav.outline a[href="#r1-L{last.line}"]')
    assert in_viewport(page, f"#r1-L{last.line}")


def test_hostile_report_raises_no_dialog_and_adds_no_element(page, pack, tmp_path):
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE_REPORT, encoding="utf-8")
    path, _ = write_report(tmp_path / "hostile.html", source, pack)
    page.goto(path.as_uri())
    for i in range(page.locator("a.ev").count()):
        page.locator("a.ev").nth(i).click()
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1                  # the page's own
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator("text=<script>alert(1)</script>").count() >= 1   # shown as text
    assert page.console_errors == []                            # our hashes match: nothing blocked


def test_print_view_hides_navigation(page, pack, tmp_path):
    path, _ = write_report(tmp_path / "xialu.html", CORPUS / "xialu-2024.txt", pack)
    page.goto(path.as_uri())
    assert page.is_visible("header.bar")
    page.emulate_media(media="print")
    assert not page.is_visible("header.bar") and not page.is_visible("nav.outline")
    assert page.is_visible("table.findings")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`auditor serve` as a subprocess on a free loopback port."""
    log = tmp_path_factory.mktemp("serve") / "stderr.txt"
    with open(log, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "auditor.serve_cli", "--port", "0", "--no-browser"],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 30
        url = None
        while time.monotonic() < deadline and url is None:
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", log.read_text(encoding="utf-8", errors="replace"))
            if m:
                url = f"http://127.0.0.1:{m.group(1)}"
            elif proc.poll() is not None:
                break
            else:
                time.sleep(0.1)
        if url is None:
            pytest.fail("auditor serve did not start: " + log.read_text(encoding="utf-8", errors="replace"))
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_uploading_a_corpus_report_shows_the_gap_table(page, served, pack):
    source = CORPUS / "yingwu-jiedao-2024.txt"
    page.goto(served + "/")
    page.set_input_files("#files", str(source))
    page.click("#submit")
    page.wait_for_selector("table.findings")
    shown = {row.get_attribute("data-rule"): row.get_attribute("data-status")
             for row in page.locator("tr.finding").all()}
    expected = audit(read_document(str(source)), pack)
    assert shown == {f.rule: f.status for f in expected.findings}
    gaps = page.locator("tr.finding.gap .badge").all_inner_texts()
    assert "缺失" in gaps                     # the 街道 report has gaps (e.g. its causes)
    assert page.dialogs == [] and page.console_errors == []


def test_uploading_two_reports_links_the_matrix_to_each(page, served):
    page.goto(served + "/")
    page.set_input_files("#files", [str(CORPUS / "xialu-2024.txt"), str(CORPUS / "qingshan-2021.txt")])
    page.click("#submit")
    page.wait_for_selector("section.matrix")
    page.click('section.matrix a[href="#r2"]')
    assert in_viewport(page, "#r2 h1")


def test_uploading_the_hostile_report_runs_nothing(page, served, tmp_path):
    source = tmp_path / "<img src=x onerror=alert(3)>.txt"
    source.write_text(HOSTILE_REPORT, encoding="utf-8")
    page.goto(served + "/")
    page.set_input_files("#files", str(source))
    page.click("#submit")
    page.wait_for_selector("table.findings")
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1


def test_screenshot_generator_writes_small_pngs(context, tmp_path):
    import make_screenshots

    paths = make_screenshots.generate(tmp_path, context=context)
    assert sorted(p.name for p in paths) == ["charts.png", "report.png", "upload.png"]
    for p in paths:
        data = p.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(data[16:20], "big")
        assert 800 <= width <= 1300 and len(data) < 400_000


# -- the reviewer's batch index: short rule names, weighted scores, inline SVG charts ---------------

@pytest.fixture(scope="module")
def corpus_results(pack):
    return [audit(read_document(str(p)), pack) for p in sorted(CORPUS.glob("*.txt"))]


def test_index_headers_are_short_chinese_names_with_the_id_on_hover(page, pack, corpus_results,
                                                                    tmp_path):
    index = tmp_path / "index.html"
    index.write_text(html.render_index(corpus_results, pack), encoding="utf-8")
    page.goto(index.as_uri())
    headers = page.locator("table.grid th.rule")
    assert headers.count() == len(pack.rules)
    shown = headers.all_inner_texts()
    assert [re.sub(r"\s", "", t) for t in shown] == [r.short for r in pack.rules]
    assert all(not t.strip().startswith(("element.", "meta.", "topic.")) for t in shown)
    shufa = next(i for i, r in enumerate(pack.rules) if r.id == "element.shufa")
    assert headers.nth(shufa).get_attribute("title").startswith("element.shufa：")
    assert page.locator("table.grid th.score").inner_text() == "得分"
    assert "按级别加权" in page.locator("section.matrix p.note").inner_text()


def test_index_charts_are_inline_svg_showing_rules_reports_and_figures(page, pack, corpus_results,
                                                                        tmp_path):
    index = tmp_path / "index.html"
    index.write_text(html.render_index(corpus_results, pack), encoding="utf-8")
    requests = []
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("file:") else None)
    page.goto(index.as_uri())
    assert requests == [] and page.console_errors == []
    assert page.locator("section.charts script, section.charts img").count() == 0
    # pass rate per rule: one bar per rule, each as long as its share of 100 %
    rate = page.locator("#chart-pass-rate svg")
    assert rate.is_visible()
    bars = rate.locator("rect.bar")
    assert bars.count() == len(pack.rules)
    full = max(float(b.get_attribute("width")) for b in bars.all())
    causes = next(i for i, r in enumerate(pack.rules) if r.id == "element.causes")
    # element.causes is missing in all five corpus reports (tests/golden/verdicts): a sliver
    assert float(bars.nth(causes).get_attribute("width")) < 0.05 * full
    # reports ranked: five rows, scores descending
    ranking = page.locator("#chart-ranking svg text.val").all_text_contents()
    scores = [int(t.rstrip("%")) for t in ranking]
    assert len(scores) == len(corpus_results) and scores == sorted(scores, reverse=True)
    # each extracted figure: every report has a row, a dot where the figure was found
    figure_charts = page.locator("figure[id^=chart-figure-]")
    assert figure_charts.count() >= 2
    appearance = figure_charts.filter(has=page.locator("figcaption", has_text="出庭应诉率"))
    assert appearance.count() == 1
    assert appearance.locator("circle.dot").count() + appearance.locator("text.none").count() == \
        len(corpus_results)
    box = appearance.locator("svg").bounding_box()
    assert box["width"] > 300 and box["height"] > 80      # drawn, not collapsed


# -- the upload page: Chinese file button and drag and drop -------------------------------------

def test_upload_area_is_chinese_and_takes_dropped_files(page, served):
    page.goto(served + "/")
    text = page.locator("main").inner_text()
    assert "Choose" not in text and "No file chosen" not in text
    assert page.locator(".file-button").inner_text() == "选择文件…"
    assert page.locator("#chosen").inner_text() == "尚未选择文件"
    # the native input is transparent over the zone: what a user sees is our Chinese button
    assert float(page.locator("#files").evaluate("e => getComputedStyle(e).opacity")) == 0
    source = (CORPUS / "xialu-2024.txt").read_bytes()
    page.evaluate("""bytes => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], "xialu-2024.txt", {type: "text/plain"}));
        const input = document.getElementById("files");
        input.dispatchEvent(new DragEvent("dragenter", {bubbles: true, dataTransfer: dt}));
        input.files = dt.files;                       // what the browser does on a drop
        input.dispatchEvent(new DragEvent("drop", {bubbles: true, dataTransfer: dt}));
        input.dispatchEvent(new Event("change", {bubbles: true}));
    }""", list(source))
    assert page.locator("#chosen").inner_text() == "已选择 1 个文件：xialu-2024.txt"
    assert "dragging" not in (page.locator("#dropzone").get_attribute("class") or "")
    page.click("#submit")
    page.wait_for_selector("table.findings")
    assert "下陆区" in page.locator("h1.title").first.inner_text()
    assert page.console_errors == []
