"""Screenshots for the README: docs/screenshots/report.png (the self-check page), charts.png (the
reviewer's charts on a batch index) and upload.png (the page of `auditor serve`).

    .venv/bin/python tests/make_screenshots.py [OUTDIR]     # default: docs/screenshots

Uses Debian's Chromium through Playwright (tests/browser_util.py), the corpus report
xialu-2024.txt, and an `auditor serve` running in a thread on a free loopback port. Chinese text
needs a CJK font on the machine (Debian: fonts-wqy-microhei or fonts-noto-cjk); without one the
screenshots show boxes, though the tests that call this still pass.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

WIDTH = 1000


def generate(outdir: Path, context=None) -> list[Path]:
    """Write report.png, charts.png and upload.png into ``outdir``; return their paths."""
    import browser_util

    from auditor import audit, load_pack, read_document
    from auditor.formats import Options, html
    from auditor.serve import discover_packs, make_server

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    if context is None:
        reason = browser_util.unavailable_reason()
        if reason:
            raise SystemExit(reason)
        with browser_util.launch(viewport=(WIDTH, 1150)) as ctx:
            return generate(outdir, ctx)

    pack = load_pack()
    source = ROOT / "corpus" / "xialu-2024.txt"
    doc = read_document(None, data=source.read_bytes(), name="corpus/xialu-2024.txt")
    result = audit(doc, pack, keep_document=True)
    server = make_server("127.0.0.1", 0, discover_packs(), quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    page = context.new_page()
    try:
        page.set_viewport_size({"width": WIDTH, "height": 1150})
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "report.html"
            report.write_text(html.render([result], pack, Options()), encoding="utf-8")
            page.goto(report.as_uri())
            report_png = outdir / "report.png"
            page.screenshot(path=str(report_png))
            # the batch index of the five corpus reports: the reviewer's charts
            results = [audit(read_document(None, data=p.read_bytes(), name=f"corpus/{p.name}"), pack)
                       for p in sorted((ROOT / "corpus").glob("*.txt"))]
            index = Path(tmp) / "index.html"
            index.write_text(html.render_index(results, pack), encoding="utf-8")
            page.set_viewport_size({"width": 1300, "height": 900})
            page.goto(index.as_uri())
            charts_png = outdir / "charts.png"
            page.locator("section.charts").screenshot(path=str(charts_png))
        page.set_viewport_size({"width": WIDTH, "height": 640})
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        upload_png = outdir / "upload.png"
        page.screenshot(path=str(upload_png))
    finally:
        page.close()
        server.shutdown()
        server.server_close()
    return [report_png, charts_png, upload_png]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    for path in generate(target):
        print(path)
