"""Baselines: gaps already present in an earlier JSON result do not fail the gate.

A gap is keyed on (rule id, report identity, section path of its first evidence). Report
identity is issuer + year when both are known, else the content hash, else the source path.
Line numbers are never part of the key: they shift with every edit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .formats import identity, identity_of
from .gate import GAP
from .model import Finding, ReportResult


MAX_BASELINE_BYTES = 64 * 1024 * 1024

Key = tuple[str, str, str]


def _section(evidence: list[Any] | tuple[Any, ...]) -> str:
    if not evidence:
        return ""
    first = evidence[0]
    section = first.get("section", "") if isinstance(first, dict) else first.section
    return " ".join(str(section or "").split())


def finding_key(result: ReportResult, finding: Finding) -> Key:
    return (finding.rule, identity(result), _section(finding.evidence))


def was_gap(finding: dict[str, Any]) -> bool:
    status = finding.get("status")
    if status == "waived":
        status = (finding.get("waiver") or {}).get("original_status")
    return status in GAP


def report_identity(report: dict[str, Any]) -> str:
    """Identity of a report in a JSON result (same rule as ``formats.identity``)."""
    if report.get("identity"):
        return str(report["identity"])
    md = report.get("metadata") or {}
    issuer = (md.get("issuer") or {}).get("value") if isinstance(md.get("issuer"), dict) else None
    year = (md.get("year") or {}).get("value") if isinstance(md.get("year"), dict) else None
    return identity_of(issuer, year, report.get("sha256"), report.get("source"))


def load_result_json(path: str) -> dict[str, Any]:
    """Read an earlier ``auditor check --format json`` output; InputError when it is not one."""
    p = Path(path)
    try:
        from .readfile import read_regular

        raw = read_regular(p, MAX_BASELINE_BYTES)
        if len(raw) > MAX_BASELINE_BYTES:
            raise InputError("文件过大，不像 auditor 的 JSON 结果", path=path)
        data = json.loads(raw.decode("utf-8-sig"))
    except FileNotFoundError:
        raise InputError("文件不存在", path=path) from None
    except IsADirectoryError:
        raise InputError("是目录，不是 JSON 结果文件", path=path) from None
    except OSError as exc:
        raise InputError(f"无法读取：{exc.strerror or exc}", path=path) from None
    except UnicodeDecodeError:
        raise InputError("不是 UTF-8 文本，不是 auditor 的 JSON 结果", path=path) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}",
                         path=path, line=exc.lineno, col=exc.colno) from None
    if not isinstance(data, dict) or "schema_version" not in data or not isinstance(
            data.get("reports"), list):
        raise InputError("不是 auditor check --format json 的输出（缺少 schema_version 或 reports）",
                         path=path)
    if not str(data["schema_version"]).startswith(("1.", "2.")):
        raise InputError(f"不支持的结果版本 {data['schema_version']}（本程序读取 1.x 和 2.x）", path=path)
    for i, report in enumerate(data["reports"]):
        if not isinstance(report, dict) or not isinstance(report.get("findings", []), list):
            raise InputError(f"reports[{i}] 的结构不正确", path=path)
    return data


@dataclass(frozen=True, slots=True)
class Baseline:
    path: str
    keys: frozenset[Key]

    def has(self, result: ReportResult, finding: Finding) -> bool:
        return finding_key(result, finding) in self.keys


def load_baseline(path: str) -> Baseline:
    data = load_result_json(path)
    keys: set[Key] = set()
    for report in data["reports"]:
        ident = report_identity(report)
        for f in report.get("findings") or ():
            if isinstance(f, dict) and was_gap(f):
                keys.add((str(f.get("rule")), ident, _section(f.get("evidence") or [])))
    return Baseline(path, frozenset(keys))
