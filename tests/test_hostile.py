"""Hostile inputs through `auditor check`: each gives its documented outcome (docs/limits.md) —
audited, or one line `auditor: <file>: <message>` on stderr and exit code 2 — within a stated
time and memory bound, never a traceback, and never a file written anywhere but the output
chosen with --output.

Every case runs the CLI in a fresh process (tests/hostile/run_limited.py) under an
address-space limit (RLIMIT_AS) and records its peak resident memory. Big inputs are generated
in tmp_path at test time. tests/test_bad_inputs.py covers the same refusals through `segment`;
here they go through `check`, with memory bounds and a file-tree snapshot.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
RUNNER = Path(__file__).resolve().parent / "hostile" / "run_limited.py"
REPORT = (CORPUS / "xialu-2024.txt").read_text(encoding="utf-8")

TIME_BOUND = 10.0        # seconds for an ordinary case, process start-up included
MEMORY_LIMIT_MB = 1024   # address space a case may map (RLIMIT_AS)
RSS_BOUND_MB = 300       # peak resident memory an ordinary case may use


@dataclass
class Run:
    rc: int
    out: str
    err: str
    seconds: float
    rss_mb: float


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            p = Path(dirpath) / name
            st = p.lstat()
            out[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return out


def run_check(tmp_path: Path, *args: str, output: str = "out/result.json",
              memory_mb: int = MEMORY_LIMIT_MB, timeout: float = 120,
              fmt: str = "json") -> tuple[Run, dict | None]:
    """`auditor check ARGS --format json --output OUTPUT --fail-on never` under the limits, with
    the working directory, HOME and TMPDIR inside tmp_path; asserts that nothing but OUTPUT was
    written there."""
    for d in ("work", "home", "tmp", "out"):
        (tmp_path / d).mkdir(exist_ok=True)
    before = snapshot(tmp_path)
    rss_file = tmp_path / "rss.kb"
    env = dict(os.environ)
    env.pop("AUDITOR_DEBUG", None)
    env.update(AUDITOR_NO_CACHE="1", HOME=str(tmp_path / "home"), TMPDIR=str(tmp_path / "tmp"),
               PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""))
    out_path = tmp_path / output
    argv = ["check", *args, "--format", fmt, "--output", str(out_path), "--fail-on", "never"]
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(RUNNER), str(rss_file), str(memory_mb), *argv],
                          cwd=tmp_path / "work", env=env, capture_output=True, timeout=timeout)
    seconds = time.perf_counter() - start
    rss = int(rss_file.read_text()) / 1024 if rss_file.exists() else 0.0
    rss_file.unlink(missing_ok=True)
    after = snapshot(tmp_path)
    changed = {k for k in after if before.get(k) != after[k]} | (before.keys() - after.keys())
    assert changed <= {output}, f"files written outside the chosen output: {sorted(changed)}"
    run = Run(proc.returncode, proc.stdout.decode("utf-8", "replace"),
              proc.stderr.decode("utf-8", "replace"), seconds, rss)
    assert "Traceback" not in run.err and "Traceback" not in run.out, run.err
    result = None
    if fmt == "json" and out_path.exists():
        result = json.loads(out_path.read_text(encoding="utf-8"))
    return run, result


def assert_refused(run: Run, path: Path | str, *fragments: str) -> str:
    assert run.rc == 2, (run.rc, run.err)
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith(f"auditor: {path}: "), run.err
    for fragment in fragments:
        assert fragment in lines[0], run.err
    return lines[0]


def assert_audited(run: Run, result: dict | None) -> dict:
    assert run.rc == 0, (run.rc, run.err)
    assert run.err == ""
    assert result is not None
    (report,) = result["reports"]
    assert report["error"] is None
    statuses = {f["status"] for f in report["findings"]}
    assert statuses - {"not_evaluated"}, "the report was read but nothing was evaluated"
    return report


def assert_bounded(run: Run, seconds: float = TIME_BOUND, rss_mb: float = RSS_BOUND_MB) -> None:
    assert run.seconds < seconds, f"took {run.seconds:.1f} s (bound {seconds} s)"
    assert run.rss_mb < rss_mb, f"peak memory {run.rss_mb:.0f} MB (bound {rss_mb} MB)"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    (tmp_path / "in").mkdir(exist_ok=True)
    path = tmp_path / "in" / name
    path.write_bytes(data)
    return path


def make_docx(path: Path, lines: list[str]) -> Path:
    import docx

    doc = docx.Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.save(str(path))
    return path


def statuses(report: dict) -> dict[str, str]:
    return {f["rule"]: f["status"] for f in report["findings"]}


# ---------------------------------------------------------------------------------------------
# Refused with one line and exit code 2


def test_empty_file(tmp_path):
    path = write(tmp_path, "empty.txt", b"")
    run, _ = run_check(tmp_path, str(path))
    assert_refused(run, path, "文件为空")
    assert_bounded(run)


def test_whitespace_only_file(tmp_path):
    path = write(tmp_path, "blank.txt", " \r\n\u3000\t\n\u200b\n".encode("utf-8") * 1000)
    run, _ = run_check(tmp_path, str(path))
    assert_refused(run, path, "没有可读的文字")
    assert_bounded(run)


def test_binary_file(tmp_path):
    rng = random.Random(10)
    path = write(tmp_path, "noise.txt", bytes(rng.randrange(256) for _ in range(1 << 16)))
    run, result = run_check(tmp_path, str(path))
    assert_refused(run, path, "不是文本文件")
    assert_bounded(run)
    # the chosen output still lists the report, as an error row with the reason
    assert result["reports"][0]["error"] and not result["reports"][0]["findings"]


def test_truncated_docx(tmp_path):
    whole = make_docx(tmp_path / "whole.docx", REPORT.splitlines()).read_bytes()
    (tmp_path / "whole.docx").unlink()
    path = write(tmp_path, "half.docx", whole[: len(whole) * 2 // 3])
    run, _ = run_check(tmp_path, str(path))
    assert_refused(run, path, "Word 文件已损坏或不完整")
    assert_bounded(run)


def test_text_misnamed_docx(tmp_path):
    path = write(tmp_path, "report.docx", REPORT.encode("utf-8"))
    run, _ = run_check(tmp_path, str(path))
    assert_refused(run, path, ".docx", "纯文本")
    assert_bounded(run)


def test_docx_misnamed_txt_is_read_as_word(tmp_path):
    data = make_docx(tmp_path / "r.docx", REPORT.splitlines()).read_bytes()
    (tmp_path / "r.docx").unlink()
    path = write(tmp_path, "report.txt", data)
    run, result = run_check(tmp_path, str(path))
    assert_audited(run, result)
    assert_bounded(run)


@pytest.mark.slow
def test_docx_that_inflates_past_the_bound(tmp_path):
    path = tmp_path / "in" / "bomb.docx"
    path.parent.mkdir()
    para = ("<w:p><w:r><w:t>" + "法治政府建设" * 100 + "</w:t></w:r></w:p>").encode("utf-8")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as member:
            member.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                         b'wordprocessingml/2006/main"><w:body>')
            for _ in range(100_000):           # about 180 MB of XML once inflated
                member.write(para)
            member.write(b"</w:body></w:document>")
    assert path.stat().st_size < 2 * 1024 * 1024
    run, _ = run_check(tmp_path, str(path))
    assert_refused(run, path, "解压后过大")
    assert_bounded(run)


def test_twenty_thousand_nested_elements(tmp_path):
    page = ("<html><head><meta charset=utf-8></head><body>" + "<div><span>" * 10_000
            + "一、主要举措及成效" + "</span></div>" * 10_000 + "</body></html>")
    path = write(tmp_path, "deep.html", page.encode("utf-8"))
    run, _ = run_check(tmp_path, str(path))
    assert_refused(run, path, "嵌套")
    assert_bounded(run)


def test_fifty_megabyte_text_is_refused_under_the_default_limit(tmp_path):
    path = tmp_path / "in" / "big.txt"
    path.parent.mkdir()
    with open(path, "wb") as fh:                  # sparse: the size check comes first
        fh.truncate(50 * 1024 * 1024)
    run, _ = run_check(tmp_path, str(path))
    assert_refused(run, path, "文件过大", "50 MB", "20 MB", "--max-file-size")
    assert_bounded(run)


def big_report(path: Path, size: int) -> Path:
    """A report followed by a long appendix table (long rows, as a statistics annex pasted in)."""
    rng = random.Random(50)
    path.parent.mkdir(exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(REPORT + "\n附件：行政执法案件统计表\n")
        written = len(REPORT.encode("utf-8"))
        i = 0
        while written < size:
            i += 1
            row = " | ".join(f"{i} | 某街道办事处 | {rng.randrange(1000)} | {rng.randrange(100)}.{i % 10}"
                             " | 已办结" for _ in range(20)) + "\n"
            fh.write(row)
            written += len(row.encode("utf-8"))
    return path


@pytest.mark.slow
def test_fifty_megabyte_text_is_audited_with_a_raised_limit(tmp_path):
    path = big_report(tmp_path / "in" / "big.txt", 50 * 1024 * 1024)
    assert path.stat().st_size > 50 * 1024 * 1024
    run, result = run_check(tmp_path, str(path), "--max-file-size", "64M", memory_mb=2048,
                            timeout=300)
    report = assert_audited(run, result)
    assert statuses(report)["element.measures"] == "pass"
    assert_bounded(run, seconds=60, rss_mb=1024)


def test_more_lines_than_the_line_limit_is_refused(tmp_path):
    path = write(tmp_path, "lines.txt", ("某区法治政府建设\n" * 200_001).encode("utf-8"))
    run, _ = run_check(tmp_path, str(path))
    assert_refused(run, path, "行数过多", "200000")
    assert_bounded(run)


# ---------------------------------------------------------------------------------------------
# Audited


def test_two_megabyte_single_line(tmp_path):
    line = "坚持以习近平法治思想为指导，全面推进依法行政，严格规范公正文明执法。" * 21_000
    data = (REPORT + "\n" + line + "\n").encode("utf-8")
    assert len(data) > 2 * 1024 * 1024
    path = write(tmp_path, "oneline.txt", data)
    run, result = run_check(tmp_path, str(path))
    report = assert_audited(run, result)
    assert_bounded(run)
    # evidence quotes from that line are cut to a readable length, not 2 MB
    quotes = [e["quote"] for f in report["findings"] for e in f["evidence"]]
    assert quotes and max(len(q) for q in quotes) <= 200


def test_single_line_longer_than_the_line_bound_is_cut_not_refused(tmp_path):
    data = ("某区2024年法治政府建设情况报告\n" + REPORT.replace("\n", "。") + "\n" + "法" * 2_100_000
            + "\n").encode("utf-8")
    path = write(tmp_path, "huge-line.txt", data)
    run, result = run_check(tmp_path, str(path))
    assert_audited(run, result)
    assert_bounded(run)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "gb18030", "utf-8-sig"])
def test_other_encodings_give_the_same_verdicts_as_utf8(tmp_path, codec):
    base = write(tmp_path, "utf8.txt", REPORT.encode("utf-8"))
    other = write(tmp_path, f"{codec}.txt", REPORT.encode(codec))
    run, result = run_check(tmp_path, str(base), str(other))
    assert run.rc == 0, run.err
    a, b = result["reports"]
    assert b["error"] is None
    assert statuses(a) == statuses(b)
    assert_bounded(run)


def test_text_cut_inside_a_character_is_still_read(tmp_path):
    for codec in ("utf-8", "gb18030"):
        data = REPORT.rstrip().encode(codec)[:-1]       # the last character loses a byte
        path = write(tmp_path, f"cut-{codec}.txt", data)
        run, result = run_check(tmp_path, str(path), output=f"out/{codec}.json")
        assert_audited(run, result)


def test_markup_in_a_text_report_stays_text(tmp_path):
    i = REPORT.index("出庭应诉")
    markup = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    path = write(tmp_path, "xss.txt", (REPORT[:i] + markup + REPORT[i:]).encode("utf-8"))
    run, result = run_check(tmp_path, str(path))
    report = assert_audited(run, result)
    quotes = [e["quote"] for f in report["findings"] for e in f["evidence"]]
    assert any("<script>alert(1)</script>" in q for q in quotes), "the markup is quoted as text"
    assert_bounded(run)
    # the HTML report shows it as text: no script of the report's, no event handler attribute
    run, _ = run_check(tmp_path, str(path), fmt="html", output="out/result.html")
    assert run.rc == 0, run.err
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((tmp_path / "out" / "result.html").read_text(encoding="utf-8"), "lxml")
    assert not any("alert" in (s.string or "") for s in soup.find_all("script"))
    assert not soup.find_all(attrs={"onerror": True})
    assert "<script>alert(1)</script>" in soup.get_text()


def test_markup_in_a_report_is_escaped_in_markdown_output(tmp_path):
    # right after the match element.shufa quotes (the first 述法): the Markdown cell shows the
    # words around a match, so the markup is surely in the quoted excerpt
    i = REPORT.index("述法") + len("述法")
    markup = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    path = write(tmp_path, "xss.txt", (REPORT[:i] + markup + REPORT[i:]).encode("utf-8"))
    run, _ = run_check(tmp_path, str(path), fmt="markdown", output="out/result.md")
    assert run.rc == 0, run.err
    text = (tmp_path / "out" / "result.md").read_text(encoding="utf-8")
    assert "alert(1)" in text            # the sentence is quoted…
    assert "<script>" not in text and "<img" not in text   # …as text, not as markup


def test_web_page_with_scripts_and_handlers_is_audited_without_them(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in REPORT.splitlines() if line.strip())
    page = ('<html><head><meta charset="utf-8"><script>document.write("植入的无关文字")</script>'
            '</head><body onload="alert(1)"><img src=x onerror="alert(2)">' + body
            + "<script>var s='全年开展述法 100 次';</script></body></html>")
    path = write(tmp_path, "page.html", page.encode("utf-8"))
    run, result = run_check(tmp_path, str(path))
    report = assert_audited(run, result)
    quotes = " ".join(e["quote"] for f in report["findings"] for e in f["evidence"])
    assert "植入的无关文字" not in quotes and "document.write" not in quotes
    assert_bounded(run)


# ---------------------------------------------------------------------------------------------
# Rule files


def rule_file(tmp_path: Path, name: str, text: str) -> Path:
    return write(tmp_path, name, text.encode("utf-8"))


def test_rule_file_that_is_not_yaml(tmp_path):
    rules = rule_file(tmp_path, "bad.yaml", "name: demo\nrules: [\n  - {id: a\n")
    report = write(tmp_path, "r.txt", REPORT.encode("utf-8"))
    run, _ = run_check(tmp_path, "--rules", str(rules), str(report))
    assert run.rc == 2
    (line,) = run.err.strip().splitlines()
    assert line.startswith(f"auditor: {rules}:") and "不是有效的 YAML" in line
    assert not (tmp_path / "out" / "result.json").exists()
    assert_bounded(run)


def test_rule_file_with_a_python_tag_runs_nothing(tmp_path):
    marker = tmp_path / "out" / "pwned"
    rules = rule_file(tmp_path, "py.yaml",
                      f"name: !!python/object/apply:os.system ['touch {marker}']\nversion: '1'\n"
                      "rules: []\n")
    report = write(tmp_path, "r.txt", REPORT.encode("utf-8"))
    run, _ = run_check(tmp_path, "--rules", str(rules), str(report))
    assert run.rc == 2
    assert run.err.startswith(f"auditor: {rules}:1:") and "python/object" in run.err
    assert len(run.err.strip().splitlines()) == 1
    assert not marker.exists()
    assert_bounded(run)


def test_rule_file_with_exponential_aliases(tmp_path):
    lol = ["name: demo", "version: '1'", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        lol.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    rules = rule_file(tmp_path, "lol.yaml", "\n".join(lol + ["rules: []"]))
    report = write(tmp_path, "r.txt", REPORT.encode("utf-8"))
    run, _ = run_check(tmp_path, "--rules", str(rules), str(report))
    assert run.rc == 2
    assert run.err.startswith(f"auditor: {rules}:") and "别名" in run.err
    assert_bounded(run, seconds=5, rss_mb=150)


CATASTROPHIC = """name: hostile
version: "1"
rules:
  - id: content.catastrophic
    title: 灾难性回溯的正则
    severity: warning
    basis: 测试
    fix: 无
    check:
      mention: {terms: [{re: "(a+)+$"}]}
  - id: content.ordinary
    title: 写明述法
    severity: warning
    basis: 测试
    fix: 无
    check:
      mention: {terms: ["法治政府"]}
"""


def test_catastrophic_regex_becomes_an_error_finding_in_bounded_time(tmp_path):
    rules = rule_file(tmp_path, "cat.yaml", CATASTROPHIC)
    data = (REPORT + "\n" + "a" * 50_000 + "!\n").encode("utf-8")
    report = write(tmp_path, "r.txt", data)
    run, result = run_check(tmp_path, "--rules", str(rules), "--regex-timeout", "0.5", str(report))
    assert run.rc == 0, run.err
    found = statuses(result["reports"][0])
    assert found == {"content.catastrophic": "error", "content.ordinary": "pass"}
    message = result["reports"][0]["findings"][0]["message"]
    assert "(a+)+$" in message and "0.5" in message
    assert_bounded(run, seconds=5)


def test_catastrophic_regex_fails_the_gate(tmp_path):
    rules = rule_file(tmp_path, "cat.yaml", CATASTROPHIC)
    report = write(tmp_path, "r.txt", (REPORT + "\n" + "a" * 50_000 + "!\n").encode("utf-8"))
    env = dict(os.environ, AUDITOR_NO_CACHE="1", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", "--rules", str(rules),
                           str(report), "-q", "--no-color"], capture_output=True, env=env,
                          cwd=tmp_path, timeout=60)
    # a broken rule counts against the gate whatever its severity (docs/ci.md)
    assert proc.returncode == 1, proc.stderr.decode()


# ---------------------------------------------------------------------------------------------
# Bounds on work, not only on bytes (issue #18): small files whose structure is out of
# proportion to their text are refused before they are parsed


def raw_docx(path: Path, body: bytes | None = None, chunks=None) -> Path:
    """A minimal Word package whose body is ``body`` (or the byte chunks ``chunks``)."""
    path.parent.mkdir(exist_ok=True)
    w = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml",
                    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                    'package.relationships+xml"/><Default Extension="xml" ContentType="'
                    'application/xml"/><Override PartName="/word/document.xml" ContentType='
                    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
                    'main+xml"/></Types>')
        zf.writestr("_rels/.rels",
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
                    '.org/officeDocument/2006/relationships/officeDocument" Target='
                    '"word/document.xml"/></Relationships>')
        with zf.open("word/document.xml", "w") as member:
            member.write(b'<w:document xmlns:w="' + w + b'"><w:body>')
            for chunk in chunks if chunks is not None else [body]:
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return path


def test_docx_of_empty_paragraphs_is_refused_quickly(tmp_path):
    # the reported case: ~94 KB that inflate to 60 MB of <w:p/> (under the 64 MB bound)
    path = raw_docx(tmp_path / "in" / "empty.docx",
                    chunks=(b"<w:p/>" * 1_000_000 for _ in range(10)))
    assert path.stat().st_size < 200 * 1024
    run, _ = run_check(tmp_path, str(path))
    assert_refused(run, path, "过多", "恶意构造")
    assert_bounded(run, seconds=5)


def test_docx_of_line_breaks_is_refused_quickly(tmp_path):
    path = raw_docx(tmp_path / "in" / "breaks.docx",
                    chunks=[b"<w:p><w:r><w:t>\xe6\xb3\x95</w:t>"]
                    + [b"<w:br/>" * 1_000_000 for _ in range(8)] + [b"</w:r></w:p>"])
    assert path.stat().st_size < 200 * 1024
    run, _ = run_check(tmp_path, str(path))
    assert_refused(run, path, "过多")
    assert_bounded(run, seconds=5)


def test_empty_paragraphs_count_toward_the_line_limit(tmp_path):
    # under the element bound, but more numbered lines (paragraphs) than --max-lines allows
    path = raw_docx(tmp_path / "in" / "tall.docx",
                    b"<w:p><w:r><w:t>\xe6\xb3\x95\xe6\xb2\xbb</w:t></w:r></w:p>" + b"<w:p/>" * 300)
    run, _ = run_check(tmp_path, str(path), "--max-lines", "200")
    assert_refused(run, path, "行数过多", "200")
    assert_bounded(run)


def test_page_of_bare_paragraph_tags_is_refused_quickly(tmp_path):
    # the reported case: 19.5 MB of "<p>" took 17 s and 1.85 GB
    page = b"<html><body>" + "一、主要举措".encode("utf-8") + b"<p>" * 6_500_000 + b"</body></html>"
    path = write(tmp_path, "p.html", page)
    run, _ = run_check(tmp_path, str(path))
    assert_refused(run, path, "网页元素过多")
    assert_bounded(run, seconds=5)


def pdf_bytes(content: bytes, pages: int = 1) -> bytes:
    """A PDF whose ``pages`` pages all draw the one compressed content stream ``content``."""
    import zlib

    objs: list[bytes] = []

    def add(obj: bytes) -> int:
        objs.append(obj)
        return len(objs)

    stream = zlib.compress(content, 9)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    cs = add(b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(stream) + stream
             + b"\nendstream")
    parent = len(objs) + pages + 1
    kids = [add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (parent, cs, font))
            for _ in range(pages)]
    add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
        + b"] /Count %d >>" % pages)
    root = add(b"<< /Type /Catalog /Pages %d 0 R >>" % parent)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, root, xref)
    return bytes(out)


def test_pdf_page_of_millions_of_operators_is_refused_quickly(tmp_path):
    pytest.importorskip("pypdf")
    data = pdf_bytes(b"BT /F1 12 Tf 72 712 Td " + b"(a) Tj 0 -14 Td " * 2_000_000 + b"ET")
    assert len(data) < 200 * 1024
    path = write(tmp_path, "ops.pdf", data)
    run, _ = run_check(tmp_path, str(path))
    assert_refused(run, path, "过多")
    assert_bounded(run, seconds=5)


def test_pdf_stream_shared_by_thousands_of_pages_is_refused_quickly(tmp_path):
    pytest.importorskip("pypdf")
    # the reported case: one 2 MB content stream drawn by 3,000 pages (parsed once per page)
    content = b"BT /F1 12 Tf 72 712 Td " + b"(ab) Tj 0 -1 Td " * 130_000 + b"ET"
    data = pdf_bytes(content, pages=3000)
    path = write(tmp_path, "shared.pdf", data)
    run, _ = run_check(tmp_path, str(path))
    assert_refused(run, path, "过多")
    assert_bounded(run, seconds=5)


def test_pdf_of_an_ordinary_size_is_read(tmp_path):
    pytest.importorskip("pypdf")
    lines = b"".join(b"(Fazhi zhengfu jianshe %d) Tj 0 -14 Td " % i for i in range(40))
    data = pdf_bytes(b"BT /F1 12 Tf 72 712 Td " + lines + b"ET", pages=30)
    path = write(tmp_path, "ok.pdf", data)
    run, _ = run_check(tmp_path, str(path))
    # within the bounds: the text is extracted (and, having no Chinese, judged too short)
    assert_refused(run, path, "只有 0 个汉字")
    assert_bounded(run)


# ---------------------------------------------------------------------------------------------
# Only regular files are read: a device never ends and a FIFO blocks its reader (issue #18)


DEVICE = "/dev/zero"


def fifo(path: Path) -> Path:
    path.parent.mkdir(exist_ok=True)
    os.mkfifo(path)
    return path


@pytest.mark.skipif(not os.path.exists(DEVICE), reason="needs /dev/zero")
@pytest.mark.parametrize("option", ["--rules", "--waivers", "--baseline"])
def test_a_device_given_as_a_side_file_is_refused(tmp_path, option):
    report = write(tmp_path, "r.txt", REPORT.encode("utf-8"))
    run, _ = run_check(tmp_path, option, DEVICE, str(report), timeout=30)
    assert run.rc == 2, run.err
    assert "不是普通文件" in run.err and DEVICE in run.err
    assert_bounded(run)


@pytest.mark.skipif(not os.path.exists(DEVICE), reason="needs /dev/zero")
def test_extends_and_config_rules_naming_a_device_are_refused(tmp_path):
    pack = rule_file(tmp_path, "pack.yaml", f"name: p\nversion: '1'\nextends: {DEVICE}\nrules: []\n")
    report = write(tmp_path, "r.txt", REPORT.encode("utf-8"))
    run, _ = run_check(tmp_path, "--rules", str(pack), str(report), timeout=30)
    assert run.rc == 2 and "不是普通文件" in run.err, run.err
    assert_bounded(run)
    (tmp_path / "work").mkdir(exist_ok=True)        # the config is found from the working folder
    (tmp_path / "work" / "auditor.yaml").write_text(f"rules: {DEVICE}\n", encoding="utf-8")
    run, _ = run_check(tmp_path, str(report), output="out/2.json", timeout=30)
    assert run.rc == 2 and "不是普通文件" in run.err, run.err
    assert_bounded(run)


@pytest.mark.skipif(not os.path.exists(DEVICE), reason="needs /dev/zero")
def test_diff_of_a_device_is_refused(tmp_path):
    env = dict(os.environ, AUDITOR_NO_CACHE="1", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "auditor", "diff", DEVICE, DEVICE],
                          capture_output=True, env=env, cwd=tmp_path, timeout=30)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "不是普通文件" in err and "Traceback" not in err, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_given_as_input_is_refused_without_waiting(tmp_path):
    path = fifo(tmp_path / "in" / "pipe.txt")
    run, _ = run_check(tmp_path, str(path), timeout=30)
    assert_refused(run, path, "不是普通文件", "命名管道")
    assert_bounded(run)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_inside_a_folder_does_not_hang_the_batch(tmp_path):
    write(tmp_path, "a-report.txt", REPORT.encode("utf-8"))
    fifo(tmp_path / "in" / "b-pipe.txt")
    run, result = run_check(tmp_path, str(tmp_path / "in"), timeout=30)
    assert run.rc == 1, run.err                   # an error row, the rest audited (docs/ci.md)
    good, pipe = result["reports"]
    assert good["error"] is None and good["findings"]
    assert pipe["source"].endswith("b-pipe.txt") and "命名管道" in pipe["error"]
    assert_bounded(run)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_output_onto_a_fifo_or_a_symlink_is_refused(tmp_path):
    report = write(tmp_path, "r.txt", REPORT.encode("utf-8"))
    fifo(tmp_path / "out" / "pipe.json")
    run, _ = run_check(tmp_path, str(report), output="out/pipe.json", timeout=30, fmt="markdown")
    assert run.rc == 2 and "不是普通文件" in run.err, run.err
    assert (tmp_path / "out" / "pipe.json").is_fifo()
    target = tmp_path / "out" / "target.json"
    target.write_text("keep", encoding="utf-8")
    (tmp_path / "out" / "link.json").symlink_to(target)
    run, _ = run_check(tmp_path, str(report), output="out/link.json", timeout=30, fmt="markdown")
    assert run.rc == 2 and "符号链接" in run.err, run.err
    assert (tmp_path / "out" / "link.json").is_symlink() and target.read_text() == "keep"


# ---------------------------------------------------------------------------------------------
# Names that cannot be shown, control characters in text (issue #18)


def hostile_folder(tmp_path: Path) -> Path:
    """A folder of two reports: one whose name is not valid UTF-8 and holds an ESC, with an
    ESC and U+FFFE in its title and in a sentence a rule quotes; and an ordinary one."""
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    i = REPORT.index("述法") + len("述法")
    text = "\x1b]0;pwned\x07" + REPORT[:i] + "\x1b[2J\ufffe\uffff" + REPORT[i:]
    bad = os.fsencode(folder) + b"/bad-\xff\x1b[2J-name.txt"
    with open(bad, "wb") as fh:
        fh.write(text.encode("utf-8"))
    (folder / "z-ok.txt").write_text(REPORT, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["json", "table", "markdown", "html", "csv", "xlsx", "junit",
                                 "sarif", "matrix"])
def test_a_name_that_is_not_utf8_and_control_characters_in_every_format(tmp_path, fmt):
    folder = hostile_folder(tmp_path)
    out = f"out/result.{fmt}"
    run, _ = run_check(tmp_path, str(folder), fmt=fmt, output=out)
    assert run.rc == 0, run.err                          # no name ends the batch
    assert "\x1b" not in run.err
    data = (tmp_path / out).read_bytes()
    if fmt == "xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(tmp_path / out)     # valid: the cells hold no control
        cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value]
        text = "\n".join(cells)
    else:
        text = data.decode("utf-8")
    if fmt == "sarif":                                   # names are file: URIs there
        from urllib.parse import unquote

        text = unquote(text)
    assert "bad-\\xff\\x1b[2J-name.txt" in text.replace("\\\\", "\\"), "the name, escaped"
    assert "z-ok.txt" in text                            # the other report is audited too
    if fmt == "json":
        result = json.loads(text)
        assert [r["error"] for r in result["reports"]] == [None, None]
        return
    assert "\x1b" not in text and "\x07" not in text   # nothing a terminal would act on
    if fmt in ("junit", "html", "csv", "xlsx"):
        # XML 1.0 cannot hold U+FFFE/U+FFFF (xlsx is XML inside); shown escaped
        assert "\ufffe" not in text and "\uffff" not in text
    if fmt == "junit":
        from xml.etree import ElementTree as ET

        ET.fromstring(data)                              # well-formed XML


def test_bidi_and_control_characters_in_names_are_shown_escaped():
    from auditor.safetext import shown_name, terminal_text, xml_text

    assert shown_name("报告\u202egpj.exe") == "报告\\u202egpj.exe"
    assert shown_name(os.fsdecode(b"a\xff.txt")) == "a\\xff.txt"
    assert shown_name("普通 名称.txt") == "普通 名称.txt"
    assert terminal_text("a\x1b[2Jb\tc\n") == "a\\x1b[2Jb\tc\n"
    assert xml_text("a\x00b\ufffec\uffff\td") == "a\\x00b\\ufffec\\uffff\td"


# ---------------------------------------------------------------------------------------------
# A text file with a few bytes that are not text (issue #18)


@pytest.mark.parametrize("stray", [b"\xff", b"\x00", " caf\xe9 ".encode("latin-1")])
def test_a_few_undecodable_bytes_are_replaced_and_reported_by_line(tmp_path, stray):
    lines = REPORT.encode("utf-8").split(b"\n")
    no = next(i for i, line in enumerate(lines) if "出庭应诉".encode() in line) + 1
    lines[no - 1] += stray
    path = write(tmp_path, "stray.txt", b"\n".join(lines))
    run, result = run_check(tmp_path, str(path))
    report = assert_audited(run, result)
    assert statuses(report)["element.shufa"] == "pass"      # the report is audited as usual
    (warning,) = [f for f in report["findings"] if f["rule"] == "input.replaced-bytes"]
    assert warning["severity"] == "warning" and f"第 {no} 行" in warning["message"]
    assert [e["line"] for e in warning["evidence"]] == [no]
    # no rule of the pack gave it, so the header's rules list cannot explain it: it carries
    # its own title, basis and fix
    assert warning["title"] and warning["basis"] and warning["fix"]
    assert_bounded(run)


def test_an_intact_report_has_no_replaced_bytes_warning(tmp_path):
    path = write(tmp_path, "ok.txt", REPORT.encode("utf-8"))
    run, result = run_check(tmp_path, str(path))
    report = assert_audited(run, result)
    assert "input.replaced-bytes" not in statuses(report)


def test_text_with_many_undecodable_bytes_is_still_refused(tmp_path):
    rng = random.Random(18)
    data = bytearray(REPORT.encode("utf-8"))
    for _ in range(len(data) // 50):                   # one byte in fifty overwritten
        data[rng.randrange(len(data))] = 0xFF
    path = write(tmp_path, "mangled.txt", bytes(data))
    run, _ = run_check(tmp_path, str(path))
    assert_refused(run, path, "不是文本文件")


# ---------------------------------------------------------------------------------------------
# Every user-supplied pattern runs with the time bound (issue #18)


def pattern_rules(check: str) -> str:
    return f"""name: hostile
version: "1"
rules:
  - id: content.hostile-pattern
    title: 回溯多的正则
    severity: warning
    basis: 测试
    fix: 无
    check:
      {check}
  - id: content.ordinary
    title: 写明法治政府
    severity: warning
    basis: 测试
    fix: 无
    check:
      mention: {{terms: ["法治政府"]}}
"""


def test_a_pattern_bounded_per_position_but_not_per_text_is_time_bounded(tmp_path):
    # judged cheap at one position (41 × 41 ways at each 测), but a line of a million 测 makes
    # it billions of steps: it ran 45 s with the bound at 0.25 s
    rules = rule_file(tmp_path, "poly.yaml", pattern_rules(
        'mention: {terms: [{re: "测[^。]{0,40}[^。]{0,40}[a-z]"}]}'))
    report = write(tmp_path, "r.txt", (REPORT + "\n" + "测" * 1_000_000 + "\n").encode("utf-8"))
    run, result = run_check(tmp_path, "--rules", str(rules), "--regex-timeout", "0.5", str(report))
    assert run.rc == 0, run.err
    assert statuses(result["reports"][0]) == {"content.hostile-pattern": "error",
                                              "content.ordinary": "pass"}
    assert_bounded(run, seconds=8)


def test_a_last_line_pattern_is_time_bounded(tmp_path):
    # (the former ending.terminal ran its pattern with plain re and no bound)
    rules = rule_file(tmp_path, "ends.yaml", pattern_rules('last_line: {ends: "(.+)+X"}'))
    report = write(tmp_path, "r.txt", (REPORT + "\n" + "法" * 5_000 + "\n").encode("utf-8"))
    run, result = run_check(tmp_path, "--rules", str(rules), "--regex-timeout", "0.5", str(report))
    assert run.rc == 0, run.err
    found = statuses(result["reports"][0])
    assert found["content.ordinary"] == "pass"
    assert found["content.hostile-pattern"] in ("fail", "error")   # judged, or stopped in time
    assert_bounded(run, seconds=8)
