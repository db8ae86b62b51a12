"""``near``: two sets of terms within one sentence, paragraph or section.

```yaml
check:
  near:
    a: ["第一责任人", "主要负责人", "主要领导"]
    b: ["听取", "专题研究", "部署", "带头"]
    within: sentence                     # sentence | paragraph | section | after
```
Only ``a`` matches that count (not negated, not only in 《…》) are paired; with ``negation: sentence``
a negation further on in the sentence, past cause and time clauses, negates an ``a`` or ``b`` too;
with ``in_heading: false`` an ``a`` in a heading's title does not count (a heading is not the content).

``within: after`` pairs an ``a`` with a ``b`` that follows it in the rest of its sentence: an
``a`` that announces something ("究其原因，", "之所以") and the ``b`` that says it, over the
following clauses. When the ``a`` only announces and its sentence ends right after it
("原因有三：", "问题出在哪里？", a line ending "原因主要有以下几点："), the ``b`` may be in the next
sentence or line.

``substance`` (with ``within: after``) turns the question around: instead of naming the words
that must follow an ``a``, it asks that what follows says something — at least that many Chinese
characters outside the ``except`` phrases and outside other ``a`` matches. A frame ("原因主要是",
"究其原因", "深入分析") followed by a sentence of explanation pairs whatever that explanation is
about; a frame followed only by stock phrases ("既有主观因素，也有客观因素") does not. ``b`` may then
be left out (with both, an ``a`` needs both). Under ``within: after`` an ``a`` is negated only by
a word before it: what follows it is what it announces ("原因主要是区级尚未建立……").

```yaml
check:
  near:
    a: ["究其原因", {re: "原因(主要)?(是|在于)"}]
    within: after
    substance: 12
    except: [{re: "(主观|客观)(因素|原因)"}]
```

``except`` lists set phrases that do not say what a word means on its own: an ``a`` or ``b``
match lying inside one of them does not count ("主观努力不够" is a gesture, not the 不够 of a
named factor; "对原因，我们将认真分析" is a promise, not a cause; element.causes). Such matches
are near misses.
"""

from __future__ import annotations

import bisect
import re

from .base import (EXCEPT_SCHEMA, NOT_COUNTED, SCOPE_SCHEMA, STOCK, TERMS_SCHEMA, Context, Outcome, Setup,
                   inside_spans, lazy_stock_spans, merge_spans, missing_scope, terms_display, terms_trace)

SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["a"],
    "anyOf": [{"required": ["b"]}, {"required": ["substance"]}],
    "properties": {
        "in": SCOPE_SCHEMA,
        "a": TERMS_SCHEMA,
        "b": TERMS_SCHEMA,
        "except": EXCEPT_SCHEMA,
        "within": {"enum": ["sentence", "paragraph", "section", "after"],
                   "description": "after：a 之后到句末（a 只是引语、句子随即结束时到下一句末）"},
        "substance": {"type": "integer", "minimum": 1,
                      "description": "within: after 时，a 之后至少要说出这么多汉字的内容（不计 except 套话和其他 a 引语）"},
        "min": {"type": "integer", "minimum": 1},
        "negated": {"type": "boolean", "description": "否定语境中的提及是否计入（默认否）"},
        "negation": {"enum": ["clause", "sentence"],
                     "description": "否定的范围：clause（默认）只看词所在分句前后；sentence 还看词之后到句末、"
                                    "跨过原因和时间分句的否定（规则包 negation.chain）"},
        "in_title": {"type": "boolean", "description": "仅出现在书名号《》内的提及是否计入（默认否）"},
        "in_heading": {"type": "boolean",
                       "description": "a 在小标题中的提及是否计入（默认是；写 false 时标题不算内容）"},
    },
}


_UNITS = {"sentence": "同一句", "paragraph": "同一段", "section": "同一章节", "after": "其后"}


class Plan:
    """A near's settings read once per pack (see mention.Plan)."""

    __slots__ = ("a_terms", "b_terms", "except_terms", "within", "unit", "what", "lacking", "scope",
                 "negated_ok", "sentence", "title_ok", "heading_ok", "need", "substance")

    def __init__(self, conf: dict, setup: Setup) -> None:
        self.a_terms = setup.terms(conf["a"], "a")
        self.b_terms = setup.terms(conf["b"], "b") if conf.get("b") else ()
        self.except_terms = setup.terms(conf["except"], "except") if conf.get("except") else ()
        self.within = conf.get("within", "sentence")
        self.substance = conf.get("substance", 0)
        if self.substance and self.within != "after":
            setup.problem("substance 只能与 within: after 一起使用", "substance")
        self.unit = _UNITS[self.within]
        b_shown = terms_display(self.b_terms) if self.b_terms else ""
        said = f"至少 {self.substance} 个汉字的内容" if self.substance else ""
        if self.within == "after":
            self.what = f"{terms_display(self.a_terms)}及其后所说的{b_shown or said}"
            self.lacking = "其后没有" + "、".join(x for x in (b_shown, said) if x)
        else:
            self.what = f"{terms_display(self.a_terms)}与{b_shown}在{self.unit}中出现"
            self.lacking = f"{self.unit}中没有{b_shown}"
        self.scope = setup.scope(conf.get("in"), "in")
        self.negated_ok = conf.get("negated", False)
        self.sentence = conf.get("negation", "clause") == "sentence"
        self.title_ok = conf.get("in_title", False)
        self.heading_ok = conf.get("in_heading", True)
        self.need = conf.get("min", 1)


compile = Plan


def run(plan: Plan, ctx: Context) -> Outcome:
    a_terms, b_terms, within, unit, what = plan.a_terms, plan.b_terms, plan.within, plan.unit, plan.what
    scope = ctx.scope(plan.scope)
    if scope.missing:
        assert plan.scope is not None      # only a declared scope can be missing
        return missing_scope(ctx, scope, f"检查{what}", plan.scope.if_missing)
    if ctx.trace is not None:
        ctx.note(f"范围：{scope.description}；A：{terms_trace(a_terms)}；B：{terms_trace(b_terms)}；单位：{unit}")
    negated_ok, title_ok, need = plan.negated_ok, plan.title_ok, plan.need
    # strongest a-term first, then document order (see mention); the b hits are gathered
    # only once an a hit needs a partner, and later a-terms are looked up only to say
    # whether more was found
    b_hits: list[tuple[int, int]] | None = None
    b_starts: list[int] = []
    pairs, near = [], []
    more = decided = False
    # set phrases (``except``): the matches inside them are not the words they contain
    stock = lazy_stock_spans(ctx, plan.except_terms)
    ahead = within != "after"          # an announcing a is not negated by what it announces
    # what does not count as saying something after an a: set phrases and the other frames
    unsaid: list[tuple[int, int]] | None = None
    for k, term in enumerate(a_terms):
        a_hits = scope.select(ctx.hits(term))
        for j, (s, e) in enumerate(a_hits):
            why = ctx.classify(s, e, negated_ok=negated_ok, title_ok=title_ok, ahead=ahead,
                               heading_ok=plan.heading_ok, sentence=plan.sentence)
            if why != "ok":
                near.append((s, e, NOT_COUNTED[why]))
                continue
            if inside_spans(stock(), s, e):
                near.append((s, e, STOCK))
                continue
            span = _unit(ctx, within, s, e)
            if plan.substance:
                if unsaid is None:
                    unsaid = merge_spans(stock() + [h for t in a_terms for h in scope.select(ctx.hits(t))])
                if _said(ctx.doc.text, e, span[1], unsaid) < plan.substance:
                    near.append((s, e, plan.lacking))
                    continue
            found: tuple[int, int] | None = (s, e)
            if b_terms:
                if b_hits is None:
                    b_hits = sorted(h for t in b_terms for h in scope.select(ctx.hits(t)))
                    if stock():
                        near.extend((bs, be, STOCK) for bs, be in b_hits if inside_spans(stock(), bs, be))
                        b_hits = [h for h in b_hits if not inside_spans(stock(), *h)]
                    b_starts = [h[0] for h in b_hits]
                found = _partner(ctx, b_hits, b_starts, s, e, span, negated_ok, plan.sentence)
            if found:
                pairs.append((s, e))
                if len(pairs) >= need and ctx.trace is None:
                    more = j + 1 < len(a_hits) or any(
                        scope.select(ctx.hits(t)) for t in a_terms[k + 1:])
                    decided = True
                    break
            else:
                near.append((s, e, plan.lacking))
        if decided:
            break
    pairs.sort()
    shown = f"至少 {len(pairs)}" if more else f"{len(pairs)}"
    if ctx.trace is not None:
        ctx.note(f"成对出现 {shown} 处（要求至少 {need}）")
    evidence = [ctx.evidence(s, e) for s, e in pairs[:1 if len(pairs) >= need else 3]]
    near_ev = [ctx.evidence(s, e, kind="near_miss", note=n) for s, e, n in near[:3]]
    looked = [ctx.heading_evidence(sec, kind="scope") for sec in scope.sections[:3]]
    if len(pairs) >= need:
        return Outcome("pass", f"在{scope.description}找到 {shown} 处{what}", evidence, near_ev, looked)
    return Outcome("fail", f"在{scope.description}未找到{what}", evidence, near_ev, looked)


def _unit(ctx: Context, within: str, s: int, e: int) -> tuple[int, int]:
    """The sentence, paragraph or section around the match at ``s``–``e``."""
    if within == "sentence":
        return ctx.sentence_bounds(s, e)
    if within == "paragraph":
        return ctx.paragraph_bounds(s)
    if within == "after":
        return _after(ctx, s, e)
    return ctx.section_span(ctx.doc.section_at(ctx.doc.index_at(s)))


def _after(ctx: Context, s: int, e: int) -> tuple[int, int]:
    """From the match to the end of its sentence; when the match only announces what follows
    (its sentence ends right after it, or with a colon or a question: "原因有三：", "问题出在
    哪里？", a line ending "……如下：") the next sentence too, which is where that is said."""
    text = ctx.doc.text
    end = ctx.sentence_bounds(s, e)[1]
    rest = text[e:end].rstrip()
    if len(rest) <= 3 or rest[-1] in "：:？?":
        nxt = end
        while nxt < len(text) and text[nxt] in "\n。！？；":
            nxt += 1
        if nxt < len(text):
            end = ctx.sentence_bounds(nxt, nxt + 1)[1]
    return s, max(end, e)


_HAN = re.compile("[\u4e00-\u9fff]")


def _said(text: str, start: int, end: int, unsaid: list[tuple[int, int]]) -> int:
    """How many Chinese characters ``text[start:end]`` holds outside the ``unsaid`` spans."""
    n = len(_HAN.findall(text, start, end))
    i = max(0, bisect.bisect_right(unsaid, (start, float("inf"))) - 1)
    while i < len(unsaid) and unsaid[i][0] < end:
        cs, ce = max(unsaid[i][0], start), min(unsaid[i][1], end)
        if cs < ce:
            n -= len(_HAN.findall(text, cs, ce))
        i += 1
    return n


def _partner(ctx: Context, b_hits: list[tuple[int, int]], b_starts: list[int], s: int, e: int,
             unit: tuple[int, int], negated_ok: bool, sentence: bool = False) -> tuple[int, int] | None:
    """The first b hit inside ``unit`` that counts and is not the a hit itself."""
    us, ue = unit
    i = bisect.bisect_left(b_starts, us)
    while i < len(b_hits) and b_hits[i][0] < ue:
        bs, be = b_hits[i]
        if not (bs < e and s < be) and ctx.classify(bs, be, negated_ok=negated_ok, title_ok=True,
                                                     sentence=sentence) == "ok":
            return bs, be
        i += 1
    return None

