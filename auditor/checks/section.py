"""``section``: a heading that names a part of the report exists, and the part is not too thin.

```yaml
check:
  section: {role: problems, min_items: 2}        # or heading: "存在.*问题", level: 1
```
The found headings are the evidence. ``min_chars`` bounds the body length, ``min_share`` the
body's share of the whole report's length (0.01 = 1%), ``min_items`` the number of
sub-headings plus inline items (一是…二是…), ``min_sentences`` the sentences of a part without
items ("与上级要求还有一定差距。" is one). ``min_concrete`` judges by substance rather than length:
a part with at least that many concrete statements (a sentence or item that carries a figure, or
one of several enumerated points: 一是…；二是…, or three or more points of one sentence separated by
；) passes however short it is ("全年调解纠纷87件；办理
法律援助12件；开展普法15场" is a measures part). (The converse does not hold: a problem stated in
prose without a figure is still a problem, so length keeps its say there.) A part that is missing gives ``if_missing`` (default
``fail``); one that is too short gives ``if_short`` (default ``partial``); a heading with nothing
under it (落款 lines aside) fails when a minimum is set. With ``min_share`` the finding's values
carry the part's characters, share and items. ``shared_from`` (a pattern): when the part shares
its section with another part ("存在的问题和下一步打算"), only the text from the section's first
sub-heading, or else from the pattern's first match, is this part's; ``shared_until`` (a pattern)
is the converse: the part's text ends at the section's first sub-heading or where the pattern
first matches (the problems before 下一步). ``or_top_parts``: when no heading names the role and the report has none of the parts
its ``fallback_before`` anchors on (thematic parts only, or a page cut before its problems), the
top-level numbered parts that play no other role are judged as the part. ``generic`` (a pattern) names stock phrases: a part whose
every sentence is one ("法治政府建设是一项系统工程。我区将……不断提升依法治理能力水平。"), without a
figure or a list, is a stance, not content, however long it is (``if_short``).
A table written in the part ("| 序号 | 工作任务 | 责任单位 | 完成时限 |" rows) is read row by row: each
data row is one statement, the header row is none, so a table with no data row is only a heading.
"""

from __future__ import annotations

import re

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
        "min_concrete": {"type": "integer", "minimum": 1,
                         "description": "按实质判断：至少几条具体内容（带数字的句子，或分条列出的各项）即算充分，不论字数"},
        "min_sentences": {"type": "integer", "minimum": 0,
                          "description": "正文至少几句话（没有分条时）；一句笼统的话不算内容"},
        "shared_until": {"type": "string",
                         "description": "与其他部分同在一节时（“存在的问题和下一步打算”），本部分的内容到此模式第一次出现处为止"},
        "shared_from": {"type": "string",
                        "description": "与其他部分同在一节时（“存在的问题和下一步打算”），本部分的内容从该节第一个小标题、"
                                       "或从此模式第一次出现处算起"},
        "generic": {"type": "string",
                    "description": "套话的模式：正文每一句都是套话（匹配此模式、不带数字、没有分条）时，按过于简略处理"},
        "or_top_parts": {"type": "boolean",
                         "description": "没有标题点明该角色、报告也没有 fallback_before 所列的任何部分时（全是专题标题，"
                                        "或页面在专题部分中截断），以不属于其他角色的各一级章节按内容判断"},
        "if_missing": {**STATUS_SCHEMA, "description": "章节缺失时的结果（默认 fail）"},
        "if_short": {**STATUS_SCHEMA, "description": "篇幅或条目不足时的结果（默认 partial）"},
    },
    "anyOf": [{"required": ["heading"]}, {"required": ["role"]}],
}


_SENTENCE_END = re.compile(r"[。！？；!?;]")
# a statement's edge: a sentence end, or an enumeration marker (一是 / 第二， / （三） / 4. / ①)
_STATEMENT_EDGE = re.compile(r"[。！？；!?;]|(?=[一二三四五六七八九十]是|第[一二三四五六七八九十][，,、]"
                             r"|[（(][一二三四五六七八九十\d]{1,2}[）)]|(?<![\d.])\d{1,2}[.、．](?!\d)|[①-⑳])")
_ENUMERATED = re.compile(r"^([一二三四五六七八九十]是|第[一二三四五六七八九十][，,、]|[（(][一二三四五六七八九十\d]{1,2}[）)]"
                         r"|\d{1,2}[.、．]|[①-⑳])")
# a figure: Arabic digits (counts, rates) or 百分之; a year or a date is not a figure of the work
_FIGURE = re.compile(r"[0-9０-９]|百分之")
_DATE = re.compile(r"[0-9０-９]{4}\s*年度?|[0-9０-９]{1,2}\s*月(份|底|初|中旬|上旬|下旬)?|[0-9０-９]{1,2}\s*日|[一二三四]季度")


_CLAUSE_EDGE = re.compile(r"[，,]")
# a single sentence of this many clauses, every one with a figure, is a list written as one sentence
_RUN = 4


def _concrete(body: str) -> int:
    """Concrete statements in a part's text: clauses that carry a figure ("办理行政复议案件41件"),
    plus the enumerated items when there are at least two of them (several distinct points are
    content, one "一是" is not a list). A part of a single sentence without items has none when it
    gives a few headline figures ("全年审核文件30件，办理复议45件，取得明显成效。" is a summary line);
    a single sentence that is nothing but a run of distinct figures of work (``_RUN`` or more
    clauses, each with its figure: "审核文件11件，办理复议23件，评查案卷1次，举办讲座46场，出庭应诉率95%。")
    is a compact list, and its clauses count."""
    statements = [t.strip(" ，,：:、") for t in _STATEMENT_EDGE.split(body)]
    statements = [t for t in statements if len(t) >= 6]
    numbered = sum(1 for t in statements if _ENUMERATED.match(t))
    listed = _semicolon_items(body)
    if not statements:
        return 0
    if len(statements) < 2:
        clauses = [c for c in _CLAUSE_EDGE.split(statements[0]) if c.strip()]
        run = sum(1 for c in clauses if _FIGURE.search(_DATE.sub("", c)))
        return run if run >= _RUN and run == len(clauses) else 0
    count = 0
    for t in statements:
        figures = sum(1 for c in _CLAUSE_EDGE.split(_ENUMERATED.sub("", t))
                      if _FIGURE.search(_DATE.sub("", c)))
        if figures:
            count += figures
        elif (numbered >= 2 and _ENUMERATED.match(t)) or t in listed:
            count += 1
    return count


_LIST_SENTENCE = re.compile(r"[。！？!?]")
_SEMICOLON = re.compile(r"[；;]")


def _semicolon_items(body: str) -> set[str]:
    """The items of lists written as one sentence separated by ；("改选村级调解员队伍；增配执法
    人员2名；建立法律顾问驻村制度。"): each clause of a sentence of at least three ；-separated
    clauses of six or more characters is a distinct point, as an "一是" item is."""
    out: set[str] = set()
    for sentence in _LIST_SENTENCE.split(body):
        parts = [p.strip(" ，,：:、") for p in _SEMICOLON.split(sentence)]
        parts = [p for p in parts if len(p) >= 6]
        if len(parts) >= 3:
            out.update(parts)
    return out


def _all_generic(ctx: Context, body: str, pattern: str) -> bool:
    """Every sentence of the part is a stock phrase: it matches ``pattern`` and carries no figure."""
    sentences = [t.strip(" ，,：:、") for t in _SENTENCE_END.split(body)]
    sentences = [t for t in sentences if t]
    return bool(sentences) and all(
        ctx.search(pattern, t) is not None and not _FIGURE.search(_DATE.sub("", t)) for t in sentences)


def _shared(ctx: Context, role: str, secs: list) -> bool:
    """The part is one section with another part ("二、存在的问题和下一步打算")."""
    mine = {id(sec) for sec in secs}
    return any(id(sec) in mine for r in ctx.pack.roles if r != role for sec in ctx.role_sections(r))


def _own_part(ctx: Context, secs: list, start_pattern: str) -> str:
    """A shared section's text that belongs to this part: from its first sub-heading, or else
    from the first match of ``start_pattern`` ("下一步…") in its body."""
    doc = ctx.doc
    out = []
    for sec in secs:
        s, e = ctx.section_span(sec, body_only=True)
        if sec.children:
            s = max(s, doc.line_starts[sec.children[0].start])
        else:
            m = ctx.search(start_pattern, doc.text[s:e])
            if m is None:
                continue
            s += m.start()
        out.append(doc.text[s:e])
    return "".join(out).replace("\n", "")


def _own_head(ctx: Context, secs: list, end_pattern: str) -> str:
    """A shared section's text that belongs to the part before the other: up to its first
    sub-heading when text comes first (the plan's "（一）…" after the problems), or up to where
    the numbering restarts when both parts are lists (一是…二是… then 一是…), and within that up
    to the sentence that first matches ``end_pattern``."""
    doc = ctx.doc
    out = []
    for sec in secs:
        s, e = ctx.section_span(sec, body_only=True)
        kids = sec.children
        if kids and doc.text[s:doc.line_starts[kids[0].start]].strip():
            e = min(e, doc.line_starts[kids[0].start])     # text, then the plan's sub-headings
        else:                                                # items of both parts: the list restarts
            for prev, kid in zip(kids, kids[1:]):
                if kid.number is not None and prev.number is not None and kid.number <= prev.number:
                    e = min(e, doc.line_starts[kid.start])
                    break
        text = doc.text[s:e]
        m = ctx.search(end_pattern, text)
        if m is not None:   # from the start of the sentence that turns to the plan ("为补齐短板，下一步，将…")
            cut = max(text.rfind(c, 0, m.start()) for c in "。！？；\n")
            text = text[:cut + 1] if cut >= 0 else text[:m.start()]
        out.append(text)
    return "".join(out).replace("\n", "")


# a table's rule under its header row ("|---|---|", "| :--- | ---: |")
_TABLE_RULE = re.compile(r"\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-{0,}:?\s*\|?")


def _is_row(line: str) -> bool:
    return line.count("|") >= 2


def _cells(row: str) -> list[str]:
    """The non-empty cells of a table row ("| 1 | 新建调解室4个 | 司法所 |")."""
    return [c for c in (c.strip() for c in row.strip().strip("|").split("|")) if c]


def _untable(lines: list[str]) -> list[str]:
    """A table written in the text ("| 序号 | 工作任务 | 责任单位 | 完成时限 |" over a "|---|" rule)
    is read row by row: each data row is one statement (its cells joined, a row number dropped,
    closed by 。); the header row and the rule are no content, so a table with no data row is only
    a heading. The header is the row above the rule, or (the rule may have been dropped as page
    chrome) a table's first row of short cells with no figure ("| 序号 | 工作任务 | 完成时限 |")."""
    rules = {i for i, t in enumerate(lines) if _TABLE_RULE.fullmatch(t.strip())}
    headers = {i - 1 for i in rules if i >= 1 and _is_row(lines[i - 1])}
    for i, t in enumerate(lines):
        if _is_row(t) and not (i >= 1 and _is_row(lines[i - 1])) and i not in headers:
            cells = _cells(t)
            if cells and all(len(c) <= 8 and not re.search(r"\d", c) for c in cells):
                headers.add(i)
    out = []
    for i, t in enumerate(lines):
        if i in rules or i in headers:
            continue
        if _is_row(t):
            cells = _cells(t)
            if cells and re.fullmatch(r"\d{1,3}[.、．]?", cells[0]):
                cells = cells[1:]
            t = "，".join(c.rstrip("。；;，,") for c in cells) + "。" if cells else ""
        out.append(t)
    return out


def _body(ctx: Context, secs: list) -> str:
    """The text under the headings, without the 落款 lines (a last part's body is not its signature);
    a table in it is read row by row (``_untable``)."""
    meta = ctx.doc.metadata
    sig = [f for f in (meta.signature_body, meta.signature_date) if f is not None and f.line]
    # the 落款 runs from its first field's line to its last (a body of two units is two lines:
    # "中共××街道工作委员会" / "××街道办事处", quoted together by the field)
    sig_lines = [f.line for f in sig if f.line is not None]
    first = min(sig_lines, default=0)
    last = max(sig_lines, default=0)
    out: list[str] = []
    for sec in secs:
        s, e = ctx.section_span(sec, body_only=True)
        if not sig:
            out.extend(ctx.doc.text[s:e].split("\n"))
            continue
        for i in range(ctx.doc.index_at(s), sec.end):
            line = ctx.doc.lines[i]
            if line.no > last:      # after the 落款: the page's chrome ("打印本页 关闭窗口"), no part's text
                break
            # a 落款 line: within the 落款's lines and quoted by one of its fields (an HTML page can
            # be one source line, so the line number alone does not say it)
            text = line.text.strip()
            if text and first <= line.no <= last and any(text in f.quote for f in sig):
                continue
            ls = ctx.doc.line_starts[i]
            le = ls + len(line.norm)
            if le > s and ls < e:
                out.append(ctx.doc.text[max(s, ls):min(e, le)])
    if any("|" in t for t in out):
        out = _untable(out)
    return "".join(out)


def _top_parts(ctx: Context, role: str) -> list:
    """A report of thematic parts only ("一、坚持高位推动，压紧压实法治建设责任"), with none of the
    parts the role's ``fallback_before`` anchors on (no problems, no plan: the report has none or
    its page was cut before them): its top-level numbered parts that play no other role are this
    part, judged by what they hold."""
    anchors = ctx.pack.roles[role].get("fallback_before") or []
    if any(ctx.role_sections(r) for r in anchors):
        return []
    taken = {id(s) for r in ctx.pack.roles if r != role for s in ctx.role_sections(r)}
    return [s for s in ctx.doc.root.children
            if s.style not in ("ordinal",) and not s.opening and s.number is not None and id(s) not in taken]


def compile(settings: dict, setup: Setup) -> dict:
    setup.role(settings.get("role"), "role")
    setup.pattern(settings.get("heading"), "heading")
    setup.pattern(settings.get("shared_from"), "shared_from")
    setup.pattern(settings.get("shared_until"), "shared_until")
    setup.pattern(settings.get("generic"), "generic")
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
    if not secs and conf.get("or_top_parts") and conf.get("role"):
        secs = _top_parts(ctx, conf["role"])
    if ctx.trace is not None:
        ctx.note(f"查找{what}：找到 {len(secs)} 个")
    if not secs:
        return Outcome(conf.get("if_missing", "fail"), f"未找到{what}")
    evidence = [ctx.heading_evidence(s) for s in secs]
    short = conf.get("if_short", "partial")
    body = _body(ctx, secs)
    own_head = False
    if conf.get("shared_from") and conf.get("role") and _shared(ctx, conf["role"], secs):
        body = _own_part(ctx, secs, conf["shared_from"])
    elif conf.get("shared_until") and conf.get("role") and _shared(ctx, conf["role"], secs):
        body = _own_head(ctx, secs, conf["shared_until"])
        own_head = True
    chars = len(body)
    items = sum(len(sec.children) + len(sec.items) for sec in secs)
    if own_head:        # the sub-headings and items after the cut are the other part's
        items = sum(1 for t in _STATEMENT_EDGE.split(body) if _ENUMERATED.match(t.strip()))
    min_chars = conf.get("min_chars", 0)
    min_items = conf.get("min_items", 0)
    min_sentences = conf.get("min_sentences", 0)
    min_share = conf.get("min_share")
    if (min_chars or min_sentences) and not body.strip():
        if ctx.trace is not None:
            ctx.note("标题之下没有正文")
        return Outcome("fail", f"{what}只有标题，下面没有内容", evidence)
    if conf.get("generic") and items < 2 and _all_generic(ctx, body, conf["generic"]):
        if ctx.trace is not None:
            ctx.note("正文每一句都是套话，没有数字，也没有分条")
        return Outcome(short, f"{what}过于简略：只有笼统的表态（{chars} 字），没有写出具体内容", evidence)
    min_concrete = conf.get("min_concrete")
    concrete = _concrete(body) if min_concrete else 0
    if min_concrete and ctx.trace is not None:
        ctx.note(f"正文 {chars} 字，具体内容 {concrete} 条")
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
    if min_concrete and concrete >= min_concrete:
        return Outcome("pass", f"已有{what}：{secs[0].heading}（具体内容 {concrete} 条）", evidence)
    if chars < min_chars:
        if ctx.trace is not None:
            ctx.note(f"正文 {chars} 字，少于要求的 {min_chars} 字")
        return Outcome(short, f"{what}过于简略（{chars} 字，应不少于 {min_chars} 字）", evidence,
                       values=values)
    stripped = body.rstrip()
    sentences = len(_SENTENCE_END.findall(stripped)) + (0 if _SENTENCE_END.search(stripped[-1:]) else 1)
    if sentences < min_sentences and items < 2:
        if ctx.trace is not None:
            ctx.note(f"正文只有 {sentences} 句，少于要求的 {min_sentences} 句")
        return Outcome(short, f"{what}只有一句笼统的话（{chars} 字），没有写出具体内容", evidence,
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
