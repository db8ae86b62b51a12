"""Output formats: a registry from format name to a lazily imported module.

Every format module exposes ``render(results, pack, options) -> str | bytes`` over the whole run.
The streaming formats (table, markdown, json) also expose ``begin(pack, options)``,
``report(result, pack, options)`` and ``end(results_seen, pack, options)`` so the CLI can print
each report as soon as it is audited. A report's text must not depend on the other reports
(only, through ``report_at``, on its position): with --jobs it is rendered in a worker process.

This module also holds the small helpers every format shares (status symbols, the summary
line, report identity, the gate); it imports nothing heavy.
"""

from __future__ import annotations

import importlib
from operator import add as _add

from ..errors import UsageError
from ..model import STATUS_ZH, STATUSES, Finding, ReportResult
from ..record import factory, record

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing at run time costs ~4 ms of start-up
    from typing import Any, Iterable, Sequence

# name → (module, file extension, per-report?)
FORMATS: dict[str, tuple[str, str, bool]] = {
    "table": (".table", "txt", True),
    "markdown": (".markdown", "md", True),
    "json": (".json", "json", True),
    "html": (".html", "html", True),
    "csv": (".csv", "csv", False),
    "xlsx": (".xlsx", "xlsx", False),
    "sarif": (".sarif", "sarif", False),
    "junit": (".junit", "xml", False),
    "matrix": (".matrix", "txt", False),
    "docx": (".docx", "docx", True),
}
STREAMING = frozenset({"table", "markdown", "json"})

SYMBOL = {"pass": "✔", "fail": "✘", "partial": "△", "not_applicable": "–",
          "not_evaluated": "?", "error": "!", "waived": "⊘"}
# order of statuses in the summary line
SUMMARY_ORDER = ("pass", "fail", "partial", "waived", "not_applicable", "not_evaluated", "error")
GAP = frozenset({"fail", "partial"})
EVALUATED = frozenset({"pass", "fail", "partial", "error", "waived"})
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
FAIL_ON_RANK = {"info": 1, "warning": 2, "error": 3, "never": 99}


@record(slots=False)
class Options:
    """What a formatter may need beyond the results. Filled by the CLI."""

    color: bool = False
    width: int = 120
    quiet: bool = False
    timestamp: str | None = None
    fail_on: str = "error"
    baseline: Any = None                       # auditor.baseline.Baseline or None
    stale_waivers: list[dict[str, Any]] = factory(list)
    exit_code: int | None = None               # the gate's verdict, when known
    extra: dict[str, Any] = factory(dict)


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


def render(fmt: str, results: Sequence[ReportResult], pack, options: Options | None = None) -> str | bytes:
    return module(fmt).render(list(results), pack, options or Options())


def extension(fmt: str) -> str:
    return FORMATS[fmt][1]


# -- shared helpers ------------------------------------------------------------------------------


def summary_line(result: ReportResult) -> str:
    """``21 条规则：12 符合，5 缺失，1 不充分，1 已豁免，2 不适用`` (every status that occurs)."""
    counts = result.summary()
    parts = [f"{counts[s]} {STATUS_ZH[s]}" for s in SUMMARY_ORDER if counts.get(s)]
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


def unaudited_reason(result: ReportResult) -> str | None:
    """Why a report counts as not audited (unreadable, or no rule could be evaluated)."""
    if result.error is not None:
        return result.error
    if not any(f.status in EVALUATED for f in result.findings):
        for f in result.findings:
            if f.status == "not_evaluated":
                return f.message
        return "没有评估任何规则"
    return None


def in_baseline(options: Options, result: ReportResult, finding: Finding) -> bool:
    return options.baseline is not None and options.baseline.has(result, finding)


def counts_for_gate(finding: Finding, fail_on: str) -> bool:
    """Whether a finding fails the gate at threshold ``fail_on`` (baseline aside).

    fail and partial count when the rule's severity reaches the threshold; a rule that broke
    (``error``) counts at any severity; waived, not_applicable and not_evaluated never count.
    """
    if fail_on == "never":
        return False
    if finding.status == "error":
        return True
    return finding.status in GAP and SEVERITY_RANK[finding.severity] >= FAIL_ON_RANK[fail_on]


def report_counts(r: ReportResult, options: Options,
                  reason: str | None | bool = False) -> tuple[tuple[int, ...], bool, int, int]:
    """What the gate and the closing lines need from one report, as plain data (so that a
    worker process can compute it beside the audit): the count of each status (in
    ``STATUSES`` order), whether the report went unaudited, and its gaps that count for the
    gate, outside and inside the baseline. ``reason``: ``unaudited_reason(r)`` when known."""
    counts = dict.fromkeys(STATUSES, 0)
    for f in r.findings:
        counts[f.status] += 1
    statuses = tuple(counts.values())
    if reason is False:
        reason = unaudited_reason(r)
    if reason is not None:
        return statuses, True, 0, 0
    counted = baselined = 0
    fail_on = options.fail_on
    if fail_on != "never":
        for f in r.findings:
            if counts_for_gate(f, fail_on):
                if in_baseline(options, r, f):
                    baselined += 1
                else:
                    counted += 1
    return statuses, False, counted, baselined


class Tally:
    """What the gate and the closing lines need from a run, kept as counts so that a streamed
    batch holds no results in memory."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.reports = self.audited = self.unaudited = self.counted = self.baselined = 0
        self._statuses = (0,) * len(STATUSES)

    @property
    def statuses(self) -> dict[str, int]:
        """How many findings had each status."""
        return dict(zip(STATUSES, self._statuses))

    def add(self, r: ReportResult) -> None:
        self.add_counts(report_counts(r, self.options))

    def add_counts(self, counts: tuple[tuple[int, ...], bool, int, int]) -> None:
        """Add one report's ``report_counts``."""
        statuses, unaudited, counted, baselined = counts
        self.reports += 1
        self._statuses = tuple(map(_add, self._statuses, statuses))
        if unaudited:
            self.unaudited += 1
            return
        self.audited += 1
        self.counted += counted
        self.baselined += baselined

    def code(self) -> int:
        if self.audited == 0:
            return 2
        return 1 if (self.counted or self.unaudited) else 0

    def counts(self) -> dict[str, int]:
        return {"reports": self.reports, "audited": self.audited, "unaudited": self.unaudited,
                "counted": self.counted, "baselined": self.baselined}


def gate(results: "Iterable[ReportResult] | Tally", options: Options) -> tuple[int, dict[str, int]]:
    """The exit code of a run and the counts behind it (see docs/ci.md)."""
    if isinstance(results, Tally):
        tally = results
    else:
        tally = Tally(options)
        for r in results:
            tally.add(r)
    return tally.code(), tally.counts()


def report_at(renderer, result: ReportResult, pack, options: Options, index: int) -> str:
    """A streaming format's text for the report at position ``index`` of the run (0-based),
    without touching ``options``: what a worker process renders. Pair with ``streamed``."""
    at = getattr(renderer, "report_at", None)
    if at is not None:
        return at(result, pack, options, index)
    return renderer.report(result, pack, options)


def streamed(renderer, options: Options, count: int) -> None:
    """Tell a streaming format that ``count`` reports went out through ``report_at``."""
    done = getattr(renderer, "streamed", None)
    if done is not None:
        done(options, count)


def first_evidence(finding: Finding):
    return finding.evidence[0] if finding.evidence else None


def report_notes(result: ReportResult) -> list[str]:
    """Notes a reader must see beside the table: expired or refused waivers."""
    return [f"{f.rule}：{f.waiver['note']}" for f in result.findings
            if f.waiver and f.waiver.get("note")]

