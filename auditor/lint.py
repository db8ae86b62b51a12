"""`auditor rules lint`: problems a pack can load with but should not ship with.

Warnings, each ``file:line: message``: a rule without examples (at least one passing and one
failing), without a legal basis, or with a pattern that cannot match normalised report text
— ``\\b`` next to a Chinese character (word boundaries almost never occur in Chinese text),
or half-width ``( ) , : ; ? !`` which normalisation turns full-width — or a term pattern that
opens with a lookbehind before a Chinese word (``(?<!协)调解``): it is tried at every position
of every report, where ``调解(?<!协调解)`` matches the same and is found by a fast scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .pack.compile import CompiledPack

_HAN = r"[\u4e00-\u9fff]"
_B_NEAR_HAN = re.compile(rf"{_HAN}\\b|\\b{_HAN}|\\b(?={_HAN})")
# half-width punctuation that matching text never contains: a literal , : ; ! (outside
# quantifiers and group syntax) or an escaped \( \) \? \!
_SYNTAX = re.compile(r"\{\d*,\d*\}|\(\?(?:<?[=!]|:|P?<\w+>|[aiLmsux]+\)?)|\[[^\]]*\]")
_HALF_PUNCT = re.compile(r"(?<!\\)[,:;!]|\\[()?!]")
# a lookbehind (without nested groups) followed by a Chinese character
_LEADING_LOOKBEHIND = re.compile(rf"^\(\?<[=!]([^()]*)\)({_HAN}+)(?![?*+{{])")


@dataclass(frozen=True, slots=True)
class LintWarning:
    file: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule}: {self.message}"


def _fast_form(pattern: str) -> str | None:
    """For a term pattern that opens with a lookbehind before a Chinese word, the same pattern
    with the lookbehind moved after the word (``(?<!协)调解`` → ``调解(?<!协调解)``)."""
    m = _LEADING_LOOKBEHIND.match(pattern)
    if not m:
        return None
    sign, body, word = m.group(0)[3], m.group(1), m.group(2)
    return f"{word}(?<{sign}{body}{word}){pattern[m.end(2):]}"


def lint_pack(pack: CompiledPack) -> list[LintWarning]:
    out: list[LintWarning] = []
    for name, role in pack.roles.items():
        for key in ("heading", "not_heading", "opening"):
            pat = role.get(key)
            if isinstance(pat, str) and _B_NEAR_HAN.search(pat):
                out.append(LintWarning(pack.files[0] if pack.files else "-", 0, f"roles.{name}",
                                       f"{key} 中 \\b 紧挨汉字，在中文文本中几乎不会匹配"))
    for rule in pack.all_rules:
        def warn(msg: str) -> None:
            out.append(LintWarning(rule.file, rule.line, rule.id, msg))

        statuses = {ex.get("status") for ex in rule.examples}
        if not rule.examples:
            warn("没有示例（examples）：至少需要一个通过和一个不通过的示例")
        else:
            if "pass" not in statuses:
                warn("缺少通过（pass）的示例")
            if not statuses - {"pass"}:
                warn("缺少不通过（fail/partial 等）的示例")
        if not rule.basis.strip():
            warn("没有写明依据（basis）")
        if not rule.fix.strip():
            warn("没有写明整改建议（fix）")
        # every pattern of the rule's settings, as its kinds prepared them (``Setup.pattern``)
        for pat in dict.fromkeys(pack.patterns_of(rule)):
            if _B_NEAR_HAN.search(pat):
                warn(f"模式 {pat!r} 中 \\b 紧挨汉字，在中文文本中几乎不会匹配")
            if _HALF_PUNCT.search(_SYNTAX.sub("", pat)):
                warn(f"模式 {pat!r} 含半角标点；报告文本已统一为全角（），：；？！，该处不会匹配")
        # term patterns are run over the whole text of every report
        for pat in dict.fromkeys(t.text for t in pack.terms_of(rule) if t.is_regex):
            better = _fast_form(pat)
            if better:
                    warn(f"模式 {pat!r} 以环视开头，要在每份报告的每个位置尝试一次；写成 {better!r}（环视移到词后）"
                     "结果相同，可先快速定位该词")
    return out
