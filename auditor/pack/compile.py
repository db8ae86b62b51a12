"""A validated pack made ready to run: rules as objects, regexes compiled once (lazily)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..checks.base import Setup, Term
from ..checks.registry import compile_tree
from ..errors import Problem, RulePackError
from .load import PackData


PROFILE_ZH = {"government": "县级以上人民政府", "department": "政府工作部门", "township": "乡镇/街道"}


def _applies_to(raw: dict[str, Any] | None) -> dict[str, Any]:
    """``applies_to`` with ``profiles`` (packs written before the rename say ``levels``)."""
    out = dict(raw or {})
    if "levels" in out:
        out.setdefault("profiles", out["levels"])
        del out["levels"]
    return out


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    severity: str
    check: dict[str, Any]
    basis: str = ""
    rationale: str = ""
    fix: str = ""
    group: str = ""
    waivable: bool = True
    enabled: bool = True
    applies_to: dict[str, Any] = field(default_factory=dict)
    partial_when: dict[str, Any] | None = None
    on_fail: str = "fail"
    messages: dict[str, str] = field(default_factory=dict)
    examples: tuple[dict[str, Any], ...] = ()
    file: str = ""
    line: int = 0
    short: str = ""            # a column header of at most 10 characters (short_title() if unset)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "severity": self.severity, "group": self.group,
                "basis": self.basis, "rationale": self.rationale, "fix": _generic_fix(self.fix),
                "waivable": self.waivable, "applies_to": self.applies_to}


_SHORT_DROP = ("写明", "上一年度推进法治政府建设的", "推进法治政府建设的", "推进法治建设")


def short_title(title: str, limit: int = 10) -> str:
    """A column header from a rule title without a ``short`` name: the words before any
    parenthesis, without the leading "写明…", cut to ``limit`` characters."""
    text = title.split("（", 1)[0].split("(", 1)[0]
    for word in _SHORT_DROP:
        text = text.replace(word, "")
    text = text.strip() or title
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _generic_fix(fix: str) -> str:
    from ..evaluate import fill_fix   # placeholders such as {issuer} read as generic words

    return fill_fix(fix) if "{" in fix else fix


class CompiledPack:
    """Rules with their checks compiled by their kinds (``plan``), plus the shared pieces
    (roles, negation words) and a regex cache."""

    def __init__(self, data: PackData) -> None:
        self.name = data.name
        self.version = data.version
        self.description = data.description
        self.digest = data.digest
        self.files = list(data.files)
        self.roles = data.roles
        self.negation = data.negation
        self.boundaries = data.boundaries
        self.truncation = data.truncation
        self.precondition = data.precondition
        self.all_rules = [
            Rule(id=r["id"], title=r["title"], severity=r["severity"], check=r["check"],
                 basis=r.get("basis", ""), rationale=r.get("rationale", ""), fix=r.get("fix", ""),
                 group=r.get("group", ""), waivable=r.get("waivable", True),
                 enabled=r.get("enabled", True), applies_to=_applies_to(r.get("applies_to")),
                 partial_when=r.get("partial_when"), on_fail=r.get("on_fail", "fail"),
                 messages=r.get("messages") or {},
                 examples=tuple(r.get("examples") or ()), file=r.get("_file", ""),
                 line=r.get("_line", 0), short=r.get("short") or short_title(r["title"]))
            for r in data.rules
        ]
        self.rules = [r for r in self.all_rules if r.enabled]
        self._by_id = {r.id: r for r in self.all_rules}
        self._regex: dict[str, Any] = {}
        self._literals: Any = None
        self._memo: dict[Any, Any] = {}
        self._plans: dict[str, tuple[Any, Any]] = {}
        self._terms: dict[str, tuple[Term, ...]] = {}
        self._patterns: dict[str, tuple[str, ...]] = {}
        for rule in self.all_rules:
            self._compile(rule)

    def _compile(self, rule: Rule) -> None:
        """Each check of the rule compiled by its kind (validated when the pack was loaded:
        here a problem can only come from a kind that changed since)."""
        def report(message: str, where: tuple) -> None:
            raise RulePackError("规则包有 1 处错误", path=rule.file,
                                problems=[Problem(rule.file, f"{rule.id}：{message}", rule.line or None)])

        setup = Setup(self.roles, report, validate=False)
        check = compile_tree(rule.check, setup)
        partial = compile_tree(rule.partial_when, setup) if rule.partial_when else None
        self._plans[rule.id] = (check, partial)
        self._terms[rule.id] = tuple(setup.terms_seen)
        self._patterns[rule.id] = tuple(setup.patterns)

    def rule(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    def plan(self, rule: Rule) -> tuple[Any, Any]:
        """(``check``, ``partial_when`` or None) of a rule, compiled."""
        return self._plans[rule.id]

    def terms_of(self, rule: Rule) -> tuple[Term, ...]:
        """Every term the rule's checks prepared (``Setup.terms``), in order."""
        return self._terms[rule.id]

    def patterns_of(self, rule: Rule) -> tuple[str, ...]:
        """Every regular expression of the rule's settings (terms, headings, contexts…)."""
        return self._patterns[rule.id]

    def memo(self, key: Any, build):
        """``build()`` computed once per pack for a hashable ``key`` (e.g. which rules apply to
        a profile and year)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = build()
            return value

    def literal_index(self):
        """The one-pass finder of every literal the enabled rules name (built once)."""
        if self._literals is None:
            from ..checks.literals import LiteralIndex

            terms = [t for r in self.rules for t in self._terms[r.id]]
            # the literal terms, and the literals regex terms declare every match contains
            words = [t.text for t in terms if not t.is_regex] + [n for t in terms for n in t.needs]
            self._literals = LiteralIndex(list(dict.fromkeys(w for w in words if w)))
        return self._literals

    def matcher(self, source: str):
        """The compiled form of a rule-provided pattern, cached per pack.

        Every pattern a rule supplies is compiled with the ``regex`` module and run with the
        time bound (``timeout=``), whatever it looks like: whether a pattern can backtrack
        without bound is not judged here."""
        compiled = self._regex.get(source)
        if compiled is None:
            import regex

            compiled = self._regex[source] = regex.compile(source)
        return compiled
