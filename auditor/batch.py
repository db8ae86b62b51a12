"""Audit many reports: expand folders, keep input order, survive bad files, run in processes.

``audit_paths`` yields one ``ReportResult`` per input, in input order, as soon as it is ready
(streaming: no list of every document is held). A file that cannot be read yields a result
whose ``error`` says why; the batch goes on. ``audit_map`` yields instead what a function of
each result returns, computed in the worker processes, so that only that (small) value is
passed back.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .errors import AuditorError, InputError
from .limits import DEFAULT_LIMITS, Limits
from .model import Document, ReportResult
from .safetext import shown_name

# a report's previous-year report: read, to read (path), or to pick from candidates
Previous = Document | str | Sequence[Document] | None

# What a folder walk picks up. Old binary Word files and OFD files are included so the user
# hears that they need converting, instead of having them silently skipped.
REPORT_SUFFIXES = frozenset({".txt", ".md", ".text", ".html", ".htm", ".shtml", ".xhtml", ".mht",
                             ".mhtml", ".docx", ".pdf", ".doc", ".wps", ".ofd"})


def iter_inputs(paths: Iterable[str]) -> Iterator[str]:
    """Files named, and report files found (recursively, sorted) in folders named.

    "-" stands for standard input. A path that does not exist is yielded as is, so that it
    becomes an error row naming it.
    """
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        p = Path(raw)
        if p.is_dir():
            found = []
            splitext, join = os.path.splitext, os.path.join
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    # splitext, not Path(name).suffix: the same suffix at a fraction of the cost
                    if not name.startswith(".") and splitext(name)[1].lower() in REPORT_SUFFIXES:
                        found.append(join(root, name))
            yield from sorted(found)
        else:
            yield raw


def error_result(source: str, message: str) -> ReportResult:
    return ReportResult(source=source, sha256="", metadata=None, profile=None, profile_source="",
                        findings=(), error=message)


def audit_one(source: str, pack, *, profile: str | None = None, limits: Limits = DEFAULT_LIMITS,
              keep_document: bool = False, data: bytes | None = None,
              previous: Previous = None) -> ReportResult:
    """Read and audit one report; a read error becomes an error result, never an exception.

    ``previous``: the same body's report of the year before, for the history rules — a
    ``Document``, a path to read, or a list of candidate ``Document``s to pick it from (by
    issuer and year, ``auditor.pairing``)."""
    from .evaluate import audit
    from .pipeline import read_document

    try:
        doc = read_document(None if data is not None else source, data=data,
                            name=source if data is not None else None, limits=limits)
    except InputError as exc:
        return error_result(shown_name(source), "；".join(p.message for p in exc.problems))
    except (MemoryError, RecursionError) as exc:
        return error_result(shown_name(source), f"输入过大或嵌套过深，无法处理（{type(exc).__name__}）")
    except AuditorError as exc:
        return error_result(shown_name(source), shown_name(str(exc)))
    except Exception as exc:  # a bug of ours on one file must not lose the batch
        return error_result(shown_name(source),
                            shown_name(f"内部错误：{type(exc).__name__}: {exc}"))
    prev_doc, prev_problem = _previous_document(doc, previous, limits)
    return audit(doc, pack, profile=profile, limits=limits, keep_document=keep_document,
                 previous=prev_doc, previous_problem=prev_problem)


def _previous_document(doc: Document, previous: Previous,
                       limits: Limits) -> tuple[Document | None, str | None]:
    """The previous-year report to compare ``doc`` with, or why there is none to read."""
    from .pipeline import read_document

    if previous is None or isinstance(previous, Document):
        return previous, None
    if isinstance(previous, str):
        try:
            return read_document(previous, limits=limits), None
        except AuditorError as exc:
            return None, f"上一年度报告 {previous} 无法读取：{exc}"
    from .pairing import pick_previous

    return pick_previous(doc, previous), None


# -- processes ----------------------------------------------------------------------------------


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def audit_paths(paths: Iterable[str], pack, *, profile: str | None = None,
                limits: Limits = DEFAULT_LIMITS, jobs: int = 1,
                keep_document: bool = False) -> Iterator[ReportResult]:
    """Audit every input in order (with ``jobs`` > 1 in worker processes, see ``audit_map``)."""
    yield from audit_map(list(iter_inputs(paths)), pack, _result, profile=profile, limits=limits,
                         jobs=jobs, keep_document=keep_document)


def audit_map(sources: list[str], pack, work: Callable[[ReportResult, int], Any], *,
              profile: str | None = None, limits: Limits = DEFAULT_LIMITS, jobs: int = 1,
              keep_document: bool = False, start: Callable[[], None] | None = None,
              previous: Sequence[Previous] | None = None) -> Iterator[Any]:
    """``work(result, index)`` for every source, in order (``index``: the source's position).

    ``sources``: files as ``iter_inputs`` gives them ("-" for standard input), not folders.

    With ``jobs`` > 1 the reports are audited in a ``concurrent.futures.ProcessPoolExecutor``
    and ``work`` runs in the worker processes, right after the audit, so only what it returns
    travels back: give it everything a report needs that does not depend on the other reports
    (rendering, per-report counts) and return small plain data (bytes, ints, short strings).
    ``start()``, when given, runs first in each worker. ``previous[i]``: the previous-year
    report of ``sources[i]`` (see ``audit_one``), inherited by the workers like the pack.

    The workers are forked, so ``pack`` and ``work`` (with whatever it holds) are inherited,
    never pickled; where processes cannot be forked the reports are audited here, one after
    the other. Standard input is read here and audited in a worker like any file. The reports
    of a worker that died are done here, in their turn.
    """
    prev = list(previous) if previous is not None else [None] * len(sources)
    if jobs <= 1 or len(sources) < 4 or not hasattr(os, "fork"):
        for i, src in enumerate(sources):
            yield work(_audit_item(src, None, pack, profile, limits, keep_document, prev[i]), i)
        return
    items = [(i, src, _read_stdin() if src == "-" else None) for i, src in enumerate(sources)]
    yield from _Pool(pack, work, start, profile=profile, limits=limits, jobs=jobs,
                     keep_document=keep_document, previous=prev).map(items)


def _result(result: ReportResult, index: int) -> ReportResult:
    return result


def _chunks(items: list, jobs: int) -> list[list]:
    """Guided scheduling: big chunks first (few messages), ever smaller ones towards the end
    (a worker never waits long for the other one to finish its last chunk)."""
    out = []
    i, n = 0, len(items)
    while i < n:
        size = max(2, min(32, (n - i) // (jobs * 4)))
        out.append(items[i:i + size])
        i += size
    return out


# What the worker processes inherit from the parent when they are forked: the pack, the
# per-report work and the run's settings. Set just before the pool starts its processes.
_STATE: dict[str, Any] = {}


def _start_worker() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    start = _STATE.get("start")
    if start is not None:
        start()


def _do_chunk(chunk: list[tuple[int, str, bytes | None]]) -> list:
    st = _STATE
    return [st["work"](_audit_item(src, data, st["pack"], st["profile"], st["limits"],
                                   st["keep"], st["previous"][i]), i)
            for i, src, data in chunk]


class _Pool:
    """Chunks of reports done by a process pool, handed back in input order, with a bounded
    number of chunks in flight (memory stays flat however many reports there are)."""

    AHEAD = 4  # chunks in flight per worker

    def __init__(self, pack, work, start, *, profile, limits, jobs: int, keep_document: bool,
                 previous: list):
        self.state = {"pack": pack, "work": work, "start": start, "profile": profile,
                      "limits": limits, "keep": keep_document, "previous": previous}
        self.jobs = jobs

    def _here(self, chunk: list) -> list:
        st = self.state
        return [st["work"](_audit_item(src, data, st["pack"], st["profile"], st["limits"],
                                       st["keep"], st["previous"][i]), i)
                for i, src, data in chunk]

    def map(self, items: list) -> Iterator[Any]:
        import gc
        import multiprocessing
        import sys
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        chunks = _chunks(items, self.jobs)
        sys.stdout.flush()
        sys.stderr.flush()
        _STATE.clear()
        _STATE.update(self.state)
        pool = ProcessPoolExecutor(min(self.jobs, len(chunks)),
                                   mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker)
        pending: deque = deque()
        todo = iter(chunks)
        broken = False

        def submit() -> None:
            chunk = next(todo, None)
            if chunk is None:
                return
            if broken:
                pending.append((chunk, None))
                return
            try:
                pending.append((chunk, pool.submit(_do_chunk, chunk)))
            except (BrokenProcessPool, RuntimeError):
                pending.append((chunk, None))

        # the workers inherit this process's objects: keep the collector from touching (and
        # so copying) those pages in every worker (unless the program freezes objects itself)
        freeze = gc.get_freeze_count() == 0
        if freeze:
            gc.freeze()
        try:
            for _ in range(self.jobs * self.AHEAD):
                submit()
        finally:
            if freeze:
                gc.unfreeze()
        try:
            while pending:
                chunk, future = pending.popleft()
                out = None
                if future is not None:
                    try:
                        out = future.result()
                    except BrokenProcessPool:  # a worker died: its reports are done here
                        broken = True
                if out is None:
                    out = self._here(chunk)
                submit()
                for k, item in enumerate(out):
                    out[k] = None  # hold no more than the chunk being written
                    yield item
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            _STATE.clear()


def _audit_item(src: str, data: bytes | None, pack, profile, limits, keep,
                previous: Previous = None) -> ReportResult:
    if src == "-":
        return audit_one("<stdin>", pack, profile=profile, limits=limits, keep_document=keep,
                         data=data if data is not None else _read_stdin(), previous=previous)
    return audit_one(src, pack, profile=profile, limits=limits, keep_document=keep,
                     previous=previous)


def _read_stdin() -> bytes:
    import sys

    return sys.stdin.buffer.read()
