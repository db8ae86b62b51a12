"""What every check kind shares: terms, scopes, match classification and evidence.

Matching runs on ``Document.text`` (the normalised lines joined by "\\n"); offsets map back to
lines, and quotes are cut from the original ``Line.text`` at the same offsets.

A match does not count as coverage when it is negated (未/尚未/没有… shortly before, or
尚未/未… shortly after, within the same sentence) or when it sits only inside a document
title 《…》; such matches are kept as near misses so the user sees why they did not count.
"""

from __future__ import annotations

import bisect
import re
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..model import Document, Evidence, Section
from ..normalize import fold, normalize
from .literals import Scan
from .literals import hits as literal_hits


# words that start with a negation character but do not negate
NOT_NEGATION = ("未成年", "未来", "无论")
_SENT_RE = re.compile(r"[。！？；\n]")
_CLAUSE_END_RE = re.compile(r"[。！？；，：\n]")
_LAST_CLAUSE_END = re.compile(r".*[。！？；，：\n]", re.S)
# the clauses of a sentence's rest (``Context.is_negated_on``)
_CHAIN_SPLIT = re.compile(r"[，,：:]")
QUOTE_MAX = 120
# why a match does not count (``Context.classify``), as a near miss's note
NOT_COUNTED = {"negated": "否定语境（如“未/尚未/没有”），不计为已写明",
               "title": "只出现在文件名《…》中，不计为已写明",
               "heading": "只出现在小标题中，标题不是内容，不计为已写明"}


class RuleFailure(Exception):
    """A rule that breaks while evaluating: becomes an ``error`` finding for that rule only."""


# ---------------------------------------------------------------------------------------------
# Terms


class Term(namedtuple("Term", "text is_regex needs", defaults=(False, ()))):
    """A literal (folded, matched with str.find) or a regular expression (run with a time
    bound). ``text`` is the folded literal or the regex source; ``needs`` the folded literals
    the rule declares that every match of the regex contains (``{re: …, needs: […]}``): a
    report holding none of them is not searched. A named tuple: terms are dictionary keys on
    the hot path, and tuples hash in C."""

    __slots__ = ()

    @property
    def display(self) -> str:
        return f"/{self.text}/" if self.is_regex else self.text


def compile_terms(raw: list[Any] | None) -> tuple[Term, ...]:
    """The terms of a rule's list (checks get them through ``Context.terms``, compiled once
    per pack)."""
    out = []
    for t in raw or ():
        if isinstance(t, dict):
            out.append(Term(t["re"], True, tuple(fold(str(n)) for n in t.get("needs") or ())))
        else:
            out.append(Term(fold(str(t))))
    return tuple(out)


def terms_trace(terms: tuple[Term, ...]) -> str:
    """Every term, regexes included, for `auditor explain`."""
    return "、".join(t.display for t in terms)


def terms_display(terms: tuple[Term, ...], limit: int = 4) -> str:
    """Terms as a reader sees them: the literal words, with "等" when there are more. Regex
    sources are shown only when a rule has no literal term (trace output shows them all)."""
    words = [t.text for t in terms if not t.is_regex]
    if not words:
        return "“" + "”“".join(t.display for t in terms[:2]) + "”" + ("等模式" if len(terms) > 2 else "")
    shown = "“" + "”“".join(words[:limit]) + "”"
    return shown + ("等" if len(terms) > limit else "")


# ---------------------------------------------------------------------------------------------
# Settings shared by several kinds (JSON-schema fragments) and their preparation

TERMS_SCHEMA: dict[str, Any] = {
    "type": "array", "minItems": 1,
    "items": {"anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "object", "properties": {
            "re": {"type": "string", "minLength": 1},
            "needs": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1},
                      "description": "每个匹配都一定含有其中之一的字面词；报告里一个都没有时不再运行该正则"}},
         "required": ["re"], "additionalProperties": False}]},
    "description": "字面词语（按全半角归一后匹配），或 {re: 正则表达式, needs: [它的每个匹配都含有的字面词]}"}

SCOPE_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "description": "检查范围：不写为全文",
    "properties": {
        "role": {"type": "string", "description": "规则包 roles 中命名的章节角色"},
        "roles": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "heading": {"type": "string", "description": "章节标题正则"},
        "not_role": {"type": "string", "description": "排除该角色的章节（如成效只能出现在问题部分之外）"},
        "not_roles": {"type": "array", "items": {"type": "string"}},
        "level": {"type": "integer", "minimum": 1, "maximum": 7},
        "body_only": {"type": "boolean", "description": "不含标题行本身"},
        "if_missing": {"enum": ["fail", "not_evaluated", "partial"],
                       "description": "范围章节缺失时的结果（默认 fail；absent 默认 not_evaluated）"}}}

STATUS_SCHEMA: dict[str, Any] = {"enum": ["fail", "not_evaluated", "partial"]}


class ScopeSpec:
    """A prepared ``in:`` setting: its config, the key equal scopes share in the per-report
    memo, and the status of a rule whose scope is missing from the report."""

    __slots__ = ("conf", "key", "if_missing")

    def __init__(self, conf: dict[str, Any], if_missing: str) -> None:
        self.conf = conf
        self.key = repr(sorted(conf.items()))
        self.if_missing = conf.get("if_missing", if_missing)


class Setup:
    """What a kind's ``compile(settings, setup)`` gets besides its settings.

    ``problem(message, *key)`` reports a bad setting; the loader shows it as
    ``file:line:col`` of that key (``key`` is the path below the kind's settings, e.g.
    ``("terms", 2, "re")``). ``terms``, ``pattern``, ``role`` and ``scope`` prepare the common
    settings, check them, and record them for the pack: every literal term goes into the
    one-pass literal scan and every pattern is seen by ``auditor rules lint``. Patterns are
    compiled to check them only when ``validate`` (while loading from YAML; a validated pack
    read back from the cache does not pay for it again)."""

    def __init__(self, roles: Any, report, *, validate: bool = True) -> None:
        self.roles = frozenset(roles)
        self.validate = validate
        self.where: tuple = ()
        self.terms_seen: list[Term] = []
        self.patterns: list[str] = []
        self._report = report

    def problem(self, message: str, *key: Any) -> None:
        self._report(message, self.where + key)

    def pattern(self, source: Any, *key: Any) -> str | None:
        """A rule-provided regular expression (None when the setting is absent)."""
        if not isinstance(source, str):
            return None
        if self.validate:
            import regex

            try:
                regex.compile(source)
            except regex.error as exc:
                self.problem(f"正则表达式无效：{source!r}（{exc}）", *key)
        self.patterns.append(source)
        return source

    def terms(self, raw: list[Any] | None, *key: Any) -> tuple[Term, ...]:
        """A term list (words and ``{re: …}``), prepared once per pack."""
        for j, item in enumerate(raw or ()):
            if isinstance(item, dict):
                self.pattern(item.get("re"), *key, j, "re")
        terms = compile_terms(raw)
        self.terms_seen.extend(terms)
        return terms

    def role(self, name: Any, *key: Any) -> str | None:
        """The name of a role the pack defines (``roles:``)."""
        if name is not None and name not in self.roles:
            self.problem(f"未定义的章节角色：{name}（请在 roles 中定义）", *key)
        return name

    def scope(self, conf: dict[str, Any] | None, *key: Any, if_missing: str = "fail") -> ScopeSpec | None:
        """An ``in:`` setting (None: the whole report)."""
        if not conf:
            return None
        self.role(conf.get("role"), *key, "role")
        self.role(conf.get("not_role"), *key, "not_role")
        for field in ("roles", "not_roles"):
            for j, name in enumerate(conf.get(field) or ()):
                self.role(name, *key, field, j)
        self.pattern(conf.get("heading"), *key, "heading")
        return ScopeSpec(conf, if_missing)


# ---------------------------------------------------------------------------------------------
# Outcome


@dataclass(slots=True)
class Outcome:
    status: str                                   # pass | fail | partial | not_evaluated
    message: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    near: list[Evidence] = field(default_factory=list)
    looked: list[Evidence] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Per-report evaluation context


class Context:
    """Everything a check needs about one report, with per-report memoisation so terms and
    scopes shared by several rules are computed once."""

    def __init__(self, doc: Document, pack, *, profile: str | None, regex_timeout: float,
                 trace: bool = False, previous: Document | None = None) -> None:
        self.doc = doc
        # the same body's report of the year before (history rules), read in its own context
        self.previous: Context | None = None if previous is None else Context(
            previous, pack, profile=profile, regex_timeout=regex_timeout)
        self.previous_problem: str | None = None   # why the previous report could not be read
        self.pack = pack
        self.profile = profile
        self.year: int | None = doc.metadata.year.value if doc.metadata.year else None
        self.regex_timeout = regex_timeout
        self.trace: list[str] | None = [] if trace else None
        self._hits: dict[Term, list[tuple[int, int]]] = {}
        self._literal_hits: Scan | None = None
        self._scopes: dict[str, Scope] = {}
        self._roles: dict[str, list[Section]] = {}
        self._sections: list[Section] | None = None
        self._folded_titles: dict[int, str] = {}
        self._sentence_ends: list[int] | None = None
        self._heading_spans: list[tuple[int, int]] | None = None
        self.neg_before, self.neg_after, self.neg_window, self.neg_chars = \
            pack.memo("negation", lambda: _negation(pack.negation))
        self.neg_chain: dict[str, str] | None = pack.negation.get("chain")

    def norm(self, text: str) -> str:
        """A heading or metadata value in its matching form: folded, and simplified when the
        page is 繁体 (body lines already carry this form in ``Line.norm``)."""
        return normalize(text, traditional=self.doc.metadata.traditional)

    def note(self, message: str) -> None:
        if self.trace is not None:
            self.trace.append(message)

    # -- raw matching -----------------------------------------------------------------------------

    def hits(self, term: Term) -> list[tuple[int, int]]:
        """All (start, end) of a term in the whole text, memoised per report."""
        found = self._hits.get(term)
        if found is not None:
            return found
        text = self.doc.text
        out: list[tuple[int, int]]
        if term.is_regex:
            if term.needs:
                scan = self._literal_scan()
                if not any(literal_hits(scan, need, text) for need in term.needs):
                    out = self._hits[term] = []     # none of the literals every match holds
                    return out
            pattern = self.pack.matcher(term.text)
            try:
                it = pattern.finditer(text, timeout=self.regex_timeout)
                out = [m.span() for m in it if m.end() > m.start()]
            except TimeoutError:
                raise RuleFailure(f"正则表达式 {term.text!r} 运行超过 {self.regex_timeout} 秒，已中止"
                                  "（可能存在灾难性回溯）") from None
        else:
            out = literal_hits(self._literal_scan(), term.text, text)
            wider = self.pack.memo("boundaries", lambda: _boundaries(self.pack.boundaries)).get(term.text)
            if wider and out:
                out = [h for h in out if not _inside_wider(text, h[0], term.text, wider)]
        self._hits[term] = out
        return out

    def _literal_scan(self) -> Scan:
        """Every literal of the pack (terms and declared ``needs``) in the text, in one pass."""
        scan = self._literal_hits
        if scan is None:
            scan = self._literal_hits = self.pack.literal_index().scan(self.doc.text)
        return scan

    def search(self, pattern_src: str, text: str, how: str = "search"):
        """A time-bounded regex search of a short string (titles, headings, sentences, lines);
        ``how`` is "match" for a match at the start of ``text``, "fullmatch" for all of it."""
        pattern = self.pack.matcher(pattern_src)
        try:
            return getattr(pattern, how)(text, timeout=self.regex_timeout)
        except TimeoutError:
            raise RuleFailure(f"正则表达式 {pattern_src!r} 运行超时，已中止") from None

    def finditer(self, pattern_src: str, text: str, start: int = 0, end: int | None = None) -> list:
        """The matches of a rule-provided pattern in ``text[start:end]`` (searched with
        ``pos``/``endpos``: look-behinds still see the text before ``start``), time-bounded."""
        pattern = self.pack.matcher(pattern_src)
        end = len(text) if end is None else end
        try:
            return list(pattern.finditer(text, start, end, timeout=self.regex_timeout))
        except TimeoutError:
            raise RuleFailure(f"正则表达式 {pattern_src!r} 运行超时，已中止") from None

    def findall(self, pattern_src: str, text: str) -> list:
        """A time-bounded ``findall`` of a rule-provided pattern."""
        pattern = self.pack.matcher(pattern_src)
        try:
            return pattern.findall(text, timeout=self.regex_timeout)
        except TimeoutError:
            raise RuleFailure(f"正则表达式 {pattern_src!r} 运行超时，已中止") from None

    def sections(self) -> list[Section]:
        """The document's headed sections in order (walked once per report)."""
        if self._sections is None:
            self._sections = list(self.doc.sections())
        return self._sections

    def folded_title(self, sec: Section) -> str:
        key = id(sec)
        title = self._folded_titles.get(key)
        if title is None:
            title = self._folded_titles[key] = self.norm(sec.title)
        return title

    # -- sections and scopes ----------------------------------------------------------------------

    def role_sections(self, role: str) -> list[Section]:
        """Sections whose heading names the role; outermost matches only."""
        cached = self._roles.get(role)
        if cached is not None:
            return cached
        conf = self.pack.roles[role]
        heading = conf["heading"]
        not_heading = conf.get("not_heading")
        max_level = conf.get("max_level", 2)
        found: list[Section] = []
        for sec in self.sections():
            if sec.level > max_level:
                continue
            title = self.folded_title(sec)
            # a part without a heading is named by its paragraph's opening clause ("下一步，我区将"):
            # the role's ``opening`` pattern, when it has one, reads it
            if not self.search(conf.get("opening") or heading if sec.opening else heading, title):
                continue
            if not_heading and self.search(not_heading, title):
                continue
            if any(f.start <= sec.start and sec.end <= f.end for f in found):
                continue
            found.append(sec)
        if found:  # a role lives at the highest level where it matches
            top = min(s.level for s in found)
            found = [s for s in found if s.level == top]
        elif conf.get("fallback_before"):
            found = self._fallback_sections(role, conf["fallback_before"])
        self._roles[role] = found
        return found

    def _fallback_sections(self, role: str, before: list[str]) -> list[Section]:
        """Top-level parts with thematic headings ("一、坚持党对法治政府建设的全面领导"): when no
        heading names the role, the top-level sections that come before the first section of
        the ``before`` roles — and belong to no other role — play it. Without any of those
        roles in the report there is nothing to anchor the guess, and the role stays missing."""
        self._roles[role] = []          # guard against a cycle through the other roles
        anchors = [s for r in before for s in self.role_sections(r)]
        if not anchors:
            return []
        limit = min(s.start for s in anchors)
        taken = {id(s) for r in self.pack.roles if r != role for s in self.role_sections(r)}
        return [s for s in self.doc.root.children
                if s.end <= limit and id(s) not in taken and s.style != "ordinal"]

    def heading_sections(self, pattern: str, level: int | None = None) -> list[Section]:
        out = []
        for sec in self.sections():
            if level is not None and sec.level != level:
                continue
            if self.search(pattern, self.folded_title(sec)):
                out.append(sec)
        return out

    def section_span(self, sec: Section, body_only: bool = False) -> tuple[int, int]:
        start, end = self.doc.span_of(sec)
        if body_only and sec.level and not sec.opening:
            # skip the heading (a part opened by its paragraph's first words has no heading line:
            # the whole paragraph is its body): for a run-in heading the body starts after the title
            line_start = self.doc.line_starts[sec.start]
            if sec.title_span[1] and sec.title_span[1] < len(self.doc.lines[sec.start].norm):
                start = line_start + sec.title_span[1]
            else:
                start = min(end, line_start + len(self.doc.lines[sec.start].norm) + 1)
        return start, max(start, end)

    def scope(self, spec: "ScopeSpec | None") -> "Scope":
        """Resolve a scope (`in:`, prepared by ``Setup.scope``) to character spans. A named
        role that is missing gives a scope marked missing — the caller reports it; we never
        widen to the whole report. Memoised per report by the scope's content: many rules
        share a scope."""
        key = spec.key if spec is not None else ""
        scope = self._scopes.get(key)
        if scope is None:
            scope = self._scopes[key] = self._scope(spec.conf if spec is not None else None)
        return scope

    def _scope(self, conf: dict[str, Any] | None) -> "Scope":
        if not conf:
            return Scope([(0, len(self.doc.text))], "全文", [], None)
        body_only = bool(conf.get("body_only"))
        sections: list[Section] = []
        desc_parts: list[str] = []
        missing: str | None = None
        roles = list(conf.get("roles") or ([conf["role"]] if conf.get("role") else []))
        if roles:
            for role in roles:
                secs = self.role_sections(role)
                sections.extend(secs)
            names = "、".join(self.role_label(r) for r in roles)
            desc_parts.append(f"「{names}」部分")
            if not sections:
                missing = names
        if conf.get("heading"):
            secs = self.heading_sections(conf["heading"], conf.get("level"))
            sections.extend(secs)
            desc_parts.append(f"标题匹配 /{conf['heading']}/ 的章节")
            if not secs and not roles:
                missing = f"标题匹配 /{conf['heading']}/ 的章节"
        if roles or conf.get("heading"):
            spans = [self.section_span(s, body_only) for s in sections]
        else:
            spans = [(0, len(self.doc.text))]
            desc_parts.append("全文")
        excluded_roles = list(conf.get("not_roles") or ([conf["not_role"]] if conf.get("not_role") else []))
        if excluded_roles:
            cut = [self.section_span(s) for r in excluded_roles for s in self.role_sections(r)]
            spans = subtract_spans(spans, cut)
            desc_parts.append("（不含「" + "、".join(self.role_label(r) for r in excluded_roles) + "」部分）")
        return Scope(merge_spans(spans), "".join(desc_parts), sections, missing)

    def role_label(self, role: str) -> str:
        return str(self.pack.roles.get(role, {}).get("label") or role)

    # -- classifying a match ----------------------------------------------------------------------

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding text[start:end]: from after the last end mark before
        ``start`` to the first end mark at or after ``end`` (included unless a line break)."""
        ends = self._sentence_ends
        if ends is None:
            ends = self._sentence_ends = [m.start() for m in _SENT_RE.finditer(self.doc.text)]
        i = bisect.bisect_left(ends, start)
        s = ends[i - 1] + 1 if i else 0
        j = bisect.bisect_left(ends, end, i)
        if j < len(ends):
            e = ends[j] + 1
            if self.doc.text[ends[j]] == "\n":
                e -= 1
        else:
            e = len(self.doc.text)
        return s, e

    def paragraph_bounds(self, start: int) -> tuple[int, int]:
        idx = self.doc.index_at(start)
        s = self.doc.line_starts[idx]
        return s, s + len(self.doc.lines[idx].norm)

    def is_negated(self, start: int, end: int, *, ahead: bool = True) -> bool:
        """A negation word shortly before or after the match, within its clause (the text
        between ，；。 marks): "尚未开展述法", "述法工作尚未开展", "常务会议未研究". With
        ``ahead=False`` only the words before the match negate it: a match that announces what
        follows ("原因主要是区级尚未建立……") is not negated by what it announces."""
        if not (self.neg_before or self.neg_after):
            return False
        # the window before/after the match, cut at the clause's edge
        text = self.doc.text
        before = text[max(0, start - self.neg_window):start]
        after = text[end:end + self.neg_window] if ahead else ""
        if self.neg_chars.isdisjoint(before) and self.neg_chars.isdisjoint(after):
            return False
        m = _LAST_CLAUSE_END.match(before)
        if m:
            before = before[m.end():]
        m = _CLAUSE_END_RE.search(after)
        if m:
            after = after[:m.start()]
        for word in self.neg_before:
            i = before.find(word)
            if i != -1 and not any(before.startswith(x, i) for x in NOT_NEGATION):
                return True
        for word in self.neg_after:
            i = after.find(word)
            if i != -1 and not any(after.startswith(x, i) for x in NOT_NEGATION):
                return True
        return False

    def is_negated_on(self, start: int, end: int) -> bool:
        """The clause chain the match heads is negated before the sentence ends (the pack's
        ``negation.chain``): an event said first and negated after a cause or time clause
        ("领导干部年度述法原定年初开展，但因机构改革人员变动较大，截至年底仍未组织"). From the
        match to the sentence end, clause by clause: the match's own clause is negated by a
        predicate after it with only a noun suffix, times and adverbs in between ("述法工作全年仍
        有待落实"); a later clause passes the chain on when it is a cause, time or concession
        clause (``through``) and negates the event when only times, "这项工作" and adverbs
        stand before its negation (``lead``). A clause that speaks of something else
        (``not_about``: "尚未实现全覆盖", "述法评议暂未开展", "其余单位未能到场") ends the chain."""
        chain = self.neg_chain
        if not chain:
            return False
        _, se = self.sentence_bounds(start, end)
        rest = self.doc.text[end:se].rstrip("。！？；\n")
        if not rest:
            return False
        for i, clause in enumerate(_CHAIN_SPLIT.split(rest)):
            m = self.search(chain["predicate"], clause)
            if m:
                if self.search(chain["not_about"], clause):
                    return False
                return self.search(chain["lead"], clause[:m.start()], "fullmatch") is not None
            if i and not self.search(chain["through"], clause, "fullmatch"):
                return False
        return False

    def in_title(self, start: int, end: int) -> bool:
        """True when the match lies inside 《…》 on its line."""
        idx = self.doc.index_at(start)
        ls = self.doc.line_starts[idx]
        line = self.doc.lines[idx].norm
        a, b = start - ls, end - ls
        open_ = line.rfind("《", 0, a)
        if open_ == -1 or line.rfind("》", open_, a) != -1:
            return False
        close = line.find("》", b)
        return close != -1

    def in_heading(self, start: int) -> bool:
        """True when the match lies in the title of a heading that labels its text ("（三）推进
        领导干部述法。…" with the text after it). A numbered line that is a whole sentence
        ("（一）县长主持召开常务会议专题研究法治政府建设2次，年底向县委述法。") is content, not a label."""
        spans = self._heading_spans
        if spans is None:
            spans = self._heading_spans = sorted(self._label_spans())
        i = bisect.bisect_right(spans, (start, float("inf"))) - 1
        return i >= 0 and spans[i][0] <= start < spans[i][1]

    def _label_spans(self) -> list[tuple[int, int]]:
        out = []
        starts = self.doc.line_starts
        for sec in self.sections():
            a, b = sec.title_span
            if not sec.level or b <= a:
                continue
            norm = self.doc.lines[sec.start].norm
            run_in = bool(norm[b:].strip(" \t。：；，、.！？"))
            if run_in or "，" not in norm[a:b]:
                out.append((starts[sec.start] + a, starts[sec.start] + b))
        return out

    def classify(self, start: int, end: int, *, negated_ok: bool, title_ok: bool,
                 heading_ok: bool = True, ahead: bool = True, sentence: bool = False) -> str:
        """"ok", "negated", "title" or "heading" (the reason a match does not count; ``NOT_COUNTED``
        says it to the reader); ``ahead=False``: see ``is_negated``; ``sentence``: a negation
        further on in the sentence counts too (``is_negated_on``)."""
        if not title_ok and self.in_title(start, end):
            return "title"
        if not heading_ok and self.in_heading(start):
            return "heading"
        if not negated_ok and (self.is_negated(start, end, ahead=ahead)
                               or sentence and ahead and self.is_negated_on(start, end)):
            return "negated"
        return "ok"

    # -- evidence -----------------------------------------------------------------------------------

    def section_path(self, index: int) -> str:
        return " > ".join(self.doc.section_at(index).path)

    def evidence(self, start: int, end: int, *, kind: str = "match", note: str = "",
                 whole_line: bool = False) -> Evidence:
        """Evidence for a match: its sentence quoted from the original text."""
        doc = self.doc
        idx = doc.index_at(start)
        line = doc.lines[idx]
        ls = doc.line_starts[idx]
        a, b = start - ls, min(end - ls, len(line.text))
        if whole_line:
            qs, qe = 0, len(line.text)
        else:
            ss, se = self.sentence_bounds(start, end)
            qs, qe = max(0, ss - ls), min(len(line.text), se - ls)
        if qe - qs > QUOTE_MAX:       # keep a window around the match
            half = (QUOTE_MAX - (b - a)) // 2
            qs = max(qs, a - max(10, half))
            qe = min(qe, qs + QUOTE_MAX)
            if qe < b:
                qe = min(len(line.text), b + 10)
        quote = line.text[qs:qe]
        span = (a - qs, b - qs) if qs <= a and b <= qe else None
        return Evidence(section=self.section_path(idx), line=line.no, quote=quote, span=span,
                        kind=kind, note=note)

    def heading_evidence(self, sec: Section, kind: str = "match", note: str = "") -> Evidence:
        line = self.doc.lines[sec.start]
        end = sec.title_span[1] if sec.title_span[1] else len(line.text)
        quote = line.text[:end] if end <= QUOTE_MAX else line.text[:QUOTE_MAX]
        return Evidence(section=" > ".join(sec.path), line=sec.line, quote=quote,
                        span=None, kind=kind, note=note)


def _negation(neg: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...], int, frozenset[str]]:
    """A pack's negation words in matching form (before, after), the window, and the words'
    first characters (a window holding none of them needs no closer look)."""
    before = tuple(fold(x) for x in neg.get("before", ()))
    after = tuple(fold(x) for x in neg.get("after", ()))
    return before, after, int(neg.get("window", 8)), frozenset(w[0] for w in before + after if w)


def _boundaries(declared: dict[str, list[str]]) -> dict[str, tuple[tuple[str, int], ...]]:
    """A pack's boundary lists in matching form: term → (wider word, offsets of the term in
    it) — "述法" → ("讲述法治", 1): a hit of 述法 that is the 述法 of 讲述法治 is not 述法."""
    out: dict[str, tuple[tuple[str, int], ...]] = {}
    for term, words in declared.items():
        t = fold(term)
        pairs = []
        for word in words:
            w = fold(word)
            k = w.find(t)
            while k != -1:
                pairs.append((w, k))
                k = w.find(t, k + 1)
        out[t] = tuple(pairs)
    return out


def _inside_wider(text: str, start: int, term: str, wider: tuple[tuple[str, int], ...]) -> bool:
    """The hit of ``term`` at ``start`` is part of one of the declared wider words."""
    return any(start >= k and text.startswith(w, start - k) for w, k in wider)


@dataclass(slots=True)
class Scope:
    spans: list[tuple[int, int]]
    description: str
    sections: list[Section]
    missing: str | None         # name of the missing role/heading, when the scope is empty

    def select(self, hits):
        """The hits (sorted by start) whose start lies in the scope, in order."""
        spans = self.spans
        if not hits:
            return hits
        if len(spans) == 1 and spans[0][0] <= hits[0][0] and hits[-1][0] < spans[0][1]:
            return hits
        out = []
        for a, b in spans:
            i = bisect.bisect_left(hits, (a,))
            j = bisect.bisect_left(hits, (b,), i)
            out.extend(hits[i:j])
        return out

    def contains(self, start: int) -> bool:
        i = bisect.bisect_right(self.spans, (start, float("inf"))) - 1
        return i >= 0 and self.spans[i][0] <= start < self.spans[i][1]


STOCK = "套话（见 except），不计入"
EXCEPT_SCHEMA: dict[str, Any] = {
    **TERMS_SCHEMA,
    "description": "套话：落在其中的命中不计入（如“主观努力不够”中的“不够”、许诺“将认真分析原因”中的“原因”）"}


def lazy_stock_spans(ctx: "Context", terms: tuple[Term, ...]) -> Callable[[], list[tuple[int, int]]]:
    """Where a check's ``except`` phrases occur (merged, sorted), looked up on first use: a match
    inside one of them is part of a set phrase ("主观努力不够", "将认真分析原因"), not the word it
    contains. A check asks only once it holds a hit they could discount, and most reports never
    get that far (each phrase is a scan of the whole text)."""
    found: list[list[tuple[int, int]]] = []

    def spans() -> list[tuple[int, int]]:
        if not found:
            found.append(merge_spans([h for t in terms for h in ctx.hits(t)]) if terms else [])
        return found[0]
    return spans


def inside_spans(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether ``s``–``e`` lies within one of the sorted, merged ``spans``."""
    i = bisect.bisect_right(spans, (s, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= s and e <= spans[i][1]


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def subtract_spans(spans: list[tuple[int, int]], cut: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    cut = merge_spans(cut)
    for s, e in spans:
        pieces = [(s, e)]
        for cs, ce in cut:
            nxt = []
            for ps, pe in pieces:
                if ce <= ps or cs >= pe:
                    nxt.append((ps, pe))
                    continue
                if ps < cs:
                    nxt.append((ps, cs))
                if ce < pe:
                    nxt.append((ce, pe))
            pieces = nxt
        out.extend(pieces)
    return out


def missing_scope(ctx: Context, scope: Scope, what: str, if_missing: str) -> Outcome:
    """The outcome of a scoped rule whose section is absent: said plainly, never widened."""
    msg = f"报告中没有{scope.missing}部分，无法在其中{what}" if scope.missing else f"未找到检查范围，无法{what}"
    if ctx.trace is not None:
        ctx.note(f"范围：{scope.description} —— 未找到，规则不会退而检查全文")
    return Outcome(if_missing, msg)


