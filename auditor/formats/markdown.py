"""Markdown: per report a heading, the facts, a pipe table of every rule and the summary line."""

from __future__ import annotations

from typing import Sequence

from ..model import SEVERITY_ZH, ReportResult, status_zh
from ..pack.compile import PROFILE_ZH
from . import (
    SYMBOL,
    Options,
    Tally,
    first_evidence,
    in_baseline,
    report_notes,
    summary_line,
    title_of,
    year_of,
)
from .table import excerpt


def cell(text: str) -> str:
    """Report text made inert and safe inside a pipe-table cell: HTML special characters are
    escaped (Markdown renderers pass raw HTML through, and report text is untrusted), pipes
    and backslashes escaped, and line breaks become <br>."""
    text = (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", "<br>")


def begin(pack, options: Options) -> str:
    return f"# 法治政府建设年度报告审查结果\n\n规则包：{pack.name} {pack.version}\n\n"


def report(result: ReportResult, pack, options: Options, index: int = 0) -> str:
    out = [f"## {cell(result.source)}", ""]
    if result.error is not None:
        out += [f"**无法读取**：{cell(result.error)}", "", ""]
        return "\n".join(out)
    year = year_of(result)
    out += [f"- 标题：{cell(title_of(result) or '（未识别）')}",
            f"- 年度：{year if year is not None else '未识别'}",
            f"- 主体类型：{PROFILE_ZH.get(result.profile or '', result.profile or '')}"
            f"（{cell(result.profile_source)}）", ""]
    out += ["| 规则 | 要求 | 级别 | 结果 | 位置 | 证据 | 整改建议 |",
            "|---|---|---|---|---|---|---|"]
    for f in result.findings:
        status = f"{SYMBOL[f.status]} {status_zh(f)}"
        if in_baseline(options, result, f):
            status += "（基线已有）"
        ev = first_evidence(f)
        where = f"{ev.where} {ev.section}".strip() if ev is not None else ""
        if f.status == "pass":
            evidence = f"“{excerpt(ev, 60)}”" if ev is not None else f.message
        elif f.status == "waived":
            evidence = f"豁免理由：{(f.waiver or {}).get('reason', '')}；{f.message}"
        else:
            evidence = f.message
            if ev is not None and f.status in ("fail", "partial") and ev.kind != "scope":
                evidence += f"\n“{excerpt(ev, 60)}”"
        if f.waiver and f.waiver.get("note"):
            evidence += f"\n{f.waiver['note']}"
        fix = f.fix if f.status in ("fail", "partial") else ""
        out.append("| " + " | ".join([f"`{f.rule}`", cell(f.title), SEVERITY_ZH[f.severity],
                                      cell(status), cell(where), cell(evidence),
                                      cell(fix)]) + " |")
    out.append("")
    for note in report_notes(result):
        out.append(f"> 注：{cell(note)}")
    if report_notes(result):
        out.append("")
    out += [f"**{cell(summary_line(result))}**", "", ""]
    return "\n".join(out)


def end(tally: Tally, pack, options: Options) -> str:
    out = []
    if tally.stale_waivers:
        out.append("### 未匹配任何缺项的豁免")
        out.append("")
        for w in tally.stale_waivers:
            out.append(f"- `{w['file']}:{w['line']}` {cell(w['rule'])}：{cell(w['reason'])}")
        out.append("")
    counts = tally.counts()
    out.append(f"共 {counts['reports']} 份报告：{counts['audited']} 份已审查，{counts['unaudited']} 份无法审查；"
               f"门槛 --fail-on {options.fail_on}：{counts['counted']} 项达到门槛。")
    return "\n".join(out) + "\n"


def render(results: Sequence[ReportResult], pack, options: Options) -> str:
    from . import render as render_format

    return render_format("markdown", results, pack, options)  # type: ignore[return-value]
