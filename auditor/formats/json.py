"""JSON: the canonical, versioned result (schema: auditor/schemas/result.schema.json)."""

from __future__ import annotations

import json

from .. import __version__
from ..model import STATUSES, ReportResult
from . import Options, Tally, gate, identity, in_baseline, report_notes, unaudited_reason

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing at run time costs ~4 ms of start-up
    from typing import Any, Sequence

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
        "previous": dict(result.previous) if result.previous else None,
    }


# compact and sorted: the C encoder (indent would force the pure-Python one), same bytes for
# the same input; one encoder for the run (json.dumps with options builds one per call)
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
_dumps = _ENCODER.encode


def begin(pack, options: Options) -> str:
    """The head of the document, up to the opening of "reports". The result is streamed: one
    report per line as it is audited, so a batch of any size is written in constant memory."""
    options.extra["json_reports"] = 0
    rules = ",\n".join(_dumps(r.to_dict()) for r in pack.rules)
    head = [
        f'{{"schema_version":{_dumps(SCHEMA_VERSION)}',
        f'"tool":{_dumps({"name": "auditor", "version": __version__})}',
        f'"rule_pack":{_dumps({"name": pack.name, "version": str(pack.version), "digest": pack.digest})}',
        '"rules":[\n' + rules + '\n]',
    ]
    return ",\n".join(head) + ',\n"reports":['


def report(result: ReportResult, pack, options: Options) -> str:
    n = options.extra.get("json_reports", 0)
    options.extra["json_reports"] = n + 1
    return report_at(result, pack, options, n)


def report_at(result: ReportResult, pack, options: Options, index: int) -> str:
    """The report at position ``index`` of the run; ``options`` is left as it was (for a
    worker process; the CLI then calls ``streamed``)."""
    return ("\n" if index == 0 else ",\n") + _dumps(report_dict(result, options))


def streamed(options: Options, count: int) -> None:
    options.extra["json_reports"] = options.extra.get("json_reports", 0) + count


def end(results: "Sequence[ReportResult] | Tally", pack, options: Options) -> str:
    code, counts = gate(results, options)
    tally = results if isinstance(results, Tally) else None
    if tally is None:
        statuses = {s: 0 for s in STATUSES}
        for r in results:
            for f in r.findings:
                statuses[f.status] += 1
    else:
        statuses = dict(tally.statuses)
    tail = {
        "summary": {"reports": counts["reports"], "audited": counts["audited"],
                    "unaudited": counts["unaudited"], "rules": len(pack.rules),
                    "statuses": statuses},
        "gate": {"fail_on": options.fail_on, "exit_code": code, "counted": counts["counted"],
                 "baselined": counts["baselined"],
                 "baseline": options.baseline.path if options.baseline is not None else None},
        "stale_waivers": list(options.stale_waivers),
    }
    if options.timestamp:
        tail["generated_at"] = options.timestamp
    closing = "\n]" if options.extra.get("json_reports") else "]"
    return closing + "".join(f',\n"{k}":{_dumps(v)}' for k, v in tail.items()) + "\n}\n"


def render(results: Sequence[ReportResult], pack, options: Options) -> str:
    return begin(pack, options) + "".join(report(r, pack, options) for r in results) + \
        end(results, pack, options)
