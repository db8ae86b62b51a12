"""`auditor serve`: the server in a thread on a free loopback port, driven with urllib."""

from __future__ import annotations

import io
import re
import threading
import urllib.error
import urllib.request
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from browser_util import HOSTILE_MARKUP, HOSTILE_REPORT

from auditor import audit, load_pack, read_document
from auditor.batch import audit_one
from auditor.limits import Limits
from auditor.serve import (
    FormError,
    Run,
    RunStore,
    discover_packs,
    is_loopback,
    loopback_warning,
    make_server,
    parse_multipart,
    safe_name,
)

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def _start(limits: Limits | None = None):
    config = discover_packs()
    if limits is not None:
        config.limits = limits
    server = make_server("127.0.0.1", 0, config, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def base_url():
    server, url = _start()
    yield url
    server.shutdown()
    server.server_close()


def multipart(files: list[tuple[str, bytes]], fields: dict[str, str] | None = None):
    boundary = "----auditor" + uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in (fields or {}).items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(value.encode("utf-8") + b"\r\n")
    for filename, data in files:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                  f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                  .encode("utf-8"))
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def post(url: str, files, fields=None) -> tuple[int, str, dict]:
    body, ctype = multipart(files, fields)
    req = urllib.request.Request(url + "/check", data=body, method="POST",
                                 headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read().decode("utf-8"), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8"), dict(exc.headers)


def statuses(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-rule="([^"]+)" data-status="([^"]+)"', page))


# -- the pages ---------------------------------------------------------------------------------


def test_upload_page_has_a_multi_file_input_for_report_types(base_url):
    with urllib.request.urlopen(base_url + "/", timeout=10) as resp:
        page = resp.read().decode("utf-8")
    assert re.search(r'<input type="file" name="files" id="files" multiple accept="[^"]*\.docx', page)
    for ext in (".txt", ".html", ".htm", ".pdf"):
        assert ext in page
    assert '<textarea name="text"' in page
    assert '<select name="pack"' in page and '<option value="default"' in page


def test_every_response_carries_the_security_headers(base_url):
    with urllib.request.urlopen(base_url + "/", timeout=10) as resp:
        headers = resp.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_uploaded_corpus_report_gets_the_statuses_of_a_direct_audit(base_url, pack):
    data = (CORPUS / "xialu-2024.txt").read_bytes()
    status, page, _ = post(base_url, [("xialu-2024.txt", data)])
    assert status == 200
    direct = audit(read_document(str(CORPUS / "xialu-2024.txt")), pack)
    assert statuses(page) == {f.rule: f.status for f in direct.findings}


def test_report_page_offers_json_xlsx_and_html_downloads_of_the_run(base_url):
    data = (CORPUS / "yuncheng-2024.txt").read_bytes()
    _, page, _ = post(base_url, [("yuncheng-2024.txt", data)])
    links = re.findall(r'href="(/download/[^"]+)"', page)
    assert [link.rsplit(".", 1)[1] for link in links] == ["json", "xlsx", "html", "docx"]
    assert "下载带批注的 Word 文档" in page
    with urllib.request.urlopen(base_url + links[0], timeout=10) as resp:
        assert b'"element.measures"' in resp.read()
        assert resp.headers["Content-Disposition"].startswith("attachment")
    with urllib.request.urlopen(base_url + links[1], timeout=10) as resp:
        assert resp.read(2) == b"PK"          # an xlsx is a zip file
    with urllib.request.urlopen(base_url + links[2], timeout=10) as resp:
        assert "云城区" in resp.read().decode("utf-8")


def test_unknown_download_token_is_a_chinese_not_found_page(base_url):
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(base_url + "/download/" + "x" * 24 + "/report.json", timeout=10)
    assert err.value.code == 404
    assert "已过期" in err.value.read().decode("utf-8")


def test_pasted_text_is_audited_like_a_file(base_url, pack):
    text = (CORPUS / "qingshan-2021.txt").read_text(encoding="utf-8")
    status, page, _ = post(base_url, [], {"text": text, "profile": "", "pack": "default"})
    assert status == 200
    direct = audit(read_document(str(CORPUS / "qingshan-2021.txt")), pack)
    assert statuses(page) == {f.rule: f.status for f in direct.findings}


def test_several_files_give_the_matrix_and_every_report(base_url):
    files = [(n, (CORPUS / n).read_bytes()) for n in ("xialu-2024.txt", "qingshan-2021.txt")]
    status, page, _ = post(base_url, files)
    assert status == 200
    assert 'class="matrix"' in page
    assert 'id="r1"' in page and 'id="r2"' in page
    assert 'href="#r1"' in page and 'href="#r2"' in page


def test_chosen_profile_is_used(base_url):
    data = (CORPUS / "xialu-2024.txt").read_bytes()
    _, page, _ = post(base_url, [("xialu-2024.txt", data)], {"profile": "department"})
    assert '<th>主体类型</th><td colspan="3">政府部门' in page


def test_unreadable_upload_gets_a_chinese_error_page(base_url):
    status, page, _ = post(base_url, [("draft.docx", b"PK\x03\x04 not really a docx")])
    assert status == 422
    assert "无法读取上传的文件" in page
    assert "draft.docx" in page and "Word" in page


def test_empty_form_is_refused_in_chinese(base_url):
    status, page, _ = post(base_url, [], {"text": "   "})
    assert status == 400
    assert "没有收到文件或粘贴的文本" in page


def test_oversize_upload_is_refused_with_413_before_reading_it():
    server, url = _start(replace(Limits(), max_upload_bytes=64 * 1024))
    try:
        status, page, _ = post(url, [("big.txt", b"x" * (400 * 1024))])
    finally:
        server.shutdown()
        server.server_close()
    assert status == 413
    assert "上传内容过大" in page


def test_hostile_file_name_and_text_come_back_escaped(base_url):
    name = "<img src=x onerror=alert(2)>.txt"
    status, page, _ = post(base_url, [(name, HOSTILE_REPORT.encode("utf-8"))])
    assert status == 200
    for markup in (*HOSTILE_MARKUP, "<img src=x onerror=alert(2)>"):
        assert markup not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;.txt" in page


def test_docx_draft_gets_the_same_verdicts_as_auditing_the_file(base_url, pack, tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in (CORPUS / "yuncheng-2024.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "云城区草稿.docx"
    document.save(str(path))
    status, page, _ = post(base_url, [(path.name, path.read_bytes())])
    assert status == 200
    direct = audit_one(str(path), pack)
    assert direct.error is None
    assert statuses(page) == {f.rule: f.status for f in direct.findings}


# -- the pieces --------------------------------------------------------------------------------


def test_multipart_parser_keeps_binary_content_byte_for_byte():
    data = bytes(range(256)) * 4 + b"\r\n--not-the-boundary\r\n" + b"\r\n"
    body, ctype = multipart([("a.bin", data)], {"profile": "township"})
    boundary = ctype.split("boundary=")[1].encode()
    parts = parse_multipart(body, boundary)
    assert [(p.name, p.filename) for p in parts] == [("profile", None), ("files", "a.bin")]
    assert parts[1].data == data


def test_multipart_parser_reads_utf8_file_names():
    body, ctype = multipart([("兴隆台区报告.docx", b"x")])
    parts = parse_multipart(body, ctype.split("boundary=")[1].encode())
    assert parts[0].filename == "兴隆台区报告.docx"


def test_multipart_parser_rejects_a_body_without_its_end():
    body, ctype = multipart([("a.txt", b"abc")])
    with pytest.raises(FormError):
        parse_multipart(body[: body.rfind(b"--")][:-10], ctype.split("boundary=")[1].encode())


def test_safe_name_keeps_only_the_last_path_component():
    assert safe_name("C:\\Users\\me\\报告.docx") == "报告.docx"
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("a\x00b\nc.txt") == "abc.txt"
    assert safe_name("") == "上传的文件"


def test_run_store_keeps_only_the_newest_runs():
    store = RunStore(max_runs=2, ttl=3600)
    import time

    tokens = [store.add(Run(time.monotonic(), [], None, str(i))) for i in range(3)]
    assert store.get(tokens[0]) is None
    assert store.get(tokens[2]).html == "2"


def test_loopback_is_recognised_and_other_hosts_warned_about():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0")
    assert loopback_warning("127.0.0.1") is None
    assert "局域网" in loopback_warning("0.0.0.0")


def test_word_download_is_the_uploaded_report_with_its_gaps_as_comments(base_url, pack):
    import docx
    from lxml import etree

    from auditor.formats.docx import commented

    d = docx.Document()
    for line in (CORPUS / "xialu-2024.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d.add_paragraph(line.strip())
    buf = io.BytesIO()
    d.save(buf)
    word = buf.getvalue()
    _, page, _ = post(base_url, [("草稿.docx", word), ("yuncheng-2024.txt", (CORPUS / "yuncheng-2024.txt").read_bytes())])
    links = [link for link in re.findall(r'href="(/download/[^"]+)"', page) if link.endswith(".docx")]
    assert [link.rsplit("/", 1)[1] for link in links] == ["report-1.docx", "report-2.docx"]
    assert "下载带批注的 Word 文档（草稿.docx）" in page
    with urllib.request.urlopen(base_url + links[0], timeout=30) as resp:
        assert "filename*=UTF-8''%E8%8D%89%E7%A8%BF-%E5%AE%A1%E6%9F%A5.docx" in resp.headers["Content-Disposition"]
        out = resp.read()
    copy = docx.Document(io.BytesIO(out))
    assert [p.text for p in copy.paragraphs] == [p.text for p in d.paragraphs]
    gaps = [f for f in audit(read_document(data=word, name="草稿.docx"), pack).findings if commented(f)]
    assert len(list(copy.comments)) == len(gaps) + 1
    body = etree.fromstring(zipfile_part(out, "word/document.xml"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    assert len(body.findall(".//w:commentRangeStart", ns)) == len(gaps) + 1
    with urllib.request.urlopen(base_url + links[1], timeout=30) as resp:
        built = docx.Document(io.BytesIO(resp.read()))
    assert built.paragraphs[0].text and list(built.comments)
    # a report number the run does not have
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(base_url + links[0].replace("report-1", "report-9"), timeout=10)
    assert err.value.code == 404


def zipfile_part(data: bytes, name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


# -- who may ask, and for how long (issue #18) ---------------------------------------------------


def raw_request(url: str, method: str, path: str, headers: dict[str, str],
                body: bytes = b"") -> tuple[int, str]:
    """A request with exactly these headers (Host included), as another site's page or a
    rebinding DNS name would send it."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for key, value in headers.items():
            conn.putheader(key, value)
        if body:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body or None)
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _host(url: str) -> str:
    return url.split("://", 1)[1]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example",
                                  "192.168.1.20"])
def test_a_foreign_host_header_is_forbidden(base_url, host):
    status, page = raw_request(base_url, "GET", "/", {"Host": host})
    assert status == 403 and "主机名" in page
    body, ctype = multipart([("r.txt", "法治政府".encode())])
    status, _ = raw_request(base_url, "POST", "/check", {"Host": host, "Content-Type": ctype}, body)
    assert status == 403


def test_own_host_names_are_served(base_url):
    port = base_url.rsplit(":", 1)[1]
    for host in (_host(base_url), f"localhost:{port}", "127.0.0.1"):
        status, _ = raw_request(base_url, "GET", "/", {"Host": host})
        assert status == 200, host


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"},
                                     {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
                                     {"Origin": "http://127.0.0.1:1"},
                                     {"Sec-Fetch-Site": "cross-site"},
                                     {"Sec-Fetch-Site": "same-site"}])
def test_a_cross_site_post_is_forbidden(base_url, headers):
    body, ctype = multipart([("r.txt", (CORPUS / "xialu-2024.txt").read_bytes())])
    status, page = raw_request(base_url, "POST", "/check",
                               {"Host": _host(base_url), "Content-Type": ctype, **headers}, body)
    assert status == 403 and "其他网站" in page


def test_a_same_origin_post_is_served(base_url):
    body, ctype = multipart([("r.txt", (CORPUS / "xialu-2024.txt").read_bytes())])
    status, _ = raw_request(base_url, "POST", "/check",
                            {"Host": _host(base_url), "Content-Type": ctype, "Origin": base_url,
                             "Sec-Fetch-Site": "same-origin"}, body)
    assert status == 200


def test_the_request_deadline_covers_the_whole_request(monkeypatch):
    import socket
    import time

    import auditor.serve as serve_module

    monkeypatch.setattr(serve_module, "REQUEST_TIMEOUT", 2)
    server, url = _start()
    try:
        port = server.server_address[1]
        with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
            sock.sendall(f"POST /check HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: "
                         "multipart/form-data; boundary=x\r\nContent-Length: 1000\r\n\r\n".encode())
            start = time.monotonic()
            answer = b""
            sock.settimeout(0.5)
            while time.monotonic() - start < 15:       # one byte every half second
                try:
                    sock.sendall(b"x")
                except OSError:
                    break
                try:
                    chunk = sock.recv(65536)
                except socket.timeout:
                    continue
                if not chunk:
                    break
                answer += chunk
            took = time.monotonic() - start
    finally:
        server.shutdown()
        server.server_close()
    # each read took half a second, well inside the per-read timeout; the whole-request
    # deadline (2 s here) ended it
    assert took < 6, f"request held open for {took:.1f} s"
    assert answer.startswith(b"HTTP/1.") and b" 400 " in answer.split(b"\r\n", 1)[0]


def test_fifty_concurrent_uploads_are_all_answered(base_url):
    from concurrent.futures import ThreadPoolExecutor

    from auditor.serve import AuditorServer

    assert AuditorServer.request_queue_size >= 128

    def one(_):
        return post(base_url, [], {"profile": ""})[0]

    with ThreadPoolExecutor(max_workers=50) as pool:
        codes = list(pool.map(one, range(50)))
    assert codes == [400] * 50           # "no file": answered, none reset


def test_bidi_controls_in_an_uploaded_name_are_neutralised(base_url):
    status, page, _ = post(base_url, [("报告\u202etxt.exe", (CORPUS / "xialu-2024.txt").read_bytes())])
    assert status == 200
    assert "\u202e" not in page and "报告\\u202etxt.exe" in page


def test_control_characters_in_an_upload_do_not_break_the_xlsx_download(base_url):
    text = (CORPUS / "xialu-2024.txt").read_text(encoding="utf-8")
    i = text.index("述法") + 2
    data = ("\x1b[2J" + text[:i] + "\x1b\x07\ufffe" + text[i:]).encode("utf-8")
    status, page, _ = post(base_url, [("esc\x1b.txt", data)])
    assert status == 200
    href = re.search(r'href="(/download/[^"]+/report\.xlsx)"', page).group(1)
    with urllib.request.urlopen(base_url + href, timeout=60) as resp:
        body = resp.read()
    import openpyxl

    openpyxl.load_workbook(io.BytesIO(body))


def test_a_docx_bomb_upload_is_refused_in_bounded_time_and_memory(tmp_path):
    import os
    import subprocess
    import sys
    import time

    from test_hostile import raw_docx

    hostile = Path(__file__).resolve().parent / "hostile"
    # 24 MB of empty paragraphs
    doc = raw_docx(tmp_path / "bomb.docx", chunks=(b"<w:p/>" * 1_000_000 for _ in range(4)))
    assert doc.stat().st_size < 64 * 1024
    rss = tmp_path / "rss.kb"
    env = dict(os.environ, AUDITOR_NO_CACHE="1",
               PYTHONPATH=str(Path(__file__).resolve().parents[1]) + os.pathsep + str(hostile))
    proc = subprocess.Popen([sys.executable, str(hostile / "serve_limited.py"), str(rss), "1024",
                             "1"], stdout=subprocess.PIPE, env=env, cwd=tmp_path)
    try:
        port = int(proc.stdout.readline())
        start = time.monotonic()
        status, page, _ = post(f"http://127.0.0.1:{port}", [("bomb.docx", doc.read_bytes())])
        took = time.monotonic() - start
        proc.wait(timeout=30)
    finally:
        proc.kill()
    assert status == 422 and "过多" in page
    assert took < 5, f"took {took:.1f} s"
    assert int(rss.read_text()) / 1024 < 500


# -- starting: the default browser opens on the page; --no-browser; the idle stop of the launcher --

def _serve_with_recording_browser(tmp_path, *extra: str) -> tuple[str, Path]:
    """Start `auditor serve` with $BROWSER set to a script that records the address it is given;
    returns (the address printed, the record file)."""
    import os
    import subprocess
    import sys
    import time

    record = tmp_path / "opened.txt"
    opener = tmp_path / "browser.py"
    opener.write_text(f"import sys\nopen({str(record)!r}, 'a').write(sys.argv[1] + '\\n')\n")
    log = tmp_path / "stderr.txt"
    env = {**os.environ, "BROWSER": f"{sys.executable} {opener} %s", "PYTHONUNBUFFERED": "1"}
    with open(log, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "auditor.serve_cli", "--port", "0", *extra],
                                cwd=Path(__file__).resolve().parents[1], env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 30
        url = None
        while time.monotonic() < deadline:
            m = re.search(r"http://127\.0\.0\.1:\d+/", log.read_text("utf-8", "replace"))
            if m and url is None:
                url = m.group(0)
            if url and (record.exists() or "--no-browser" in extra):
                break
            time.sleep(0.1)
        time.sleep(1.0 if "--no-browser" in extra else 0)   # time a wrongly started browser would take
        assert url, log.read_text("utf-8", "replace")
        return url, record
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_opens_the_default_browser_on_the_page(tmp_path):
    url, record = _serve_with_recording_browser(tmp_path)
    assert record.read_text().split() == [url]


def test_serve_no_browser_opens_nothing(tmp_path):
    _, record = _serve_with_recording_browser(tmp_path, "--no-browser")
    assert not record.exists()


def test_idle_stop_shuts_the_server_down_after_no_use():
    import time

    from auditor.serve_cli import _stop_when_idle

    server = make_server("127.0.0.1", 0, discover_packs(), quiet=True)
    _stop_when_idle(server, 0.6)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    for _ in range(3):   # in use: stays up past the idle time
        time.sleep(0.3)
        assert urllib.request.urlopen(url, timeout=5).status == 200
    thread.join(timeout=5)
    server.server_close()
    assert not thread.is_alive()


def test_upload_page_is_all_chinese_with_a_drop_zone(base_url):
    page = urllib.request.urlopen(base_url + "/", timeout=10).read().decode("utf-8")
    assert 'id="dropzone"' in page and "选择文件…" in page and "或把文件拖到这里" in page
    assert "尚未选择文件" in page
    # the script that names the chosen files is allowed by the page's policy, nothing else is
    import html

    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                                     page).group(1))
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy


def test_uploads_of_one_body_in_consecutive_years_are_compared(base_url):
    """Issue 21: two uploads of one body a year apart pair like files of one batch."""
    import json

    root = Path(__file__).resolve().parents[1]
    files = [("下陆区2024.txt", (root / "corpus/xialu-2024.txt").read_bytes()),
             ("下陆区2023.txt", (root / "tests/history/xialu-2023.txt").read_bytes())]
    status, page, _ = post(base_url, files)
    assert status == 200
    href = re.search(r'href="(/download/[^"]+\.json)"', page).group(1)
    with urllib.request.urlopen(base_url + href, timeout=10) as resp:
        reports = {r["source"]: r for r in json.loads(resp.read())["reports"]}
    later, earlier = reports["下陆区2024.txt"], reports["下陆区2023.txt"]
    assert later["previous"]["source"] == "下陆区2023.txt" and earlier["previous"] is None
    plan = next(f for f in later["findings"] if f["rule"] == "history.plan-followed")
    assert plan["status"] == "partial" and "民主法治示范社区" in plan["message"]
