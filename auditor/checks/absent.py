"""``absent``: text that must not appear; every occurrence is evidence.

```yaml
check:
  absent:
    terms: ["XX", "××", "【待补充】"]
    context: "依据|按照|根据|对标|贯彻"     # only when the sentence also says this (optional)
    unless: "以来|期间"                     # not when the sentence says this (optional)
```
"""

from __future__ import annotations

from .base import (SCOPE_SCHEMA, TERMS_SCHEMA, Context, Outcome, Setup, missing_scope, terms_display,
                   terms_trace)

SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["terms"],
    "properties": {
        "in": SCOPE_SCHEMA,
        "terms": TERMS_SCHEMA,
        "context": {"type": "string", "description": "仅当同一句中还出现该正则时才算违规（如“依据|按照”）"},
        "unless": {"type": "string", "description": "同一句中出现该正则时不算违规（如历史叙述“以来”）"},
        "max_evidence": {"type": "integer", "minimum": 1},
    },
}


class Plan:
    __slots__ = ("terms", "shown", "scope", "context", "unless", "limit")

    def __init__(self, conf: dict, setup: Setup) -> None:
        self.terms = setup.terms(conf["terms"], "terms")
        self.shown = terms_display(self.terms)
        # a part that is missing has nothing that must not appear in it
        self.scope = setup.scope(conf.get("in"), "in", if_missing="not_evaluated")
        self.context = setup.pattern(conf.get("context"), "context")
        self.unless = setup.pattern(conf.get("unless"), "unless")
        self.limit = conf.get("max_evidence", 5)


compile = Plan


def run(plan: Plan, ctx: Context) -> Outcome:
    terms = plan.terms
    scope = ctx.scope(plan.scope)
    if scope.missing:
        assert plan.scope is not None      # only a declared scope can be missing
        return missing_scope(ctx, scope, "检查", plan.scope.if_missing)
    if ctx.trace is not None:
        ctx.note(f"范围：{scope.description}；不应出现：{terms_trace(terms)}")
    text = ctx.doc.text
    found, near = [], []
    for t in terms:
        for s, e in ctx.hits(t):
            if not scope.contains(s):
                continue
            ss, se = ctx.sentence_bounds(s, e)
            sentence = text[ss:se]
            if plan.context and not ctx.search(plan.context, sentence):
                near.append((s, e, "句中不是作为依据引用"))
                continue
            if plan.unless and ctx.search(plan.unless, sentence):
                near.append((s, e, "属于历史叙述，不计"))
                continue
            found.append((s, e))
    found.sort()
    evidence = [ctx.evidence(s, e) for s, e in found[:plan.limit]]
    near_ev = [ctx.evidence(s, e, kind="near_miss", note=n) for s, e, n in near[:3]]
    if found:
        shown = "、".join(dict.fromkeys(text[s:e] for s, e in found[:5]))
        return Outcome("fail", f"出现 {len(found)} 处不应出现的内容：{shown}", evidence, near_ev)
    return Outcome("pass", f"未发现{plan.shown}", [], near_ev)
