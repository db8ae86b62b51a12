"""Output formats: a registry from format name to a lazily imported module, and the
``Formatter`` protocol the run writes through.

A formatter is made for one run (``formatter(fmt, pack, options)``) and keeps that run's state
itself. The run calls ``begin()``, then ``report(result, index)`` for every report in input
order, then ``end(tally)``, and writes what each returns. A formatter whose ``streams`` is true
(table, markdown, json) returns each report's text from ``report`` and that text depends only on
the result and its position, so with --jobs it is rendered in the worker process; the others
keep the results and write everything from ``end``.

This module also holds the small helpers every format shares (status symbols, the summary
line, report identity); it imports nothing heavy. The gate is in ``auditor.gate``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..errors import UsageError
from ..gate import EVALUATED, GAP, Tally, unaudited_reason
from ..gate import in_baseline as _in_baseline
from ..model import FORBIDDEN_FAIL_ZH, STATUS_ZH, Finding, ReportResult

from typing import Any, Protocol, Sequence

# name → (module, file extension, streams)
FORMATS: dict[str, tuple[str, str, bool]] = {
    "table": (".table", "txt", True),
    "markdown": (".markdown", "md", True),
    "json": (".json", "json", True),
    "html": (".html", "html", False),
    "csv": (".csv", "csv", False),
    "xlsx": (".xlsx", "xlsx", False),
    "sarif": (".sarif", "sarif", False),
    "junit": (".junit", "xml", False),
    "matrix": (".matrix", "txt", False),
    "docx": (".docx", "docx", False),
}
BINARY = frozenset({"xlsx", "docx"})   # written as bytes; the others are UTF-8 text
STREAMING = frozenset(name for name, (_, _, streams) in FORMATS.items() if streams)
# formats written as one file per report when --output names a folder (html adds index.html)
PER_REPORT = frozenset({"table", "markdown", "json", "html", "docx"})
# formats whose formatter is a class of their module (the others: Stream/WholeRunFormatter)
_FORMATTER_CLASS = {"html": "HtmlFormatter", "docx": "DocxFormatter"}

SYMBOL = {"pass": "✔", "fail": "✘", "partial": "△", "not_applicable": "–",
          "not_evaluated": "?", "error": "!", "waived": "⊘"}
# order of statuses in the summary line
SUMMARY_ORDER = ("pass", "fail", "partial", "waived", "not_applicable", "not_evaluated", "error")

__all__ = ["FORMATS", "STREAMING", "PER_REPORT", "Options", "Formatter", "formatter", "render",
           "module", "extension", "GAP", "EVALUATED", "Tally", "unaudited_reason"]


@dataclass(slots=True)
class Options:
    """What a formatter may need beyond the results (one type for every format)."""

    color: bool = False
    width: int = 120                 # columns of the terminal; 0: not a terminal, cut nothing
    quiet: bool = False
    timestamp: str | None = None
    fail_on: str = "error"
    baseline: Any = None                       # auditor.baseline.Baseline or None
    # html only
    index_links: dict[str, str] | None = None  # {source: href}: the page is the batch index
    downloads: list[tuple[str, str]] = field(default_factory=list)   # [(label, href)], shown by serve
    back_href: str | None = None               # a link back to serve's upload page
    page_title: str | None = None
    # docx only
    limits: Any = None                         # auditor.limits.Limits for reading the draft again
    comment_author: str | None = None          # author of the Word comments (default auditor)
    source_data: dict[str, bytes] | None = None   # the drafts' bytes by source (serve's uploads)


class Formatter(Protocol):
    """One run's output in one format (see the module docstring)."""

    streams: bool        # report() returns the report's own text, computable in a worker

    def begin(self) -> str | bytes: ...

    def report(self, result: ReportResult, index: int) -> str | bytes: ...

    def end(self, tally: Tally) -> str | bytes: ...


class StreamFormatter:
    """A format whose module writes each report as it comes (``begin``/``report``/``end``)."""

    streams = True

    def __init__(self, mod: Any, pack: Any, options: Options) -> None:
        self._mod, self.pack, self.options = mod, pack, options

    def begin(self) -> str | bytes:
        return self._mod.begin(self.pack, self.options)

    def report(self, result: ReportResult, index: int) -> str | bytes:
        return self._mod.report(result, self.pack, self.options, index)

    def end(self, tally: Tally) -> str | bytes:
        return self._mod.end(tally, self.pack, self.options)


class WholeRunFormatter:
    """A format that needs every report before it writes (``render(results, pack, options)``)."""

    streams = False

    def __init__(self, mod: Any, pack: Any, options: Options) -> None:
        self._mod, self.pack, self.options = mod, pack, options
        self.results: list[ReportResult] = []

    def begin(self) -> str | bytes:
        return ""

    def report(self, result: ReportResult, index: int) -> str | bytes:
        self.results.append(result)
        return ""

    def end(self, tally: Tally) -> str | bytes:
        return self._mod.render(self.results, self.pack, self.options)


def module(fmt: str):
    """The module that renders ``fmt`` (imported on first use)."""
    entry = FORMATS.get(fmt)
    if entry is None:
        raise UsageError(f"未知的输出格式：{fmt}（可用：{'、'.join(FORMATS)}）", path="--format")
    try:
        return importlib.import_module(entry[0], __name__)
    except ModuleNotFoundError as exc:
        if fmt == "html" and exc.name and exc.name.endswith("formats.html"):
            raise UsageError("HTML 格式尚未安装（auditor/formats/html.py 缺失）", path="--format") from None
        raise


def formatter(fmt: str, pack, options: Options | None = None) -> Formatter:
    """A formatter for one run in ``fmt``."""
    mod = module(fmt)
    options = options or Options()
    if fmt in _FORMATTER_CLASS:
        return getattr(mod, _FORMATTER_CLASS[fmt])(pack, options)
    return (StreamFormatter if FORMATS[fmt][2] else WholeRunFormatter)(mod, pack, options)


def render(fmt: str, results: Sequence[ReportResult], pack, options: Options | None = None,
           tally: Tally | None = None) -> str | bytes:
    """The whole output of ``results`` in ``fmt`` (``tally``: the run's gate; counted from
    ``results`` when not given)."""
    options = options or Options()
    out = formatter(fmt, pack, options)
    parts = [out.begin(), *(out.report(r, i) for i, r in enumerate(results))]
    parts.append(out.end(tally if tally is not None else
                         Tally.of(results, options.fail_on, options.baseline)))
    data = b"".join(p if isinstance(p, bytes) else p.encode("utf-8") for p in parts)
    return data if fmt in BINARY else data.decode("utf-8")


def extension(fmt: str) -> str:
    return FORMATS[fmt][1]


# -- shared helpers ------------------------------------------------------------------------------


def summary_line(result: ReportResult) -> str:
    """``21 条规则：12 符合，4 缺失，1 不符合，1 不充分，1 已豁免，2 不适用`` (every status that
    occurs; a fail of a rule that forbids text counts as 不符合)."""
    counts = result.summary()
    forbidden = sum(1 for f in result.findings if f.status == "fail" and f.forbids)
    counts["fail"] -= forbidden
    parts = []
    for s in SUMMARY_ORDER:
        if counts.get(s):
            parts.append(f"{counts[s]} {STATUS_ZH[s]}")
        if s == "fail" and forbidden:
            parts.append(f"{forbidden} {FORBIDDEN_FAIL_ZH}")
    return f"{counts['total']} 条规则：" + "，".join(parts)


def identity(result: ReportResult) -> str:
    """A report's identity across edits: issuer + year when both are known, else its hash."""
    return identity_of(issuer_of(result), year_of(result), result.sha256, result.source)


def identity_of(issuer: Any, year: Any, sha256: str | None, source: str | None) -> str:
    if issuer and year:
        return f"{issuer}|{year}"
    if sha256:
        return f"sha256:{sha256}"
    return f"source:{source or ''}"


def issuer_of(result: ReportResult) -> str | None:
    md = result.metadata
    return str(md.issuer.value) if md is not None and md.issuer is not None else None


def year_of(result: ReportResult) -> int | None:
    md = result.metadata
    return md.year.value if md is not None and md.year is not None else None


def title_of(result: ReportResult) -> str | None:
    md = result.metadata
    return str(md.title.value) if md is not None and md.title is not None else None


def in_baseline(options: Options, result: ReportResult, finding: Finding) -> bool:
    return _in_baseline(options.baseline, result, finding)


def fixed_since_baseline(options: Options, result: ReportResult, finding: Finding) -> bool:
    """A gap in the baseline that this run finds met (shown as 已整改, not 基线已有)."""
    return (finding.status == "pass" and options.baseline is not None
            and options.baseline.has(result, finding))


def first_evidence(finding: Finding):
    return finding.evidence[0] if finding.evidence else None


def report_notes(result: ReportResult) -> list[str]:
    """Notes a reader must see beside the table: expired or refused waivers."""
    return [f"{f.rule}：{f.waiver['note']}" for f in result.findings
            if f.waiver and f.waiver.get("note")]

