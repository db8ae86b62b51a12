"""Launch Debian's headless Chromium through Playwright, or say clearly why it cannot be done.

The browser is never downloaded: ``make browser`` installs Debian's ``chromium`` package and
Playwright drives that binary (``executable_path``). Without it the browser tests are skipped with
the reason, and the rest of the suite runs.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

CHROMIUM = os.environ.get("AUDITOR_CHROMIUM", "/usr/bin/chromium")

# Flags for a closed network and a root user: no sandbox (root), no GPU, no background traffic
# that this machine would refuse, a fresh profile each time.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def unavailable_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        return (f"没有可用的 Chromium（{CHROMIUM} 不存在）：运行 `make browser` 安装 Debian 的 chromium "
                "包后再测 / no Chromium at that path; `make browser` installs Debian's package")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return ("没有安装 Python 包 playwright（pip install -e '.[test]'）/ "
                "the playwright package is not installed")
    return None


@contextlib.contextmanager
def launch(viewport: tuple[int, int] = (1000, 800)) -> Iterator[object]:
    """A Playwright ``BrowserContext`` on Debian's Chromium with a fresh, private user-data dir
    (Playwright takes the profile folder as a parameter, not as ``--user-data-dir``)."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="auditor-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                viewport={"width": viewport[0], "height": viewport[1]}, locale="zh-CN",
                accept_downloads=False)
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


# A report that tries to run code in the page: every one of these must come out as plain text.
HOSTILE_MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                  '<a href="javascript:alert(1)">点此查看</a>')
HOSTILE_REPORT = "\n".join([
    "某某区2024年法治政府建设情况报告<script>alert(1)</script>",
    "2024年，某某区坚持依法行政。<img src=x onerror=alert(1)>",
    "一、主要举措和成效",
    "（一）推进依法决策。全年审查重大行政决策12件，审查规范性文件8件。"
    '<a href="javascript:alert(1)">点此查看</a>',
    "（二）区政府主要负责人履行推进法治建设第一责任人职责，年终述职述法。",
    "二、存在的问题<script>alert(1)</script>",
    "执法队伍专业化水平有待提升。原因主要是培训不足。<img src=x onerror=alert(1)>",
    "三、2025年工作安排",
    "继续推进严格规范公正文明执法。",
    "某某区人民政府",
    "2025年3月1日",
]) + "\n"
