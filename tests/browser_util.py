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
