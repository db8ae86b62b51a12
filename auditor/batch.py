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

from .errors import AuditorError, InputError
from .limits import DEFAULT_LIMITS, Limits
from .model import ReportResult

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing at run time costs ~4 ms of start-up
    from typing import Any, Callable, Iterable, Iterator

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
              keep_document: bool = False, data: bytes | None = None) -> ReportResult:
    """Read and audit one report; a read error becomes an error result, never an exception."""
    from .evaluate import audit
    from .pipeline import read_document

    try:
        doc = read_document(None if data is not None else source, data=data,
                            name=source if data is not None else None, limits=limits)
    except InputError as exc:
        return error_result(source, "；".join(p.message for p in exc.problems))
    except (MemoryError, RecursionError) as exc:
        return error_result(source, f"输入过大或嵌套过深，无法处理（{type(exc).__name__}）")
    except AuditorError as exc:
        return error_result(source, str(exc))
    except Exception as exc:  # a bug of ours on one file must not lose the batch
        return error_result(source, f"内部错误：{type(exc).__name__}: {exc}")
    return audit(doc, pack, profile=profile, limits=limits, keep_document=keep_document)


# -- processes ----------------------------------------------------------------------------------

_WORKER: dict = {}


def _init_worker(pack_path: str | None, profile: str | None, limits: Limits, keep: bool) -> None:
    from .pack import load_pack

    _WORKER.update(pack=load_pack(pack_path, limits=limits), profile=profile, limits=limits,
                   keep=keep)


def _work(source: str) -> ReportResult:
    return audit_one(source, _WORKER["pack"], profile=_WORKER["profile"], limits=_WORKER["limits"],
                     keep_document=_WORKER["keep"])


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def audit_paths(paths: Iterable[str], pack, *, pack_path: str | None = None,
                profile: str | None = None, limits: Limits = DEFAULT_LIMITS, jobs: int = 1,
                keep_document: bool = False) -> Iterator[ReportResult]:
    """Audit every input in order. With ``jobs`` > 1 the reports are read and audited in worker
    processes and results come back in input order: forked workers use ``pack`` (see
    ``audit_map``); elsewhere each loads the pack from ``pack_path`` (cached). Standard input
    is always read in this process."""
    sources = list(iter_inputs(paths))
    if jobs <= 1 or len(sources) < 4:
        for src in sources:
            yield _audit_source(src, pack, profile, limits, keep_document)
        return
    if hasattr(os, "fork"):
        yield from audit_map(sources, pack, _result, profile=profile, limits=limits, jobs=jobs,
                             keep_document=keep_document)
        return
    import multiprocessing as mp

    ctx = mp.get_context()
    stdin_results = {i: _audit_source(s, pack, profile, limits, keep_document)
                     for i, s in enumerate(sources) if s == "-"}
    files = [s for s in sources if s != "-"]
    chunk = max(1, min(32, len(files) // (jobs * 8) or 1))
    with ctx.Pool(jobs, initializer=_init_worker,
                  initargs=(pack_path, profile, limits, keep_document)) as pool:
        it = pool.imap(_work, files, chunksize=chunk)
        for i, src in enumerate(sources):
            yield stdin_results[i] if src == "-" else next(it)


# -- streaming: the per-report work done where the report is audited -----------------------------


def audit_map(sources: list[str], pack, work: Callable[[ReportResult, int], Any], *,
              profile: str | None = None, limits: Limits = DEFAULT_LIMITS, jobs: int = 1,
              keep_document: bool = False) -> Iterator[Any]:
    """``work(result, index)`` for every source, in order (``index``: the source's position).

    ``sources``: files as ``iter_inputs`` gives them ("-" for standard input), not folders.

    Like ``audit_paths``, but with ``jobs`` > 1 ``work`` runs in the worker processes, right
    after the audit, so only what it returns travels back to this process: give it everything
    a report needs that does not depend on other reports (rendering, per-report counts) and
    return small plain data (bytes, ints, short strings), which is cheap to pass; a whole
    ``ReportResult`` is not (rebuilding its objects costs this process more than the rest).

    The workers are forked: ``pack`` and ``work`` (with whatever it holds) are inherited, never
    pickled. If ``work`` has a ``start_worker()`` method, each worker calls it first. Standard
    input is read and its ``work`` done in this process, in its turn; so are the reports of a
    worker that died. Without fork, ``work`` runs here on results from ``audit_paths``.
    """
    if jobs <= 1 or len(sources) < 4 or not hasattr(os, "fork"):
        it = (audit_paths if jobs > 1 else _audit_here)(
            sources, pack, profile=profile, limits=limits, jobs=jobs, keep_document=keep_document)
        for i, result in enumerate(it):
            yield work(result, i)
        return
    stdin_results = {i: _audit_source(s, pack, profile, limits, keep_document)
                     for i, s in enumerate(sources) if s == "-"}
    tasks = _chunks([(i, s) for i, s in enumerate(sources) if s != "-"], jobs)

    def here(chunk: list[tuple[int, str]]) -> list:
        return [work(audit_one(src, pack, profile=profile, limits=limits,
                               keep_document=keep_document), i) for i, src in chunk]

    chunks = _Forked(tasks, min(jobs, len(tasks)), (pack, profile, limits, keep_document, work),
                     here)
    try:
        done: list = []
        k = 0
        for i, src in enumerate(sources):
            if src == "-":
                yield work(stdin_results.pop(i), i)
                continue
            if k == len(done):
                done, k = chunks.next(), 0
            item = done[k]
            done[k] = None  # hold no more than the chunk being written
            k += 1
            yield item
    finally:
        chunks.close()


def _result(result: ReportResult, index: int) -> ReportResult:
    return result


def _audit_here(sources: list[str], pack, *, profile, limits, jobs, keep_document):
    for src in sources:
        yield _audit_source(src, pack, profile, limits, keep_document)


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


class _Forked:
    """Chunks of work done by forked worker processes, handed back in order.

    Not ``multiprocessing.Pool``: its worker-handler thread spins while results wait in the
    pipe, and its result thread adds a hand-over per message; here this process has no
    threads and only reads whole messages. Each worker has a pipe for its tasks and one for
    its results (made large, so that a worker rarely waits for this process to read); it is
    given its next chunk as soon as it returns one, and has two in hand, so it never waits for
    work. A chunk whose worker died is done here (``here``), in its turn.
    """

    PREFETCH = 2

    def __init__(self, tasks: list[list], jobs: int, args: tuple, here) -> None:
        import gc
        import sys

        self.tasks, self.here = tasks, here
        self.sent = 0                          # tasks given out so far
        self.results: dict[int, Any] = {}      # chunk number → results (or _LOST)
        self.workers: dict[int, list] = {}     # result fd → [pid, task fd, chunks in hand]
        self.wanted = 0
        self._buf = bytearray(1 << 20)
        sys.stdout.flush()
        sys.stderr.flush()
        # the workers inherit this process's objects: keep the collector from touching (and so
        # copying) those pages in every worker, or finalising any of them there (unless the
        # program freezes objects itself: then leave that to it)
        freeze = gc.get_freeze_count() == 0
        if freeze:
            gc.freeze()
        try:
            for _ in range(jobs):
                self._fork(args)
            for fd in list(self.workers):
                for _ in range(self.PREFETCH):
                    self._give(fd)
        except OSError:  # no more processes: fewer workers (none: all is done here)
            pass
        except BaseException:
            self.close()
            raise
        finally:
            if freeze:
                gc.unfreeze()

    def _fork(self, args: tuple) -> None:
        task_r, task_w = os.pipe()
        result_r, result_w = os.pipe()
        _grow_pipe(result_w)
        try:
            pid = os.fork()
        except OSError:
            for fd in (task_r, task_w, result_r, result_w):
                os.close(fd)
            raise
        if pid == 0:  # the worker: never returns
            code = 1
            try:
                os.close(task_w)
                os.close(result_r)
                for fd, (_pid, tfd, _held) in self.workers.items():  # the other workers' pipes
                    os.close(fd)
                    os.close(tfd)
                _worker_main(task_r, result_w, *args)
                code = 0
            except BaseException:  # noqa: BLE001 - the parent redoes what was lost
                if os.environ.get("AUDITOR_DEBUG"):
                    import sys
                    import traceback

                    traceback.print_exc()
                    sys.stderr.flush()
            finally:
                os._exit(code)
        os.close(task_r)
        os.close(result_w)
        self.workers[result_r] = [pid, task_w, []]

    def _give(self, fd: int) -> None:
        """Send the next task to the worker reading results on ``fd``, if any is left."""
        if self.sent >= len(self.tasks):
            return
        n = self.sent
        self.sent += 1
        w = self.workers[fd]
        w[2].append(n)
        try:
            _send(w[1], (n, self.tasks[n]))
        except OSError:  # the worker is gone; its chunks are redone when its pipe says so
            pass

    def next(self) -> list:
        """The results of the next chunk, in order."""
        n = self.wanted
        self.wanted += 1
        while n not in self.results:
            if not self.workers:  # every worker died: do the rest here
                for m in range(self.sent, len(self.tasks)):
                    self.results[m] = _LOST
                self.sent = len(self.tasks)
                break
            for fd in _readable(list(self.workers)):
                self._receive(fd)
        out = self.results.pop(n)
        return self.here(self.tasks[n]) if out is _LOST else out

    def _receive(self, fd: int) -> None:
        w = self.workers[fd]
        msg = self._recv(fd)
        if msg is None:  # the worker died (or was killed): redo what it had in hand
            for m in w[2]:
                self.results[m] = _LOST
            self._drop(fd, kill=True)
            return
        n, out = msg
        w[2].remove(n)
        self.results[n] = out
        self._give(fd)

    def _recv(self, fd: int) -> Any:
        """``_recv``, read into one buffer kept for the whole run: a fresh megabyte per message
        costs more in page faults than the rest of its handling."""
        import pickle

        head = _read(fd, 8)
        if head is None:
            return None
        size = int.from_bytes(head, "little")
        if size > len(self._buf):
            self._buf = bytearray(max(size, 2 * len(self._buf)))
        view = memoryview(self._buf)[:size]
        try:
            if not _read_into(fd, view):
                return None
            return pickle.loads(view)
        finally:
            view.release()

    def _drop(self, fd: int, *, kill: bool) -> None:
        import signal

        pid, task_fd, _ = self.workers.pop(fd)
        for f in (task_fd, fd):
            try:
                os.close(f)
            except OSError:
                pass
        if kill:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass

    def close(self) -> None:
        """Stop the workers: done ones leave on their own, others (an early stop) are told to."""
        finished = self.sent >= len(self.tasks) and not any(w[2] for w in self.workers.values())
        for fd in list(self.workers):
            self._drop(fd, kill=not finished)


_LOST = object()


def _readable(fds: list[int]) -> list[int]:
    """The descriptors that have data (or an end of file) to read; waits for one."""
    import select

    if not hasattr(select, "poll"):  # pragma: no cover - poll is everywhere fork is
        return select.select(fds, [], [])[0]
    poll = select.poll()
    for fd in fds:
        poll.register(fd, select.POLLIN)
    return [fd for fd, _ in poll.poll()]


def _grow_pipe(fd: int) -> None:
    """Give a pipe room for a whole chunk of results (Linux; best effort)."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


def _send(fd: int, obj: Any) -> None:
    import pickle

    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view):]


def _recv(fd: int) -> Any:
    """One message from ``fd``; None at end of file (also in the middle of a message)."""
    import pickle

    head = _read(fd, 8)
    if head is None:
        return None
    data = _read(fd, int.from_bytes(head, "little"))
    return None if data is None else pickle.loads(data)


def _read(fd: int, size: int) -> bytearray | None:
    buf = bytearray(size)
    return buf if _read_into(fd, memoryview(buf)) else None


def _read_into(fd: int, view: memoryview) -> bool:
    """Fill ``view`` from ``fd``; False at end of file."""
    pos, size = 0, len(view)
    while pos < size:
        n = os.readv(fd, [view[pos:]])
        if n == 0:
            return False
        pos += n
    return True


def _worker_main(task_fd: int, result_fd: int, pack, profile: str | None, limits: Limits,
                 keep: bool, work) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    start = getattr(work, "start_worker", None)
    if start is not None:
        start()
    while True:
        msg = _recv(task_fd)
        if msg is None:
            return
        n, chunk = msg
        _send(result_fd, (n, [work(audit_one(src, pack, profile=profile, limits=limits,
                                              keep_document=keep), i) for i, src in chunk]))


def _audit_source(src: str, pack, profile, limits, keep) -> ReportResult:
    return audit_one(src if src != "-" else "<stdin>", pack, profile=profile, limits=limits,
                     keep_document=keep, data=_read_stdin() if src == "-" else None)


def _read_stdin() -> bytes:
    import sys

    return sys.stdin.buffer.read()
