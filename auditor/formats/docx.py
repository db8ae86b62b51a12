"""``--format docx``: the report itself with the findings as Word comments (批注), the way a
colleague's review comes back.

A Word report gets a copy of its own file: nothing in it changes but the comment anchors
(``wordpackage.annotate``). Any other input (.txt, .html/.mht, .pdf) gets a new Word file
holding the text as read, one paragraph per line, the title and the headings in Word's Title
and Heading styles at their levels (``wordpackage.build``).

Each gap — ✘ 缺失 and △ 不充分, and ? 未评估 when it points at something in the text — is one
comment, anchored on the sentence the rule quoted as evidence; a rule that found nothing to
quote is anchored where it looked (the heading of the part it searched), and, with no such
place, on the title, as are the 元数据 rules (meta.*). A summary comment on the title gives
the verdict in one line and the counts. The comments' author is "auditor" (``--comment-author``
sets another) and their date is now — the only timestamp written.
"""

from __future__ import annotations

import sys
import hashlib
from typing import TYPE_CHECKING, Sequence

from ..errors import InputError, UsageError
from ..model import STATUS_ZH, Document, Finding, ReportResult
from . import SYMBOL, Options, WholeRunFormatter, summary_line

if TYPE_CHECKING:  # annotations only
    from .wordpackage import Note, Placed

DEFAULT_AUTHOR = "auditor"
# statuses that get a comment: the gaps, and 未评估 when the rule quotes the text
GAP_STATUSES = ("fail", "partial")
# how far past its line a quote is looked for (a table row is one line over several paragraphs)
_MAX_ROW_PARAGRAPHS = 200


def commented(finding: Finding) -> bool:
    """Whether a finding becomes a comment."""
    if finding.status in GAP_STATUSES:
        return True
    return finding.status == "not_evaluated" and bool(finding.evidence)


def comment_text(finding: Finding) -> tuple[str, ...]:
    """The comment's paragraphs: verdict and rule, the reason, what to do, the basis."""
    lines = [f"{SYMBOL[finding.status]} {STATUS_ZH[finding.status]}：{finding.title}"]
    reason = finding.message.strip()
    evidence = _anchor_evidence(finding)
    if evidence is not None and evidence.note:
        reason = f"{reason}（{evidence.note}）" if reason else evidence.note
    if reason:
        lines.append(reason)
    if finding.fix.strip():
        lines.append(f"建议：{finding.fix.strip()}")
    if finding.basis.strip():
        lines.append(f"依据：{finding.basis.strip()}")
    return tuple(lines)


def summary_text(result: ReportResult, notes: int) -> tuple[str, ...]:
    """The summary comment on the title: the verdict in one line, then the counts."""
    counts = result.summary()
    gaps = counts["fail"] + counts["partial"]
    if gaps:
        verdict = f"auditor 审查：有 {gaps} 处缺项需要补充或完善（✘ 缺失 {counts['fail']}，△ 不充分 {counts['partial']}）"
    else:
        verdict = "auditor 审查：未发现缺项"
    lines = [verdict, summary_line(result) + "。"]
    if notes:
        lines.append(f"每处缺项已在相应位置加批注（共 {notes} 条）。")
    return tuple(lines)


def _anchor_evidence(finding: Finding):
    for kinds in (("match", "near_miss"), ("scope",)):
        for e in finding.evidence:
            if e.kind in kinds:
                return e
    return None


def _title_line(doc: Document) -> int:
    title = doc.metadata.title if doc.metadata is not None else None
    if title is not None and title.line is not None:
        return title.line
    return doc.lines[0].no


def _quotes(quote: str) -> tuple[str, ...]:
    """The evidence quote, then its pieces between table cells, longest first."""
    out = [quote]
    if " | " in quote:
        out += sorted((q.strip() for q in quote.split(" | ") if q.strip()), key=len, reverse=True)
    return tuple(out)


def notes_for(result: ReportResult, paragraph_range) -> tuple[list[Note], list[Finding]]:
    """The summary note and one note per commented finding (in the report's order), placed
    through ``paragraph_range(line) -> (first, last)`` paragraph indexes; and the findings."""
    from .wordpackage import Note

    doc = result.document
    if doc is None:                     # audited without keep_document: nothing to place
        raise ValueError(f"{result.source}: the Word copy needs the audited document")
    title = paragraph_range(_title_line(doc))
    findings = [f for f in result.findings if commented(f)]
    notes = [Note(title[0], title[0], (), summary_text(result, len(findings)))]
    for f in findings:
        evidence = _anchor_evidence(f)
        if evidence is None:
            notes.append(Note(title[0], title[0], (), comment_text(f)))
        else:
            first, last = paragraph_range(evidence.line)
            notes.append(Note(first, last, _quotes(evidence.quote), comment_text(f)))
    return notes, findings


def _now(options: Options) -> str:
    stamp = options.timestamp
    if not stamp:
        from datetime import datetime, timezone

        stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    return stamp.replace("+00:00", "Z")


def _source_bytes(result: ReportResult, options: Options) -> bytes:
    """The Word file's bytes: handed over by the caller (serve), or read again from its path
    and checked to be the file that was audited."""
    given = (options.source_data or {}).get(result.source)
    if given is not None:
        return given
    if result.source in ("-", "<stdin>"):
        raise UsageError("从标准输入读入的 Word 文件无法生成带批注的副本，请直接给出文件路径", path="<stdin>")
    from ..ingest import _read_path

    data = _read_path(result.source, options.limits or _default_limits())
    if hashlib.sha256(data).hexdigest() != result.sha256:
        raise InputError("文件在审查过程中被修改，请重新审查", path=result.source)
    return data


def _default_limits():
    from ..limits import DEFAULT_LIMITS

    return DEFAULT_LIMITS


def _line_numbers(doc: Document) -> list[int]:
    return sorted({line.no for line in doc.lines} | {line.no for line, _ in doc.dropped})


def review(result: ReportResult, options: Options) -> tuple[bytes, list[Placed], list[Finding]]:
    """The commented Word file of one audited report, where each note went, and the findings
    commented (the summary is the first note)."""
    import bisect

    from . import wordpackage

    if result.error is not None:
        raise InputError(result.error, path=result.source)
    doc = result.document
    if doc is None:
        raise UsageError("docx 格式需要报告原文（审查时未保留）", path="--format")
    author = (options.comment_author or DEFAULT_AUTHOR).strip() or DEFAULT_AUTHOR
    date = _now(options)
    numbers = _line_numbers(doc)
    if doc.file_format == "docx":
        def paragraph_range(line: int) -> tuple[int, int]:
            # source line n of a Word file is its paragraph n
            at = bisect.bisect_right(numbers, line)
            following = numbers[at] if at < len(numbers) else line + 1
            return line - 1, min(following - 2, line - 1 + _MAX_ROW_PARAGRAPHS)

        notes, findings = notes_for(result, paragraph_range)
        data = _source_bytes(result, options)
        limits = options.limits or _default_limits()
        out, placed = wordpackage.annotate(data, result.source, limits, notes,
                                           author=author, date=date)
        return out, placed, findings

    paragraphs, index_of = text_paragraphs(doc)

    def text_range(line: int) -> tuple[int, int]:
        return index_of.get(line, (0, 0))

    notes, findings = notes_for(result, text_range)
    out, placed = wordpackage.build(paragraphs, notes, author=author, date=date)
    return out, placed, findings


def text_paragraphs(doc: Document) -> tuple[list[tuple[str, str | None]], dict[int, tuple[int, int]]]:
    """The paragraphs of the new Word file for a report that was not a Word file: every line
    read, the lines taken as site chrome included (the text as read), in source order; the
    title in the Title style, heading lines in Heading 1… at their levels (a paragraph that
    only opens with its point, "一是……。" and text after it, stays a body paragraph). And for each source
    line number the range of paragraph indexes it became."""
    styles: dict[int, str] = {}
    title_line = doc.metadata.title.line if doc.metadata and doc.metadata.title else None
    for sec in doc.sections():
        if not 0 <= sec.start < len(doc.lines):
            continue
        line = doc.lines[sec.start]
        # a heading line, not a paragraph that opens with its point ("一是……。正文……")
        if not line.text[sec.title_span[1]:].strip(" \t\u3000。．.：:；;，,"):
            styles[id(line)] = f"Heading{min(max(sec.level, 1), 9)}"
    lines = sorted([*doc.lines, *(line for line, _ in doc.dropped)], key=lambda ln: ln.no)
    paragraphs: list[tuple[str, str | None]] = []
    index_of: dict[int, tuple[int, int]] = {}
    titled = False
    for i, line in enumerate(lines):
        style = styles.get(id(line))
        if style is None and not titled and line.no == title_line:
            style, titled = "Title", True
        paragraphs.append((line.text, style))
        first, _ = index_of.get(line.no, (i, i))
        index_of[line.no] = (first, i)
    return paragraphs, index_of


def render(results: Sequence[ReportResult], pack, options: Options) -> bytes:
    if len(results) != 1:
        raise UsageError("docx 格式每份报告输出一个 Word 文件：审查多份报告时请用 --output 指定一个目录",
                         path="--format")
    return review(results[0], options)[0]


class DocxFormatter(WholeRunFormatter):
    """``check --format docx``: one report's Word copy; nothing for a report that could not
    be read (its line on standard error says why)."""

    def __init__(self, pack, options: Options) -> None:
        super().__init__(sys.modules[__name__], pack, options)

    def end(self, tally) -> bytes:
        if len(self.results) == 1 and self.results[0].error is not None:
            return b""
        return render(self.results, self.pack, self.options)
