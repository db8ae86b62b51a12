"""``years``: the years in the report agree with the covered year.

```yaml
check:
  years: {plan_role: next_year, measures_role: measures, ignore_context: "以来|同比|连续|截至"}
```
Checks, for covered year Y: the opening sentence's year equals the title's; headings of the
measures part name Y (not last year); headings of the plan name Y+1; "现将…年…报告如下"
names Y; the plan does not announce work for Y or earlier ("一是2024年全面落实…" in a 2024
report's plan is a leftover from last year's copy); the account of the year's work does not
report results under last year ("2023年，我区发布各类信息…" in a 2024 report).
"""

from __future__ import annotations

from ..pattern_cache import compiled
from .base import Context, Outcome, Setup, subtract_spans

_YEAR = compiled(r"(?<!\d)(20\d{2})(?!\d)\s*年")
_OPENING = compiled(r"^\s*(20\d{2})\s*年")
_SELF_REF = compiled(r"现将\s*(20\d{2})\s*年")
# a year that opens a clause: after 。，；： a line start, or an item marker (一是 / （一） / 1.)
_CLAUSE_YEAR = compiled(
    r"(?:^|[。，；：\n]|[一二三四五六七八九十]+是|（[一二三四五六七八九十\d]+）|\d+[.、])\s*(20\d{2})\s*年(?!度?(?:以来|同期|底|末|初))")
# "2023年，我区发布…" in the account of this year's work. "Not after a digit" is checked after
# the year, (?<!\d20\d{2}), not before it: a pattern that opens with a lookbehind is tried at
# every position of the text, one that opens with "20" is found by a fast literal scan.
_RESULT_YEAR = compiled(r"(20\d{2})(?<!\d20\d{2})\s*年度?\s*，\s*(?:我|全)(?:区|县|市|局|镇|乡|街道|委|办|厅)")


SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "plan_role": {"type": "string"},
        "measures_role": {"type": "string"},
        "ignore_context": {"type": "string",
                           "description": "年份前后出现该正则时不算陈旧年份（如“以来|同比|连续”）"},
    },
}


def compile(settings: dict, setup: Setup) -> dict:
    setup.role(settings.get("plan_role"), "plan_role")
    setup.role(settings.get("measures_role"), "measures_role")
    setup.pattern(settings.get("ignore_context"), "ignore_context")
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
    title_years = [int(m.group(1)) for m in _YEAR.finditer(ctx.norm(title.value))] if title else []
    # the opening sentence: the first line of the root's own text that starts with a year
    first_heading = doc.root.children[0].start if doc.root.children else len(doc.lines)
    for i in range(min(first_heading, len(doc.lines))):
        m = _OPENING.match(doc.lines[i].norm)
        if m and (title is None or doc.lines[i].no != title.line):
            yr = int(m.group(1))
            if title_years and yr not in title_years:
                s = doc.line_starts[i] + m.start(1)
                problems.append((s, s + 4, f"开篇写的是 {yr} 年，标题是 {title_years[0]} 年"))
            break
    for m in _SELF_REF.finditer(doc.text):
        yr = int(m.group(1))
        if yr != y:
            problems.append((m.start(1), m.end(1), f"“现将{yr}年…”与报告年度 {y} 不符"))

    def check_headings(role: str | None, want: int, label: str) -> None:
        if not role:
            return
        for sec in ctx.role_sections(role):
            for sub in sec.walk():
                if not sub.level:
                    continue
                line = doc.lines[sub.start]
                for m in _YEAR.finditer(line.norm[:max(sub.title_span[1], 1)] or line.norm):
                    yr = int(m.group(1))
                    s = doc.line_starts[sub.start] + m.start(1)
                    if yr != want and not ignored(s, s + 4):
                        problems.append((s, s + 4, f"{label}的标题写的是 {yr} 年，应为 {want} 年"))

    check_headings(conf.get("measures_role"), y, "工作成效部分")
    plan_role = conf.get("plan_role")
    check_headings(plan_role, y + 1, "下一年度安排")
    if plan_role:
        merged = {id(s) for r in ctx.pack.roles if r != plan_role for s in ctx.role_sections(r)}
        for sec in ctx.role_sections(plan_role):
            s0, e0 = ctx.section_span(sec, body_only=True)
            if id(sec) in merged:
                # one section for problems and plan ("存在的问题和下一步打算"): its opening
                # paragraph looks back on this year; only its sub-items are the plan
                if not sec.children:
                    continue
                s0 = ctx.doc.line_starts[sec.children[0].start]
            for m in _CLAUSE_YEAR.finditer(doc.text, s0, e0):
                yr = int(m.group(1))
                if yr <= y and not ignored(m.start(1), m.end(1)):
                    problems.append((m.start(1), m.end(1),
                                     f"下一年度安排中写的是 {yr} 年，应为 {y + 1} 年"))
    measures_role = conf.get("measures_role")
    if measures_role:
        secs = ctx.role_sections(measures_role)
        if secs:
            spans = [ctx.section_span(sec, body_only=True) for sec in secs]
        else:  # no headed measures part: the whole report outside the plan
            plan = [ctx.section_span(sec) for sec in ctx.role_sections(plan_role)] if plan_role else []
            spans = subtract_spans([(0, len(doc.text))], plan)
        for s0, e0 in spans:
            for m in _RESULT_YEAR.finditer(doc.text, s0, e0):
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
