"""Waivers: a gap accepted for a reason, shown as waived (never hidden), with an optional expiry.

File format (``--waivers FILE``, or the ``waivers:`` key of an ``auditor.yaml`` beside the report
or in a parent folder)::

    waivers:
      - rule: element.other          # a rule id or a glob such as "topic.*"
        reports: "drafts/*.docx"     # optional: glob(s) on the report path
        issuer: 青山区人民政府          # optional: match on the report's issuer …
        year: 2021                   # … and/or covered year
        section: "二、*"              # optional: glob on the section path of the evidence
        reason: 本年度无其他需要报告的事项   # required
        expires: 2026-03-31          # optional, YYYY-MM-DD; after that day the waiver stops waiving
        approved_by: 法制科           # optional

Only gaps (fail, partial) are waived. A waived finding has status ``waived`` and keeps its
original status in ``waiver["original_status"]``. An expired waiver does not apply and leaves a
note (``豁免已过期``); a rule with ``waivable: false`` is not waived and says so; a waiver that
matched no gap in the whole run is reported as stale.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from .errors import AuditorError
from .model import Finding, ReportResult


MAX_WAIVER_FILE_BYTES = 1024 * 1024
CONFIG_NAME = "auditor.yaml"
_KEYS = {"rule", "reports", "issuer", "year", "section", "reason", "expires", "approved_by"}


class WaiverError(AuditorError):
    """A waiver file that cannot be used (exit 2)."""


@dataclass(frozen=True, slots=True)
class Waiver:
    rule: str
    reason: str
    reports: tuple[str, ...] = ()
    issuer: str | None = None
    year: int | None = None
    section: str | None = None
    expires: date | None = None
    approved_by: str | None = None
    file: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def matches_report(self, result: ReportResult, base: Path | None) -> bool:
        if self.reports and not any(_path_matches(result.source, pat, base) for pat in self.reports):
            return False
        md = result.metadata
        if self.issuer is not None:
            issuer = str(md.issuer.value) if md is not None and md.issuer is not None else None
            if issuer is None or not fnmatch.fnmatchcase(issuer, self.issuer):
                return False
        if self.year is not None:
            year = md.year.value if md is not None and md.year is not None else None
            if year != self.year:
                return False
        return True

    def matches_finding(self, finding: Finding) -> bool:
        if not fnmatch.fnmatchcase(finding.rule, self.rule):
            return False
        if self.section is not None:
            return any(fnmatch.fnmatchcase(e.section, self.section)
                       or e.section.startswith(self.section) for e in finding.evidence)
        return True

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "reason": self.reason, "file": self.file,
                               "line": self.line}
        if self.reports:
            out["reports"] = list(self.reports)
        for name in ("issuer", "year", "section", "approved_by"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.expires is not None:
            out["expires"] = self.expires.isoformat()
        return out


def _path_matches(source: str, pattern: str, base: Path | None) -> bool:
    candidates = {PurePath(source).as_posix(), PurePath(source).name}
    if base is not None and source not in ("-", "<stdin>"):
        try:
            candidates.add(Path(os.path.abspath(source)).relative_to(base.resolve()).as_posix())
        except ValueError:
            pass
    return any(fnmatch.fnmatch(c, pattern) for c in candidates)


def _err(path: str, line: int | None, message: str) -> WaiverError:
    return WaiverError(message, path=path, line=line)


def parse_waivers(text: str, path: str, *, config: bool = False) -> list[Waiver]:
    """Waivers from YAML text; ``config``: an auditor.yaml, where ``waivers`` may be absent."""
    from .pack.yamlsafe import YamlProblems, load_with_positions

    try:
        data, pos = load_with_positions(text, path)
    except YamlProblems as exc:
        p = exc.problems[0]
        raise _err(path, p.line, p.message.replace("规则文件", "豁免文件")) from None

    def line_of(*jpath: Any) -> int | None:
        return pos.get(tuple(jpath), (None, None))[0]

    if data is None:
        if config:
            return []
        raise _err(path, None, "豁免文件为空，应包含 waivers: 列表")
    if not isinstance(data, dict):
        raise _err(path, line_of(), "顶层应为映射，包含 waivers: 列表")
    if "waivers" not in data:
        if config:
            return []
        raise _err(path, line_of(), "缺少 waivers: 列表")
    items = data["waivers"]
    if items is None:
        return []
    if not isinstance(items, list):
        raise _err(path, line_of("waivers"), "waivers 应为列表")
    out = []
    for i, item in enumerate(items):
        line = line_of("waivers", i)
        if not isinstance(item, dict):
            raise _err(path, line, f"第 {i + 1} 条豁免应为映射（rule、reason 等）")
        unknown = sorted(set(item) - _KEYS)
        if unknown:
            raise _err(path, line_of("waivers", i, unknown[0]) or line,
                       f"未知的豁免字段 {unknown[0]}（可用：{'、'.join(sorted(_KEYS))}）")
        rule = item.get("rule")
        if not isinstance(rule, str) or not rule.strip():
            raise _err(path, line, "豁免缺少 rule（规则 ID，或如 topic.* 的通配）")
        reason = item.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise _err(path, line, f"豁免 {rule} 缺少 reason（豁免理由必须写明）")
        reports = item.get("reports")
        if reports is None:
            reports_t: tuple[str, ...] = ()
        elif isinstance(reports, str):
            reports_t = (reports,)
        elif isinstance(reports, list) and all(isinstance(x, str) for x in reports):
            reports_t = tuple(reports)
        else:
            raise _err(path, line_of("waivers", i, "reports") or line, "reports 应为路径通配或其列表")
        expires = item.get("expires")
        exp_date = None
        if expires is not None:
            try:
                exp_date = date.fromisoformat(str(expires))
            except ValueError:
                raise _err(path, line_of("waivers", i, "expires") or line,
                           f"expires 应为 YYYY-MM-DD 格式的日期：{expires}") from None
        year = item.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            raise _err(path, line_of("waivers", i, "year") or line, f"year 应为年份数字：{year}")
        for name in ("issuer", "section", "approved_by"):
            if item.get(name) is not None and not isinstance(item[name], (str, int)):
                raise _err(path, line_of("waivers", i, name) or line, f"{name} 应为文字")
        out.append(Waiver(rule=rule.strip(), reason=reason.strip(), reports=reports_t,
                          issuer=None if item.get("issuer") is None else str(item["issuer"]),
                          year=year,
                          section=None if item.get("section") is None else str(item["section"]),
                          expires=exp_date,
                          approved_by=None if item.get("approved_by") is None
                          else str(item["approved_by"]),
                          file=path, line=line or 0))
    return out


def load_waiver_file(path: str | os.PathLike[str], *, config: bool = False) -> list[Waiver]:
    p = Path(path)
    name = str(path)
    try:
        from .readfile import read_regular

        raw = read_regular(p, MAX_WAIVER_FILE_BYTES)
        if len(raw) > MAX_WAIVER_FILE_BYTES:
            raise _err(name, None, f"豁免文件过大（超过上限 {MAX_WAIVER_FILE_BYTES} 字节）")
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise _err(name, None, "豁免文件不存在") from None
    except IsADirectoryError:
        raise _err(name, None, "是目录，不是豁免文件") from None
    except UnicodeDecodeError:
        raise _err(name, None, "豁免文件不是 UTF-8 文本") from None
    except OSError as exc:
        raise _err(name, None, f"无法读取豁免文件：{exc.strerror or exc}") from None
    return parse_waivers(text, name, config=config)


def find_config(source: str) -> Path | None:
    """The nearest ``auditor.yaml`` beside the report or in a parent folder."""
    if source in ("-", "<stdin>"):
        start = Path.cwd()
    else:
        start = Path(os.path.abspath(source)).parent
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


class Waivers:
    """Applies waivers to results as they arrive and remembers which waivers were used."""

    def __init__(self, explicit: str | None = None, *, today: date | None = None,
                 discover: bool = True) -> None:
        self.today = today or date.today()
        self.discover = discover and explicit is None
        self._files: dict[str, list[Waiver]] = {}
        self._bases: dict[str, Path] = {}
        self._used: dict[tuple[str, int], int] = {}
        self._found: dict[str, Path | None] = {}     # report folder → its auditor.yaml
        self._journal: list | None = None            # kept in a worker process (see journal())
        self._explicit = None
        if explicit is not None:
            self._explicit = self._load(Path(explicit), config=False)

    def _load(self, path: Path, *, config: bool) -> str:
        key = str(path)
        if key not in self._files:
            waivers = load_waiver_file(path, config=config)
            self._adopt(key, waivers, Path(os.path.abspath(path)).parent)
            if self._journal is not None:
                self._journal.append((key, waivers, self._bases[key]))
        return key

    def _adopt(self, key: str, waivers: list[Waiver], base: Path) -> None:
        self._files[key] = waivers
        self._bases[key] = base
        for i in range(len(waivers)):
            self._used.setdefault((key, i), 0)

    # A worker process applies waivers to the reports it audits, on its own copy of this
    # object; what that changes (files loaded, waivers used) goes back to the parent's copy
    # as a journal, so that ``stale()`` there sees the whole run, in the order of the inputs.

    def keep_journal(self) -> None:
        """Start keeping a journal of what ``apply`` changes (in a worker process)."""
        self._journal = []

    def journal(self) -> list | None:
        """What changed since the last call (None: nothing), for ``replay`` in the parent."""
        j = self._journal
        if not j:
            return None
        self._journal = []
        return j

    def replay(self, journal: list) -> None:
        """Apply a worker's journal (the worker's reports come in input order)."""
        for entry in journal:
            if len(entry) == 3:          # a waiver file loaded: (key, waivers, base)
                if entry[0] not in self._files:
                    self._adopt(*entry)
            else:                        # a waiver used: (key, index)
                self._used[entry] += 1

    @property
    def files(self) -> list[str]:
        return [k for k, v in self._files.items() if v]

    def _for(self, source: str) -> str | None:
        if self._explicit is not None:
            return self._explicit
        if not self.discover:
            return None
        # reports of a batch share folders: look for auditor.yaml once per folder
        folder = os.getcwd() if source in ("-", "<stdin>") else os.path.dirname(os.path.abspath(source))
        if folder not in self._found:
            self._found[folder] = find_config(source)
        found = self._found[folder]
        return self._load(found, config=True) if found is not None else None

    def apply(self, result: ReportResult, waivable: dict[str, bool]) -> ReportResult:
        if result.error is not None:
            return result
        key = self._for(result.source)
        if key is None or not self._files[key]:
            return result
        base = self._bases[key]
        candidates = [(i, w) for i, w in enumerate(self._files[key])
                      if w.matches_report(result, base)]
        if not candidates:
            return result
        changed = False
        findings = []
        for f in result.findings:
            new = f
            if f.status in ("fail", "partial"):
                for i, w in candidates:
                    if not w.matches_finding(f):
                        continue
                    self._used[(key, i)] += 1
                    if self._journal is not None:
                        self._journal.append((key, i))
                    info: dict[str, Any] = {k: v for k, v in w.to_dict().items()
                                            if k in ("reason", "file", "line", "approved_by",
                                                     "expires")}
                    info["original_status"] = f.status
                    if not waivable.get(f.rule, True):
                        info["refused"] = True
                        info["note"] = f"规则 {f.rule} 不可豁免，豁免未生效（{w.where}）"
                        new = replace(f, waiver=info)
                        continue
                    if w.expires is not None and w.expires < self.today:
                        info["expired"] = True
                        info["note"] = f"豁免已过期（{w.expires.isoformat()} 到期，{w.where}）"
                        new = replace(f, waiver=info)
                        continue
                    new = replace(f, status="waived", waiver=info)
                    break
            changed = changed or new is not f
            findings.append(new)
        return replace(result, findings=tuple(findings)) if changed else result

    def stale(self) -> list[dict[str, Any]]:
        out = []
        for key, waivers in self._files.items():
            for i, w in enumerate(waivers):
                if not self._used.get((key, i)):
                    out.append(w.to_dict())
        return out


def waivable_map(pack) -> dict[str, bool]:
    return {r.id: r.waivable for r in pack.all_rules}


__all__ = ["Waiver", "Waivers", "WaiverError", "parse_waivers", "load_waiver_file", "find_config",
           "waivable_map"]
