"""Charts for reviewers, drawn as inline SVG (no script, no external resource, so the page's
content-security policy and offline use hold): the pass rate of each rule, the reports ranked by
score, and where each report stands on each extracted figure (出庭应诉率, 复议案件数…).

Input is ``compare.matrix_data``; output is SVG markup with every text escaped. Colours come
from classes styled in report.css (inline ``style`` attributes would be refused by the policy).
"""

from __future__ import annotations

from html import escape

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing at run time costs ~4 ms of start-up
    from typing import Any

ROW = 20            # height of one bar row
LABEL_W = 170       # width of the label column
BAR_W = 360         # width of 100 %
VALUE_W = 70
WIDTH = LABEL_W + BAR_W + VALUE_W


def _text(x: float, y: float, text: str, cls: str = "", anchor: str = "start") -> str:
    c = f' class="{cls}"' if cls else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{c}>{escape(text)}</text>')


def _svg(height: float, title: str, body: list[str], width: float = WIDTH) -> str:
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'aria-label="{escape(title)}"><title>{escape(title)}</title>{"".join(body)}</svg>')


def _band(rate: float | None) -> str:
    if rate is None:
        return "c-none"
    return "c-good" if rate >= 0.8 else ("c-mid" if rate >= 0.5 else "c-bad")


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def _label(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bars(items: list[tuple[str, str, float | None]], title: str) -> str:
    """Horizontal bars, one per (label, tooltip, share 0..1 or None)."""
    top = 6
    body = []
    for tick in (0, 0.5, 1):
        x = LABEL_W + BAR_W * tick
        body.append(f'<line class="gridline" x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" '
                    f'y2="{top + ROW * len(items):.1f}"/>')
    for i, (label, tip, rate) in enumerate(items):
        y = top + i * ROW
        w = BAR_W * (rate or 0)
        body.append(f'<g><title>{escape(tip)}：{_pct(rate)}</title>'
                    + _text(LABEL_W - 6, y + ROW * 0.7, _label(label), "lbl", "end")
                    + f'<rect class="bar {_band(rate)}" x="{LABEL_W}" y="{y + 3:.1f}" '
                      f'width="{max(w, 1.5 if rate is not None else 0):.1f}" height="{ROW - 6}"/>'
                    + _text(LABEL_W + w + 5, y + ROW * 0.7, _pct(rate), "val") + "</g>")
    bottom = top + ROW * len(items)
    for tick in (0, 0.5, 1):
        body.append(_text(LABEL_W + BAR_W * tick, bottom + 13, _pct(tick), "axis", "middle"))
    return _svg(bottom + 18, title, body)


def pass_rate_chart(data: dict[str, Any]) -> str:
    items = [(r["short"], f"{r['id']} {r['title']}（{r['passed']}/{r['applicable']} 份符合）",
              r["pass_rate"]) for r in data["rules"]]
    return _bars(items, "各条规则的通过率")


def ranking_chart(data: dict[str, Any]) -> str:
    ranked = sorted((rep for rep in data["reports"] if rep["error"] is None),
                    key=lambda rep: (-(rep["score"] or 0), rep["label"]))
    items = [(f"{i}. {rep['label']}", rep["source"], rep["score"]) for i, rep in enumerate(ranked, 1)]
    return _bars(items, "各报告得分排名")


def _nice_max(value: float) -> float:
    """The smallest of 1, 2, 5 × 10^k that is at least ``value`` (an axis end a reader can use)."""
    if value <= 0:
        return 1.0
    import math

    magnitude = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude   # pragma: no cover - the loop always returns


def figure_chart(column: dict[str, Any], data: dict[str, Any]) -> str:
    """One figure across the reports: an axis from 0 (or the smallest value, if negative) to a
    round maximum; each report a labelled dot on its own row; reports without the figure listed
    as 未提取; a dashed line at the median."""
    key = column["key"]
    unit = column["unit"] or ""
    points = []
    for rep in data["reports"]:
        value = rep["figures"].get(key)
        points.append((rep["label"], value if isinstance(value, (int, float)) else None))
    values = [v for _, v in points if v is not None]
    lo = min(0.0, *values) if values else 0.0
    hi = _nice_max(max(values)) if values else 1.0
    if unit == "%" and values and max(values) <= 100:
        hi = 100.0
    span = (hi - lo) or 1.0

    def x_of(v: float) -> float:
        return LABEL_W + BAR_W * (v - lo) / span

    top = 6
    body = [f'<line class="gridline" x1="{LABEL_W}" y1="{top - 2}" x2="{LABEL_W}" '
            f'y2="{top + ROW * len(points)}"/>']
    if values:
        ordered = sorted(values)
        mid = len(ordered) // 2
        median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
        mx = x_of(median)
        body.append(f'<line class="median" x1="{mx:.1f}" y1="{top - 2}" x2="{mx:.1f}" '
                    f'y2="{top + ROW * len(points)}"><title>中位数 {median:g}{unit}</title></line>')
    for i, (label, value) in enumerate(points):
        y = top + i * ROW
        body.append(_text(LABEL_W - 6, y + ROW * 0.7, _label(label), "lbl", "end"))
        body.append(f'<line class="track" x1="{LABEL_W}" y1="{y + ROW / 2:.1f}" '
                    f'x2="{LABEL_W + BAR_W}" y2="{y + ROW / 2:.1f}"/>')
        if value is None:
            body.append(_text(LABEL_W + 4, y + ROW * 0.7, "未提取", "none"))
            continue
        x = x_of(value)
        body.append(f'<g><title>{escape(label)}：{value:g}{escape(unit)}</title>'
                    f'<circle class="dot" cx="{x:.1f}" cy="{y + ROW / 2:.1f}" r="5"/>'
                    + _text(x + 8, y + ROW * 0.7, f"{value:g}{unit}", "val") + "</g>")
    bottom = top + ROW * len(points)
    for v in (lo, (lo + hi) / 2, hi):
        body.append(_text(x_of(v), bottom + 13, f"{v:g}{unit}", "axis", "middle"))
    name = column["name"] + (f"（{unit}）" if unit else "")
    return _svg(bottom + 18, f"{name}：各报告的取值", body)


def charts(data: dict[str, Any]) -> list[dict[str, str]]:
    """The reviewer's charts as (heading, note, svg) dicts, in reading order."""
    out = [
        {"id": "chart-pass-rate", "heading": "各条规则的通过率",
         "note": "适用该规则的报告中符合的比例；绿色 ≥ 80%，黄色 50%–80%，红色 < 50%，灰色为无适用报告。",
         "svg": pass_rate_chart(data)},
        {"id": "chart-ranking", "heading": "报告得分排名",
         "note": "得分按规则级别加权（错误 3、警告 2、提示 1），见矩阵下方说明。",
         "svg": ranking_chart(data)},
    ]
    for i, column in enumerate(data["figures"], 1):
        unit = column["unit"] or ""
        out.append({"id": f"chart-figure-{i}",
                    "heading": column["name"] + (f"（{unit}）" if unit else ""),
                    "note": "每个圆点是一份报告中提取到的数值，虚线为中位数；“未提取”表示报告中没有找到该数据。",
                    "svg": figure_chart(column, data)})
    return out
