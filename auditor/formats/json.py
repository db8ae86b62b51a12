"""JSON: the canonical, versioned result (schema: auditor/schemas/result.schema.json)."""

from __future__ import annotations

import json
from typing import Any, Sequence

from .. import __version__
from ..model import STATUSES, ReportResult
from . import Options, gate, identity, in_baseline, report_notes, unaudited_reason

SCHEMA_VERSION = "1.0"


def report_dict(result: ReportResult, options: Options) -> dict[str, Any]:
    findings = []
    for f in result.findings:
        d = f.to_dict()
        if in_baseline(options, result, f):
            d["baseline"] = True
        findings.append(d)
    summary = result.summary()
    return {
        "source": result.source,
        "identity": identity(result),
        "sha256": result.sha256,
        "metadata": result.metadata.to_dict() if result.metadata is not None else None,
        "profile": result.profile,
        "profile_source": result.profile_source,
        "error": result.error,
        "audited": unaudited_reason(result) is None,
        "findings": findings,
        "summary": summary,
        "notes": report_notes(result),
    }


def result_dict(results: Sequence[ReportResult], pack, options: Options) -> dict[str, Any]:
    code, counts = gate(results, options)
    statuses = {s: 0 for s in STATUSES}
    for r in results:
        for f in r.findings:
            statuses[f.status] += 1
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "auditor", "version": __version__},
        "rule_pack": {"name": pack.name, "version": str(pack.version), "digest": pack.digest},
        "rules": [r.to_dict() for r in pack.rules],
        "reports": [report_dict(r, options) for r in results],
        "summary": {"reports": counts["reports"], "audited": counts["audited"],
                    "unaudited": counts["unaudited"], "rules": len(pack.rules),
                    "statuses": statuses},
        "gate": {"fail_on": options.fail_on, "exit_code": code, "counted": counts["counted"],
                 "baselined": counts["baselined"],
                 "baseline": options.baseline.path if options.baseline is not None else None},
        "stale_waivers": list(options.stale_waivers),
    }
    if options.timestamp:
        out["generated_at"] = options.timestamp
    return out


def render(results: Sequence[ReportResult], pack, options: Options) -> str:
    return json.dumps(result_dict(results, pack, options), ensure_ascii=False, indent=2,
                      sort_keys=True, default=str) + "\n"
