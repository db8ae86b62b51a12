"""A validated pack made ready to run: rules as objects, regexes compiled once (lazily)."""

from __future__ import annotations

import re

from ..checks.base import Setup, Term
from ..checks.registry import compile_tree
from ..errors import Problem, RulePackError
from ..pattern_cache import compiled as pattern_compiled
from ..record import factory, record
from .load import PackData

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing at run time costs ~4 ms of start-up
    from typing import Any

PROFILE_ZH = {"government": "县级以上人民政府", "department": "政府工作部门", "township": "乡镇/街道"}


def _applies_to(raw: dict[str, Any] | None) -> dict[str, Any]:
    """``applies_to`` with ``profiles`` (packs written before the rename say ``levels``)."""
    out = dict(raw or {})
    if "levels" in out:
        out.setdefault("profiles", out["levels"])
        del out["levels"]
    return out


@record(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    check: dict[str, Any]
    basis: str = ""
    rationale: str = ""
    fix: str = ""
    group: str = ""
    waivable: bool = True
    enabled: bool = True
    applies_to: dict[str, Any] = factory(dict)
    partial_when: dict[str, Any] | None = None
    on_fail: str = "fail"
    messages: dict[str, str] = factory(dict)
    examples: tuple[dict[str, Any], ...] = ()
    file: str = ""
    line: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "severity": self.severity, "group": self.group,
                "basis": self.basis, "rationale": self.rationale, "fix": self.fix,
                "waivable": self.waivable, "applies_to": self.applies_to}


class CompiledPack:
    """Rules with their checks compiled by their kinds (``plan``), plus the shared pieces
    (roles, negation words) and a regex cache."""

    def __init__(self, data: PackData) -> None:
        self.name = data.name
        self.version = data.version
        self.description = data.description
        self.digest = data.digest
        self.files = list(data.files)
        self.roles = data.roles
        self.negation = data.negation
        self.boundaries = data.boundaries
        self.truncation = data.truncation
        self.precondition = data.precondition
        self.all_rules = [
            Rule(id=r["id"], title=r["title"], severity=r["severity"], check=r["check"],
                 basis=r.get("basis", ""), rationale=r.get("rationale", ""), fix=r.get("fix", ""),
                 group=r.get("group", ""), waivable=r.get("waivable", True),
                 enabled=r.get("enabled", True), applies_to=_applies_to(r.get("applies_to")),
                 partial_when=r.get("partial_when"), on_fail=r.get("on_fail", "fail"),
                 messages=r.get("messages") or {},
                 examples=tuple(r.get("examples") or ()), file=r.get("_file", ""),
                 line=r.get("_line", 0))
            for r in data.rules
        ]
        self.rules = [r for r in self.all_rules if r.enabled]
        self._by_id = {r.id: r for r in self.all_rules}
        self._regex: dict[str, Any] = {}
        self._fast: dict[str, Any] = {}
        self._needs: dict[str, tuple[str, ...]] = {}
        self._reach: dict[str, tuple[int, int] | None] = {}
        self._literals: Any = None
        self._memo: dict[Any, Any] = {}
        self._plans: dict[str, tuple[Any, Any]] = {}
        self._terms: dict[str, tuple[Term, ...]] = {}
        self._patterns: dict[str, tuple[str, ...]] = {}
        for rule in self.all_rules:
            self._compile(rule)

    def _compile(self, rule: Rule) -> None:
        """Each check of the rule compiled by its kind (validated when the pack was loaded:
        here a problem can only come from a kind that changed since)."""
        def report(message: str, where: tuple) -> None:
            raise RulePackError("规则包有 1 处错误", path=rule.file,
                                problems=[Problem(rule.file, f"{rule.id}：{message}", rule.line or None)])

        setup = Setup(self.roles, report, validate=False)
        check = compile_tree(rule.check, setup)
        partial = compile_tree(rule.partial_when, setup) if rule.partial_when else None
        self._plans[rule.id] = (check, partial)
        self._terms[rule.id] = tuple(setup.terms_seen)
        self._patterns[rule.id] = tuple(setup.patterns)

    def rule(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    def plan(self, rule: Rule) -> tuple[Any, Any]:
        """(``check``, ``partial_when`` or None) of a rule, compiled."""
        return self._plans[rule.id]

    def terms_of(self, rule: Rule) -> tuple[Term, ...]:
        """Every term the rule's checks prepared (``Setup.terms``), in order."""
        return self._terms[rule.id]

    def patterns_of(self, rule: Rule) -> tuple[str, ...]:
        """Every regular expression of the rule's settings (terms, headings, contexts…)."""
        return self._patterns[rule.id]

    def memo(self, key: Any, build):
        """``build()`` computed once per pack for a hashable ``key`` (e.g. which rules apply to
        a profile and year)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = build()
            return value

    def literal_index(self):
        """The one-pass finder of every literal term the enabled rules name (built once)."""
        if self._literals is None:
            from ..checks.literals import LiteralIndex

            terms = [t for r in self.rules for t in self._terms[r.id]]
            words = list(dict.fromkeys(t.text for t in terms if not t.is_regex and t.text))
            patterns = [t.text for t in terms if t.is_regex]

            def probes() -> list[str]:
                # the literals regex terms need; single characters are left to ``in`` (memchr)
                return [n for p in dict.fromkeys(patterns) for n in self.needs(p) if len(n) > 1]

            self._literals = LiteralIndex(words, probes)
        return self._literals

    def regex(self, source: str):
        """The compiled form of a rule-provided pattern (``regex`` module: supports timeouts)."""
        compiled = self._regex.get(source)
        if compiled is None:
            import regex

            compiled = self._regex[source] = regex.compile(source)
        return compiled

    def matcher(self, source: str):
        """The fastest safe compiled form of a rule-provided pattern, cached.

        A pattern whose backtracking is bounded (no unbounded or nested repetition, no
        backreference: literal alternations, ``.{0,6}`` gaps…) cannot run away, so it is
        compiled with ``re`` — faster to compile and often to run, and ``regex`` (15 ms to
        import) is not loaded for it. Any other pattern gets the ``regex`` module, run with a
        timeout. Callers tell them apart with ``is_timed``.
        """
        compiled = self._fast.get(source)
        if compiled is None:
            compiled, self._needs[source], self._reach[source] = _analyse(source)
            if compiled is None:
                compiled = self.regex(source)
            self._fast[source] = compiled
        return compiled

    def needs(self, source: str) -> tuple[str, ...]:
        """Literals one of which every match of the pattern contains (empty: unknown). A text
        that holds none of them has no match, and the scan is skipped."""
        if source not in self._needs:
            self.matcher(source)
        return self._needs.get(source, ())

    def reach(self, source: str) -> tuple[int, int] | None:
        """(longest match, farthest look-ahead past its end) of a bounded ``re`` pattern with no
        anchors, or None. With its ``needs``, it says where matches can lie: within that many
        characters of an occurrence of a needed literal (``literals.windows``)."""
        if source not in self._reach:
            self.matcher(source)
        return self._reach.get(source)


# Work one match attempt may do at one position, estimated from the parse tree; above this the
# pattern is left to the timed ``regex`` module.
_MAX_ATTEMPT_COST = 2000


def _analyse(source: str) -> tuple["re.Pattern[str] | None", tuple[str, ...], tuple[int, int] | None]:
    """(``re`` pattern or None, required literals, reach) for a rule-provided pattern.

    ``re`` is chosen when backtracking is bounded and the pattern starts with a literal or a
    character class (``re`` then skips ahead to candidate positions in C; for a pattern that
    starts with an optional part it tries every position, where ``regex`` is several times
    faster). The reach (``CompiledPack.reach``) is given for ``re`` patterns only."""
    import warnings

    try:
        from re import _parser as sre_parse
    except ImportError:  # pragma: no cover - Python < 3.11
        import sre_parse  # type: ignore[no-redef]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tree = sre_parse.parse(source)
    except Exception:  # anything re does not take the way regex does: leave it to regex
        return None, (), None
    c = sre_parse._constants if hasattr(sre_parse, "_constants") else sre_parse
    needs: tuple[str, ...] = ()
    if not tree.state.flags & (re.IGNORECASE | re.VERBOSE):
        needs = _required(list(tree), c) or _first_chars(list(tree), c)
    try:
        cost = _cost(tree, sre_parse, False)
        if cost is None or cost > _MAX_ATTEMPT_COST or not _fast_start(list(tree), c):
            return None, needs, None
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            compiled = pattern_compiled(source)
    except Exception:
        return None, needs, None
    # a pattern that opens with a few explicit characters is found by ``re``'s own fast skip
    # to them; one that opens with a category or a range (\d, [0-9]) is tried at every
    # position, and searching only near its needed literals pays
    windowed = needs and not _first_chars(list(tree), c)
    return compiled, needs, (_reach(tree, c) if windowed else None)


# a pattern that can match more characters than this is searched over the whole text
_MAX_REACH = 256


def _reach(tree, c) -> tuple[int, int] | None:
    """(longest match, longest look-ahead) of a parsed pattern; None when a match has no
    bound or the pattern holds an anchor (^ $ \\b \\A…: they depend on where the searched
    text ends, so a search over a window of the text could answer differently)."""
    hi = tree.getwidth()[1]
    if hi > _MAX_REACH:
        return None
    ahead = 0
    for op, av in _items(list(tree), c):
        if op is c.AT:
            return None
        if op in (c.ASSERT, c.ASSERT_NOT) and av[0] == 1:   # (?=…) (?!…) see past the match's end
            width = av[1].getwidth()[1]
            if width > _MAX_REACH:
                return None
            ahead = max(ahead, width)
    return hi, ahead


def _items(seq, c):
    """Every item of a parsed pattern, nested ones included (of the items ``_cost`` accepts:
    atomic groups and the like never reach here)."""
    for op, av in seq:
        yield op, av
        if op is c.SUBPATTERN:
            yield from _items(av[3], c)
        elif op is c.BRANCH:
            for branch in av[1]:
                yield from _items(branch, c)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            yield from _items(av[2], c)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            yield from _items(av[1], c)


def _fast_start(seq, c) -> bool:
    """The first item is a literal or a character class (or groups/alternatives of those)."""
    if not seq:
        return False
    op, av = seq[0]
    if op in (c.LITERAL, c.IN):
        return True
    if op in (c.ASSERT, c.ASSERT_NOT):   # "(?<!协)调解": judge by what follows the lookaround
        return _fast_start(seq[1:], c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:   # "\d{1,12}…", "×{2,8}"
        return _fast_start(list(av[2]), c)
    if op is c.SUBPATTERN:
        return _fast_start(list(av[3]), c)
    if op is c.BRANCH:
        return all(_fast_start(list(b), c) for b in av[1])
    return False


def _first_chars(seq, c, limit: int = 16) -> tuple[str, ...]:
    """The characters every match starts with, when they are a few explicit ones ("[Xx]{2,8}",
    "×{2,8}", "(?<![A-Za-z])[Xx]…"): a text holding none of them has no match. Empty when
    unknown (a category such as \\d, a range, an optional start)."""
    while seq and seq[0][0] in (c.ASSERT, c.ASSERT_NOT):
        seq = seq[1:]
    if not seq:
        return ()
    op, av = seq[0]
    if op is c.LITERAL:
        return (chr(av),)
    if op is c.IN:
        chars = []
        for iop, iav in av:
            if iop is not c.LITERAL:
                return ()
            chars.append(chr(iav))
        return tuple(chars) if len(chars) <= limit else ()
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
        return _first_chars(list(av[2]), c, limit)
    if op is c.SUBPATTERN:
        return _first_chars(list(av[3]), c, limit)
    if op is c.BRANCH:
        out: list[str] = []
        for branch in av[1]:
            sub = _first_chars(list(branch), c, limit)
            if not sub:
                return ()
            out.extend(x for x in sub if x not in out)
        return tuple(out) if len(out) <= limit else ()
    return ()


_MAX_NEEDS = 16


def _required(seq, c) -> tuple[str, ...]:
    """Literals of which every match holds at least one (empty: unknown).

    The most selective run of mandatory literal items: plain characters, small character
    classes and alternations of plain words multiply out ("行政复议(案件|申请)" → 行政复议案件,
    行政复议申请; "\\.(?:com|cc)" → .com, .cc), and the run whose shortest member is longest
    wins. A top-level alternation needs one of its branches' literals."""
    if len(seq) == 1 and seq[0][0] is c.BRANCH:
        out: list[str] = []
        for branch in seq[0][1][1]:
            sub = _required(list(branch), c)
            if not sub:
                return ()
            out.extend(x for x in sub if x not in out)
        return tuple(out) if len(out) <= _MAX_NEEDS else ()
    best: list[str] = []
    run = [""]
    for op, av in _flatten(seq, c):
        alts = _alternatives(op, av, c)
        if alts is not None and len(run) * len(alts) <= _MAX_NEEDS:
            run = [r + a for r in run for a in alts]
            continue
        if _selectivity(run) > _selectivity(best):
            best = run
        run = list(alts) if alts is not None else [""]
    if _selectivity(run) > _selectivity(best):
        best = run
    return tuple(dict.fromkeys(best))


def _selectivity(words: list[str]) -> float:
    """How rarely a run of needed literals occurs, by its shortest member's length; a digit
    counts half (figures and years are everywhere in a report: "年×" is a better anchor
    than "20")."""
    return min(len(w) - 0.5 * sum(ch.isdigit() for ch in w) for w in words) if words else 0


def _alternatives(op, av, c) -> list[str] | None:
    """The strings a mandatory item matches, when it is one literal, a small class of literal
    characters, or an alternation of plain words (or of such sequences); None otherwise."""
    if op is c.LITERAL:
        return [chr(av)]
    if op is c.IN:
        if len(av) > _MAX_NEEDS or any(iop is not c.LITERAL for iop, _ in av):
            return None
        return [chr(iav) for _, iav in av]
    if op is c.BRANCH:
        out: list[str] = []
        for branch in av[1]:
            words = [""]
            for bop, bav in _flatten(list(branch), c):
                alts = _alternatives(bop, bav, c)
                if alts is None or len(words) * len(alts) > _MAX_NEEDS:
                    return None
                words = [w + a for w in words for a in alts]
            out.extend(words)
        if not out or "" in out or len(out) > _MAX_NEEDS:
            return None
        return out
    return None


def _flatten(seq, c):
    """The items of a sequence with plain (mandatory, flag-free) groups opened up."""
    for op, av in seq:
        if op is c.SUBPATTERN and not av[1] and not av[2]:
            yield from _flatten(list(av[3]), c)
        else:
            yield op, av


def _cost(seq, sp, in_repeat: bool) -> int | None:
    """Upper bound of the ways a sequence can match at one position; None if unbounded."""
    c = sp._constants if hasattr(sp, "_constants") else sp
    total = 1
    for op, av in seq:
        if op in (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN, c.CATEGORY, c.AT):
            continue
        if op is c.BRANCH:
            sub = 0
            for branch in av[1]:
                k = _cost(branch, sp, in_repeat)
                if k is None:
                    return None
                sub += k
            total *= max(1, sub)
        elif op is c.SUBPATTERN:
            k = _cost(av[3], sp, in_repeat)
            if k is None:
                return None
            total *= k
        elif op in (c.ASSERT, c.ASSERT_NOT):
            k = _cost(av[1], sp, in_repeat)
            if k is None:
                return None
            total *= k
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, hi, sub = av
            if hi == c.MAXREPEAT or (in_repeat and hi > 1):
                return None
            # an optional part ({0,1}) cannot compound the work of what it holds
            k = _cost(sub, sp, in_repeat or hi > 1)
            if k is None:
                return None
            total *= (hi - lo + 1) * (k ** min(hi, 8))
        else:  # backreferences, conditionals, atomic groups, possessive repeats…
            return None
        if total > _MAX_ATTEMPT_COST:
            return None
    return total
