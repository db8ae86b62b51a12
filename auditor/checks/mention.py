"""``mention``: terms or patterns occur in a scope.

```yaml
check:
  mention:
    in: {role: problems}                 # default: the whole report
    terms: ["原因", "根源", {re: "究其.{0,4}原因"}]
    min: 1                               # occurrences that count (distinct: true → distinct terms)
```
Mentions inside one of the set phrases listed under ``except`` do not count (see ``near``).
Negated mentions and mentions only inside 《…》 do not count (``negated: true`` /
``in_title: true`` make them count); with ``in_heading: false`` a mention in a heading's title
does not count either (a heading is not the content); they are reported as near misses, as are mentions found
outside the scope. With ``negation: sentence`` a mention negated further on in its sentence, past
cause and time clauses ("述法……，因……，截至年底仍未组织"), does not count either
(``Context.is_negated_on``).
"""

from __future__ import annotations

from .base import (EXCEPT_SCHEMA, NOT_COUNTED, SCOPE_SCHEMA, STOCK, TERMS_SCHEMA, Context, Outcome, Setup,
                   Term, inside_spans, lazy_stock_spans, missing_scope, terms_display, terms_trace)

SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["terms"],
    "properties": {
        "in": SCOPE_SCHEMA,
        "terms": TERMS_SCHEMA,
        "except": EXCEPT_SCHEMA,
        "min": {"type": "integer", "minimum": 1},
        "distinct": {"type": "boolean", "description": "min 按不同词语计数"},
        "negated": {"type": "boolean", "description": "否定语境中的提及是否计入（默认否）"},
        "negation": {"enum": ["clause", "sentence"],
                     "description": "否定的范围：clause（默认）只看词所在分句前后；sentence 还看词之后到句末、"
                                    "跨过原因和时间分句的否定（规则包 negation.chain）"},
        "in_title": {"type": "boolean", "description": "仅出现在书名号《》内的提及是否计入（默认否）"},
        "in_heading": {"type": "boolean",
                       "description": "小标题中的提及是否计入（默认是；写 false 时标题不算内容）"},
    },
}


class Plan:
    """A mention's settings read once per pack: its terms, settings and the wording of its
    messages (a rule runs on every report; its settings do not change)."""

    __slots__ = ("terms", "groups", "what", "scope", "negated_ok", "sentence", "title_ok", "heading_ok", "need",
                 "distinct", "except_terms")

    def __init__(self, conf: dict, setup: Setup) -> None:
        self.terms = setup.terms(conf["terms"], "terms")
        self.groups = _groups(self.terms)
        self.what = f"提及{terms_display(self.terms)}"
        self.scope = setup.scope(conf.get("in"), "in")
        self.negated_ok = conf.get("negated", False)
        self.sentence = conf.get("negation", "clause") == "sentence"
        self.title_ok = conf.get("in_title", False)
        self.heading_ok = conf.get("in_heading", True)
        self.need = conf.get("min", 1)
        self.distinct = conf.get("distinct", False)
        self.except_terms = setup.terms(conf["except"], "except") if conf.get("except") else ()


compile = Plan


def run(plan: Plan, ctx: Context) -> Outcome:
    terms, what = plan.terms, plan.what
    scope = ctx.scope(plan.scope)
    if scope.missing:
        assert plan.scope is not None      # only a declared scope can be missing
        return missing_scope(ctx, scope, what, plan.scope.if_missing)
    if ctx.trace is not None:
        ctx.note(f"范围：{scope.description}；查找：{terms_trace(terms)}")
    negated_ok, title_ok = plan.negated_ok, plan.title_ok
    need, distinct = plan.need, plan.distinct
    # Classify the strongest evidence first — rule authors list the most telling words first
    # ("数字政府" before "网办") — and, for one word, in document order; stop once the rule is
    # decided: a figure pattern can have a hundred hits in a report. Words after the deciding
    # one are looked up only to say whether more was found, so a later pattern is often never
    # run at all.
    groups = plan.groups
    counted: list[tuple[int, int, Term]] = []
    near: list[tuple[int, int, str]] = []
    seen: set = set()
    more = decided = False
    stock = lazy_stock_spans(ctx, plan.except_terms)
    for g, (term, times) in enumerate(groups):
        inside = _inside(ctx, scope, term, times)
        for j, (s, e) in enumerate(inside):
            why = ctx.classify(s, e, negated_ok=negated_ok, title_ok=title_ok,
                               heading_ok=plan.heading_ok, sentence=plan.sentence)
            if why == "ok" and inside_spans(stock(), s, e):
                why = "stock"
            if why == "ok":
                counted.append((s, e, term))
                seen.add(term)
            else:
                near.append((s, e, why))
                if ctx.trace is not None:
                    ctx.note(f"第 {ctx.doc.lines[ctx.doc.index_at(s)].no} 行“{term.display}”不计入："
                             f"{NOT_COUNTED.get(why, STOCK)}")
            n = len(seen) if distinct else len(counted)
            if n >= need and ctx.trace is None:
                more = j + 1 < len(inside) or any(
                    _inside(ctx, scope, t, 1) for t, _ in groups[g + 1:])
                decided = True
                break
        if decided:
            break
    n = len(seen) if distinct else len(counted)
    shown = f"至少 {n}" if more else f"{n}"
    if ctx.trace is not None:
        ctx.note(f"计入 {shown} 处（要求至少 {need}）")
    # one quote shows where a requirement is met; a shortfall shows what was found
    evidence = [ctx.evidence(s, e) for s, e, _ in counted[:1 if n >= need else 3]]
    near_ev = [ctx.evidence(s, e, kind="near_miss", note=NOT_COUNTED.get(why, STOCK))
               for s, e, why in near[:3]]
    if plan.scope and not counted:
        for s, e in _outside(ctx, scope, terms, 2):
            near_ev.append(ctx.evidence(s, e, kind="near_miss",
                                        note=f"出现在{scope.description}之外，不在要求的范围内"))
    looked = [ctx.heading_evidence(sec, kind="scope") for sec in scope.sections[:3]]
    if n >= need:
        return Outcome("pass", f"在{scope.description}找到 {shown} 处{what}", evidence, near_ev, looked)
    if n:
        return Outcome("fail", f"在{scope.description}只找到 {n} 处{what}（至少需要 {need} 处）",
                       evidence, near_ev, looked)
    extra = "（有提及但不计入，见“未计入”）" if near_ev else ""
    return Outcome("fail", f"在{scope.description}未找到{what}{extra}", [], near_ev, looked)


def _groups(terms: tuple[Term, ...]) -> tuple[tuple[Term, int], ...]:
    """The distinct terms in list order, with how often the list names each (a word named
    twice counts its hits twice, as it always has)."""
    times: dict = {}
    for t in terms:
        times[t] = times.get(t, 0) + 1
    return tuple(times.items())


def _inside(ctx: Context, scope, term, times: int) -> list[tuple[int, int]]:
    hits = scope.select(ctx.hits(term))
    return [h for h in hits for _ in range(times)] if times > 1 else hits


def _outside(ctx: Context, scope, terms: tuple, limit: int) -> list[tuple[int, int]]:
    """The first ``limit`` hits outside the scope, in term-list order (near misses)."""
    out = []
    for term in terms:
        for s, e in ctx.hits(term):
            if not scope.contains(s):
                out.append((s, e))
                if len(out) == limit:
                    return out
    return out
