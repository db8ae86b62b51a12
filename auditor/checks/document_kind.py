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
the document looks like — what the document does (announces, requires, assigns, rectifies,
reports one person's duty) decides, not the words 法治政府建设…报告 in its title. Text signals
count only when the title is not a report title, unless the kind says
``text_overrides_title: true`` (tasks each with a 责任单位 are a work plan, whatever the title);
``subject`` fails a document whose title does not name the subject (法治) and whose text
barely mentions it (another field's 工作总结 with the parts of a report);
``unless_roles: [measures, problems, next_year]`` drops a kind's text signal when the document
has all of those parts (a report's own plan may give each task its 责任单位); a report title, or
at least ``min_roles`` of the pack's parts (成效、问题、安排…), passes.
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
                           "min_text_hits": {"type": "integer", "minimum": 1},
                           "text_overrides_title": {
                               "type": "boolean",
                               "description": "正文信号成立时，即使标题像年度报告也判为此类（如逐条列出“责任单位”的任务分工）"},
                           "unless_roles": {
                               "type": "array", "items": {"type": "string"}, "minItems": 1,
                               "description": "文件具备这些组成部分（如成效、问题、安排）时，正文信号不计"}}}},
        "min_roles": {"type": "integer", "minimum": 0},
        "subject": {
            "type": "object", "additionalProperties": False, "required": ["pattern"],
            "description": "报告的主题：标题不提它、正文也少于 min_text_hits 处提到它时，文件属于别的领域",
            "properties": {"pattern": {"type": "string"}, "min_text_hits": {"type": "integer", "minimum": 1}}},
    },
}


def compile(settings: dict, setup: Setup) -> dict:
    setup.pattern(settings.get("report"), "report")
    for i, other in enumerate(settings.get("kinds") or ()):
        setup.pattern(other.get("title"), "kinds", i, "title")
        setup.pattern(other.get("text"), "kinds", i, "text")
        for j, role in enumerate(other.get("unless_roles") or ()):
            setup.role(role, "kinds", i, "unless_roles", j)
    if settings.get("subject"):
        setup.pattern(settings["subject"].get("pattern"), "subject", "pattern")
    return settings


def run(conf: dict, ctx: Context) -> Outcome:
    meta = ctx.doc.metadata
    shown = str(meta.title.value) if meta.title else ""          # the title as written
    title = ctx.norm(shown) if shown else ""
    ev = _ev(meta.title, ctx)
    if ctx.trace is not None:
        ctx.note(f"标题：{title or '（未识别）'}")
    for kind in conf.get("kinds") or []:
        if kind.get("title") and title and ctx.search(kind["title"], title):
            return Outcome("fail", f"这份文件看起来是{kind['name']}（标题“{shown}”），"
                                   "不是法治政府建设年度报告本身", ev)
    subject = conf.get("subject")
    if subject and title and not ctx.search(subject["pattern"], title):
        mentions = len(ctx.findall(subject["pattern"], ctx.doc.text))
        if mentions < subject.get("min_text_hits", 3):
            return Outcome("fail", f"这份文件说的是别的工作（标题“{shown}”，正文只有 {mentions} 处"
                                   "提到法治），不是法治政府建设年度报告", ev)
    is_report_title = bool(title and conf.get("report") and ctx.search(conf["report"], title))
    roles = [r for r in ctx.pack.roles if ctx.role_sections(r)]
    if ctx.trace is not None:
        ctx.note(f"找到的报告组成部分：{'、'.join(ctx.role_label(r) for r in roles) or '无'}")
    for kind in conf.get("kinds") or []:
        if kind.get("unless_roles") and all(r in roles for r in kind["unless_roles"]):
            continue
        if kind.get("text") and (not is_report_title or kind.get("text_overrides_title")):
            hits = ctx.findall(kind["text"], ctx.doc.text)
            if len(hits) >= kind.get("min_text_hits", 2):
                return Outcome("fail", f"这份文件看起来是{kind['name']}（正文多处出现"
                                       f"“{'、'.join(dict.fromkeys(hits[:3]))}”），不是年度报告本身", ev)
    if is_report_title:
        return Outcome("pass", f"标题表明这是法治政府建设年度报告：“{shown}”", ev)
    if len(roles) >= conf.get("min_roles", 2):
        return Outcome("pass", "标题不典型，但正文具备年度报告的组成部分："
                       + "、".join(ctx.role_label(r) for r in roles), ev)
    return Outcome("fail", "标题和结构都不像法治政府建设年度报告（未找到足够的报告组成部分）", ev)
