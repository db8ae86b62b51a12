"""Every literal term of a pack, found in one pass over a report.

Rules name ~150 literal words between them (the term lists every kind prepares with
``Setup.terms``, gathered by ``CompiledPack.literal_index``). Looking for each with
``str.find`` costs one scan of the text per word; an Aho-Corasick automaton (``ahocorasick_rs``, a compiled DFA built once
per pack) finds all of them, overlapping ones included, in a single scan. The result per word
is exactly what the ``str.find`` loop gives: leftmost occurrences that do not overlap one
another (a word's later occurrence that overlaps its previous one is dropped, as ``find`` from
the end of the previous match would skip it).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing at run time costs ~4 ms of start-up
    from typing import Any

_NO_HITS: tuple = ()


class Scan:
    """One text's hits: ``spans[word]`` for the words found, ``covered`` the words looked for
    (a covered word missing from ``spans`` does not occur; any other word is searched for)."""

    __slots__ = ("spans", "covered")

    def __init__(self, spans: dict[str, list[tuple[int, int]]], covered: frozenset[str]) -> None:
        self.spans = spans
        self.covered = covered


class LiteralIndex:
    """The automaton for a fixed list of words; ``scan(text)`` gives each word's hits.

    ``probes`` (called once, when the automaton is built) adds the literals that regex terms
    need (``CompiledPack.needs``): whether a pattern can match at all is then known from the
    same scan, without a search per pattern."""

    def __init__(self, words: list[str], probes=None) -> None:
        self.words = words
        self.known = frozenset(words)
        self._probes = probes
        self._automaton: Any = None
        self._searched_once = False

    def _build(self) -> Any:
        import ahocorasick_rs as ac

        if self._probes is not None:
            seen = self.known
            self.words = self.words + [w for w in dict.fromkeys(self._probes()) if w and w not in seen]
            self.known = frozenset(self.words)
        return ac.AhoCorasick(self.words, matchkind=ac.MatchKind.Standard,
                              implementation=ac.Implementation.DFA)

    def scan(self, text: str) -> Scan:
        """Every word's occurrences in ``text``, each list in text order and free of
        self-overlaps.

        The first text is searched word by word: building the automaton (and importing its
        module, and working out the probes) costs more than one report's searches, which
        matters to a one-file run."""
        if self._automaton is None:
            if not self._searched_once or not self.words:
                self._searched_once = True
                return Scan({w: spans for w in self.words if (spans := find_all(text, w))},
                            self.known)
            self._automaton = self._build()
        words = self.words
        out: dict[str, list[tuple[int, int]]] = {}
        # matches come in order of their end, so each word's matches come in order of start
        for k, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True):
            spans = out.get(words[k])
            if spans is None:
                out[words[k]] = [(start, end)]
            elif start >= spans[-1][1]:
                spans.append((start, end))
        return Scan(out, self.known)


def hits(found: Scan, word: str, text: str):
    """Hits of ``word`` in the text ``found`` was scanned from; a word the scan did not cover
    is searched for directly (a rule config built after the pack, e.g. by a test)."""
    spans = found.spans.get(word)
    if spans is not None:
        return spans
    if word in found.covered:
        return _NO_HITS
    return find_all(text, word)


def any_present(found: Scan, words: tuple[str, ...], text: str) -> bool:
    """Whether one of ``words`` occurs in the text ``found`` was scanned from."""
    covered, spans = found.covered, found.spans
    for word in words:
        if word in covered:
            if word in spans:
                return True
        elif word in text:
            return True
    return False


# above this many occurrences of a pattern's needed literals, its windows are not worth making
_MAX_ANCHORS = 48


def windows(found: Scan, needs: tuple[str, ...], text: str,
            reach: tuple[int, int]) -> list[tuple[int, int]] | None:
    """The stretches of ``text`` that can hold a match of a pattern, or None when they would
    cover much of the text (then it is searched whole).

    Every match holds one of ``needs`` and is at most ``reach[0]`` characters long, so it lies
    within that distance of an occurrence of a needed literal; a look-ahead reads at most
    ``reach[1]`` characters past the match. Searching each stretch in turn (``finditer(text,
    start, end)``; look-behinds still see the text before ``start``) gives exactly the matches
    of a search over the whole text: no match starts outside the stretches, and each lies
    inside the stretch it starts in. A pattern such as ``\\d{1,12}%`` is then tried near the
    few "%" of a report instead of at every digit."""
    longest, ahead = reach
    size = len(text)
    spans: list[tuple[int, int]] = []
    for word in needs:
        n = len(word)
        if n == 1:                  # single characters are not in the scan
            occurrences = find_all(text, word)
        else:
            # the scan keeps a word's occurrences that do not overlap: one it dropped starts
            # within ``n`` of a kept one, which the end of the stretch allows for
            occurrences = hits(found, word, text)
        if len(spans) + len(occurrences) > _MAX_ANCHORS:
            return None
        for start, _ in occurrences:
            spans.append((max(0, start + n - longest), min(size, start + n + longest + ahead)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    covered = 0
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                covered += b - merged[-1][1]
                merged[-1] = (merged[-1][0], b)
        else:
            covered += b - a
            merged.append((a, b))
    return merged if covered * 2 < size else None


def find_all(text: str, word: str) -> list[tuple[int, int]]:
    """Leftmost non-overlapping occurrences of ``word`` (the reference semantics)."""
    out = []
    n = len(word)
    i = text.find(word)
    while i != -1:
        out.append((i, i + n))
        i = text.find(word, i + n)
    return out
