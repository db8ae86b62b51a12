"""``share``: a part's share of the report's length, and optionally its number of items.

```yaml
check:
  share: {role: problems, min: 0.02, min_items: 2}
```
"""

from __future__ import annotations

from .base import Context, Outcome


def evaluate(conf: dict, ctx: Context) -> Outcome:
    role = conf["role"]
    label = ctx.role_label(role)
    secs = ctx.role_sections(role)
    if not secs:
        return Outcome("fail", f"报告中没有「{label}」部分")
    total = sum(len(line.norm) for line in ctx.doc.lines) or 1
    chars = sum(e - s for s, e in (ctx.section_span(sec, body_only=True) for sec in secs))
    items = sum(len(sec.children) + len(sec.items) for sec in secs)
    share = chars / total
    if ctx.trace is not None:
        ctx.note(f"「{label}」{chars} 字，占全文 {share:.1%}；条目 {items} 项")
    evidence = [ctx.heading_evidence(s) for s in secs]
    values = {"chars": chars, "share": round(share, 4), "items": items}
    if share < conf["min"]:
        return Outcome("fail", f"「{label}」只有 {chars} 字，占全文 {share:.1%}（应不少于 "
                               f"{conf['min']:.0%}），流于形式", evidence, values=values)
    if items < conf.get("min_items", 0):
        return Outcome("fail", f"「{label}」只列出 {items} 项（应不少于 {conf['min_items']} 项）",
                       evidence, values=values)
    return Outcome("pass", f"「{label}」{chars} 字，占全文 {share:.1%}，{items} 项", evidence,
                   values=values)
