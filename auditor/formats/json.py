"""JSON: the canonical, versioned result (schema: auditor/schemas/result.schema.json).

Schema 2: each rule's text (title, basis, rationale, fix…) is listed once, in ``rules``;
a finding names its rule by id and carries only what is particular to the report (status,
message, evidence, figures, waiver). See docs/json.md.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from .. import __version__
from ..gate import Tally, unaudited_reason
from ..model import ReportResult
from . import Options, identity, in_baseline, report_notes


SCHEMA_VERSION = "2.0"


def finding_dict(f, baseline: bool, rule_fix: str | None = None,
                 in_pack: bool = True) -> dict[str, Any]:
    """A finding as schema 2 writes it: the rule's own text is in the header's ``rules``;
    ``fix`` only where the rule's fix names this report's issuer or year (``{issuer}``). A
    finding that no rule of the pack gave (the reading check ``input.replaced-bytes``) has no
    entry in ``rules`` and carries its title, basis and fix itself."""
    out: dict[str, Any] = {"rule": f.rule, "severity": f.severity, "status": f.status,
                           "message": f.message, "evidence": [e.to_dict() for e in f.evidence]}
    if not in_pack:
        out.update(title=f.title, basis=f.basis, fix=f.fix)
    elif rule_fix is not None and "{" in rule_fix and f.fix and f.fix != rule_fix:
        out["fix"] = f.fix
    if f.values:
        out["values"] = dict(f.values)
    if f.waiver:
        out["waiver"] = dict(f.waiver)
    if baseline:
        out["baseline"] = True
    return out


def report_dict(result: ReportResult, options: Options, pack=None) -> dict[str, Any]:
    fixes = {r.id: r.fix for r in pack.rules} if pack is not None else {}
    findings = [finding_dict(f, in_baseline(options, result, f), fixes.get(f.rule),
                             pack is None or f.rule in fixes)
                for f in result.findings]
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
        "summary": result.summary(),
        "notes": report_notes(result),
        "previous": dict(result.previous) if result.previous else None,
    }


# compact and sorted, non-ASCII as is, same bytes for the same input: the json module's C
# encoder (indent would force the pure-Python one), one for the run (json.dumps with options
# builds one per call)
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
_dumps = _ENCODER.encode
_fast: Any = None   # orjson.dumps with the same output (see _encode)
_fast_options = 0


def _encode(data: dict[str, Any], first: bool) -> bytes:
    """``_dumps(data)`` as UTF-8. From the second report of a process on, orjson writes the
    same bytes about five times faster; the first report uses the json module, so that a
    one-file check does not pay for importing orjson. Text orjson refuses (a lone surrogate,
    an integer beyond 64 bits) goes through the json module as well."""
    global _fast, _fast_options
    if not first:
        if _fast is None:
            import orjson

            _fast, _fast_options = orjson.dumps, orjson.OPT_SORT_KEYS
        try:
            return _fast(data, option=_fast_options, default=str)
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            pass
    return _dumps(data).encode("utf-8")


def begin(pack, options: Options) -> str:
    """The head of the document, up to the opening of "reports". The result is streamed: one
    report per line as it is audited, so a batch of any size is written in constant memory."""
    rules = ",\n".join(_dumps(r.to_dict()) for r in pack.rules)
    head = [
        f'{{"schema_version":{_dumps(SCHEMA_VERSION)}',
        f'"tool":{_dumps({"name": "auditor", "version": __version__})}',
        f'"rule_pack":{_dumps({"name": pack.name, "version": str(pack.version), "digest": pack.digest})}',
        '"rules":[\n' + rules + '\n]',
    ]
    return ",\n".join(head) + ',\n"reports":['


def report(result: ReportResult, pack, options: Options, index: int) -> bytes:
    """The report at position ``index`` of the run (0-based); depends on nothing else."""
    return (b"\n" if index == 0 else b",\n") + _encode(report_dict(result, options, pack),
                                                       index == 0)


def end(tally: Tally, pack, options: Options) -> str:
    counts = tally.counts()
    tail = {
        "summary": {"reports": counts["reports"], "audited": counts["audited"],
                    "unaudited": counts["unaudited"], "rules": len(pack.rules),
                    "statuses": tally.statuses},
        "gate": {"fail_on": tally.fail_on, "exit_code": tally.code(), "counted": counts["counted"],
                 "baselined": counts["baselined"],
                 "baseline": tally.baseline.path if tally.baseline is not None else None},
        "stale_waivers": list(tally.stale_waivers),
    }
    if options.timestamp:
        tail["generated_at"] = options.timestamp
    closing = "\n]" if tally.reports else "]"
    return closing + "".join(f',\n"{k}":{_dumps(v)}' for k, v in tail.items()) + "\n}\n"


def render(results: Sequence[ReportResult], pack, options: Options) -> str:
    from . import render as render_format

    return render_format("json", results, pack, options)  # type: ignore[return-value]
