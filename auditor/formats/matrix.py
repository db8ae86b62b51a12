"""Matrix for reviewers: reports × rules, pass rate per rule, score per report, extracted figures."""

from __future__ import annotations

from typing import Sequence

from ..model import ReportResult
from . import SYMBOL, Options
from .table import shorten


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def render(results: Sequence[ReportResult], pack, options: Options) -> str:
    from tabulate import tabulate

    from ..compare import SCORE_NOTE, matrix_data

    data = matrix_data(results, pack)
    rules = data["rules"]
    headers = ["报告"] + [str(i) for i in range(1, len(rules) + 1)] + ["得分"]
    rows = []
    for rep in data["reports"]:
        if rep["error"] is not None:
            cells = ["!"] * len(rules)
            score = "无法读取"
        else:
            cells = [SYMBOL.get(rep["cells"].get(r["id"], ""), " ") for r in rules]
            score = _pct(rep["score"])
        rows.append([shorten(rep["label"], 24)] + cells + [score])
    rows.append(["通过率"] + [_pct(r["pass_rate"]) for r in rules] + [""])
    out = ["规则 × 报告（✔ 符合  ✘ 缺失  △ 不充分  – 不适用  ? 未评估  ! 规则出错/无法读取  ⊘ 已豁免）", ""]
    out.append(tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True,
                        stralign="center"))
    out += ["", SCORE_NOTE + "；通过率 = 适用该规则的报告中符合的比例。", "", "规则："]
    for i, r in enumerate(rules, 1):
        out.append(f"  {i:>2}. {r['short']}  {r['id']}  {r['title']}（通过率 {_pct(r['pass_rate'])}）")
    out += ["", "报告："]
    for rep in data["reports"]:
        out.append(f"  {rep['label']}：{rep['source']}")
    if data["figures"]:
        out += ["", "提取的数据："]
        fig_headers = ["报告"] + [f"{c['name']}" + (f"（{c['unit']}）" if c["unit"] else "")
                                 for c in data["figures"]]
        fig_rows = [[shorten(rep["label"], 24)] + [_fmt(rep["figures"].get(c["key"]))
                                                   for c in data["figures"]]
                    for rep in data["reports"]]
        out.append(tabulate(fig_rows, headers=fig_headers, tablefmt="simple", disable_numparse=True))
    return "\n".join(out) + "\n"
