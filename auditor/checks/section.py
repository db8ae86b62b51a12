"""``section``: a heading that names a part of the report exists, and the part is not too thin.

```yaml
check:
  section: {role: problems, min_items: 2}        # or heading: "存在.*问题", level: 1
```
The found headings are the evidence. ``min_chars`` bounds the body length, ``min_share`` the
body's share of the whole report's length (0.01 = 1%), ``min_items`` the number of
sub-headings plus inline items (一是…二是…). A part that is missing gives ``if_missing``
(default ``fail``); one that is too short gives ``if_short`` (default ``partial``). With
``min_share`` the finding's values carry the part's characters, share and items.
"""

from __future__ import annotations

from .base import STATUS_SCHEMA, Context, Outcome, Setup

SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "heading": {"type": "string", "description": "章节标题正则"},
        "role": {"type": "string", "description": "规则包 roles 中命名的章节角色"},
        "level": {"type": "integer", "minimum": 1, "maximum": 7},
        "min_chars": {"type": "integer", "minimum": 0},
        "min_share": {"type": "number", "minimum": 0, "maximum": 1,
                      "description": "正文占全文篇幅的最低比例（如 0.01）"},
        "min_items": {"type": "integer", "minimum": 0},
        "if_missing": {**STATUS_SCHEMA, "description": "章节缺失时的结果（默认 fail）"},
        "if_short": {**STATUS_SCHEMA, "description": "篇幅或条目不足时的结果（默认 partial）"},
    },
    "anyOf": [{"required": ["heading"]}, {"required": ["role"]}],
}


def compile(settings: dict, setup: Setup) -> dict:
    setup.role(settings.get("role"), "role")
    setup.pattern(settings.get("heading"), "heading")
    return settings


def run(conf: dict, ctx: Context) -> Outcome:
    if conf.get("role"):
        secs = ctx.role_sections(conf["role"])
        name = f"「{ctx.role_label(conf['role'])}」"
        what = f"{name}部分"
    else:
        secs = ctx.heading_sections(conf["heading"], conf.get("level"))
        name = what = f"标题匹配 /{conf['heading']}/ 的章节"
    if conf.get("level") and conf.get("role"):
        secs = [s for s in secs if s.level == conf["level"]]
    if ctx.trace is not None:
        ctx.note(f"查找{what}：找到 {len(secs)} 个")
    if not secs:
        return Outcome(conf.get("if_missing", "fail"), f"未找到{what}")
    evidence = [ctx.heading_evidence(s) for s in secs]
    short = conf.get("if_short", "partial")
    chars = sum(max(0, e - s) for s, e in (ctx.section_span(sec, body_only=True) for sec in secs))
    items = sum(len(sec.children) + len(sec.items) for sec in secs)
    min_chars = conf.get("min_chars", 0)
    min_items = conf.get("min_items", 0)
    min_share = conf.get("min_share")
    values: dict = {}
    share = 0.0
    if min_share is not None:
        share = chars / (sum(len(line.norm) for line in ctx.doc.lines) or 1)
        values = {"chars": chars, "share": round(share, 4), "items": items}
        if ctx.trace is not None:
            ctx.note(f"{name}{chars} 字，占全文 {share:.1%}；条目 {items} 项")
        if share < min_share:
            return Outcome(short, f"{name}只有 {chars} 字，占全文 {share:.1%}（应不少于 "
                                  f"{min_share:.0%}），流于形式", evidence, values=values)
    if chars < min_chars:
        if ctx.trace is not None:
            ctx.note(f"正文 {chars} 字，少于要求的 {min_chars} 字")
        return Outcome(short, f"{what}过于简略（{chars} 字，应不少于 {min_chars} 字）", evidence,
                       values=values)
    if items < min_items:
        if ctx.trace is not None:
            ctx.note(f"条目 {items} 项，少于要求的 {min_items} 项")
        return Outcome(short, f"{what}只有 {items} 项内容（应不少于 {min_items} 项）", evidence,
                       values=values)
    if values:
        return Outcome("pass", f"{name}{chars} 字，占全文 {share:.1%}，{items} 项",
                       evidence, values=values)
    return Outcome("pass", f"已有{what}：{secs[0].heading}", evidence)
