"""Plain data passed between the steps: ingest → clean → metadata → segment → evaluate → format.

Every piece of report text keeps the line number it had in the source file, so evidence can
point back to it. ``Line.text`` is the text as read (for quoting); ``Line.norm`` is the same
text normalised for matching (half-width digits and Latin letters, full-width Chinese
punctuation, simplified characters) and has exactly the same length, so an offset found in
``norm`` is an offset in ``text``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator, Mapping


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True, slots=True)
class Line:
    """One line of report text.

    ``no`` is the 1-based line number in the source file. For .docx it is the paragraph
    number in document order (table cells count as paragraphs); for HTML it is the line of
    the element's start tag in the page source; for PDF it is the line number in the
    extracted text.
    """

    no: int
    text: str
    norm: str


@dataclass(frozen=True, slots=True)
class RawText:
    """What a loader returns: every line of the input, chrome included."""

    source: str                      # path as given, or "<stdin>"
    file_format: str                 # "text" | "html" | "mhtml" | "docx" | "pdf"
    encoding: str | None             # detected encoding for text/html, None for binary formats
    lines: tuple[Line, ...]
    sha256: str                      # of the input bytes
    size: int                        # input size in bytes
    # line no → heading level from the file's own markup (docx heading styles, html <h1>-<h6>)
    heading_hints: Mapping[int, int] = field(default_factory=dict)
    title_hint: str | None = None    # html <title>, docx core properties title
    # extra fields found in page markup, e.g. <meta name="PubDate" content="2025-02-28">
    meta_hints: Mapping[str, str] = field(default_factory=dict)
    # whether the lines are 繁体 (normalize.looks_traditional of their text), when the loader
    # found it out on the way; None: clean looks
    traditional: bool | None = None
    # lines where bytes that are not text in the file's encoding were replaced by U+FFFD
    # (a stray 0xFF or NUL, a Latin-1 word in UTF-8), first lines only; () when none
    replaced_lines: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class CleanText:
    """Report lines with site chrome removed. Nothing but chrome is ever removed."""

    raw: RawText
    lines: tuple[Line, ...]
    dropped: tuple[tuple[Line, str], ...]   # (line, id of the boilerplate entry that matched)
    traditional: bool                        # the page was in 繁体 and norm holds 简体


# ---------------------------------------------------------------------------------------------
# Metadata


@dataclass(frozen=True, slots=True)
class Field:
    """A metadata value with where it came from and how sure we are."""

    value: Any                 # str | int | date
    line: int | None           # source line number, None when not from the text (e.g. file name)
    quote: str                 # the text it was read from
    source: str                # how it was found, in Chinese, e.g. "发布日期字段", "落款", "标题"
    confidence: str = "high"   # "high" | "medium" | "low"

    def to_dict(self) -> dict[str, Any]:
        value = self.value.isoformat() if isinstance(self.value, date) else self.value
        return {"value": value, "line": self.line, "quote": self.quote,
                "source": self.source, "confidence": self.confidence}


# the profile of a report: the kind of body that reports (set by --profile or read from its name)
PROFILES = ("government", "department", "township")
PROFILE_SHORT_ZH = {"government": "政府", "department": "政府部门", "township": "乡镇（街道）"}


def field_text(name: str, field: "Field") -> str:
    """A metadata value as shown to a reader: dates as YYYY-MM-DD, profiles in Chinese."""
    value = field.value
    if name == "profile":
        return PROFILE_SHORT_ZH.get(str(value), str(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True, slots=True)
class Metadata:
    title: Field | None = None
    year: Field | None = None            # covered year (int)
    issuer: Field | None = None          # reporting body, e.g. 黄石市下陆区人民政府
    published: Field | None = None       # publication date (date): 发布日期/发布时间/成文日期…
    signature_body: Field | None = None  # 落款单位
    signature_date: Field | None = None  # 落款日期 (date)
    index_no: Field | None = None        # 索引号
    doc_no: Field | None = None          # 文号
    profile: Field | None = None         # "government" | "department" | "township"
    traditional: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("title", "year", "issuer", "published", "signature_body", "signature_date",
                     "index_no", "doc_no", "profile"):
            value = getattr(self, name)
            out[name] = value.to_dict() if value is not None else None
        out["traditional"] = self.traditional
        return out


# ---------------------------------------------------------------------------------------------
# Section tree

# Numbering styles, from the outermost to the innermost in the usual hierarchy.
STYLES = ("part", "cn", "paren_cn", "arabic", "paren_arabic", "circled", "ordinal")


@dataclass(frozen=True, slots=True)
class Item:
    """An inline enumeration item (一是… 二是…) that is not a heading of its own."""

    number: int
    marker: str        # as written, e.g. "二是"
    index: int         # index into Document.lines
    offset: int        # character offset of the marker in that line


@dataclass(eq=False, slots=True)
class Section:
    """A heading and everything under it, down to the next heading of the same or a higher level.

    The root section (level 0) is the whole document. ``start``/``end`` index
    ``Document.lines`` (end exclusive); the heading is ``lines[start]``; a heading that runs
    into its paragraph has its body on the same line, after ``title_span``.
    """

    level: int                       # 0 for the root, 1 for top-level headings, …
    style: str                       # one of STYLES, or "root"
    number: int | None               # value of the marker: 一 → 1, （3）→ 3
    marker: str                      # as written, e.g. "一、", "(一)", "1."
    title: str                       # heading text without the marker
    start: int
    end: int
    line: int                        # source line number of the heading
    end_line: int                    # source line number of the last line
    title_span: tuple[int, int] = (0, 0)   # offsets of the title within lines[start].text
    path: tuple[str, ...] = ()       # headings from the top, e.g. ("二、存在问题", "（一）…")
    children: list["Section"] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    # a part without a heading, opened by its paragraph's first words ("同时，……还存在一些不足："):
    # the title is that opening clause and the whole paragraph is the part's body
    opening: bool = False

    def walk(self) -> Iterator["Section"]:
        """This section and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def heading(self) -> str:
        """Marker and title as shown to the user, e.g. "二、存在问题"."""
        return f"{self.marker}{self.title}" if self.level else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "style": self.style,
            "number": self.number,
            "marker": self.marker,
            "title": self.title,
            "line": self.line,
            "end_line": self.end_line,
            "items": len(self.items),
            "children": [c.to_dict() for c in self.children],
        }


@dataclass(eq=False, slots=True)
class Document:
    """A report ready for evaluation."""

    source: str
    file_format: str                 # as RawText.file_format
    sha256: str
    lines: tuple[Line, ...]
    root: Section
    metadata: Metadata
    dropped: tuple[tuple[Line, str], ...] = ()
    encoding: str | None = None
    size: int = 0
    replaced_lines: tuple[int, ...] = ()    # RawText.replaced_lines
    # derived lazily: the whole normalised text joined by "\n", and where each line starts
    _text: str | None = None
    _starts: list[int] | None = None
    _owner: list[Section] | None = None

    # -- text and offsets ---------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The normalised text of all lines joined with "\\n" (for matching)."""
        if self._text is None:
            self._build_offsets()
        return self._text  # type: ignore[return-value]

    @property
    def line_starts(self) -> list[int]:
        if self._starts is None:
            self._build_offsets()
        return self._starts  # type: ignore[return-value]

    def _build_offsets(self) -> None:
        starts: list[int] = []
        pos = 0
        for line in self.lines:
            starts.append(pos)
            pos += len(line.norm) + 1
        self._starts = starts
        self._text = "\n".join(line.norm for line in self.lines)

    def index_at(self, offset: int) -> int:
        """Index into ``lines`` of the line holding the character at ``offset`` of ``text``."""
        return max(0, bisect.bisect_right(self.line_starts, offset) - 1)

    def span_of(self, section: Section) -> tuple[int, int]:
        """Character range of a section in ``text`` (end exclusive)."""
        starts = self.line_starts
        if section.start >= len(starts):
            return (len(self.text), len(self.text))
        begin = starts[section.start]
        end = starts[section.end] - 1 if section.end < len(starts) else len(self.text)
        return (begin, max(begin, end))

    # -- sections -------------------------------------------------------------------------------

    def section_at(self, index: int) -> Section:
        """The innermost section that holds line ``index``."""
        if self._owner is None:
            owner: list[Section] = [self.root] * len(self.lines)
            for sec in self.root.walk():
                for i in range(sec.start, min(sec.end, len(owner))):
                    owner[i] = sec  # walk is pre-order, so inner sections overwrite outer ones
            self._owner = owner
        if 0 <= index < len(self._owner):
            return self._owner[index]
        return self.root

    def sections(self) -> Iterator[Section]:
        """All headed sections in document order (the root excluded)."""
        it = self.root.walk()
        next(it)
        yield from it


# ---------------------------------------------------------------------------------------------
# Findings

STATUSES = ("pass", "fail", "partial", "not_applicable", "not_evaluated", "error", "waived")
SEVERITIES = ("error", "warning", "info")

STATUS_ZH = {
    "pass": "符合", "fail": "缺失", "partial": "不充分", "not_applicable": "不适用",
    "not_evaluated": "未评估", "error": "规则出错", "waived": "已豁免",
}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
# a rule that forbids text fails because the text is there: 不符合, not 缺失
FORBIDDEN_FAIL_ZH = "不符合"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A place in the report: section path, source line and the quoted sentence."""

    section: str                 # section path joined with " > ", "" for text before any heading
    line: int                    # source line number
    quote: str                   # the sentence (original text), trimmed to a readable length
    span: tuple[int, int] | None = None   # matched span within quote, if any
    kind: str = "match"          # "match" | "near_miss" | "scope" (where the rule looked) |
                                 # "previous" (from last year's report: ``line`` is a line of it)
    note: str = ""               # why a near miss did not count, in Chinese
    counterpart: int | None = None   # "previous" evidence: this year's line that answers it

    @property
    def where(self) -> str:
        """The line as a reader is told it: "第 12 行", or "上一年度报告第 12 行"."""
        return f"上一年度报告第{self.line}行" if self.kind == "previous" else f"第{self.line}行"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"section": self.section, "line": self.line, "quote": self.quote,
                               "kind": self.kind}
        if self.span is not None:
            out["span"] = list(self.span)
        if self.note:
            out["note"] = self.note
        if self.counterpart is not None:
            out["counterpart"] = self.counterpart
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    title: str
    severity: str
    status: str
    message: str
    basis: str
    fix: str = ""
    evidence: tuple[Evidence, ...] = ()
    values: Mapping[str, Any] = field(default_factory=dict)   # extracted figures (metric rules)
    waiver: Mapping[str, Any] | None = None                     # reason/expiry when waived
    forbids: bool = False        # the rule forbids text (``absent``): its fail is 不符合

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule, "title": self.title, "severity": self.severity,
            "status": self.status, "message": self.message, "basis": self.basis,
            "fix": self.fix, "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.values:
            out["values"] = dict(self.values)
        if self.waiver:
            out["waiver"] = dict(self.waiver)
        return out


def status_zh(finding: Finding, status: str | None = None) -> str:
    """A finding's status (or ``status``, e.g. its status before a waiver) as a reader sees it."""
    status = status or finding.status
    if status == "fail" and finding.forbids:
        return FORBIDDEN_FAIL_ZH
    return STATUS_ZH.get(status, status)


@dataclass(frozen=True, slots=True)
class ReportResult:
    """The findings for one report, or the error that stopped it from being read."""

    source: str
    sha256: str
    metadata: Metadata | None
    profile: str | None                  # government | department | township
    profile_source: str                  # how the profile was chosen, in Chinese
    findings: tuple[Finding, ...]
    error: str | None = None             # set when the report could not be read at all
    document: Document | None = None     # kept only when a formatter needs the text (html)
    # the report of the year before that the history rules compared it with: source, sha256, year
    previous: Mapping[str, Any] | None = None

    def summary(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUSES}
        for f in self.findings:
            counts[f.status] += 1
        counts["total"] = len(self.findings)
        return counts
