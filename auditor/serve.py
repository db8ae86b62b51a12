"""`auditor serve`: a local self-check page — upload drafts, get the HTML report back.

Built on the standard library's ``http.server`` (``ThreadingHTTPServer``): no dependency to add,
a handful of routes, loopback only by default. What it promises:

- uploads are parsed by a small bounded multipart parser here (the ``cgi`` module is gone), and a
  request whose ``Content-Length`` exceeds ``limits.max_upload_bytes`` is answered 413 before its
  body is read; uploads stay in memory (``audit_one(..., data=bytes)``), nothing is written to disk;
- nothing from an upload is executed, and every string of it reaches the page through Jinja2's
  autoescape; every response carries a strict Content-Security-Policy and the usual headers;
- the results of a run are kept in memory for downloads (JSON, xlsx, HTML, and the Word file
  with comments, for which an uploaded Word file is kept too) under a random token,
  for at most ``MAX_RUNS`` runs and ``RUN_TTL`` seconds.

Routes: ``GET /`` upload page; ``POST /check`` report page; ``GET /download/<token>/report.<ext>``
(``report-<n>.docx`` for the n-th report of a run of several).
"""

from __future__ import annotations

import collections
import re
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .limits import DEFAULT_LIMITS, Limits


MAX_RUNS = 16                 # runs kept for downloads
WORD_LABEL = "带批注的 Word 文档"
RUN_TTL = 30 * 60             # seconds a run is kept
MAX_FILES = 20                # files in one upload
MAX_PARTS = 64                # multipart parts in one request (files + fields)
MAX_FIELD_BYTES = 64 * 1024   # a non-file form field (the pasted text is a field too: see below)
REQUEST_TIMEOUT = 30          # seconds a client may take to send its whole request
LISTEN_BACKLOG = 128          # connections the kernel queues before refusing (the default is 5)
LINGER_SECONDS = 2.0          # how long a refused request's body is drained (and dropped)
PASTED_NAME = "粘贴的文本.txt"
PROFILES = (("government", "县级以上人民政府"), ("department", "政府工作部门"),
            ("township", "乡镇（街道）"))
LOOPBACK = ("127.0.0.1", "::1", "localhost")

_TOKEN = re.compile(r"^/download/([A-Za-z0-9_-]{16,64})/report(?:-([1-9][0-9]{0,2}))?\.(json|xlsx|html|docx)$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class FormError(Exception):
    """A request we refuse, with the HTTP status and a Chinese message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# -- multipart/form-data -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    filename: str | None
    data: bytes


def _header_params(value: str) -> tuple[str, dict[str, str]]:
    """``form-data; name="x"; filename="y"`` → ("form-data", {...}) using the email package's
    parameter parser (handles quoting and RFC 2231 ``filename*=``)."""
    from email.message import Message

    msg = Message()
    msg["content-disposition"] = value
    params = msg.get_params(header="content-disposition") or []
    kind = params[0][0].lower() if params else ""
    out: dict[str, str] = {}
    for key, val in params[1:]:
        if isinstance(val, tuple):                 # RFC 2231: (charset, language, value)
            from email.utils import collapse_rfc2231_value

            val = collapse_rfc2231_value(val)
        out[key.lower()] = str(val)
    return kind, out


def boundary_of(content_type: str) -> bytes:
    from email.message import Message

    msg = Message()
    msg["content-type"] = content_type
    if msg.get_content_type() != "multipart/form-data":
        raise FormError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "请求格式不对：需要 multipart/form-data 表单")
    boundary = msg.get_param("boundary")
    if not isinstance(boundary, str) or not 1 <= len(boundary) <= 200:
        raise FormError(HTTPStatus.BAD_REQUEST, "请求格式不对：表单缺少 boundary")
    return boundary.encode("latin-1", "replace")


def parse_multipart(body: bytes, boundary: bytes) -> list[Part]:
    """Split a multipart/form-data body (already bounded in size) into its parts."""
    delim = b"--" + boundary
    pos = body.find(delim)
    if pos < 0:
        raise FormError(HTTPStatus.BAD_REQUEST, "请求格式不对：表单内容不完整")
    parts: list[Part] = []
    pos += len(delim)
    while True:
        if body.startswith(b"--", pos):           # the closing delimiter
            break
        if body.startswith(b"\r\n", pos):
            pos += 2
        elif body.startswith(b"\n", pos):
            pos += 1
        else:
            raise FormError(HTTPStatus.BAD_REQUEST, "请求格式不对：表单分隔符后缺少换行")
        end = body.find(b"\r\n" + delim, pos)
        if end < 0:
            raise FormError(HTTPStatus.BAD_REQUEST, "请求格式不对：表单没有结束标记")
        raw = body[pos:end]
        pos = end + 2 + len(delim)
        head_end = raw.find(b"\r\n\r\n")
        if head_end < 0:
            raise FormError(HTTPStatus.BAD_REQUEST, "请求格式不对：表单项缺少头部")
        headers = raw[:head_end].decode("utf-8", "replace").split("\r\n")
        data = raw[head_end + 4:]
        disposition = ""
        for header in headers:
            key, _, value = header.partition(":")
            if key.strip().lower() == "content-disposition":
                disposition = value.strip()
        kind, params = _header_params(disposition) if disposition else ("", {})
        if kind != "form-data" or "name" not in params:
            continue
        parts.append(Part(params["name"], params.get("filename"), data))
        if len(parts) > MAX_PARTS:
            raise FormError(HTTPStatus.BAD_REQUEST, f"表单项过多（最多 {MAX_PARTS} 项）")
    return parts


def safe_name(filename: str) -> str:
    """A display name for an upload: the last path component, no control characters, bidi
    controls (U+202E…) shown escaped so that a name cannot pose as another."""
    from .safetext import shown_name

    name = re.split(r"[\\/]", filename)[-1]
    name = shown_name(_CONTROL.sub("", name).strip()[:200])
    return name or "上传的文件"


# -- who may ask ---------------------------------------------------------------------------------


def _hostname(authority: str) -> str | None:
    """The host of a ``Host`` header or of an origin's authority ("[::1]:8000" → "::1");
    None when it is not one."""
    authority = authority.strip().lower()
    if authority.startswith("["):
        end = authority.find("]")
        rest = authority[end + 1:]
        if end < 0 or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return None
        return authority[1:end]
    host, _, port = authority.partition(":")
    if port and not port.isdigit():
        return None
    return host or None


def host_allowed(host_header: str | None, bound: str) -> bool:
    """Whether a request's ``Host`` names this server: localhost, a loopback address, the
    address it is bound to, or (bound to all interfaces) an IP address. Any other name is a
    page of another site reaching us through DNS rebinding."""
    import ipaddress

    if not host_header:
        return False
    host = _hostname(host_header)
    if host is None:
        return False
    if host in ("localhost", bound.lower()) or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if address.is_loopback:
        return True
    return bound in ("", "0.0.0.0", "::")


def cross_site(headers, bound: str) -> bool:
    """Whether a POST comes from another site's page (a form or fetch there aimed at us).

    ``Sec-Fetch-Site``, which browsers compute themselves, decides when it is sent. Without it
    (an older browser) an ``Origin`` of another server does. Our pages send no referrer, so a
    browser's own same-origin form post may carry ``Origin: null``: that is not refused (a
    browser new enough to send null from a sandboxed frame of another site also sends
    ``Sec-Fetch-Site: cross-site``). A request with neither (curl, a script) is no browser's."""
    site = (headers.get("Sec-Fetch-Site") or "").strip().lower()
    if site:
        return site not in ("same-origin", "none")
    origin = (headers.get("Origin") or "").strip()
    if not origin or origin == "null":
        return False
    from urllib.parse import urlsplit

    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return True
    return parts.netloc.lower() != (headers.get("Host") or "").strip().lower()


# -- runs kept for downloads ---------------------------------------------------------------------


@dataclass(slots=True)
class Run:
    """One finished check of uploads, kept for its downloads."""

    created: float
    results: list
    pack: Any
    html: str
    sources: dict = field(default_factory=dict)   # uploaded Word files by name, for the docx download
    tally: Any = None               # auditor.gate.Tally: the gate of the check


class RunStore:
    """The last ``max_runs`` runs, each for ``ttl`` seconds, keyed by an unguessable token."""

    def __init__(self, max_runs: int = MAX_RUNS, ttl: float = RUN_TTL) -> None:
        self.max_runs = max_runs
        self.ttl = ttl
        self._runs: collections.OrderedDict[str, Run] = collections.OrderedDict()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._runs:
            token, run = next(iter(self._runs.items()))
            if now - run.created <= self.ttl and len(self._runs) <= self.max_runs:
                break
            del self._runs[token]

    def add(self, run: Run) -> str:
        token = secrets.token_urlsafe(18)
        with self._lock:
            self._runs[token] = run
            self._expire(run.created)
        return token

    def get(self, token: str) -> Run | None:
        with self._lock:
            self._expire(time.monotonic())
            return self._runs.get(token)


# -- the server ----------------------------------------------------------------------------------


@dataclass(slots=True)
class ServeConfig:
    """What the server offers: rule packs by key (path None = the default pack)."""

    packs: dict[str, tuple[str, str | None]]       # key → (label, path)
    default_pack: str
    limits: Limits = DEFAULT_LIMITS
    # from the auditor.yaml of the folder serve runs in (as for ``auditor check``): the
    # profile when the page leaves it to the auditor, and the gate's threshold; the waivers
    # of that file (or of any auditor.yaml above it) apply to uploads by their file names
    profile: str | None = None
    fail_on: str = "error"


def discover_packs(rules: list[str] | None = None) -> ServeConfig:
    """The packs the page offers: ``--rules`` paths first, then the folders beside the default
    pack (``rules/*``). The client only ever sends a key from this list, never a path."""
    from .pack import default_pack_dir

    packs: dict[str, tuple[str, str | None]] = {}
    for i, path in enumerate(rules or []):
        packs[f"arg{i}"] = (f"{Path(path).name}（命令行指定：{path}）", path)
    default_dir = default_pack_dir()
    packs.setdefault("default", ("default（默认规则包）", None))
    parent = default_dir.parent
    if parent.is_dir():
        for sub in sorted(parent.iterdir()):
            if sub.is_dir() and sub.name != default_dir.name and not sub.name.startswith(".") \
                    and any(sub.glob("*.yaml")):
                packs.setdefault(f"dir:{sub.name}", (sub.name, str(sub)))
    default = "arg0" if rules else "default"
    return ServeConfig(packs=packs, default_pack=default)


class AuditorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, address: tuple[str, int], config: ServeConfig) -> None:
        self.config = config
        self.runs = RunStore()
        self._packs: dict[str, Any] = {}
        self._pack_lock = threading.Lock()
        if ":" in address[0]:
            import socket

            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def pack(self, key: str):
        from .pack import load_pack

        if key not in self.config.packs:
            key = self.config.default_pack
        with self._pack_lock:
            if key not in self._packs:
                self._packs[key] = load_pack(self.config.packs[key][1], limits=self.config.limits)
            return self._packs[key]


def _size_zh(n: int) -> str:
    for unit, size in (("G", 1024 ** 3), ("M", 1024 ** 2), ("K", 1024)):
        if n >= size:
            value = n / size
            return f"{value:.0f}{unit}" if value == int(value) else f"{value:.1f}{unit}"
    return f"{n} 字节"


def _pdf_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("pypdf") is not None


class Handler(BaseHTTPRequestHandler):
    server: AuditorServer
    server_version = "auditor"
    sys_version = ""
    timeout = REQUEST_TIMEOUT
    protocol_version = "HTTP/1.1"

    # -- who may ask, and for how long ----------------------------------------------------------

    def handle_one_request(self) -> None:
        """One request, which must arrive whole within ``REQUEST_TIMEOUT`` seconds: the socket
        timeout bounds each read only, and one byte every few seconds would hold a thread (and
        the upload's memory) for ever. At the deadline, reading ends (EOF) if still under way."""
        import socket

        self._reading = True
        timer = threading.Timer(REQUEST_TIMEOUT, self._deadline, args=(socket,))
        timer.daemon = True
        timer.start()
        try:
            super().handle_one_request()
        finally:
            timer.cancel()

    def _deadline(self, socket) -> None:
        if self._reading:
            try:
                self.connection.shutdown(socket.SHUT_RD)
            except OSError:
                pass

    def _bound(self) -> str:
        """The address the server listens on ("127.0.0.1", "::1", "0.0.0.0"…)."""
        host = self.server.server_address[0]
        return host if isinstance(host, str) else bytes(host).decode("ascii", "replace")

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if not host_allowed(self.headers.get("Host"), self._bound()):
            self._reading = False
            self._refuse(HTTPStatus.FORBIDDEN, "请求的主机名不是本服务（只接受 localhost 或本机地址），已拒绝",
                         unread=self.command == "POST")
            return False
        return True

    # -- responses ----------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str, *, csp_kind: str | None = None,
              extra: dict[str, str] | None = None, close: bool = False) -> None:
        from .formats.html import csp

        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        policy = csp(csp_kind) if csp_kind else "default-src 'none'"
        self.send_header("Content-Security-Policy", policy + "; frame-ancestors 'none'")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Cache-Control", "no-store")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _page(self, status: int, html: str, *, kind: str = "report", close: bool = False) -> None:
        self._send(status, html.encode("utf-8"), "text/html; charset=utf-8", csp_kind=kind,
                   close=close)

    def _upload_page(self, status: int = 200, *, errors: list[dict[str, str]] | None = None,
                     title: str = "", close: bool = False) -> None:
        from .formats.html import render_template

        cfg = self.server.config
        packs = [{"key": k, "label": label, "selected": k == cfg.default_pack}
                 for k, (label, _) in cfg.packs.items()]
        html = render_template(
            "upload.html", csp_kind="form",
            page_title="法治政府建设年度报告自查" if not errors else "无法完成检查",
            errors=errors or [], error_title=title, profiles=PROFILES, packs=packs,
            max_upload=_size_zh(cfg.limits.max_upload_bytes), pdf=_pdf_available())
        self._page(status, html, kind="form", close=close)

    def _refuse(self, status: int, message: str, *, unread: bool = False) -> None:
        """An error page; the connection is closed (the body may not have been read)."""
        self._upload_page(status, errors=[{"source": "请求", "message": message}],
                          title="请求被拒绝", close=True)
        if unread:
            self._linger()

    def _linger(self) -> None:
        """After refusing a body we did not read: finish our side, then discard (never keep)
        what the client is still sending for a moment, so that closing with unread data does
        not reset the connection before the client has read our answer."""
        import socket

        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(1.0)
            deadline = time.monotonic() + LINGER_SECONDS
            while time.monotonic() < deadline:
                if not self.connection.recv(65536):
                    break
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base
        if not getattr(self.server, "quiet", False):
            sys.stderr.write("auditor serve: %s - %s\n" % (self.address_string(), format % args))

    # -- routes -------------------------------------------------------------------------------

    def do_HEAD(self) -> None:  # noqa: N802 - http.server naming
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        self._reading = False
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html"):
            self._upload_page()
            return
        m = _TOKEN.match(path)
        if m:
            self._download(m.group(1), m.group(3), int(m.group(2) or 0))
            return
        self._upload_page(HTTPStatus.NOT_FOUND, errors=[{"source": path[:200], "message": "没有这个页面"}],
                          title="找不到页面")

    def do_POST(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0]
        if path != "/check":
            self._reading = False
            self._refuse(HTTPStatus.NOT_FOUND, "没有这个地址", unread=True)
            return
        if cross_site(self.headers, self._bound()):
            self._reading = False
            self._refuse(HTTPStatus.FORBIDDEN, "拒绝来自其他网站的提交：请在本服务自己的页面上上传", unread=True)
            return
        try:
            body = self._read_body()
        except FormError as exc:
            self._reading = False
            self._refuse(exc.status, exc.message, unread=True)
            return
        finally:
            self._reading = False
        try:
            parts = parse_multipart(body, boundary_of(self.headers.get("Content-Type", "")))
            self._check(parts)
        except FormError as exc:
            self._refuse(exc.status, exc.message)

    def _read_body(self) -> bytes:
        limit = self.server.config.limits.max_upload_bytes
        if self.headers.get("Transfer-Encoding"):
            raise FormError(HTTPStatus.LENGTH_REQUIRED, "请求必须写明 Content-Length（不支持分块上传）")
        raw = self.headers.get("Content-Length")
        try:
            length = int(raw) if raw is not None else -1
        except ValueError:
            length = -1
        if length < 0:
            raise FormError(HTTPStatus.LENGTH_REQUIRED, "请求必须写明 Content-Length")
        if length > limit:
            # refused before reading: the body is never taken into memory
            raise FormError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                            f"上传内容过大（{_size_zh(length)}），单次上传最多 {_size_zh(limit)}；"
                            "可分几次上传，或启动时用 --max-upload-size 调高上限")
        body = self.rfile.read(length)
        if len(body) != length:
            raise FormError(HTTPStatus.BAD_REQUEST, "上传没有完成（连接中断）")
        return body

    def _check(self, parts: list[Part]) -> None:
        from .errors import AuditorError
        from .formats import Options
        from .formats.html import render
        from .runner import Run as AuditRun

        fields: dict[str, str] = {}
        uploads: list[tuple[str, bytes]] = []
        for part in parts:
            if part.filename is not None:
                if part.filename == "" and not part.data:
                    continue                      # the file input left empty
                uploads.append((safe_name(part.filename), part.data))
            elif part.name == "text":
                if part.data.strip():
                    uploads.append((PASTED_NAME, part.data))
            elif len(part.data) <= MAX_FIELD_BYTES:
                fields[part.name] = part.data.decode("utf-8", "replace")
        if not uploads:
            raise FormError(HTTPStatus.BAD_REQUEST, "没有收到文件或粘贴的文本：请选择报告文件，或把报告全文粘贴到文本框中")
        if len(uploads) > MAX_FILES:
            raise FormError(HTTPStatus.BAD_REQUEST, f"一次最多检查 {MAX_FILES} 份报告")
        seen: dict[str, int] = {}
        named = []
        for name, data in uploads:             # two uploads with one name stay apart in the page
            seen[name] = seen.get(name, 0) + 1
            named.append((name if seen[name] == 1 else f"{name}（{seen[name]}）", data))

        profile = fields.get("profile") or None
        if profile not in (None, *(p for p, _ in PROFILES)):
            raise FormError(HTTPStatus.BAD_REQUEST, "报告主体类型只能是自动判断、政府、政府部门或乡镇（街道）")
        try:
            pack = self.server.pack(fields.get("pack", ""))
        except AuditorError as exc:
            self._upload_page(HTTPStatus.INTERNAL_SERVER_ERROR,
                              errors=[{"source": "规则包", "message": str(exc)}], title="规则包无法加载")
            return
        config = self.server.config
        try:
            run = AuditRun(pack, profile=profile or config.profile, fail_on=config.fail_on,
                           limits=config.limits, keep_document=True)
        except AuditorError as exc:  # an auditor.yaml whose waivers cannot be read
            self._upload_page(HTTPStatus.INTERNAL_SERVER_ERROR,
                              errors=[{"source": "豁免", "message": str(exc)}], title="豁免无法加载")
            return
        try:
            results = run.audit_uploads(named)
            tally = run.finish()
        except AuditorError as exc:
            self._upload_page(HTTPStatus.INTERNAL_SERVER_ERROR,
                              errors=[{"source": "豁免", "message": str(exc)}], title="豁免无法加载")
            return
        if all(r.error for r in results):
            self._upload_page(HTTPStatus.UNPROCESSABLE_ENTITY,
                              errors=[{"source": r.source, "message": r.error or ""} for r in results],
                              title="无法读取上传的文件")
            return
        options = Options(fail_on=config.fail_on)
        standalone = render(results, pack, options)
        # a Word copy with comments needs the uploaded Word file itself
        sources = {r.source: data for r, (_, data) in zip(results, named)
                   if r.document is not None and r.document.file_format == "docx"}
        token = self.server.runs.add(Run(time.monotonic(), results, pack, standalone, sources,
                                         tally))
        downloads = [(label, f"/download/{token}/report.{ext}") for label, ext in
                     (("JSON", "json"), ("Excel", "xlsx"), ("HTML", "html"))]
        readable = [i for i, r in enumerate(results, 1) if r.error is None]
        for i in readable:
            label = WORD_LABEL if len(results) == 1 else f"{WORD_LABEL}（{results[i - 1].source}）"
            name = "report.docx" if len(results) == 1 else f"report-{i}.docx"
            downloads.append((label, f"/download/{token}/{name}"))
        html = render(results, pack, Options(fail_on=config.fail_on, downloads=downloads,
                                             back_href="/"))
        self._page(HTTPStatus.OK, html)

    def _download(self, token: str, ext: str, index: int = 0) -> None:
        run = self.server.runs.get(token)
        if run is None:
            self._upload_page(HTTPStatus.NOT_FOUND, errors=[{
                "source": "下载", "message": f"结果已过期（只保留最近 {MAX_RUNS} 次、{RUN_TTL // 60} 分钟内的检查），请重新上传"}],
                title="找不到这次检查的结果")
            return
        if ext == "docx":
            self._download_docx(run, index)
            return
        if index:
            self._upload_page(HTTPStatus.NOT_FOUND, errors=[{"source": "下载", "message": "没有这个下载"}],
                              title="找不到页面")
            return
        if ext == "html":
            body = run.html.encode("utf-8")
            ctype = "text/html; charset=utf-8"
            kind: str | None = "report"
        else:
            from .formats import Options
            from .formats import render as render_format

            try:
                out = render_format(ext, run.results, run.pack,
                                    Options(fail_on=self.server.config.fail_on), run.tally)
            except ModuleNotFoundError:
                self._upload_page(HTTPStatus.NOT_IMPLEMENTED, errors=[{
                    "source": "下载", "message": f"此版本没有 {ext} 格式"}], title="无法下载")
                return
            body = out if isinstance(out, bytes) else out.encode("utf-8")
            ctype = ("application/json; charset=utf-8" if ext == "json" else
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            kind = None
        self._send(HTTPStatus.OK, body, ctype, csp_kind=kind, extra={
            "Content-Disposition": f'attachment; filename="auditor-report.{ext}"'})


    def _download_docx(self, run: Run, index: int) -> None:
        """The report (the ``index``-th of the run, 1-based; 0 when the run has one) with its
        gaps as Word comments."""
        from urllib.parse import quote

        from .errors import AuditorError
        from .formats import Options
        from .formats.docx import review

        number = index or 1
        if (index == 0) != (len(run.results) == 1) or number > len(run.results) \
                or run.results[number - 1].error is not None:
            self._upload_page(HTTPStatus.NOT_FOUND, errors=[{"source": "下载", "message": "没有这份报告的 Word 文档"}],
                              title="找不到页面")
            return
        result = run.results[number - 1]
        options = Options(source_data=run.sources, limits=self.server.config.limits)
        try:
            body = review(result, options)[0]
        except AuditorError as exc:
            self._upload_page(HTTPStatus.UNPROCESSABLE_ENTITY,
                              errors=[{"source": result.source, "message": str(exc)}],
                              title="无法生成带批注的 Word 文档")
            return
        stem = result.source.rsplit(".", 1)[0] if "." in result.source else result.source
        self._send(HTTPStatus.OK, body,
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   csp_kind=None, extra={"Content-Disposition":
                                         "attachment; filename=\"auditor-review.docx\"; "
                                         f"filename*=UTF-8''{quote(stem + '-审查.docx')}"})


# -- entry points --------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    import ipaddress

    if host in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_server(host: str = "127.0.0.1", port: int = 8000, config: ServeConfig | None = None,
                *, quiet: bool = False) -> AuditorServer:
    """A server bound to (host, port), not yet serving (port 0 picks a free port)."""
    server = AuditorServer((host, port), config or discover_packs())
    server.quiet = quiet  # type: ignore[attr-defined]
    return server


def loopback_warning(host: str) -> str | None:
    if is_loopback(host):
        return None
    return (f"警告：正在监听 {host}，局域网内其他电脑也能访问本服务并上传文件！本服务没有登录和访问控制，"
            "只应在可信网络中这样做；仅供本机使用时请去掉 --host（默认 127.0.0.1）。")
