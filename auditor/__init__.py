"""auditor — 法治政府建设年度报告合规审查.

The public API (everything else may change)::

    from auditor import read_document, load_pack, audit
    doc = read_document("corpus/xialu-2024.txt")
    pack = load_pack()                 # the default pack; or load_pack(["rules/my-province"])
    result = audit(doc, pack)          # -> ReportResult with one Finding per rule

    from auditor import run, Run       # a whole run: waivers, baseline, the gate's exit code
    outcome = run(["corpus/"], fail_on="warning")
    outcome.results, outcome.exit_code

Heavy modules are imported on first use so that ``import auditor`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "read_document", "load_pack", "audit", "run", "Run", "RunResult", "Tally", "Limits",
    "Document", "Section", "Line", "Metadata", "Field", "Finding", "Evidence", "ReportResult",
    "AuditorError", "InputError", "RulePackError", "__version__",
]

if TYPE_CHECKING:  # pragma: no cover
    from .errors import AuditorError, InputError, RulePackError
    from .evaluate import audit
    from .limits import Limits
    from .model import Document, Evidence, Field, Finding, Line, Metadata, ReportResult, Section
    from .pack import load_pack
    from .gate import Tally
    from .pipeline import read_document
    from .runner import Run, RunResult, run

_LAZY = {
    "read_document": ".pipeline", "load_pack": ".pack", "audit": ".evaluate", "Limits": ".limits",
    "run": ".runner", "Run": ".runner", "RunResult": ".runner", "Tally": ".gate",
    "AuditorError": ".errors", "InputError": ".errors", "RulePackError": ".errors",
    **{n: ".model" for n in ("Document", "Section", "Line", "Metadata", "Field", "Finding",
                             "Evidence", "ReportResult")},
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'auditor' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
