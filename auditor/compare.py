"""Data for reviewers: the reports × rules matrix, extracted figures, and the diff of two runs.

Pure functions over results (``ReportResult`` objects or the JSON result dicts) so the text,
spreadsheet and HTML formats all show the same numbers.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, Sequence

from .formats import identity, issuer_of, year_of
from .gate import GAP
from .model import STATUS_ZH, ReportResult


APPLICABLE = frozenset({"pass", "fail", "partial", "waived"})
# a met statutory element (error) weighs three times a met info-level metric in a report's score
SEVERITY_WEIGHT = {"error": 3, "warning": 2, "info": 1}
SCORE_NOTE = ("得分 = 符合的规则按级别加权之和 ÷ 适用规则的权重之和（错误 3、警告 2、提示 1；"
              "不适用、未评估不计入，已豁免计入分母）")


def report_label(result: ReportResult) -> str:
    issuer, year = issuer_of(result), year_of(result)
    if issuer and year:
        return f"{issuer} {year}"
    return PurePath(result.source).name


def _rate(passed: int, applicable: int) -> float | None:
    return round(passed / applicable, 4) if applicable else None


def figure_columns(results: Sequence[ReportResult], pack) -> list[dict[str, Any]]:
    """The extracted figures (metric rules: one value each), in pack order."""
    order = {r.id: i for i, r in enumerate(pack.rules)}
    seen: dict[str, dict[str, Any]] = {}
    for r in results:
        for f in r.findings:
            if not f.values:
                continue
            if f.rule.startswith("metric.") or "value" in f.values:
                if f.rule not in seen:
                    seen[f.rule] = {"key": f.rule, "rule": f.rule,
                                    "name": f.values.get("name") or f.title,
                                    "unit": f.values.get("unit") or "", "field": "value"}
    return sorted(seen.values(), key=lambda c: (order.get(c["rule"], 1 << 30), c["key"]))


def figure_values(result: ReportResult, columns: list[dict[str, Any]]) -> dict[str, Any]:
    by_rule = {f.rule: f for f in result.findings}
    out: dict[str, Any] = {}
    for col in columns:
        f = by_rule.get(col["rule"])
        if f is not None and f.values and col["field"] in f.values:
            out[col["key"]] = f.values[col["field"]]
    return out


def matrix_data(results: Sequence[ReportResult], pack) -> dict[str, Any]:
    """Reports × rules with statuses, per-rule pass rates, per-report scores and figures."""
    rules = [{"id": r.id, "title": r.title, "short": getattr(r, "short", "") or r.title,
              "severity": r.severity, "group": r.group, "forbids": "absent" in r.check,
              "passed": 0, "applicable": 0} for r in pack.rules]
    index = {r["id"]: r for r in rules}
    reports = []
    columns = figure_columns(results, pack)
    for res in results:
        cells = {f.rule: f.status for f in res.findings}
        passed = sum(1 for s in cells.values() if s == "pass")
        applicable = sum(1 for s in cells.values() if s in APPLICABLE)
        weight_met = sum(SEVERITY_WEIGHT.get(f.severity, 1) for f in res.findings if f.status == "pass")
        weight_all = sum(SEVERITY_WEIGHT.get(f.severity, 1) for f in res.findings
                         if f.status in APPLICABLE)
        for rule_id, status in cells.items():
            if rule_id in index and status in APPLICABLE:
                index[rule_id]["applicable"] += 1
                index[rule_id]["passed"] += status == "pass"
        reports.append({"source": res.source, "label": report_label(res), "identity": identity(res),
                        "error": res.error, "cells": cells, "passed": passed,
                        "applicable": applicable, "score": _rate(weight_met, weight_all),
                        "figures": figure_values(res, columns)})
    for r in rules:
        r["pass_rate"] = _rate(r["passed"], r["applicable"])
    return {"rules": rules, "reports": reports, "figures": columns}


# -- diff of two JSON results ------------------------------------------------------------------


def _status(finding: dict[str, Any]) -> str:
    return str(finding.get("status"))


def _match_reports(old: list[dict], new: list[dict]) -> list[tuple[dict | None, dict | None]]:
    from .baseline import report_identity

    pairs: list[tuple[dict | None, dict | None]] = []
    used: set[int] = set()
    by_ident: dict[str, list[int]] = {}
    for i, r in enumerate(old):
        by_ident.setdefault(report_identity(r), []).append(i)
    for n in new:
        match = None
        for i in by_ident.get(report_identity(n), []):
            if i not in used:
                match = i
                break
        if match is None:
            name = PurePath(str(n.get("source", ""))).name
            for i, r in enumerate(old):
                if i not in used and PurePath(str(r.get("source", ""))).name == name:
                    match = i
                    break
        if match is not None:
            used.add(match)
            pairs.append((old[match], n))
        else:
            pairs.append((None, n))
    pairs.extend((r, None) for i, r in enumerate(old) if i not in used)
    return pairs


def diff_results(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What changed between two ``--format json`` results, per report and rule."""
    old_rules = [r.get("id") for r in old.get("rules") or [] if isinstance(r, dict)]
    new_rules = [r.get("id") for r in new.get("rules") or [] if isinstance(r, dict)]
    titles = {r.get("id"): r.get("title", "") for r in (old.get("rules") or []) + (new.get("rules") or [])
              if isinstance(r, dict)}
    removed_rules = set(old_rules) - set(new_rules)
    reports = []
    totals = {"new_gaps": 0, "closed_gaps": 0, "changed": 0, "reports_added": 0,
              "reports_removed": 0}
    for o, n in _match_reports(old["reports"], new["reports"]):
        entry: dict[str, Any] = {
            "old_source": o.get("source") if o else None,
            "new_source": n.get("source") if n else None,
            "identity": (n or o or {}).get("identity"),
            "change": "matched" if o and n else ("added" if n else "removed"),
            "new_gaps": [], "closed_gaps": [], "changed": [],
        }
        if o and n:
            from .baseline import report_identity

            entry["identity"] = report_identity(n)
        elif n:
            totals["reports_added"] += 1
        else:
            totals["reports_removed"] += 1
        before = {f.get("rule"): f for f in (o or {}).get("findings") or [] if isinstance(f, dict)}
        after = {f.get("rule"): f for f in (n or {}).get("findings") or [] if isinstance(f, dict)}
        if n is not None:
            for rule, f in after.items():
                s_new = _status(f)
                s_old = _status(before[rule]) if rule in before else None
                item = {"rule": rule, "title": f.get("title") or titles.get(rule, ""),
                        "old": s_old, "new": s_new, "message": f.get("message", "")}
                if s_new in GAP and s_old not in GAP:
                    entry["new_gaps"].append(item)
                elif s_old in GAP and s_new not in GAP:
                    entry["closed_gaps"].append(item)
                elif s_old is not None and s_old != s_new:
                    entry["changed"].append(item)
        if o is not None and n is not None:
            for rule, f in before.items():
                if rule not in after and rule not in removed_rules and _status(f) in GAP:
                    entry["closed_gaps"].append({"rule": rule, "title": f.get("title") or titles.get(rule, ""),
                                                 "old": _status(f), "new": None, "message": ""})
        for k in ("new_gaps", "closed_gaps", "changed"):
            totals[k] += len(entry[k])
        reports.append(entry)
    return {
        "old": {"rule_pack": old.get("rule_pack"), "reports": len(old["reports"])},
        "new": {"rule_pack": new.get("rule_pack"), "reports": len(new["reports"])},
        "rules_added": [r for r in new_rules if r not in set(old_rules)],
        "rules_removed": [r for r in old_rules if r in removed_rules],
        "reports": reports,
        "summary": totals,
    }


def status_zh(status: str | None) -> str:
    return STATUS_ZH.get(status or "", "—") if status else "—"


def render_diff(d: dict[str, Any], fmt: str) -> str:
    """The diff as table (plain text), markdown or json."""
    if fmt == "json":
        import json

        return json.dumps(d, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    md = fmt == "markdown"
    if md:  # file names and titles are untrusted text: make them inert in rendered Markdown
        import html
        import json

        d = json.loads(html.escape(json.dumps(d, ensure_ascii=False), quote=False))
    out: list[str] = ["# 两次审查结果的差异", ""] if md else []
    heads = {"new_gaps": "新增缺项", "closed_gaps": "已整改", "changed": "状态变化"}
    for rep in d["reports"]:
        name = rep["new_source"] or rep["old_source"]
        if rep["change"] == "added":
            title = f"新增报告 {name}"
        elif rep["change"] == "removed":
            title = f"已移除的报告 {name}"
        elif rep["old_source"] != rep["new_source"]:
            title = f"报告 {rep['old_source']} → {rep['new_source']}"
        else:
            title = f"报告 {name}"
        out.append(f"## {title}" if md else title)
        if md:
            out.append("")
        empty = True
        for key, head in heads.items():
            for item in rep[key]:
                empty = False
                line = (f"{head}：{item['rule']} {item['title']}"
                        f"（{status_zh(item['old'])} → {status_zh(item['new'])}）")
                out.append(f"- {line}" if md else f"  {line}")
        if empty:
            out.append("- 无变化" if md else "  无变化")
        out.append("")
    for key, head in (("rules_added", "规则包新增规则"), ("rules_removed", "规则包删除规则")):
        if d[key]:
            out.append(f"{head}：{'、'.join(d[key])}")
    s = d["summary"]
    out.append(f"合计：{s['new_gaps']} 项新增缺项，{s['closed_gaps']} 项已整改，{s['changed']} 项状态变化"
               + (f"，新增报告 {s['reports_added']} 份" if s["reports_added"] else "")
               + (f"，移除报告 {s['reports_removed']} 份" if s["reports_removed"] else ""))
    return "\n".join(out) + "\n"
