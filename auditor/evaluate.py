"""CompiledPack × Document → ReportResult: one finding per rule, each with its evidence.

A rule that breaks (a bad pattern, a regex over its time bound) becomes an ``error`` finding
for that rule; the rest of the report is still audited.
"""

from __future__ import annotations

import re
from typing import Any

from .checks.base import Context, Outcome, RuleFailure
from .checks.registry import Combined, Leaf
from .limits import DEFAULT_LIMITS, Limits
from .model import Document, Evidence, Finding, ReportResult
from .pack.compile import PROFILE_ZH, CompiledPack, Rule


MIN_HAN_CHARS = 80            # below this the text was not really extracted: nothing is judged
_HAN_RE = re.compile("[\u4e00-\u9fff]+")
_RANK_ALL = {"fail": 0, "not_evaluated": 1, "partial": 2, "pass": 3}
_RANK_ANY = {"pass": 0, "partial": 1, "not_evaluated": 2, "fail": 3}


def _count_han(text: str, enough: int = MIN_HAN_CHARS) -> int:
    """Chinese characters in ``text``, counted until ``enough`` are seen (the gate needs no
    more; a real report reaches it within its first lines)."""
    n = 0
    for m in _HAN_RE.finditer(text):
        n += m.end() - m.start()
        if n >= enough:
            break
    return n


def run_check(node: Leaf | Combined, ctx: Context) -> Outcome:
    """A compiled check tree (``CompiledPack.plan``) on one report."""
    if isinstance(node, Leaf):
        if ctx.trace is not None:
            ctx.note(f"▶ 检查 {node.kind}")
        return node.run(node.plan, ctx)
    op, parts = node.op, node.parts
    if op == "all":
        outs = [run_check(sub, ctx) for sub in parts]
        worst = min(outs, key=lambda o: _RANK_ALL[o.status])
        return _combine(worst.status, outs, worst.message if worst.status != "pass" else
                        "；".join(dict.fromkeys(o.message for o in outs if o.message)))
    if op == "any":
        outs = []
        for sub in parts:
            out = run_check(sub, ctx)
            if out.status == "pass" and ctx.trace is None:
                # the first alternative that passes is the answer (the best rank, earliest
                # in the list): the rest need not run; a trace still shows every one
                return Outcome("pass", out.message, out.evidence, out.near, out.looked, out.values)
            outs.append(out)
        best = min(outs, key=lambda o: _RANK_ANY[o.status])
        if best.status == "pass":
            return Outcome("pass", best.message, best.evidence, best.near, best.looked, best.values)
        # the message of the alternatives that came closest (a part "too short" says so, not also
        # why another way of passing did not hold)
        return _combine(best.status, outs, "；".join(dict.fromkeys(
            o.message for o in outs if o.message and o.status == best.status)))
    inner = run_check(parts[0], ctx)          # not
    flipped = {"pass": "fail", "fail": "pass"}.get(inner.status, inner.status)
    return Outcome(flipped, ("不应满足：" + inner.message) if flipped == "fail" else "",
                   inner.evidence if flipped == "fail" else [], inner.near, inner.looked)


def _combine(status: str, outs: list[Outcome], message: str) -> Outcome:
    out = Outcome(status, message)
    for o in outs:
        out.evidence.extend(o.evidence)
        out.near.extend(o.near)
        out.looked.extend(o.looked)
        out.values.update(o.values)
    return out


def infer_profile(doc: Document, override: str | None) -> tuple[str, str]:
    if override:
        return override, "由用户指定（--profile 或 auditor.yaml）"
    level = doc.metadata.profile
    if level is not None:
        conf = {"high": "高", "medium": "中", "low": "低"}.get(level.confidence, level.confidence)
        return str(level.value), f"{level.source}（可信度{conf}）"
    return "government", "未能识别报告主体类型，按县级以上人民政府处理"


def applicability(rule: Rule, profile: str, year: int | None) -> str | None:
    """None when the rule applies; otherwise the reason it does not, in Chinese."""
    profiles = rule.applies_to.get("profiles")
    if profiles and profile not in profiles:
        allowed = "、".join(PROFILE_ZH[x] for x in profiles)
        return f"本规则只适用于{allowed}（本报告：{PROFILE_ZH.get(profile, profile)}）"
    years = rule.applies_to.get("years") or {}
    if year is not None:
        if years.get("from") is not None and year < years["from"]:
            return f"本规则适用于 {years['from']} 年及以后的报告（本报告：{year} 年）"
        if years.get("to") is not None and year > years["to"]:
            return f"本规则适用于 {years['to']} 年及以前的报告（本报告：{year} 年）"
    return None


def evaluate_rule(rule: Rule, ctx: Context) -> Finding:
    # messages.partial is the reason a partial_when gave; a list names one reason per branch of
    # a partial_when ``any:`` (the first branch that holds). A partial the check itself gives
    # ("the part has only 185 characters") keeps the check's own message.
    wording = rule.messages.get("partial")
    partial_message: str | None = None
    check, partial_when = ctx.pack.plan(rule)
    try:
        out = run_check(check, ctx)
        if out.status == "fail" and partial_when is not None:
            ctx.note("▶ 未通过，检查“不充分”条件（partial_when）")
            soft, branch = _partial_when(partial_when, ctx, isinstance(wording, list))
            if soft.status == "pass":
                out = Outcome("partial", soft.message, soft.evidence, out.near, out.looked,
                              {**out.values, **soft.values})
                if isinstance(wording, list):
                    partial_message = wording[min(branch, len(wording) - 1)]
                else:
                    partial_message = wording
        if out.status == "fail" and rule.on_fail != "fail":
            out = Outcome(rule.on_fail, out.message, [], out.near, out.looked, out.values)
    except RuleFailure as exc:
        return _finding(rule, "error", f"规则出错：{exc}", [])
    except Exception as exc:  # a broken rule must not stop the rest of the report
        return _finding(rule, "error", f"规则出错：{type(exc).__name__}: {exc}", [])
    if out.status == "partial":
        message = partial_message or out.message
    else:
        message = rule.messages.get(out.status) or out.message
    if out.status == "pass":
        evidence = out.evidence
    else:
        evidence = out.evidence + out.near + out.looked
    fix = fill_fix(rule.fix, ctx.doc.metadata) if "{" in rule.fix else rule.fix
    return _finding(rule, out.status, message, evidence, out.values, fix=fix)


def fill_fix(fix: str, metadata=None) -> str:
    """A fix written with ``{issuer}`` / ``{next_year}`` names this report's own issuer and the
    year after the reported one (a report on 2024 is signed in 2025), not another report's;
    without a report (rule catalogue, SARIF rule help) the placeholders read as generic words."""
    issuer = metadata.issuer.value if metadata is not None and metadata.issuer else None
    year = metadata.year.value if metadata is not None and metadata.year else None
    return (fix.replace("{issuer}", str(issuer) if issuer else "报告主体全称")
               .replace("{next_year}", str(year + 1) if isinstance(year, int) else "××"))


def _cut(pack: CompiledPack, ctx: Context) -> str | None:
    """How the truncation rule finds the text cut mid-part (its message), or None."""
    rule = pack.rule(pack.truncation.get("rule", ""))
    if rule is None or not rule.enabled:
        return None
    found = evaluate_rule(rule, ctx)
    if found.status == "fail" and isinstance(found.values.get("cut_line"), int):
        return str(found.values.get("cut") or found.message)
    return None


def _partial_when(node: Leaf | Combined, ctx: Context, by_branch: bool) -> tuple[Outcome, int]:
    """The partial_when outcome, and which branch of its ``any:`` held (0 when not asked)."""
    if by_branch and isinstance(node, Combined) and node.op == "any":
        outs = []
        for i, sub in enumerate(node.parts):
            out = run_check(sub, ctx)
            if out.status == "pass":
                return out, i
            outs.append(out)
        return _combine("fail", outs, ""), 0
    return run_check(node, ctx), 0


def _finding(rule: Rule, status: str, message: str, evidence: list[Evidence],
             values: dict[str, Any] | None = None, *, fix: str | None = None) -> Finding:
    seen: set[tuple] = set()
    unique = []
    for e in evidence:
        key = (e.line, e.quote)  # one entry per quote: a match wins over a near miss of it
        if key not in seen:
            seen.add(key)
            unique.append(e)
    return Finding(rule=rule.id, title=rule.title, severity=rule.severity, status=status,
                   message=message, basis=rule.basis, fix=rule.fix if fix is None else fix,
                   evidence=tuple(unique[:8]), values=values or {}, forbids="absent" in rule.check)


# ends the message of every rule left unevaluated because the pack's precondition failed
BLOCKED_SUFFIX = "；因此未逐项审查"


def precondition_failed(result: ReportResult) -> Finding | None:
    """The failed precondition finding (e.g. "not an annual report") that stopped the audit."""
    if not any(f.status == "not_evaluated" and f.message.endswith(BLOCKED_SUFFIX)
               for f in result.findings):
        return None
    return next((f for f in result.findings if f.status == "fail"
                 and f.message + BLOCKED_SUFFIX in {g.message for g in result.findings}), None)


def audit(document: Document, pack: CompiledPack, *, profile: str | None = None,
          limits: Limits = DEFAULT_LIMITS, keep_document: bool = False,
          only: frozenset[str] | None = None, text_gate: bool = True, truncation: bool = True,
          previous: Document | None = None, previous_problem: str | None = None) -> ReportResult:
    """Evaluate every enabled rule of ``pack`` (or those in ``only``) against ``document``.

    ``text_gate``: a document with fewer than MIN_HAN_CHARS Chinese characters was not really
    extracted, and every rule is ``not_evaluated`` (rule examples turn the gate off).
    ``truncation``: when the pack's truncation rule finds the text cut off, the gaps of the rules
    after the cut are ``not_evaluated``; an excerpt written around one rule ends where its writer
    stopped, not where a page was cut (the accuracy harness turns this off for excerpts).
    ``previous``: the same body's report of the year before, for the ``history`` rules;
    ``previous_problem``: why the one named could not be read (the history rules say so).
    """
    chosen, source = infer_profile(document, profile)
    ctx = Context(document, pack, profile=chosen, regex_timeout=limits.regex_timeout,
                  previous=previous)
    ctx.previous_problem = previous_problem
    findings: list[Finding] = []
    han = _count_han(document.text) if text_gate else MIN_HAN_CHARS
    if han < MIN_HAN_CHARS:
        msg = f"未能提取到足够的报告文字（只有 {han} 个汉字），无法审查"
        findings = [_finding(r, "not_evaluated", msg, []) for r in pack.rules]
        if document.replaced_lines:
            findings.append(replaced_bytes_finding(document))
        return ReportResult(document.source, document.sha256, document.metadata, chosen, source,
                            tuple(findings), document=document if keep_document else None,
                            previous=previous_identity(previous))
    blocked: str | None = None
    first: Finding | None = None   # the precondition's finding: evaluated once per report
    pre = pack.rule(pack.precondition) if pack.precondition else None
    if pre is not None and pre.enabled:
        first = evaluate_rule(pre, ctx)
        if first.status == "fail":
            blocked = first.message + BLOCKED_SUFFIX
    reasons = pack.memo(("applicability", chosen, ctx.year),
                        lambda: {r.id: applicability(r, chosen, ctx.year) for r in pack.rules})
    cut: list[str | None] = []       # how the text is cut (the truncation rule's message), found once
    unknown_after_cut = frozenset(pack.truncation.get("unknown") or ()) if truncation else frozenset()
    for rule in pack.rules:
        if only is not None and rule.id not in only:
            continue
        reason = reasons[rule.id]
        if reason:
            findings.append(_finding(rule, "not_applicable", reason, []))
        elif blocked and rule.id != pack.precondition:
            findings.append(_finding(rule, "not_evaluated", blocked, []))
        elif first is not None and rule is pre:
            findings.append(first)
        else:
            finding = evaluate_rule(rule, ctx)
            if rule.id in unknown_after_cut and finding.status in ("fail", "partial"):
                if not cut:
                    cut.append(_cut(pack, ctx))
                if cut[0] is not None:
                    finding = _finding(rule, "not_evaluated",
                                       f"文本被截断（{cut[0]}），其后的内容无从得知，无法判断此项", [])
            findings.append(finding)
    if document.replaced_lines:
        findings.append(replaced_bytes_finding(document))
    return ReportResult(document.source, document.sha256, document.metadata, chosen, source,
                        tuple(findings), document=document if keep_document else None,
                        previous=previous_identity(previous))


REPLACED_BYTES_RULE = "input.replaced-bytes"


def replaced_bytes_finding(document: Document) -> Finding:
    """The warning that some bytes of the file were not text and were read as U+FFFD, with
    the first lines where (the rest of the report was audited as usual)."""
    where = "、".join(str(n) for n in document.replaced_lines)
    by_no = {line.no: line.text for line in document.lines}
    evidence = tuple(Evidence(section="", line=n, quote=by_no[n][:200])
                     for n in document.replaced_lines if n in by_no)
    return Finding(rule=REPLACED_BYTES_RULE, title="文件中有无法识别的字节", severity="warning",
                   status="fail",
                   message=f"第 {where} 行有不属于文件编码的字节（如损坏的字节、NUL 或其他编码的文字），"
                           "已替换为 � 后照常审查；引用这些行的结论请核对原文件",
                   basis="读取检查（非规则包要求）",
                   fix="用原始文件重新导出或另存为 UTF-8 文本后再审查", evidence=evidence)


def previous_identity(previous: Document | None) -> dict[str, Any] | None:
    """Which report of the year before the history rules read (JSON ``previous``)."""
    if previous is None:
        return None
    year = previous.metadata.year
    return {"source": previous.source, "sha256": previous.sha256,
            "year": year.value if year is not None else None}


def explain(document: Document, pack: CompiledPack, rule_id: str, *, profile: str | None = None,
            limits: Limits = DEFAULT_LIMITS) -> tuple[Finding, list[str], str]:
    """Evaluate one rule with a trace: (finding, trace lines in Chinese, profile note)."""
    rule = pack.rule(rule_id)
    if rule is None:
        from .errors import UsageError

        raise UsageError(f"规则包中没有规则 {rule_id}（可用 auditor rules list 查看）", path=rule_id)
    chosen, source = infer_profile(document, profile)
    ctx = Context(document, pack, profile=chosen, regex_timeout=limits.regex_timeout, trace=True)
    reason = applicability(rule, chosen, ctx.year)
    if reason:
        return _finding(rule, "not_applicable", reason, []), [reason], f"{chosen}：{source}"
    finding = evaluate_rule(rule, ctx)
    return finding, list(ctx.trace or []), f"{chosen}：{source}"
