"""A validated pack made ready to run: rules as objects, regexes compiled once (lazily)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .load import PackData

LEVEL_ZH = {"government": "县级以上人民政府", "department": "政府工作部门", "township": "乡镇/街道"}


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

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "severity": self.severity, "group": self.group,
                "basis": self.basis, "rationale": self.rationale, "fix": self.fix,
                "waivable": self.waivable, "applies_to": self.applies_to}


class CompiledPack:
    """Rules plus the shared pieces (roles, negation words) and a regex cache."""

    def __init__(self, data: PackData) -> None:
        self.name = data.name
        self.version = data.version
        self.description = data.description
        self.digest = data.digest
        self.files = list(data.files)
        self.roles = data.roles
        self.negation = data.negation
        self.precondition = data.precondition
        self.all_rules = [
            Rule(id=r["id"], title=r["title"], severity=r["severity"], check=r["check"],
                 basis=r.get("basis", ""), rationale=r.get("rationale", ""), fix=r.get("fix", ""),
                 group=r.get("group", ""), waivable=r.get("waivable", True),
                 enabled=r.get("enabled", True), applies_to=r.get("applies_to") or {},
                 partial_when=r.get("partial_when"), on_fail=r.get("on_fail", "fail"),
                 messages=r.get("messages") or {},
                 examples=tuple(r.get("examples") or ()), file=r.get("_file", ""),
                 line=r.get("_line", 0))
            for r in data.rules
        ]
        self.rules = [r for r in self.all_rules if r.enabled]
        self._by_id = {r.id: r for r in self.all_rules}
        self._regex: dict[str, Any] = {}

    def rule(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    def regex(self, source: str):
        """The compiled form of a rule-provided pattern (``regex`` module: supports timeouts)."""
        compiled = self._regex.get(source)
        if compiled is None:
            import regex

            compiled = self._regex[source] = regex.compile(source)
        return compiled
