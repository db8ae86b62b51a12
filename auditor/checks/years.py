"""``years``: the years in the report agree with the covered year.

```yaml
check:
  years:
    measures_role: measures              # the account of the year's work
    plan_role: next_year                 # the plan for the next year
    year: "(?<!\\d)(20\\d{2})(?!\\d)\\s*年"        # a year in a title or heading (group 1: the year)
    opening: "\\s{0,3}(20\\d{2})\\s{0,3}年"         # the opening sentence's year (at a line's start)
    self_ref: "现将\\s*(20\\d{2})\\s*年"             # "现将…年…报告如下"
    plan_clause: "…(20\\d{2})\\s*年…"                  # a year that opens a clause of the plan
    result_clause: "(20\\d{2})…，\\s*我区…"           # results reported under a year
    ignore_context: "以来|同比|连续|截至"  # a year with this close by is not checked
```
Checks, for covered year Y, each only when its pattern is given (group 1 of every pattern is
the year): the opening sentence's year (``opening``, on the lines before the first heading,
the title aside, matched at the line's start) is one of the title's years (``year``); ``self_ref`` names Y; the years in
the headings of the measures part name Y and those of the plan Y+1 (``year``); no
``plan_clause`` of the plan names Y or earlier ("一是2024年全面落实…" in a 2024 report's plan
is a leftover from last year's copy; in a section that is both problems and plan, only its
sub-items are the plan); no ``result_clause`` of the measures part (or, without one, of the
report outside the plan) names a year before Y ("2023年，我区发布各类信息…" in a 2024 report).
"""

from __future__ import annotations

from .base import Context, Outcome, Setup, subtract_spans

PATTERNS = ("year", "opening", "self_ref", "plan_clause", "result_clause", "ignore_context")

SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "plan_role": {"type": "string"},
        "measures_role": {"type": "string"},
        "year": {"type": "string", "description": "标题中的年份（正则，第 1 组为年份）"},
        "opening": {"type": "string", "description": "开篇句的年份（正则，从行首匹配，第 1 组为年份）"},
        "self_ref": {"type": "string", "description": "“现将…年…”的年份（正则，第 1 组为年份）"},
        "plan_clause": {"type": "string", "description": "下一年度安排中分句开头的年份（正则，第 1 组为年份）"},
        "result_clause": {"type": "string", "description": "本年度工作部分以年份开头的成绩表述（正则，第 1 组为年份）"},
        "ignore_context": {"type": "string",
                           "description": "年份前后出现该正则时不算陈旧年份（如“以来|同比|连续”）"},
    },
}


def compile(settings: dict, setup: Setup) -> dict:
    setup.role(settings.get("plan_role"), "plan_role")
    setup.role(settings.get("measures_role"), "measures_role")
    for key in PATTERNS:
        setup.pattern(settings.get(key), key)
    return settings


def run(conf: dict, ctx: Context) -> Outcome:
    y = ctx.year
    if y is None:
        return Outcome("not_evaluated", "未识别出报告所属年度，无法检查年份一致性")
    doc = ctx.doc
    ignore = conf.get("ignore_context")
    problems = []   # (start, end, message)
    if ctx.trace is not None:
        ctx.note(f"报告年度：{y}")

    def ignored(s: int, e: int) -> bool:
        if not ignore:
            return False
        window = doc.text[max(0, s - 4):min(len(doc.text), e + 6)]
        return bool(ctx.search(ignore, window))

    title = doc.metadata.title
    year_re, opening = conf.get("year"), conf.get("opening") or ""
    title_years = [int(m.group(1)) for m in ctx.finditer(year_re, ctx.norm(title.value))] \
        if title and year_re else []
    # the opening sentence: the first line of the root's own text that starts with a year
    first_heading = doc.root.children[0].start if doc.root.children else len(doc.lines)
    for i in range(min(first_heading, len(doc.lines)) if opening else 0):
        m = ctx.search(opening, doc.lines[i].norm, "match")
        if m and (title is None or doc.lines[i].no != title.line):
            yr = int(m.group(1))
            if title_years and yr not in title_years:
                s = doc.line_starts[i] + m.start(1)
                problems.append((s, s + 4, f"开篇写的是 {yr} 年，标题是 {title_years[0]} 年"))
            break
    for m in ctx.finditer(conf["self_ref"], doc.text) if conf.get("self_ref") else ():
        yr = int(m.group(1))
        if yr != y:
            problems.append((m.start(1), m.end(1), f"“{m.group(0)}…”与报告年度 {y} 不符"))

    def check_headings(role: str | None, want: int, label: str) -> None:
        if not role or not year_re:
            return
        for sec in ctx.role_sections(role):
            for sub in sec.walk():
                if not sub.level:
                    continue
                line = doc.lines[sub.start]
                for m in ctx.finditer(year_re, line.norm[:max(sub.title_span[1], 1)] or line.norm):
                    yr = int(m.group(1))
                    s = doc.line_starts[sub.start] + m.start(1)
                    if yr != want and not ignored(s, s + 4):
                        problems.append((s, s + 4, f"{label}的标题写的是 {yr} 年，应为 {want} 年"))

    check_headings(conf.get("measures_role"), y, "工作成效部分")
    plan_role = conf.get("plan_role")
    check_headings(plan_role, y + 1, "下一年度安排")
    if plan_role and conf.get("plan_clause"):
        merged = {id(s) for r in ctx.pack.roles if r != plan_role for s in ctx.role_sections(r)}
        for sec in ctx.role_sections(plan_role):
            s0, e0 = ctx.section_span(sec, body_only=True)
            if id(sec) in merged:
                # one section for problems and plan ("存在的问题和下一步打算"): its opening
                # paragraph looks back on this year; only its sub-items are the plan
                if not sec.children:
                    continue
                s0 = ctx.doc.line_starts[sec.children[0].start]
            for m in ctx.finditer(conf["plan_clause"], doc.text, s0, e0):
                yr = int(m.group(1))
                if yr <= y and not ignored(m.start(1), m.end(1)):
                    problems.append((m.start(1), m.end(1),
                                     f"下一年度安排中写的是 {yr} 年，应为 {y + 1} 年"))
    measures_role = conf.get("measures_role")
    if measures_role and conf.get("result_clause"):
        secs = ctx.role_sections(measures_role)
        if secs:
            spans = [ctx.section_span(sec, body_only=True) for sec in secs]
        else:  # no headed measures part: the whole report outside the plan
            plan = [ctx.section_span(sec) for sec in ctx.role_sections(plan_role)] if plan_role else []
            spans = subtract_spans([(0, len(doc.text))], plan)
        for s0, e0 in spans:
            for m in ctx.finditer(conf["result_clause"], doc.text, s0, e0):
                yr = int(m.group(1))
                if yr < y and not ignored(m.start(1), m.end(1)):
                    problems.append((m.start(1), m.end(1),
                                     f"本年度工作部分写的是“{m.group(0)}”，年份应为 {y}"))
    if ctx.trace is not None:
        ctx.note(f"发现 {len(problems)} 处年份问题")
    if problems:
        problems.sort()
        evidence = [ctx.evidence(s, e, note=msg) for s, e, msg in problems[:5]]
        return Outcome("fail", "；".join(dict.fromkeys(msg for _, _, msg in problems[:3])), evidence)
    return Outcome("pass", f"标题、正文和下一年度安排的年份与报告年度 {y} 一致")
