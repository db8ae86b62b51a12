"""SARIF 2.1.0: rules from the pack, a result per non-pass finding, located at the report line.

Fingerprints hash rule + report identity + section + normalised evidence (never line numbers),
so code-scanning tools track a gap across edits. Waived findings carry an external suppression
with its justification.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import PurePath
from typing import Any, Sequence

from .. import __version__
from ..evaluate import fill_fix
from ..model import STATUS_ZH, ReportResult
from ..normalize import fold
from . import Options, identity, in_baseline


SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def _uri(source: str) -> tuple[str, str | None]:
    if source in ("-", "<stdin>"):
        return "stdin", None
    p = PurePath(source)
    if p.is_absolute():
        return p.as_uri(), None
    from urllib.parse import quote

    return quote(p.as_posix(), safe="/"), "%SRCROOT%"


def fingerprint(result: ReportResult, rule: str, section: str, quote: str) -> str:
    norm = _NOISE.sub("", fold(quote or ""))
    text = "\x1f".join([rule, identity(result), " ".join(section.split()), norm])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _rule(rule) -> dict[str, Any]:
    help_text = "；".join(x for x in (f"整改建议：{fill_fix(rule.fix)}" if rule.fix else "",
                                     f"依据：{rule.basis}" if rule.basis else "") if x)
    return {
        "id": rule.id,
        "name": rule.id.replace(".", "-"),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale or rule.title},
        "help": {"text": help_text or rule.title},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"severity": rule.severity, "group": rule.group, "basis": rule.basis,
                       "waivable": rule.waivable},
    }


def sarif_dict(results: Sequence[ReportResult], pack, options: Options) -> dict[str, Any]:
    rule_index = {r.id: i for i, r in enumerate(pack.rules)}
    out_results = []
    notifications = []
    for r in results:
        uri, base = _uri(r.source)
        loc: dict[str, Any] = {"uri": uri}
        if base:
            loc["uriBaseId"] = base
        if r.error is not None:
            notifications.append({"level": "error", "message": {"text": f"{r.source}：无法读取：{r.error}"},
                                  "locations": [{"physicalLocation": {"artifactLocation": loc}}]})
            continue
        for f in r.findings:
            if f.status in ("pass", "not_applicable"):
                continue
            # a location in this report: evidence quoted from last year's report has none here
            ev = next((e for e in f.evidence if e.kind != "previous"), None)
            line = ev.line if ev is not None and ev.line and ev.line > 0 else 1
            text = f"{STATUS_ZH[f.status]}：{f.title}——{f.message}"
            if f.status in ("fail", "partial") and f.fix:
                text += f"（整改建议：{f.fix}）"
            region: dict[str, Any] = {"startLine": line}
            if ev is not None and ev.quote:
                region["snippet"] = {"text": ev.quote}
            item: dict[str, Any] = {
                "ruleId": f.rule,
                "level": LEVEL[f.severity] if f.status in ("fail", "partial", "error", "waived")
                else "note",
                "kind": {"fail": "fail", "partial": "fail", "error": "fail", "waived": "fail",
                         "not_evaluated": "review"}.get(f.status, "informational"),
                "message": {"text": text},
                "locations": [{"physicalLocation": {"artifactLocation": loc, "region": region}}],
                "partialFingerprints": {"auditorFinding/v1": fingerprint(
                    r, f.rule, ev.section if ev is not None else "", ev.quote if ev is not None else "")},
                "properties": {"status": f.status, "status_zh": STATUS_ZH[f.status],
                               "severity": f.severity, "section": ev.section if ev else "",
                               "report": identity(r)},
            }
            if f.rule in rule_index:
                item["ruleIndex"] = rule_index[f.rule]
            if in_baseline(options, r, f):
                item["baselineState"] = "unchanged"
            if f.status == "waived":
                item["suppressions"] = [{"kind": "external",
                                         "justification": (f.waiver or {}).get("reason", "")}]
                item["properties"]["original_status"] = (f.waiver or {}).get("original_status")
            out_results.append(item)
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "auditor", "version": __version__,
                            "rules": [_rule(rule) for rule in pack.rules],
                            "properties": {"rule_pack": pack.name, "rule_pack_version": str(pack.version),
                                           "rule_pack_digest": pack.digest}}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": PurePath(os.getcwd()).as_uri() + "/"}},
        "results": out_results,
        "columnKind": "unicodeCodePoints",
    }
    if notifications:
        run["invocations"] = [{"executionSuccessful": True,
                               "toolExecutionNotifications": notifications}]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(results: Sequence[ReportResult], pack, options: Options) -> str:
    return json.dumps(sarif_dict(results, pack, options), ensure_ascii=False, indent=2) + "\n"
