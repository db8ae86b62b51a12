"""Rules are proven by their own examples: each example text is audited with its rule and
must give the stated status (``todo: true`` marks a known miss that does not fail the run).

An example can also say *why* it must get that status, so a rule cannot pass for the wrong
reason: ``message:`` is text the finding's message must contain, and ``line:`` a line of the
example text (1-based) that the finding's evidence must quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from .pack.compile import CompiledPack


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule: str
    index: int               # 1-based position in the rule's examples
    expected: str
    actual: str
    message: str
    note: str
    todo: bool
    file: str
    line: int
    problem: str = ""        # a stated message or evidence line that the finding lacks

    @property
    def ok(self) -> bool:
        return self.expected == self.actual and not self.problem


def expectation_problem(ex: dict, message: str, evidence_lines: list[int]) -> str:
    """What the finding lacks of the example's stated ``message`` and ``line`` ("" if none)."""
    wanted = ex.get("message")
    if wanted and wanted not in message:
        return f"消息应包含“{wanted}”"
    line = ex.get("line")
    if line is not None and line not in evidence_lines:
        shown = "、".join(str(n) for n in evidence_lines) or "无"
        return f"证据应引用第 {line} 行（实际引用：{shown}）"
    return ""


def run_examples(pack: CompiledPack, rule_ids: set[str] | None = None) -> list[ExampleResult]:
    from .errors import InputError
    from .evaluate import audit
    from .pipeline import read_document

    out: list[ExampleResult] = []
    for rule in pack.all_rules:
        if rule_ids and rule.id not in rule_ids:
            continue
        if not rule.enabled:
            continue   # a pack that disables a rule is not held to its examples
        for i, ex in enumerate(rule.examples, 1):
            if ex.get("_superseded_by"):
                continue   # written for the rule before the pack's override changed it
            name = f"{rule.id}#{i}.txt"
            lines: list[int] = []
            try:
                doc = read_document(data=ex["text"].encode("utf-8"), name=name)
                previous = None
                if ex.get("previous"):   # a history rule's example is a pair of reports
                    previous = read_document(data=ex["previous"].encode("utf-8"),
                                             name=f"{rule.id}#{i}-previous.txt")
                result = audit(doc, pack, profile=ex.get("profile"), only=frozenset({rule.id}),
                               text_gate=False, previous=previous)
                finding = next((f for f in result.findings if f.rule == rule.id), None)
                actual = finding.status if finding else "not_evaluated"
                message = finding.message if finding else "规则未运行（已停用？）"
                lines = [e.line for e in finding.evidence] if finding else []
            except InputError as exc:
                actual, message = "error", str(exc)
            problem = expectation_problem(ex, message, lines)
            if problem:
                message = f"{problem}；{message}"
            out.append(ExampleResult(rule.id, i, ex["status"], actual, message, ex.get("note", ""),
                                     bool(ex.get("todo")), rule.file, rule.line, problem))
    return out


def skipped_examples(pack: CompiledPack) -> list[tuple[str, int, str]]:
    """(rule id, examples not run, why) for rules whose examples ``run_examples`` skips."""
    out = []
    for rule in pack.all_rules:
        if not rule.enabled and rule.examples:
            out.append((rule.id, len(rule.examples), "规则包已停用该规则"))
        elif rule.enabled:
            superseded = [ex for ex in rule.examples if ex.get("_superseded_by")]
            if superseded:
                out.append((rule.id, len(superseded),
                            f"{superseded[0]['_superseded_by']} 覆盖了该规则的判断条件，"
                            "原有示例不再适用（要为新写法写示例，可在本包中重写整条规则）"))
    return out
