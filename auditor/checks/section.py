"""``section``: a heading that names a part of the report exists.

```yaml
check:
  section: {role: problems, min_items: 2}        # or heading: "存在.*问题", level: 1
```
The found headings are the evidence; ``min_chars`` bounds the body length, ``min_items`` the
number of sub-headings plus inline items (一是…二是…).
"""

from __future__ import annotations

from .base import Context, Outcome


def evaluate(conf: dict, ctx: Context) -> Outcome:
    if conf.get("role"):
        secs = ctx.role_sections(conf["role"])
        what = f"「{ctx.role_label(conf['role'])}」部分"
    else:
        secs = ctx.heading_sections(conf["heading"], conf.get("level"))
        what = f"标题匹配 /{conf['heading']}/ 的章节"
    if conf.get("level") and conf.get("role"):
        secs = [s for s in secs if s.level == conf["level"]]
    if ctx.trace is not None:
        ctx.note(f"查找{what}：找到 {len(secs)} 个")
    if not secs:
        return Outcome("fail", f"未找到{what}")
    evidence = [ctx.heading_evidence(s) for s in secs]
    min_chars = conf.get("min_chars", 0)
    min_items = conf.get("min_items", 0)
    chars = sum(max(0, e - s) for s, e in (ctx.section_span(sec, body_only=True) for sec in secs))
    items = sum(len(sec.children) + len(sec.items) for sec in secs)
    if chars < min_chars:
        if ctx.trace is not None:
            ctx.note(f"正文 {chars} 字，少于要求的 {min_chars} 字")
        return Outcome("partial", f"{what}过于简略（{chars} 字，应不少于 {min_chars} 字）", evidence)
    if items < min_items:
        if ctx.trace is not None:
            ctx.note(f"条目 {items} 项，少于要求的 {min_items} 项")
        return Outcome("partial", f"{what}只有 {items} 项内容（应不少于 {min_items} 项）", evidence)
    return Outcome("pass", f"已有{what}：{secs[0].heading}", evidence)
