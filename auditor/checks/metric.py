"""``metric``: a labelled figure, extracted into the finding.

```yaml
check:
  metric:
    name: 行政机关负责人出庭应诉率
    label: ["出庭应诉率", "负责人出庭应诉"]
    unit: percent                        # percent | count | number
    within: 15                           # characters after the label, same sentence
```
The first counted label followed by a figure gives the value (``values`` of the finding);
``min``/``max`` turn it into a threshold check.
"""

from __future__ import annotations

import re

from .base import SCOPE_SCHEMA, TERMS_SCHEMA, Context, Outcome, Setup, missing_scope, terms_trace

SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["label", "unit"],
    "properties": {
        "in": SCOPE_SCHEMA,
        "label": TERMS_SCHEMA,
        "unit": {"enum": ["percent", "count", "number"]},
        "within": {"type": "integer", "minimum": 1, "maximum": 200},
        "name": {"type": "string"},
        "min": {"type": "number"},
        "max": {"type": "number"},
    },
}

_NUMBER = r"(\d+(?:\.\d+)?)"
_UNITS = {
    "percent": re.compile(_NUMBER + r"\s*%\s*(以上|以下|左右)?"),
    "count": re.compile(_NUMBER + r"\s*(余|多)?\s*(件|次|份|个|宗|起|场次|场|人次|人|家|项|条|卷|批次|篇|期)"),
    "number": re.compile(_NUMBER),
}
# words just before a figure that make it approximate: "近100条", "逾300卷"
_BEFORE = ("超过", "近", "逾", "约")


class Plan:
    __slots__ = ("labels", "unit", "within", "name", "scope", "min", "max")

    def __init__(self, conf: dict, setup: Setup) -> None:
        self.labels = setup.terms(conf["label"], "label")
        self.unit = conf["unit"]
        self.within = conf.get("within", 15)
        self.name = conf.get("name") or self.labels[0].display
        self.scope = setup.scope(conf.get("in"), "in")
        self.min, self.max = conf.get("min"), conf.get("max")


compile = Plan


def run(plan: Plan, ctx: Context) -> Outcome:
    labels, unit, within, name = plan.labels, plan.unit, plan.within, plan.name
    scope = ctx.scope(plan.scope)
    if scope.missing:
        assert plan.scope is not None      # only a declared scope can be missing
        return missing_scope(ctx, scope, f"查找“{name}”", plan.scope.if_missing)
    value_re = _UNITS[unit]
    text = ctx.doc.text
    found = []
    for t in labels:
        for s, e in ctx.hits(t):
            if not scope.contains(s) or ctx.classify(s, e, negated_ok=False, title_ok=False) != "ok":
                continue
            _, se = ctx.sentence_bounds(s, e)
            window = text[e:min(se, e + within)]
            m = value_re.search(window)
            if m:
                found.append((s, e + m.end(), float(m.group(1)), m, window[:m.start()]))
    found.sort()
    if ctx.trace is not None:
        ctx.note(f"查找“{terms_trace(labels)}”后 {within} 字内的{ {'percent': '百分比', 'count': '件数', 'number': '数字'}[unit] }：{len(found)} 处")
    if not found:
        return Outcome("fail", f"未找到“{name}”的具体数据")
    s, e, value, m, lead = found[0]
    ev = ctx.evidence(s, e)
    if unit == "percent":
        shown_unit, after = "%", m.group(2) or ""
    elif unit == "count":
        shown_unit, after = m.group(3), m.group(2) or ""
    else:
        shown_unit, after = "", ""
    before = next((w for w in _BEFORE if lead.rstrip().endswith(w)), "")
    values = {"name": name, "value": int(value) if value.is_integer() else value,
              "unit": shown_unit, "line": ev.line, "text": (before + m.group(0)).strip()}
    qualifier = before + after          # 90%以上 → "以上"; 近100条 → "近"; 70余次 → "余"
    if qualifier:
        values["qualifier"] = qualifier
    lo, hi = plan.min, plan.max
    number = f"{values['value']}"
    shown = f"{before}{number}{after}{shown_unit}" if unit == "count" else f"{before}{number}{shown_unit}{after}"
    if lo is not None and value < lo:
        return Outcome("fail", f"{name}为 {shown}，低于 {lo}", [ev], values=values)
    if hi is not None and value > hi:
        return Outcome("fail", f"{name}为 {shown}，高于 {hi}", [ev], values=values)
    return Outcome("pass", f"{name}：{shown}", [ev], values=values)
