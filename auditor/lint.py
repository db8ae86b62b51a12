"""`auditor rules lint`: problems a pack can load with but should not ship with.

Warnings, each ``file:line: message``: a rule without examples (at least one passing and one
failing), without a legal basis, or with a pattern that cannot match normalised report text
— ``\\b`` next to a Chinese character (word boundaries almost never occur in Chinese text),
or half-width ``( ) , : ; ? !`` which normalisation turns full-width.
"""

from __future__ import annotations

import re

from .pack.compile import CompiledPack, Rule
from .pack.load import _walk_checks
from .record import record

_HAN = r"[\u4e00-\u9fff]"
_B_NEAR_HAN = re.compile(rf"{_HAN}\\b|\\b{_HAN}|\\b(?={_HAN})")
# half-width punctuation that matching text never contains: a literal , : ; ! (outside
# quantifiers and group syntax) or an escaped \( \) \? \!
_SYNTAX = re.compile(r"\{\d*,\d*\}|\(\?(?:<?[=!]|:|P?<\w+>|[aiLmsux]+\)?)|\[[^\]]*\]")
_HALF_PUNCT = re.compile(r"(?<!\\)[,:;!]|\\[()?!]")
_PATTERN_KEYS = ("heading", "matches", "not_matches", "context", "unless", "terminal", "report",
                 "title", "text", "ignore_context")


@record(frozen=True)
class LintWarning:
    file: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule}: {self.message}"


def _patterns(rule: Rule):
    for key in ("check", "partial_when"):
        node = getattr(rule, key)
        if not node:
            continue
        for _kind, conf, _ in _walk_checks(node, ()):
            if not isinstance(conf, dict):
                continue
            for k in _PATTERN_KEYS:
                if isinstance(conf.get(k), str):
                    yield conf[k]
            scope = conf.get("in")
            if isinstance(scope, dict) and isinstance(scope.get("heading"), str):
                yield scope["heading"]
            for tk in ("terms", "a", "b", "label"):
                for t in conf.get(tk) or ():
                    if isinstance(t, dict):
                        yield t["re"]
            for kind in conf.get("kinds") or ():
                for k in ("title", "text"):
                    if isinstance(kind.get(k), str):
                        yield kind[k]


def lint_pack(pack: CompiledPack) -> list[LintWarning]:
    out: list[LintWarning] = []
    for name, role in pack.roles.items():
        for key in ("heading", "not_heading"):
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
        for pat in _patterns(rule):
            if _B_NEAR_HAN.search(pat):
                warn(f"模式 {pat!r} 中 \\b 紧挨汉字，在中文文本中几乎不会匹配")
            if _HALF_PUNCT.search(_SYNTAX.sub("", pat)):
                warn(f"模式 {pat!r} 含半角标点；报告文本已统一为全角（），：；？！，该处不会匹配")
    return out
