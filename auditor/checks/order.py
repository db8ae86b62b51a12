"""``order``: the parts named by roles appear in this order.

```yaml
check:
  order: {roles: [measures, problems, next_year]}
```
Parts that are missing are left out of the comparison (other rules report them); with fewer
than two parts present the order cannot be judged (``not_evaluated``). One section that
serves two roles (存在的问题和下一步打算) is in order.
"""

from __future__ import annotations

from .base import Context, Outcome, Setup

SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["roles"],
    "properties": {"roles": {"type": "array", "items": {"type": "string"}, "minItems": 2}},
}


def compile(settings: dict, setup: Setup) -> dict:
    for i, role in enumerate(settings["roles"]):
        setup.role(role, "roles", i)
    return settings


def run(conf: dict, ctx: Context) -> Outcome:
    present = []
    for role in conf["roles"]:
        secs = ctx.role_sections(role)
        if secs:
            present.append((role, secs[0]))
    ctx.note("各部分首次出现：" + "；".join(f"{ctx.role_label(r)} 第 {s.line} 行" for r, s in present))
    if len(present) < 2:
        return Outcome("not_evaluated", "报告中可比较顺序的部分不足两个，无法判断顺序")
    evidence = [ctx.heading_evidence(s) for _, s in present]
    for (r1, s1), (r2, s2) in zip(present, present[1:]):
        if s2.start < s1.start:
            return Outcome("fail", f"「{ctx.role_label(r2)}」（第 {s2.line} 行）出现在"
                                   f"「{ctx.role_label(r1)}」（第 {s1.line} 行）之前", evidence)
    names = " → ".join(ctx.role_label(r) for r, _ in present)
    return Outcome("pass", f"顺序正确：{names}", evidence)
