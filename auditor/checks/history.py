"""``history``: this report against the same body's report of the year before.

```yaml
check:
  history:
    compare: plan-followed        # plan-followed | problems-addressed | problems-repeated | text-reused
    min_score: 0.3                # counterpart: weighted share of an item's rare words found
    partial_share: 0.0            # share of items without a counterpart above which: partial
    fail_share: 0.5               # … and above which: fail
```

``plan-followed``: each item of last year's 下一年度安排 is looked for, by content, in this year's
text (its next-year part left out); items with no counterpart are named with last year's wording
and this year's closest paragraph. ``problems-addressed``: last year's problems looked for in this
year's measures and problems. ``problems-repeated``: this year's problem items whose text is (nearly)
last year's (``min_similarity``: share of the item's characters in shared runs). ``text-reused``:
the share of this year's text found verbatim in last year's, numbers aside (runs of at least
``min_run`` characters count), with the longest passages as evidence.

Without a previous report the rule is ``not_applicable`` and says why. The measures live in
``auditor/history.py``; the thresholds in the rules.
"""

from __future__ import annotations

from typing import Any

from .. import history
from ..model import Evidence
from .base import Context, Outcome, Setup

NO_PREVIOUS = "未提供上一年度报告（用 --previous 指定，或在同一批次中放入同一主体上一年度的报告），不作比较"

_SHARE = {"type": "number", "minimum": 0, "maximum": 1}
SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["compare"],
    "description": "与同一主体上一年度报告比较（需要 --previous 或批次中的上一年度报告）",
    "properties": {
        "compare": {"enum": ["plan-followed", "problems-addressed", "problems-repeated", "text-reused"]},
        "min_score": _SHARE,
        "min_similarity": _SHARE,
        "partial_share": _SHARE,
        "fail_share": _SHARE,
        "whole_fail": _SHARE,
        "min_run": {"type": "integer", "minimum": 8},
    },
}
# the pack's roles each comparison reads
ROLES = {"plan-followed": ("next_year",), "problems-addressed": ("problems", "measures"),
         "problems-repeated": ("problems",), "text-reused": ()}


def compile(settings: dict[str, Any], setup: Setup) -> dict[str, Any]:
    for role in ROLES[settings["compare"]]:
        setup.role(role, "compare")
    return settings


def run(conf: dict[str, Any], ctx: Context) -> Outcome:
    prev = ctx.previous
    if prev is None:
        return Outcome("not_applicable", ctx.previous_problem or NO_PREVIOUS)
    compare = conf["compare"]
    if compare == "plan-followed":
        return _followed(conf, ctx, prev, source_role="next_year", what="安排",
                         target_roles=None, absent_from_prev="上一年度报告没有“下一年度工作安排”部分，无从比较")
    if compare == "problems-addressed":
        return _followed(conf, ctx, prev, source_role="problems", what="问题",
                         target_roles=("measures", "problems"),
                         absent_from_prev="上一年度报告没有“存在的问题”部分，无从比较")
    if compare == "problems-repeated":
        return _repeated(conf, ctx, prev)
    if compare == "text-reused":
        return _reused(conf, ctx, prev)
    raise ValueError(f"history: unknown comparison {compare!r}")


def _prev_evidence(passage: history.Passage, note: str,
                   counterpart: history.Passage | None = None) -> Evidence:
    return Evidence(section=passage.section, line=passage.line, quote=_trim(passage.text),
                    kind="previous", note=note,
                    counterpart=counterpart.line if counterpart is not None else None)


def _this_evidence(ctx: Context, passage: history.Passage, kind: str, note: str) -> Evidence:
    return Evidence(section=passage.section, line=passage.line, quote=_trim(passage.text),
                    kind=kind, note=note)


def _trim(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "……"


def _followed(conf: dict[str, Any], ctx: Context, prev: Context, *, source_role: str, what: str,
              target_roles: tuple[str, ...] | None, absent_from_prev: str) -> Outcome:
    secs = prev.role_sections(source_role)
    if not secs:
        return Outcome("not_applicable", absent_from_prev)
    items = history.items(prev.doc, secs)
    if not items:
        return Outcome("not_applicable", absent_from_prev)
    if target_roles is None:       # the whole text but this year's own plan
        plan = [(s.start, s.end) for s in ctx.role_sections("next_year")]
        targets = [p for p in history.paragraphs(ctx.doc)
                   if not any(a <= p.index < b for a, b in plan)]
    else:
        secs_now = [s for r in target_roles for s in ctx.role_sections(r)]
        targets = history.paragraphs(ctx.doc, secs_now)
    others = history.paragraphs(prev.doc)
    matcher = history.Matcher(targets, others)
    min_score = float(conf["min_score"])
    found: list[tuple[history.Passage, float, history.Passage | None]] = []
    missing: list[tuple[history.Passage, float, history.Passage | None]] = []
    for item in items:
        score, where = matcher.best(item)
        ctx.note(f"{item.label or '第' + str(item.line) + '行'}：最佳对应段落相似度 {score:.2f}"
                 + (f"（第 {where.line} 行）" if where else ""))
        (found if score >= min_score else missing).append((item, score, where))
    share = len(missing) / len(items)
    values = {"items": len(items), "without_counterpart": len(missing)}
    # evidence in pairs, last year's item first: the items without a counterpart (with this
    # year's closest paragraph as a near miss), then those with one (with that paragraph)
    evidence: list[Evidence] = []
    for item, score, where in missing:
        evidence.append(_prev_evidence(item, f"去年的{what}，本年度报告未见对应内容"))
        if where is not None:
            evidence.append(_this_evidence(ctx, where, "near_miss",
                                           f"本年度最接近的段落（相似度 {score:.2f}，低于 {min_score}）"))
    for item, score, where in found:
        evidence.append(_prev_evidence(item, f"去年的{what}", where))
        if where is not None:
            evidence.append(_this_evidence(ctx, where, "match", f"对应内容（相似度 {score:.2f}）"))
    if not missing:
        return Outcome("pass", f"上一年度报告的 {len(items)} 项{what}在本年度报告中都能找到对应内容",
                       evidence, values=values)
    names = "；".join(_trim(i.text, 30) for i, _, _ in missing[:5])
    message = (f"上一年度报告的 {len(items)} 项{what}中有 {len(missing)} 项在本年度报告中未见对应内容："
               f"{names}" + ("等" if len(missing) > 5 else ""))
    status = "fail" if share > float(conf.get("fail_share", 0.5)) else (
        "partial" if share > float(conf.get("partial_share", 0.0)) else "pass")
    return Outcome(status, message, evidence, values=values)


def _repeated(conf: dict[str, Any], ctx: Context, prev: Context) -> Outcome:
    now_secs = ctx.role_sections("problems")
    last_secs = prev.role_sections("problems")
    if not now_secs or not last_secs:
        which = "本年度" if not now_secs else "上一年度"
        return Outcome("not_applicable", f"{which}报告没有“存在的问题”部分，无从比较")
    now_items = history.items(ctx.doc, now_secs)
    if not now_items:
        return Outcome("not_applicable", "本年度“存在的问题”部分没有可比较的条目")
    last_norm = [prev.doc.lines[i].norm for s in last_secs for i in range(s.start, s.end)]
    index = history.ShingleIndex(last_norm)
    min_sim = float(conf.get("min_similarity", 0.6))
    repeated = []
    for item in now_items:
        sim = index.similarity(item.norm)
        ctx.note(f"{item.label or '第' + str(item.line) + '行'}：与去年问题部分的文字重合 {sim:.0%}")
        if sim >= min_sim:
            repeated.append((item, sim))
    # the part as a whole: a rewrite of its items' order or numbering is still a copy
    now_lines = [ctx.doc.lines[i].norm for s in now_secs for i in range(s.start + 1, s.end)] or \
        [ctx.doc.lines[s.start].norm for s in now_secs]
    whole = index.similarity("\n".join(now_lines))
    values = {"items": len(now_items), "repeated": len(repeated), "whole": round(whole, 3)}
    share = len(repeated) / len(now_items)
    evidence = [_this_evidence(ctx, item, "match", f"与上一年度报告问题部分的文字重合 {sim:.0%}")
                for item, sim in repeated][:8]
    if share > float(conf.get("fail_share", 0.5)) or whole >= float(conf.get("whole_fail", 0.7)):
        return Outcome("fail", f"本年度“存在的问题”与上一年度基本相同：{len(now_items)} 项中 {len(repeated)} 项"
                               f"照搬去年的表述（整体文字重合 {whole:.0%}）", evidence, values=values)
    if repeated:
        return Outcome("partial", f"本年度“存在的问题”中有 {len(repeated)} 项沿用去年的表述"
                                  f"（共 {len(now_items)} 项）", evidence, values=values)
    return Outcome("pass", f"本年度“存在的问题”与上一年度的表述不同（整体文字重合 {whole:.0%}）",
                   values=values)


def _reused(conf: dict[str, Any], ctx: Context, prev: Context) -> Outcome:
    min_run = int(conf.get("min_run", 20))
    this_lines = [x.norm for x in ctx.doc.lines]
    covered, total, passages = history.reuse(this_lines, [x.norm for x in prev.doc.lines],
                                             originals=[x.text for x in ctx.doc.lines])
    long_runs = [p for p in passages if p.chars >= min_run]
    reused = sum(p.chars for p in long_runs)
    share = reused / total if total else 0.0
    ctx.note(f"本年度 {total} 字中有 {reused} 字（连续 {min_run} 字以上）与上一年度报告相同，占 {share:.1%}")
    values = {"reused_share": round(share, 4), "reused_chars": reused}
    evidence = []
    for p in long_runs[:6]:
        this_line = ctx.doc.lines[p.this_index]
        prev_line = prev.doc.lines[p.last_index]
        evidence.append(Evidence(section=" > ".join(ctx.doc.section_at(p.this_index).path),
                                 line=this_line.no, quote=p.text, kind="match",
                                 note=f"与上一年度报告第 {prev_line.no} 行相同（{p.chars} 字，数字除外）"))
    if share >= float(conf.get("fail_share", 0.5)):
        return Outcome("fail", f"本年度报告 {share:.0%} 的文字照搬上一年度报告（仅改动年份和数字）",
                       evidence, values=values)
    if share >= float(conf.get("partial_share", 0.2)):
        return Outcome("partial", f"本年度报告有 {share:.0%} 的文字与上一年度报告相同（年份和数字除外）",
                       evidence, values=values)
    return Outcome("pass", f"本年度报告与上一年度报告相同的文字占 {share:.0%}", evidence[:3],
                   values=values)
