"""Excel workbook: 矩阵 (reports × rules, coloured), 发现 (every finding), 数据 (extracted figures)."""

from __future__ import annotations

import io
from typing import Sequence

from ..model import FORBIDDEN_FAIL_ZH, STATUS_ZH, ReportResult
from ..safetext import xml_text
from . import SYMBOL, Options
from .csv import inert
from .csv import rows as finding_rows


FILL = {"pass": "C6EFCE", "fail": "FFC7CE", "partial": "FFEB9C", "waived": "DDEBF7",
        "not_applicable": "EDEDED", "not_evaluated": "EDEDED", "error": "E4C1F9"}
STATUS_OF_ZH = {**{v: k for k, v in STATUS_ZH.items()}, FORBIDDEN_FAIL_ZH: "fail"}


def _scalar(value):
    if isinstance(value, str):
        # openpyxl would store "=…" as a formula, and refuses control characters
        return inert(xml_text(value))
    if value is None or isinstance(value, (int, float)):
        return value
    import json

    return xml_text(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def _row(values) -> list:
    return [_scalar(v) for v in values]


def render(results: Sequence[ReportResult], pack, options: Options) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from ..compare import SCORE_NOTE, matrix_data

    data = matrix_data(results, pack)
    fills = {k: PatternFill("solid", fgColor=v) for k, v in FILL.items()}
    bold = Font(bold=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "矩阵"
    rules = data["rules"]
    # first row: short Chinese names a reviewer reads; second row: the rule ids (stable keys)
    ws.append(_row(["报告", "文件"] + [r["short"] for r in rules] + ["得分"]))
    ws.append(_row(["规则", ""] + [r["id"] for r in rules] + ["按级别加权"]))
    for rep in data["reports"]:
        row = [rep["label"], rep["source"]]
        for r in rules:
            status = rep["cells"].get(r["id"])
            label = FORBIDDEN_FAIL_ZH if status == "fail" and r["forbids"] else STATUS_ZH.get(status)
            row.append(f"{SYMBOL[status]} {label}" if status else
                       ("无法读取" if rep["error"] else ""))
        row.append(rep["score"] if rep["error"] is None else "无法读取")
        ws.append(_row(row))
        line = ws.max_row
        for j, r in enumerate(rules, start=3):
            status = rep["cells"].get(r["id"])
            if status:
                ws.cell(line, j).fill = fills[status]
        if rep["score"] is not None:
            ws.cell(line, len(rules) + 3).number_format = "0%"
    ws.append(_row(["通过率", ""] + [r["pass_rate"] for r in rules] + [""]))
    for j in range(3, len(rules) + 3):
        ws.cell(ws.max_row, j).number_format = "0%"
    for cell in ws[1] + ws[ws.max_row]:
        cell.font = bold
    ws.cell(ws.max_row, 1).font = bold
    for cell in ws[2]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    from openpyxl.comments import Comment

    for j, r in enumerate(rules, start=3):   # the full requirement on hovering the header
        ws.cell(1, j).comment = Comment(_scalar(f"{r['id']}：{r['title']}"), "auditor")
    ws.cell(1, len(rules) + 3).comment = Comment(SCORE_NOTE, "auditor")
    ws.append([])
    ws.append(_row([SCORE_NOTE]))
    ws.freeze_panes = "C3"
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 30

    wf = wb.create_sheet("发现")
    status_col = 0          # 1-based column of 结果, read from the header row
    for i, row in enumerate(finding_rows(results, options)):
        wf.append(_row(list(row)))
        if i == 0:
            status_col = row.index("结果") + 1
            for cell in wf[1]:
                cell.font = bold
        else:
            status = STATUS_OF_ZH.get(row[status_col - 1])
            if status:
                wf.cell(wf.max_row, status_col).fill = fills[status]
    wf.freeze_panes = "A2"
    wf.auto_filter.ref = wf.dimensions

    wd = wb.create_sheet("数据")
    wd.append(_row(["报告", "文件"] + [c["name"] + (f"（{c['unit']}）" if c["unit"] else "")
                                       for c in data["figures"]]))
    wd.append(_row(["规则", ""] + [c["key"] for c in data["figures"]]))
    for cell in wd[1]:
        cell.font = bold
    for rep in data["reports"]:
        wd.append(_row([rep["label"], rep["source"]] + [rep["figures"].get(c["key"])
                                                        for c in data["figures"]]))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
