"""The self-check page: one self-contained HTML file per report, or a batch page with a matrix.

Everything the page needs is inside it: the stylesheet and the script are inlined and allowed by
a Content-Security-Policy that names their SHA-256 hashes, so nothing else can run and nothing is
fetched (``default-src 'none'``). Every string that comes from a report or from a rule is escaped
by Jinja2's autoescape; the script highlights evidence by building text nodes, never by parsing
HTML. Offsets handed to the script are counted in UTF-16 code units, as JavaScript counts them.

Public entry points (used by ``auditor check --format html`` and ``auditor serve``):

- ``render(results, pack, options) -> str``: one report page, or for several results a batch
  page (the matrix, then every report inline) — or only the index when
  ``options.index_links`` maps each source to the href of its own page;
- ``render_report(result, pack, options) -> str``;
- ``render_index(results, pack, options) -> str``;
- ``HtmlFormatter``: the ``Formatter`` of ``check --format html``.

``options`` is ``auditor.formats.Options``; the page uses ``index_links``, ``downloads``
([(label, href)], shown by serve), ``back_href`` (a link back to the upload page) and
``page_title``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..model import (
    PROFILE_SHORT_ZH,
    SEVERITY_ZH,
    STATUS_ZH,
    STATUSES,
    Evidence,
    Finding,
    ReportResult,
    field_text,
    status_zh,
)
from ..safetext import xml_text
from ..pack.compile import short_title
from . import Options, WholeRunFormatter


_TEMPLATES = Path(__file__).with_name("templates")

# Rule groups in the order a reader wants them: the five statutory elements first.
GROUP_ORDER = ("element", "meta", "structure", "content", "topic", "metric", "history")
GROUP_ZH = {
    "element": "五项法定内容（《法治政府建设与责任落实督察工作规定》）",
    "meta": "标题、年度与发布",
    "structure": "结构",
    "content": "内容质量",
    "topic": "重点工作（《法治政府建设实施纲要（2021－2025年）》）",
    "metric": "数据指标",
    "history": "与上一年度报告比较",
    "other": "其他规则",
}
# rule files are named for their group in the plural; rule ids use the singular prefix
_GROUP_ALIASES = {"elements": "element", "topics": "topic", "metrics": "metric",
                  "contents": "content", "structures": "structure"}

STATUS_CLASS = {
    "pass": "pass", "fail": "fail", "partial": "partial", "not_applicable": "na",
    "not_evaluated": "ne", "error": "error", "waived": "waived",
}
STATUS_SYMBOL = {
    "pass": "✔", "fail": "✘", "partial": "△", "not_applicable": "–", "not_evaluated": "?",
    "error": "!", "waived": "○",
}
GAP_STATUSES = ("fail", "partial", "error")
# names of the figures that non-metric rules record (share, history…), as a reader reads them
VALUE_ZH = {"chars": "字数", "share": "占全文比例", "items": "条目数",
            "without_counterpart": "未见对应的条目", "repeated": "照搬去年的条目",
            "whole": "与去年问题部分的整体重合度", "reused_share": "沿用去年文字的比例",
            "reused_chars": "沿用去年的字数"}
EVIDENCE_KIND_ZH = {"match": "命中", "near_miss": "近似，未计入", "scope": "检查范围",
                    "previous": "上一年度报告"}
CONFIDENCE_ZH = {"high": "高", "medium": "中", "low": "低"}
META_ROWS = (
    ("title", "标题"), ("year", "年度"), ("issuer", "报告主体"), ("profile", "主体类型"),
    ("published", "发布日期"), ("signature_body", "落款单位"), ("signature_date", "落款日期"),
    ("index_no", "索引号"), ("doc_no", "文号"),
)


# -- static assets and the content-security policy ----------------------------------------------


@functools.lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def csp(kind: str = "report") -> str:
    """The Content-Security-Policy of a page kind: "report" (script allowed by hash) or "form"
    (the upload page: its one script allowed by hash, forms may post to the same origin)."""
    style = _sha256(_asset("report.css"))
    if kind == "form":
        upload = _sha256(_asset("upload.js"))
        return (f"default-src 'none'; style-src {style}; script-src {upload}; img-src data:; "
                "base-uri 'none'; form-action 'self'")
    script = _sha256(_asset("report.js"))
    return (f"default-src 'none'; style-src {style}; script-src {script}; img-src data:; "
            "base-uri 'none'; form-action 'none'")


@functools.lru_cache(maxsize=1)
def _env():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,                      # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_visible,
    )
    return env


def _visible(value: Any) -> Any:
    """Every string a template prints, with control characters (an ESC, U+FFFF from a report)
    shown escaped; markup we built ourselves (``Markup``) is left as it is."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return xml_text(value)
    return value


def render_template(name: str, **context: Any) -> str:
    """Render one of our templates with the inlined assets and the policy for its kind."""
    from markupsafe import Markup

    kind = context.pop("csp_kind", "report")
    return _env().get_template(name).render(
        css=Markup(_asset("report.css")),
        js=Markup(_asset("report.js" if kind == "report" else "upload.js")),
        csp=csp(kind), **context)


# -- view models ---------------------------------------------------------------------------------


def _utf16(text: str, index: int) -> int:
    """``index`` (code points) as a JavaScript string index (UTF-16 code units)."""
    head = text[:index]
    return index + sum(1 for ch in head if ord(ch) > 0xFFFF)


def _locate(line_text: str, ev: Evidence) -> tuple[int, int] | None:
    """Where the evidence sits in its line, as UTF-16 offsets (the span if there is one)."""
    quote = ev.quote
    pos = line_text.find(quote) if quote else -1
    if pos < 0 and " / " in quote:        # a quote joined from several lines: keep the first
        quote = quote.split(" / ")[0]
        pos = line_text.find(quote) if quote else -1
    if pos < 0:
        return None
    if ev.span is not None:
        a, b = pos + ev.span[0], pos + ev.span[1]
        a, b = max(pos, min(a, pos + len(quote))), max(pos, min(b, pos + len(quote)))
        if b <= a:
            a, b = pos, pos + len(quote)
    else:
        a, b = pos, pos + len(quote)
    return _utf16(line_text, a), _utf16(line_text, b)


def _group_of(finding: Finding, pack) -> str:
    group = None
    if pack is not None:
        try:
            rule = pack.rule(finding.rule)
        except Exception:  # an unknown id: a rule of another pack version
            rule = None
        group = getattr(rule, "group", None)
    if group:
        group = _GROUP_ALIASES.get(group, group)
    if group not in GROUP_ORDER:
        prefix = finding.rule.split(".", 1)[0]
        group = _GROUP_ALIASES.get(prefix, prefix)
    return group if group in GROUP_ORDER else "other"


def _group_tally(rows: list[dict[str, Any]]) -> str:
    """The note beside a group's heading: "无问题" only when its rules were looked at and met."""
    gaps = sum(1 for r in rows if r["gap"])
    if gaps:
        return f"{gaps} 项问题"
    unevaluated = sum(1 for r in rows if r["status"] == "not_evaluated")
    if unevaluated == len(rows):
        return "未评估"
    if all(r["status"] in ("not_evaluated", "not_applicable") for r in rows):
        return "不适用" if not unevaluated else f"{unevaluated} 项未评估"
    return f"无问题，{unevaluated} 项未评估" if unevaluated else "无问题"


def verdict(result: ReportResult) -> str:
    """The one-line verdict of the summary, in Chinese."""
    if result.error:
        return "无法读取该报告，未能检查"
    from ..evaluate import precondition_failed

    blocker = precondition_failed(result)
    if blocker is not None:   # e.g. a news item uploaded instead of the report: nothing to fix in it
        return f"{blocker.message}，未逐项检查；请提交法治政府建设年度报告全文"
    counts = result.summary()
    # a report with a publication date is already public: advice for the next report, not "报送"
    published = result.metadata is not None and result.metadata.published is not None
    parts = []
    if counts["fail"]:
        parts.append(f"{counts['fail']} 项缺失")
    if counts["partial"]:
        parts.append(f"{counts['partial']} 项不充分")
    if counts["error"]:
        parts.append(f"{counts['error']} 项规则出错")
    if parts:
        serious = any(f.status in GAP_STATUSES and f.severity == "error" for f in result.findings)
        if published:
            advice = "报告已公开，建议在下一年度报告中补正" if serious else "报告已公开，可在下一年度报告中完善"
        else:
            advice = "建议修改后再报送" if serious else "建议酌情完善"
        text = "发现 " + "、".join(parts) + "，" + advice
    else:
        text = "未发现缺失或不充分的项目" + ("" if published else "，可以报送")
    if counts["not_evaluated"]:
        text += f"；另有 {counts['not_evaluated']} 项未能评估，请人工核对"
    return text


def _verdict_class(result: ReportResult) -> str:
    if result.error:
        return "error"
    counts = result.summary()
    if counts["fail"] or counts["error"]:
        return "fail"
    if counts["partial"]:
        return "partial"
    return "pass"


def report_view(result: ReportResult, pack, rid: str) -> dict[str, Any]:
    """Everything the report template shows, as plain data (strings are escaped by Jinja)."""
    doc = result.document
    lines: list[dict[str, Any]] = []
    texts: dict[int, str] = {}
    if doc is not None:
        heading_lines = {sec.line: min(sec.level, 6) for sec in doc.sections()}
        dropped = {ln.no: why for ln, why in doc.dropped}
        rows = [(ln, False) for ln in doc.lines] + [(ln, True) for ln, _ in doc.dropped]
        for ln, chrome in sorted(rows, key=lambda r: r[0].no):
            texts[ln.no] = ln.text
            lines.append({"no": ln.no, "text": ln.text, "chrome": chrome,
                          "why": dropped.get(ln.no, "") if chrome else "",
                          "heading": 0 if chrome else heading_lines.get(ln.no, 0)})
        outline = [{"heading": sec.heading, "line": sec.line, "depth": min(sec.level, 6)}
                   for sec in doc.sections()]
    else:
        outline = []

    def anchor(no: int | None) -> str | None:
        return f"{rid}-L{no}" if no is not None and no in texts else None

    meta_rows = []
    md = result.metadata
    if md is not None:
        for name, label in META_ROWS:
            field = getattr(md, name)
            if field is None:
                meta_rows.append({"label": label, "value": None})
                continue
            meta_rows.append({
                "label": label, "value": field_text(name, field), "line": field.line,
                "anchor": anchor(field.line), "source": field.source,
                "confidence": CONFIDENCE_ZH.get(field.confidence, field.confidence),
            })

    groups: dict[str, list[dict[str, Any]]] = {}
    for f in result.findings:
        evidence = []
        for ev in f.evidence:
            # a line of last year's report is not a line of this page
            target = anchor(ev.line) if ev.kind != "previous" else None
            where = _locate(texts[ev.line], ev) if target else None
            evidence.append({
                "line": ev.line, "section": ev.section, "quote": ev.quote, "kind": ev.kind,
                "kind_zh": EVIDENCE_KIND_ZH.get(ev.kind, ev.kind), "note": ev.note,
                "target": target, "start": where[0] if where else None,
                "end": where[1] if where else None,
            })
        values = []
        if f.values:
            v = f.values
            if "name" in v and "value" in v:
                values.append(f"{v.get('name')}：{v.get('value')}{v.get('unit') or ''}")
            else:
                values.extend(f"{VALUE_ZH.get(str(k), k)}：{val}"
                              for k, val in sorted(v.items(), key=lambda kv: str(kv[0])))
        groups.setdefault(_group_of(f, pack), []).append({
            "rule": f.rule, "title": f.title, "severity": f.severity,
            "severity_zh": SEVERITY_ZH.get(f.severity, f.severity),
            "status": f.status, "status_zh": status_zh(f),
            "status_class": STATUS_CLASS.get(f.status, "ne"),
            "gap": f.status in GAP_STATUSES, "message": f.message, "basis": f.basis,
            "fix": f.fix if f.status in GAP_STATUSES else "", "evidence": evidence,
            "figures": values, "waiver": dict(f.waiver) if f.waiver else None,
            "pairs": _pairs(evidence),
        })
    ordered = [{"key": g, "label": GROUP_ZH[g], "rows": groups[g],
                "gaps": sum(1 for r in groups[g] if r["gap"]), "tally": _group_tally(groups[g])}
               for g in (*GROUP_ORDER, "other") if g in groups]

    counts = result.summary()
    status_counts = [{"status": s, "zh": STATUS_ZH[s], "n": counts[s], "cls": STATUS_CLASS[s]}
                     for s in STATUSES if counts[s]]
    severity_counts = []
    for sev in ("error", "warning", "info"):
        n = sum(1 for f in result.findings if f.severity == sev and f.status in GAP_STATUSES)
        severity_counts.append({"severity": sev, "zh": SEVERITY_ZH[sev], "n": n})

    title = None
    if md is not None and md.title is not None:
        title = str(md.title.value)
    return {
        "rid": rid, "source": result.source, "title": title or result.source,
        "sha256": result.sha256, "error": result.error,
        "profile": PROFILE_SHORT_ZH.get(result.profile or "", result.profile or ""),
        "profile_source": result.profile_source, "meta": meta_rows,
        "traditional": bool(md.traditional) if md is not None else False,
        "status_counts": status_counts, "severity_counts": severity_counts,
        "total": counts["total"], "verdict": verdict(result),
        "verdict_class": _verdict_class(result), "groups": ordered,
        "lines": lines, "outline": outline, "has_text": doc is not None,
    }


def _pairs(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Last year's items beside this year's counterparts (history rules): one row for each
    piece of "previous" evidence, with the evidence at its counterpart line, or none."""
    if not any(e["kind"] == "previous" for e in evidence):
        return []
    rows = []
    for i, e in enumerate(evidence):
        if e["kind"] != "previous":
            continue
        after = evidence[i + 1] if i + 1 < len(evidence) else None
        partner = after if after is not None and after["kind"] != "previous" else None
        rows.append({"last": e, "this": partner,
                     "followed": partner is not None and partner["kind"] == "match"})
    return rows


def matrix_view(results: Sequence[ReportResult], pack,
                links: Mapping[str, str] | Sequence[str | None]) -> dict[str, Any]:
    """Reports × rules: the rule columns in pack order (grouped as on the report page).
    ``links`` gives each row's href, by source or by position."""
    if isinstance(links, Mapping):
        hrefs = [links.get(r.source) for r in results]
    else:
        hrefs = list(links) + [None] * max(0, len(results) - len(links))
    rule_ids: list[str] = []
    titles: dict[str, str] = {}
    shorts: dict[str, str] = {}
    if pack is not None:
        for rule in getattr(pack, "rules", ()):
            rule_ids.append(rule.id)
            titles[rule.id] = rule.title
            shorts[rule.id] = getattr(rule, "short", "") or short_title(rule.title)
    for r in results:
        for f in r.findings:
            if f.rule not in titles:
                rule_ids.append(f.rule)
                titles[f.rule] = f.title
                shorts[f.rule] = short_title(f.title)
    order = {g: i for i, g in enumerate((*GROUP_ORDER, "other"))}
    fake = {rid: Finding(rule=rid, title="", severity="info", status="pass", message="", basis="")
            for rid in rule_ids}
    rule_ids.sort(key=lambda rid: order[_group_of(fake[rid], pack)])   # stable: pack order kept
    columns = [{"id": rid, "title": titles[rid], "short": shorts[rid]} for rid in rule_ids]
    review = None
    if pack is not None and hasattr(pack, "rules"):
        from ..compare import SCORE_NOTE, matrix_data
        from .charts import charts

        data = matrix_data(results, pack)
        scores = {id(r): rep["score"] for r, rep in zip(results, data["reports"])}
        review = {"charts": charts(data), "score_note": SCORE_NOTE}
    else:
        scores = {}
    rows = []
    for r, href in zip(results, hrefs):
        by_rule = {f.rule: f for f in r.findings}
        cells = []
        for rid in rule_ids:
            found = by_rule.get(rid)
            if found is None:
                cells.append({"symbol": "", "cls": "none", "zh": "", "message": ""})
            else:
                cells.append({"symbol": STATUS_SYMBOL.get(found.status, "?"),
                              "cls": STATUS_CLASS.get(found.status, "ne"),
                              "zh": status_zh(f), "message": found.message})
        title = r.metadata.title.value if r.metadata is not None and r.metadata.title else ""
        counts = r.summary()
        rows.append({"source": r.source, "title": str(title), "href": href,
                     "error": r.error, "cells": cells, "fail": counts["fail"],
                     "partial": counts["partial"], "verdict": verdict(r),
                     "verdict_class": _verdict_class(r),
                     "score": None if scores.get(id(r)) is None else f"{scores[id(r)] * 100:.0f}%"})
    legend = [{"symbol": STATUS_SYMBOL[s], "zh": STATUS_ZH[s], "cls": STATUS_CLASS[s]}
              for s in STATUSES]
    return {"columns": columns, "rows": rows, "legend": legend, "review": review}


def _pack_info(pack) -> dict[str, str]:
    if pack is None:
        return {"name": "", "version": ""}
    return {"name": str(getattr(pack, "name", "")), "version": str(getattr(pack, "version", ""))}


def _common(options: Options) -> dict[str, Any]:
    # "下载 JSON", but "下载带批注的 Word 文档"
    downloads = [{"label": str(label), "href": str(href),
                  "text": ("下载 " if str(label)[:1].isascii() else "下载") + str(label)}
                 for label, href in options.downloads]
    return {"downloads": downloads, "back_href": options.back_href}


# -- entry points --------------------------------------------------------------------------------


def render_report(result: ReportResult, pack, options: Options | None = None) -> str:
    """One report's page."""
    options = options or Options()
    view = report_view(result, pack, "r1")
    title = options.page_title or f"自查报告：{view['title']}"
    return render_template("page.html", page_title=title, reports=[view], matrix=None,
                           pack=_pack_info(pack), **_common(options))


def render_index(results: Iterable[ReportResult], pack, options: Options | None = None) -> str:
    """The batch index: the matrix, each row linking to ``options.index_links[source]``, or
    else to the per-report file names that ``auditor check DIR/ --output OUT/`` writes beside
    the index (``auditor.output``)."""
    results = list(results)
    options = options or Options()
    links: Mapping[str, str] | Sequence[str | None] | None = options.index_links
    if links is None:
        from urllib.parse import quote

        from ..output import per_report_names

        # file names as relative links: "#", "?" and "%" in a name would cut or change them
        links = [quote(name) for name in per_report_names([r.source for r in results], "html")]
    title = options.page_title or f"批量自查：{len(results)} 份报告"
    return render_template("page.html", page_title=title, reports=[],
                           matrix=matrix_view(results, pack, links), pack=_pack_info(pack),
                           **_common(options))


def render_batch(results: Iterable[ReportResult], pack, options: Options | None = None) -> str:
    """One page holding the matrix and every report (links are anchors within the page)."""
    results = list(results)
    options = options or Options()
    views = [report_view(r, pack, f"r{i}") for i, r in enumerate(results, 1)]
    links: dict[str, str] = {}
    for i, r in enumerate(results, 1):
        links.setdefault(r.source, f"#r{i}")
    title = options.page_title or f"批量自查：{len(results)} 份报告"
    return render_template("page.html", page_title=title, reports=views,
                           matrix=matrix_view(results, pack, links), pack=_pack_info(pack),
                           **_common(options))


def render(results: Iterable[ReportResult], pack, options: Options | None = None) -> str:
    """One report's page; for several results a batch page (the matrix, then every report
    inline); only the index when ``options.index_links`` is given."""
    results = list(results)
    options = options or Options()
    if options.index_links:
        return render_index(results, pack, options)
    if len(results) == 1:
        return render_report(results[0], pack, options)
    return render_batch(results, pack, options)


class HtmlFormatter(WholeRunFormatter):
    """``check --format html``: the whole run on one page; with ``--output DIR/`` the run
    writes each report's page with ``render`` and the batch ``index``."""

    def __init__(self, pack, options: Options) -> None:
        super().__init__(sys.modules[__name__], pack, options)

    def index(self, results: Sequence[ReportResult]) -> str:
        return render_index(results, self.pack, self.options)
