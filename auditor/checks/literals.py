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
    """The automaton for a fixed list of words; ``scan(text)`` gives each word's hits."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.known = frozenset(words)
        self._automaton: Any = None
        self._searched_once = False

    def _build(self) -> Any:
        import ahocorasick_rs as ac

        return ac.AhoCorasick(self.words, matchkind=ac.MatchKind.Standard,
                              implementation=ac.Implementation.DFA)

    def scan(self, text: str) -> Scan:
        """Every word's occurrences in ``text``, each list in text order and free of
        self-overlaps.

        The first text is searched word by word: building the automaton (and importing its
        module) costs more than one report's searches, which
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
            kept = out.get(words[k])
            if kept is None:
                out[words[k]] = [(start, end)]
            elif start >= kept[-1][1]:
                kept.append((start, end))
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


def find_all(text: str, word: str) -> list[tuple[int, int]]:
    """Leftmost non-overlapping occurrences of ``word`` (the reference semantics)."""
    out = []
    n = len(word)
    i = text.find(word)
    while i != -1:
        out.append((i, i + n))
        i = text.find(word, i + n)
    return out
