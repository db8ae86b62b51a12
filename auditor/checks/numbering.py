"""``numbering``: heading numbers run 一、二、三… without gaps, repeats or level jumps.

```yaml
check:
  numbering: {styles: [cn, paren_cn]}
```
Under each parent, headings of one style should be numbered 1, 2, 3…; a heading of a style
two ranks below its parent (一、 directly followed by 1.) is a level jump.
"""

from __future__ import annotations

from ..model import STYLES
from .base import Context, Outcome, Setup

STYLE_ZH = {"part": "第X部分", "cn": "一、", "paren_cn": "（一）", "arabic": "1.",
            "paren_arabic": "（1）", "circled": "①", "ordinal": "一是"}


SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "styles": {"type": "array", "items": {"enum": list(STYLE_ZH)}},
        "max_level": {"type": "integer", "minimum": 1},
    },
}


def compile(settings: dict, setup: Setup) -> frozenset[str]:
    return frozenset(settings.get("styles") or ("cn", "paren_cn"))


def run(styles: frozenset[str], ctx: Context) -> Outcome:
    problems = []
    stack = [ctx.doc.root]
    while stack:
        parent = stack.pop()
        stack.extend(reversed(parent.children))
        expected: dict[str, int] = {}
        for child in parent.children:
            if child.style not in styles or child.number is None:
                continue
            want = expected.get(child.style, 1)
            if child.number == want - 1 and want > 1:
                problems.append((child, f"序号重复：{child.marker}"))
            elif child.number != want:
                problems.append((child, f"序号不连续：应为第 {want} 项，实为 {child.marker}"))
            expected[child.style] = child.number + 1
            if parent.style in STYLES and child.style in STYLES:
                gap = STYLES.index(child.style) - STYLES.index(parent.style)
                if gap > 1 and parent.style != "part" and child.style != "ordinal":
                    problems.append((child, f"层级跳跃：{STYLE_ZH[parent.style]} 下直接使用"
                                            f" {STYLE_ZH[child.style]}"))
    if ctx.trace is not None:
        ctx.note(f"检查序号样式：{'、'.join(STYLE_ZH[s] for s in sorted(styles, key=STYLES.index))}；发现 {len(problems)} 处问题")
    if problems:
        evidence = [ctx.heading_evidence(sec, note=msg) for sec, msg in problems[:5]]
        return Outcome("fail", "；".join(msg for _, msg in problems[:3]) +
                       ("等" if len(problems) > 3 else ""), evidence)
    return Outcome("pass", "标题序号连续、层级正确")
