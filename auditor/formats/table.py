"""Terminal gap table: per report a header, one row per rule, the summary line."""

from __future__ import annotations

import re
from typing import Sequence

from ..gate import counts_for_gate
from ..model import ReportResult, status_zh
from ..pack.compile import PROFILE_ZH
from ..safetext import terminal_text
from . import (
    SYMBOL,
    Options,
    Tally,
    first_evidence,
    fixed_since_baseline,
    in_baseline,
    report_notes,
    summary_line,
    title_of,
    year_of,
)


# -- display width and shortening (shared with markdown and matrix) --

_SPACE = re.compile(r"\s+")


def _wcwidth():
    try:
        from wcwidth import wcwidth
        return wcwidth
    except ImportError:  # pragma: no cover - wcwidth is a declared dependency
        import unicodedata

        return lambda ch: 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def width(text: str) -> int:
    wc = _wcwidth()
    return sum(max(0, wc(ch)) for ch in text)


def shorten(text: str, limit: int) -> str:
    """Collapse whitespace and cut to ``limit`` display columns, ending with "…" when cut.
    Control characters (an ESC from a report) are shown escaped, never sent to the terminal."""
    text = terminal_text(_SPACE.sub(" ", text or "").strip())
    if limit <= 0:
        return ""
    wc = _wcwidth()
    total = 0
    for i, ch in enumerate(text):
        total += max(0, wc(ch))
        if total > limit:
            cut = text[:i]
            while cut and width(cut) > limit - 1:
                cut = cut[:-1]
            return cut + "…"
    return text


def excerpt(ev, limit: int) -> str:
    """An evidence quote cut to ``limit`` columns around its matched span, so the words that
    matched stay visible ("…按照中共中央、国务院印发的《法治政府建设实施纲要…")."""
    quote = _SPACE.sub(" ", ev.quote or "")
    span = getattr(ev, "span", None)
    if not span or width(quote) <= limit or span[0] <= 0:
        return shorten(quote, limit)
    a, b = span
    before = max(0, (limit - 2 - width(quote[a:b])) // 3)   # a little context before the match
    start, used = a, 0
    while start > 0 and used + width(quote[start - 1]) <= before:
        start -= 1
        used += width(quote[start])
    if start == 0:
        return shorten(quote, limit)
    return "…" + shorten(quote[start:], limit - 1)


def wrap(text: str, limit: int, lines: int = 2) -> list[str]:
    """Cut ``text`` into at most ``lines`` pieces of ``limit`` columns (the last one shortened)."""
    text = terminal_text(_SPACE.sub(" ", text or "").strip())
    out: list[str] = []
    wc = _wcwidth()
    while text and len(out) < lines - 1:
        total = 0
        cut = len(text)
        for i, ch in enumerate(text):
            total += max(0, wc(ch))
            if total > limit:
                cut = i
                break
        out.append(text[:cut])
        text = text[cut:].lstrip()
    if text:
        out.append(shorten(text, limit))
    return out


def last_section(section: str) -> str:
    return section.rsplit(" > ", 1)[-1] if section else ""


COLORS = {"pass": "32", "fail": "31", "partial": "33", "waived": "36", "error": "35",
          "not_applicable": "2", "not_evaluated": "2"}


def _c(text: str, code: str | None, options: Options) -> str:
    if not options.color or not code:
        return text
    return f"\x1b[{code}m{text}\x1b[0m"


def begin(pack, options: Options) -> str:
    return ""


def header(result: ReportResult, options: Options) -> list[str]:
    out = [_c(f"━━ {result.source}", "1", options)]
    if result.error is not None:
        return out
    title = terminal_text(title_of(result) or "（未识别标题）")
    year = year_of(result)
    out.append(f"标题：{title}　年度：{year if year is not None else '未识别'}")
    level = PROFILE_ZH.get(result.profile or "", result.profile or "未知")
    out.append(f"主体类型：{level}（{result.profile}）——{result.profile_source}")
    return out


def rows(result: ReportResult, options: Options) -> list[list[str]]:
    unlimited = 10 ** 6
    ev_width = max(24, options.width - 26 - 22 - 10 - 18 - 8) if options.width else unlimited
    title_width = 22 if options.width else unlimited
    table = []
    for f in result.findings:
        status = f"{SYMBOL[f.status]} {status_zh(f)}"
        if in_baseline(options, result, f):
            status += "\n基线已有"
        elif fixed_since_baseline(options, result, f):
            status += "\n已整改"
        ev = first_evidence(f)
        where = ""
        if ev is not None:
            where = ev.where
            if ev.section:
                where += "\n" + shorten(last_section(ev.section), 16)
        lines: list[str] = []
        if f.status == "pass":
            lines.append(f"“{excerpt(ev, ev_width - 2)}”" if ev is not None else shorten(f.message, ev_width))
        elif f.status == "waived":
            lines.append(shorten(f"豁免理由：{(f.waiver or {}).get('reason', '')}", ev_width))
            lines.append(shorten(f"原结果：{status_zh(f, (f.waiver or {}).get('original_status', ''))}"
                                 f"——{f.message}", ev_width))
        else:
            lines.extend(wrap(f.message, ev_width, 2))
            if ev is not None and f.status in ("fail", "partial") and ev.kind != "scope":
                lines.append(f"“{excerpt(ev, ev_width - 2)}”")
            if f.status in ("fail", "partial") and f.fix:
                lines.append(shorten(f"整改：{f.fix}", ev_width))
        if f.waiver and f.waiver.get("note"):
            lines.append(shorten(f.waiver["note"], ev_width))
        table.append([f.rule, shorten(f.title, title_width), _c(status, COLORS.get(f.status), options),
                      where, "\n".join(lines)])
    return table


def report(result: ReportResult, pack, options: Options, index: int = 0) -> str:
    out = header(result, options)
    if result.error is not None:
        out.append(_c(f"! 无法读取：{terminal_text(result.error)}", "35", options))
        return "\n".join(out) + "\n\n"
    if not options.quiet:
        from tabulate import tabulate

        out.append("")
        out.append(tabulate(rows(result, options), headers=["规则", "要求", "结果", "位置", "证据"],
                            tablefmt="simple", disable_numparse=True))
    for note in report_notes(result):
        out.append(f"注：{note}")
    base = sum(1 for f in result.findings if in_baseline(options, result, f))
    fixed = sum(1 for f in result.findings if fixed_since_baseline(options, result, f))
    line = summary_line(result)
    if base or fixed:
        line += "（" + "，".join(part for part in (f"其中 {base} 项基线已有" if base else "",
                                                   f"{fixed} 项基线中的缺项已整改" if fixed else "")
                                 if part) + "）"
    out.append(_c(line, "1", options))
    if options.quiet:
        reached = [f for f in result.findings
                   if counts_for_gate(f, options.fail_on) and not in_baseline(options, result, f)]
        if reached:
            out.append("达到门槛：" + "、".join(f"{f.rule}（{f.title}）" for f in reached))
    return "\n".join(out) + "\n\n"


def end(tally: Tally, pack, options: Options) -> str:
    out = []
    for w in tally.stale_waivers:
        out.append(f"未用到的豁免（没有匹配任何缺项，可删除）：{w['file']}:{w['line']}: {w['rule']}——{w['reason']}")
    counts = tally.counts()
    if counts["reports"] > 1:
        out.append(f"共 {counts['reports']} 份报告：{counts['audited']} 份已审查，"
                   f"{counts['unaudited']} 份无法审查")
    if options.fail_on == "never":
        out.append("门槛：--fail-on never（不因缺项失败）")
    else:
        extra = f"，另有 {counts['baselined']} 项基线已有" if counts["baselined"] else ""
        out.append(f"门槛 --fail-on {options.fail_on}：{counts['counted']} 项达到门槛{extra}")
    return "\n".join(out) + "\n"


def render(results: Sequence[ReportResult], pack, options: Options) -> str:
    from . import render as render_format

    return render_format("table", results, pack, options)  # type: ignore[return-value]
