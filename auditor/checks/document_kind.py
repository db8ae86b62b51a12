"""``document_kind``: is this an annual rule-of-law report at all?

```yaml
check:
  document_kind:
    report: "法治政府建设.*(报告|情况)"
    min_roles: 2
    kinds:
      - {name: 新闻报道, title: "召开|举行|审议|听取", text: "记者|通讯员"}
      - {name: 政策解读, title: "解读|图解|一图读懂"}
```
A title that matches one of ``kinds`` (or text with enough of its signals) fails, saying what
the document looks like; a report title, or at least ``min_roles`` of the pack's parts
(成效、问题、安排…), passes.
"""

from __future__ import annotations

from .base import Context, Outcome, Setup
from .metadata import _ev

SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "report": {"type": "string", "description": "年度报告标题正则"},
        "kinds": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["name"],
            "properties": {"name": {"type": "string"}, "title": {"type": "string"},
                           "text": {"type": "string"},
                           "min_text_hits": {"type": "integer", "minimum": 1}}}},
        "min_roles": {"type": "integer", "minimum": 0},
    },
}


def compile(settings: dict, setup: Setup) -> dict:
    setup.pattern(settings.get("report"), "report")
    for i, other in enumerate(settings.get("kinds") or ()):
        setup.pattern(other.get("title"), "kinds", i, "title")
        setup.pattern(other.get("text"), "kinds", i, "text")
    return settings


def run(conf: dict, ctx: Context) -> Outcome:
    meta = ctx.doc.metadata
    title = ctx.norm(meta.title.value) if meta.title else ""
    ev = _ev(meta.title, ctx)
    if ctx.trace is not None:
        ctx.note(f"标题：{title or '（未识别）'}")
    for kind in conf.get("kinds") or []:
        if kind.get("title") and title and ctx.search(kind["title"], title):
            return Outcome("fail", f"这份文件看起来是{kind['name']}（标题“{meta.title.value}”），"
                                   "不是法治政府建设年度报告本身", ev)
    is_report_title = bool(title and conf.get("report") and ctx.search(conf["report"], title))
    roles = [r for r in ctx.pack.roles if ctx.role_sections(r)]
    if ctx.trace is not None:
        ctx.note(f"找到的报告组成部分：{'、'.join(ctx.role_label(r) for r in roles) or '无'}")
    if not is_report_title:
        for kind in conf.get("kinds") or []:
            if kind.get("text"):
                hits = ctx.findall(kind["text"], ctx.doc.text)
                if len(hits) >= kind.get("min_text_hits", 2):
                    return Outcome("fail", f"这份文件看起来是{kind['name']}（正文多处出现"
                                           f"“{'、'.join(dict.fromkeys(hits[:3]))}”），不是年度报告本身", ev)
    if is_report_title:
        return Outcome("pass", f"标题表明这是法治政府建设年度报告：“{meta.title.value}”", ev)
    if len(roles) >= conf.get("min_roles", 2):
        return Outcome("pass", "标题不典型，但正文具备年度报告的组成部分："
                       + "、".join(ctx.role_label(r) for r in roles), ev)
    return Outcome("fail", "标题和结构都不像法治政府建设年度报告（未找到足够的报告组成部分）", ev)
