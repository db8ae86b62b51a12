"""``document_kind``: is this an annual rule-of-law report at all?

```yaml
check:
  document_kind:
    report: "法治政府建设.*(报告|情况)"
    min_roles: 2
    kinds:
      - {name: 新闻报道, title: "召开|举行|审议|听取", text: "记者|通讯员"}
      - {name: 政策解读, title: "解读|图解|一图读懂"}
      - {name: 答复函, opening: "代表：|建议收悉|答复如下", does: 答复一位代表的建议}
```
What the document does (answers a deputy, explains, announces, requires, assigns, records a
meeting, rectifies, reports one person's duty or another period) decides, not the words
法治政府建设…报告 in its title. A kind fails the document, saying what it looks like and
(``does``) what it does instead of reporting a year:

- ``opening``: what the document says it does in its opening — the title line and the
  ``opening_chars`` characters after it ("您提出的…建议收悉", "现将有关事项通知如下",
  "现将本人…述法情况报告如下"); one hit decides, whatever the title;
- ``title``: the title names the kind. Its named groups, when it has them, are said in the
  finding: ``head`` (the last noun phrase of the title — what the document is: "…报告的审议意见"),
  ``object`` (the annual report the title is about), ``issuer`` (who issues it: a 人大常委会
  writing about the government's report);
- ``text``: at least ``min_text_hits`` signals anywhere in the text. They count only when the
  title is not a report title, unless ``text_overrides_title: true`` (tasks each with a 责任单位
  are a work plan, whatever the title); ``unless_roles: [measures, problems, next_year]`` drops
  them when the document has all of those parts (a report's own plan may give each task its
  责任单位);
- ``unless_title``: a title that matches keeps the kind from applying at all (a title naming one
  covered year is an annual report even when it also mentions the 十四五 plan).

The openings are read first (over every kind), then the titles, then ``subject`` (a document
whose title does not name the subject and whose text barely mentions it is another field's
工作总结), then the text signals. A report title, or at least ``min_roles`` of the pack's parts
(成效、问题、安排…), passes.
"""

from __future__ import annotations

from .base import Context, Outcome, Setup
from .metadata import _ev

OPENING_CHARS = 200     # how far past the title line a document's opening is read

SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "report": {"type": "string", "description": "年度报告标题正则"},
        "opening_chars": {"type": "integer", "minimum": 20,
                          "description": "开头的范围：标题行之后的字数（默认 200）"},
        "kinds": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["name"],
            "properties": {"name": {"type": "string"},
                           "title": {"type": "string",
                                     "description": "标题符合此正则即判为此类；命名组 head（标题的中心词）、object（标题所说的报告）、issuer（出文单位）写进结论"},
                           "does": {"type": "string",
                                    "description": "这类文件做什么（写进结论：为什么不是年度报告）"},
                           "opening": {"type": "string",
                                       "description": "文件开头（标题行及其后 opening_chars 字）表明它做什么的正则；命中一处即判为此类，不论标题"},
                           "text": {"type": "string"},
                           "min_text_hits": {"type": "integer", "minimum": 1},
                           "text_overrides_title": {
                               "type": "boolean",
                               "description": "正文信号成立时，即使标题像年度报告也判为此类（如逐条列出“责任单位”的任务分工）"},
                           "unless_title": {
                               "type": "string",
                               "description": "标题符合此正则时此类不适用（如标题写明单一年度的年度报告）"},
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
        for key in ("title", "text", "opening", "unless_title"):
            setup.pattern(other.get(key), "kinds", i, key)
        for j, role in enumerate(other.get("unless_roles") or ()):
            setup.role(role, "kinds", i, "unless_roles", j)
    if settings.get("subject"):
        setup.pattern(settings["subject"].get("pattern"), "subject", "pattern")
    return settings


def _opening(ctx: Context, title_line: int | None, title_len: int, chars: int) -> tuple[int, int]:
    """The span of ``ctx.doc.text`` read as the document's opening: from the title line (the
    start of the text when there is none) to ``chars`` characters past the title."""
    doc = ctx.doc
    start = 0
    if title_line is not None:
        for i, line in enumerate(doc.lines):
            if line.no == title_line:
                start = doc.line_starts[i]
                break
    return start, min(len(doc.text), start + title_len + chars)


def _line_around(ctx: Context, start: int, end: int, width: int = 40) -> str:
    """The original text of the line holding a match, cut to ``width`` characters around it."""
    doc = ctx.doc
    idx = doc.index_at(start)
    text, ls = doc.lines[idx].text, doc.line_starts[idx]
    a, b = start - ls, min(end - ls, len(text))
    lo = max(0, min(a, b - width))
    hi = min(len(text), max(b, lo + width))
    return ("…" if lo > 0 else "") + text[lo:hi].strip() + ("…" if hi < len(text.rstrip()) else "")


def _title_parts(m) -> str:
    """What a title pattern's named groups say about the title: its head (``head``: the last
    noun phrase, what the document is), the report it is about (``object``), the body that
    issues it (``issuer``) — "" when the pattern names none."""
    groups = {k: v for k, v in m.groupdict().items() if v}
    parts = []
    if "head" in groups:
        parts.append(f"中心词是“{groups['head']}”")
    if "object" in groups:
        parts.append(f"“{groups['object']}”是它所说的对象")
    if "issuer" in groups:
        parts.append(f"出文的是“{groups['issuer']}”")
    return "，" + "，".join(parts) if parts else ""


def _fail(kind: dict, why: str, ev: list) -> Outcome:
    does = f"：{kind['does']}" if kind.get("does") else ""
    return Outcome("fail", f"这份文件看起来是{kind['name']}（{why}）{does}，"
                           "不是法治政府建设年度报告本身", ev)


def run(conf: dict, ctx: Context) -> Outcome:
    meta = ctx.doc.metadata
    shown = str(meta.title.value) if meta.title else ""          # the title as written
    title = ctx.norm(shown) if shown else ""
    ev = _ev(meta.title, ctx)
    if ctx.trace is not None:
        ctx.note(f"标题：{title or '（未识别）'}")
    kinds = [k for k in conf.get("kinds") or []
             if not (k.get("unless_title") and title and ctx.search(k["unless_title"], title))]
    start, end = _opening(ctx, meta.title.line if meta.title else None, len(title),
                          conf.get("opening_chars", OPENING_CHARS))
    for kind in kinds:
        if kind.get("opening"):
            found = ctx.finditer(kind["opening"], ctx.doc.text, start, end)
            if found:
                m = found[0]
                return _fail(kind, f"开头写着“{_line_around(ctx, m.start(), m.end())}”",
                             [ctx.evidence(m.start(), m.end())])
    for kind in kinds:
        m = ctx.search(kind["title"], title) if kind.get("title") and title else None
        if m:
            return _fail(kind, f"标题“{shown}”{_title_parts(m)}", ev)
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
    for kind in kinds:
        if kind.get("unless_roles") and all(r in roles for r in kind["unless_roles"]):
            continue
        if kind.get("text") and (not is_report_title or kind.get("text_overrides_title")):
            found = ctx.finditer(kind["text"], ctx.doc.text)
            if len(found) >= kind.get("min_text_hits", 2):
                hits = [ctx.doc.text[m.start():m.end()].strip() for m in found]
                return _fail(kind, f"正文多处出现“{'、'.join(dict.fromkeys(hits[:3]))}”",
                             [ctx.evidence(m.start(), m.end()) for m in found[:3]])
    if is_report_title:
        return Outcome("pass", f"标题表明这是法治政府建设年度报告：“{shown}”", ev)
    if len(roles) >= conf.get("min_roles", 2):
        return Outcome("pass", "标题不典型，但正文具备年度报告的组成部分："
                       + "、".join(ctx.role_label(r) for r in roles), ev)
    return Outcome("fail", "标题和结构都不像法治政府建设年度报告（未找到足够的报告组成部分）", ev)
