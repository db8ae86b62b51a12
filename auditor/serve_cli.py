"""Sub-command `serve`: the local self-check page (see auditor/serve.py)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace


def register(sub, add_limit_options) -> None:  # noqa: ANN001 - argparse internals
    """Add `serve` to the parser."""
    p = sub.add_parser(
        "serve", help="启动本机自查网页：上传报告草稿（或粘贴全文），在浏览器中查看检查结果",
        description="在本机启动一个自查网页（默认只监听 127.0.0.1）。在浏览器中上传一份或多份报告"
                    "（.docx .txt .html .mht，装有 pdf 扩展时还有 .pdf）或粘贴全文，选择报告主体类型和规则包，"
                    "即可看到与 `auditor check --format html` 相同的报告，并可下载 JSON、Excel 和 HTML。"
                    "上传内容只在内存中处理。按 Ctrl+C 停止。")
    p.add_argument("--host", default="127.0.0.1",
                   help="监听地址（默认 127.0.0.1，仅本机可访问；改成其他地址会让局域网内的电脑也能访问）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000；0 表示自动选择空闲端口）")
    p.add_argument("--rules", action="append", metavar="P",
                   help="规则包目录或文件，作为网页上的默认规则包（可重复）；不写时用 rules/default")
    p.add_argument("--max-upload-size", metavar="SIZE",
                   help="单次上传的最大总大小（默认 20M，可写 512K、100M 等）")
    p.add_argument("--no-browser", action="store_true",
                   help="启动后不自动打开浏览器（默认用系统的默认浏览器打开自查网页）")
    add_limit_options(p)
    p.set_defaults(func=_cmd_serve)


def _open_browser(url: str) -> None:
    """Open ``url`` in the default browser, off the main thread (some browsers block until they
    have started); a machine without a browser just keeps the printed address."""
    import threading
    import webbrowser

    def run() -> None:
        try:
            webbrowser.open(url, new=2)
        except Exception:  # noqa: BLE001 - no browser is not an error of the server
            pass

    threading.Thread(target=run, name="open-browser", daemon=True).start()


def _stop_when_idle(server, seconds: int) -> None:
    """Shut ``server`` down after ``seconds`` without a request (the double-click launcher has no
    terminal to press Ctrl+C in)."""
    import threading
    import time

    last = [time.monotonic()]
    finish = server.finish_request

    def finish_request(request, address):  # noqa: ANN001 - socketserver's signature
        last[0] = time.monotonic()
        try:
            return finish(request, address)
        finally:
            last[0] = time.monotonic()

    server.finish_request = finish_request

    def watch() -> None:
        while True:
            time.sleep(min(30.0, seconds / 4))
            if time.monotonic() - last[0] > seconds:
                server.shutdown()
                return

    threading.Thread(target=watch, name="idle-stop", daemon=True).start()


def _cmd_serve(args: argparse.Namespace) -> int:
    idle_stop = getattr(args, "idle_stop", 0)

    from .cli import _limits
    from .errors import AuditorError
    from .limits import parse_size
    from .pack import load_pack
    from .serve import discover_packs, loopback_warning, make_server

    limits = _limits(args)
    if args.max_upload_size:
        try:
            limits = replace(limits, max_upload_bytes=parse_size(args.max_upload_size))
        except ValueError:
            raise AuditorError(f"--max-upload-size 的值无效：{args.max_upload_size}", path="命令行")
    if not 0 <= args.port <= 65535:
        raise AuditorError(f"--port 的值无效：{args.port}", path="命令行")
    from .config import find_project_config, load_project_config

    # the nearest auditor.yaml, as for `auditor check`: its pack (unless --rules), profile
    # and threshold; its waivers are found per upload (auditor.waivers)
    settings = load_project_config(find_project_config())
    config = discover_packs(args.rules or ([settings["rules"]] if settings.get("rules") else None))
    config.limits = limits
    config.profile = settings.get("profile")
    config.fail_on = settings.get("fail_on") or "error"
    # a broken pack must stop the start, not the first upload
    load_pack(config.packs[config.default_pack][1], limits=limits)
    try:
        server = make_server(args.host, args.port, config)
    except OSError as exc:
        raise AuditorError(f"无法在 {args.host}:{args.port} 上启动服务：{exc.strerror or exc}",
                           path="serve")
    warning = loopback_warning(args.host)
    if warning:
        bar = "!" * 60
        sys.stderr.write(f"{bar}\n{warning}\n{bar}\n")
    address, port = server.server_address[:2]
    host = address.decode() if isinstance(address, bytes) else str(address)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    stop = f"{idle_stop // 60} 分钟无人使用后自动停止" if idle_stop else "按 Ctrl+C 停止"
    sys.stderr.write(f"auditor serve：自查网页已启动，请在浏览器中打开 {url}（{stop}）\n")
    sys.stderr.flush()
    if not args.no_browser:
        _open_browser(url)
    if idle_stop:
        _stop_when_idle(server, idle_stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.stderr.write("auditor serve：已停止\n")
    finally:
        server.server_close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m auditor.serve_cli [options]`: the same as `auditor serve`, usable before (or
    without) the main parser registering the sub-command."""
    from . import cli

    parser = cli._Parser(prog="auditor")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=cli._Parser)
    register(sub, cli._add_limit_options)
    args = parser.parse_args(["serve", *(sys.argv[1:] if argv is None else argv)])
    try:
        return int(args.func(args) or 0)
    except cli.AuditorError as exc:
        sys.stderr.write(f"auditor: {exc}\n")
        return exc.exit_code


def gui_main() -> int:
    """`auditor-serve`: started by a double click (a Windows "gui script" has no console). Opens
    the self-check page in the default browser and stops after 30 minutes without use."""
    import os

    if sys.stderr is None:   # pythonw: no console to write to
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    if sys.stdout is None:
        sys.stdout = sys.stderr
    from . import cli

    parser = cli._Parser(prog="auditor-serve")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=cli._Parser)
    register(sub, cli._add_limit_options)
    args = parser.parse_args(["serve", "--port", "0", *sys.argv[1:]])
    args.idle_stop = 30 * 60
    try:
        return int(args.func(args) or 0)
    except cli.AuditorError as exc:
        sys.stderr.write(f"auditor: {exc}\n")
        return exc.exit_code


if __name__ == "__main__":  # pragma: no cover - exercised by the browser tests
    raise SystemExit(main())
