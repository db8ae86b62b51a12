"""CSV (UTF-8 with BOM, so Excel reads the Chinese): one row per report × rule."""

from __future__ import annotations

import csv
import io
import json
from typing import Sequence

from ..model import SEVERITY_ZH, ReportResult, status_zh
from ..safetext import xml_text
from . import Options, first_evidence, identity, in_baseline, issuer_of, year_of


HEADER = ["报告", "报告主体", "年度", "规则", "要求", "级别", "结果", "status", "基线已有", "行号", "章节",
          "证据", "说明", "整改建议", "依据", "豁免理由", "数据", "报告标识"]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A cell value a spreadsheet will not run: report text that starts like a formula
    ("=HYPERLINK(…)", "+1…", "@SUM…") gets a leading apostrophe, as OWASP advises for CSV;
    control characters (an ESC) are shown escaped."""
    if isinstance(value, str):
        value = xml_text(value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def rows(results: Sequence[ReportResult], options: Options):
    for row in _rows(results, options):
        yield [inert(v) for v in row]


def _rows(results: Sequence[ReportResult], options: Options):
    yield HEADER
    for r in results:
        base = [r.source, issuer_of(r) or "", year_of(r) or ""]
        if r.error is not None:
            yield base + ["", "无法读取", "", "无法读取", "unreadable", "", "", "", "", r.error,
                          "", "", "", "", identity(r)]
            continue
        for f in r.findings:
            ev = first_evidence(f)
            yield base + [
                f.rule, f.title, SEVERITY_ZH[f.severity], status_zh(f), f.status,
                "是" if in_baseline(options, r, f) else "",
                ev.line if ev is not None else "", ev.section if ev is not None else "",
                ev.quote if ev is not None else "", f.message,
                f.fix if f.status in ("fail", "partial") else "", f.basis,
                (f.waiver or {}).get("reason", "") if f.status == "waived" else
                (f.waiver or {}).get("note", ""),
                json.dumps(dict(f.values), ensure_ascii=False, sort_keys=True) if f.values else "",
                identity(r),
            ]


def render(results: Sequence[ReportResult], pack, options: Options) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows(results, options):
        writer.writerow(row)
    return "\ufeff" + buf.getvalue()
