"""The gate: which findings count against a run, and the run's exit code (see docs/ci.md).

0: every report was audited and no gap reaches ``--fail-on`` (outside the baseline);
1: a gap reaches it, or a report could not be audited; 2: no report could be audited.
Usage, rule-pack and waiver-file errors are exit code 2 too, raised before any report.
"""

from __future__ import annotations

from operator import add as _add
from typing import Any, Iterable

from .model import STATUSES, Finding, ReportResult


FAIL_ON = ("error", "warning", "info", "never")
GAP = frozenset({"fail", "partial"})
EVALUATED = frozenset({"pass", "fail", "partial", "error", "waived"})
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}
FAIL_ON_RANK = {"info": 1, "warning": 2, "error": 3, "never": 99}

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


def in_baseline(baseline: Any, result: ReportResult, finding: Finding) -> bool:
    """A gap of this run that the baseline already had (a gap since fixed is not "基线已有")."""
    return finding.status in GAP and baseline is not None and baseline.has(result, finding)


def report_counts(r: ReportResult, fail_on: str, baseline: Any = None,
                  reason: str | None | bool = False) -> tuple[tuple[int, ...], bool, int, int]:
    """What the gate and the closing lines need from one report, as plain data (a worker
    process computes it beside the audit). ``reason``: ``unaudited_reason(r)`` when known."""
    counts = dict.fromkeys(STATUSES, 0)
    for f in r.findings:
        counts[f.status] += 1
    statuses = tuple(counts.values())
    if reason is False:
        reason = unaudited_reason(r)
    if reason is not None:
        return statuses, True, 0, 0
    counted = baselined = 0
    if fail_on != "never":
        for f in r.findings:
            if counts_for_gate(f, fail_on):
                if in_baseline(baseline, r, f):
                    baselined += 1
                else:
                    counted += 1
    return statuses, False, counted, baselined


class Tally:
    """What the gate and the closing lines need from a run, kept as counts so that a streamed
    batch holds no results in memory. ``stale_waivers``: the waivers that matched nothing,
    filled in when the run is over."""

    def __init__(self, fail_on: str = "error", baseline: Any = None) -> None:
        self.fail_on, self.baseline = fail_on, baseline
        self.reports = self.audited = self.unaudited = self.counted = self.baselined = 0
        self._statuses = (0,) * len(STATUSES)
        self.stale_waivers: list[dict[str, Any]] = []

    @classmethod
    def of(cls, results: Iterable[ReportResult], fail_on: str = "error",
           baseline: Any = None) -> Tally:
        tally = cls(fail_on, baseline)
        for r in results:
            tally.add(r)
        return tally

    @property
    def statuses(self) -> dict[str, int]:
        """How many findings had each status."""
        return dict(zip(STATUSES, self._statuses))

    def add(self, r: ReportResult) -> None:
        self.add_counts(report_counts(r, self.fail_on, self.baseline))

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
        """The run's exit code."""
        if self.audited == 0:
            return 2
        return 1 if (self.counted or self.unaudited) else 0

    def counts(self) -> dict[str, int]:
        return {"reports": self.reports, "audited": self.audited, "unaudited": self.unaudited,
                "counted": self.counted, "baselined": self.baselined}
