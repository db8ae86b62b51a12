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

from .base import Context, Outcome, missing_scope, terms_trace


def evaluate(conf: dict, ctx: Context) -> Outcome:
    terms = ctx.terms(conf["terms"])
    scope = ctx.scope(conf.get("in"))
    if scope.missing:
        return missing_scope(ctx, scope, "检查", conf.get("in", {}).get("if_missing", "not_evaluated"))
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
            if conf.get("context") and not ctx.search(conf["context"], sentence):
                near.append((s, e, "句中不是作为依据引用"))
                continue
            if conf.get("unless") and ctx.search(conf["unless"], sentence):
                near.append((s, e, "属于历史叙述，不计"))
                continue
            found.append((s, e))
    found.sort()
    limit = conf.get("max_evidence", 5)
    evidence = [ctx.evidence(s, e) for s, e in found[:limit]]
    near_ev = [ctx.evidence(s, e, kind="near_miss", note=n) for s, e, n in near[:3]]
    if found:
        shown = "、".join(dict.fromkeys(text[s:e] for s, e in found[:5]))
        return Outcome("fail", f"出现 {len(found)} 处不应出现的内容：{shown}", evidence, near_ev)
    return Outcome("pass", f"未发现{ctx.display(terms)}", [], near_ev)
