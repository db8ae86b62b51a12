"""One audit run: documents → results → waivers → baseline → gate.

The CLI (``auditor check``), ``auditor serve`` and library callers all go through ``Run``::

    from auditor import Run
    run = Run(rules="rules/my-province", fail_on="warning")
    for result in run.results(["corpus/"]):        # waived, counted for the gate
        print(result.source, result.summary())
    tally = run.finish()                           # stale waivers known, exit code final
    print(tally.code())

or, for a whole run at once, ``auditor.run(paths, ...) -> RunResult``. With a formatter
(``auditor.formats.formatter``), ``Run.outputs`` yields each report's rendered bytes instead,
rendered in the worker processes when ``jobs`` > 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .batch import audit_map, iter_inputs
from .gate import Tally, report_counts, unaudited_reason
from .limits import DEFAULT_LIMITS, Limits
from .model import ReportResult

if TYPE_CHECKING:  # annotations only
    from .formats import Formatter


@dataclass(frozen=True, slots=True)
class Output:
    """One report's share of a run's output, in input order."""

    source: str
    unaudited: str | None          # why the report could not be audited, or None
    data: bytes                    # the formatter's text for this report ("" for whole-run formats)


class Run:
    """The settings of one run and its gate, kept as counts (see ``auditor.gate``).

    ``pack``: a loaded pack, or ``rules`` names one (default: the built-in pack). ``waivers``:
    a waiver file, or None to use the ``auditor.yaml`` found beside or above each report (pass
    ``discover_waivers=False`` for none). ``baseline``: an earlier JSON result (path or
    ``auditor.baseline.Baseline``). ``jobs``: worker processes (1: this process).
    ``previous``: the same body's report of the year before, for the history rules — a file
    (compared with every report), or a folder whose reports are paired with this run's by issuer
    and year; without it, reports of one body in consecutive years within the run are paired
    (``pair_batch``).
    """

    def __init__(self, pack: Any = None, *, rules: str | None = None, profile: str | None = None,
                 waivers: Any = None, discover_waivers: bool = True, baseline: Any = None,
                 fail_on: str = "error", limits: Limits = DEFAULT_LIMITS, jobs: int = 1,
                 keep_document: bool = False, previous: str | None = None,
                 pair_batch: bool = True) -> None:
        from .errors import UsageError
        from .waivers import Waivers, waivable_map

        if fail_on not in ("error", "warning", "info", "never"):
            raise UsageError(f"未知的门槛：{fail_on}（可用：error、warning、info、never）", path="fail_on")
        if jobs < 1:
            raise UsageError("--jobs 必须是正整数", path="命令行")
        if pack is None:
            from .pack import load_pack

            pack = load_pack(rules, limits=limits)
        if not pack.rules:
            raise UsageError("规则包没有启用任何规则，无法审查", path=rules or "默认规则包")
        if isinstance(baseline, str):
            from .baseline import load_baseline

            baseline = load_baseline(baseline)
        self.pack, self.profile, self.limits, self.jobs = pack, profile, limits, jobs
        self.keep_document = keep_document
        self.baseline = baseline
        self.waivers = waivers if isinstance(waivers, Waivers) else \
            Waivers(waivers, discover=discover_waivers)
        self._waivable = waivable_map(pack)
        self.tally = Tally(fail_on, baseline)
        self.pair_batch = pair_batch
        self._previous = _load_previous(previous, limits) if previous else None
        self._compares_years = _uses_kind(pack, "history")

    def _pairs_within(self, n: int) -> bool:
        """Whether ``n`` reports of this run are paired among themselves by body and year: only
        without ``previous``, with pairing on, and when some rule of the pack compares years."""
        return self._previous is None and self.pair_batch and n > 1 and self._compares_years

    def previous_for(self, sources: list[str]) -> list[Any] | None:
        """Each source's previous-year report (see ``batch.audit_one``), or None for none at
        all. Pairing within the run reads each report's metadata once beforehand; it is skipped
        when the pack runs no history rule."""
        if self._previous is not None:
            return [self._previous] * len(sources)
        if not self._pairs_within(len(sources)):
            return None
        from .pairing import pair_in_batch
        from .pipeline import read_metadata

        metas = []
        for src in sources:
            try:
                metas.append(None if src == "-" else read_metadata(src, limits=self.limits))
            except Exception:  # noqa: BLE001 - an unreadable file is reported by its audit
                metas.append(None)
        pairs = pair_in_batch(metas)
        if all(j is None for j in pairs):
            return None
        return [sources[j] if j is not None else None for j in pairs]

    @property
    def fail_on(self) -> str:
        return self.tally.fail_on

    # -- one report -------------------------------------------------------------------------------

    def judge(self, result: ReportResult) -> ReportResult:
        """Apply the waivers to one audited report and count it for the gate."""
        result = self.waivers.apply(result, self._waivable)
        self.tally.add(result)
        return result

    def audit(self, name: str, data: bytes) -> ReportResult:
        """Audit one upload (its bytes, under the file name it came with) and judge it."""
        from .batch import audit_one

        return self.judge(audit_one(name, self.pack, profile=self.profile, limits=self.limits,
                                    keep_document=self.keep_document, data=data,
                                    previous=self._previous))

    def audit_uploads(self, named: list[tuple[str, bytes]]) -> list[ReportResult]:
        """Audit several uploads (name, bytes) and judge them, in order; uploads of one body in
        consecutive years are paired for the history rules, as files of one batch are."""
        from .batch import audit_one

        if not self._pairs_within(len(named)):
            return [self.audit(name, data) for name, data in named]
        from .evaluate import audit
        from .pairing import pair_in_batch
        from .pipeline import read_document

        docs: list[Any] = []
        for name, data in named:
            try:
                docs.append(read_document(data=data, name=name, limits=self.limits))
            except Exception:  # noqa: BLE001 - audit_one below says why, as for one upload
                docs.append(None)
        pairs = pair_in_batch([d.metadata if d is not None else None for d in docs])
        out = []
        for (name, data), doc, j in zip(named, docs, pairs):
            if doc is None:   # unreadable: the error result a single upload would get
                result = audit_one(name, self.pack, profile=self.profile, limits=self.limits,
                                   data=data)
            else:             # read once: audited from the document already read for pairing
                result = audit(doc, self.pack, profile=self.profile, limits=self.limits,
                               keep_document=self.keep_document,
                               previous=docs[j] if j is not None else None)
            out.append(self.judge(result))
        return out

    # -- many reports -----------------------------------------------------------------------------

    def results(self, paths: Iterable[str]) -> Iterator[ReportResult]:
        """Audit files and folders (recursively; "-" for standard input), in order, judged."""
        judge = _Judge(self, None)
        sources = list(iter_inputs(paths))
        for index, item in enumerate(audit_map(
                sources, self.pack, judge, profile=self.profile,
                limits=self.limits, jobs=self.jobs, keep_document=self.keep_document,
                start=judge.start_worker, previous=self.previous_for(sources))):
            yield self._take(item, judge, index).result

    def outputs(self, sources: list[str], formatter: Formatter) -> Iterator[Output]:
        """Audit ``sources`` (files, as ``iter_inputs`` gives them) and render each report with
        ``formatter``: its ``report(result, index)`` runs where the report was audited when the
        formatter ``streams``; else here, in input order."""
        judge = _Judge(self, formatter if formatter.streams else None)
        for index, item in enumerate(audit_map(sources, self.pack, judge, profile=self.profile,
                                               limits=self.limits, jobs=self.jobs,
                                               keep_document=self.keep_document,
                                               start=judge.start_worker,
                                               previous=self.previous_for(sources))):
            done = self._take(item, judge, index)
            data = done.data
            if data is None:
                out = formatter.report(done.result, index)
                data = out.encode("utf-8") if isinstance(out, str) else out
            yield Output(done.source, done.reason, data)

    def _take(self, done: _Done, judge: _Judge, index: int) -> _Done:
        if done.redo:  # it failed in a worker: redo it here, where it fails as it would alone
            done = judge(done.result, index)
        if done.journal is not None:
            self.waivers.replay(done.journal)
        self.tally.add_counts(done.counts)
        return done

    def finish(self) -> Tally:
        """The run's gate, with the waivers that matched nothing; call once every report is in."""
        self.tally.stale_waivers = self.waivers.stale()
        return self.tally


class _Done:
    """What a worker sends back for one report (plain, small data when rendered there)."""

    __slots__ = ("source", "reason", "data", "counts", "journal", "result", "redo")

    def __init__(self, source, reason, data, counts, journal, result, redo=False) -> None:
        self.source, self.reason, self.data = source, reason, data
        self.counts, self.journal, self.result = counts, journal, result
        self.redo = redo  # the work failed in a worker; ``result`` is the unwaived result


class _Judge:
    """The per-report work of a run, done in the process that audited the report: waivers, the
    gate's counts and, for a streaming formatter, the report's text."""

    def __init__(self, run: Run, formatter: Formatter | None) -> None:
        self.run, self.formatter = run, formatter
        self.in_worker = False

    def start_worker(self) -> None:
        self.in_worker = True
        self.run.waivers.keep_journal()

    def __call__(self, result: ReportResult, index: int) -> _Done:
        if not self.in_worker:
            return self._judge(result, index)
        try:
            return self._judge(result, index)
        except Exception:  # noqa: BLE001 - redone in the parent, where it fails as it would
            self.run.waivers.journal()  # the parent redoes this report: drop what it changed here
            return _Done(result.source, None, None, None, None, result, redo=True)

    def _judge(self, result: ReportResult, index: int) -> _Done:
        run = self.run
        result = run.waivers.apply(result, run._waivable)
        reason = unaudited_reason(result)
        counts = report_counts(result, run.tally.fail_on, run.baseline, reason)
        data = None
        if self.formatter is not None:
            out = self.formatter.report(result, index)
            data = out.encode("utf-8") if isinstance(out, str) else out
            kept = None
        else:
            kept = result
        return _Done(result.source, reason, data, counts, run.waivers.journal(), kept)


def _uses_kind(pack: Any, kind: str) -> bool:
    """Whether any enabled rule of ``pack`` runs a check of ``kind`` (in ``check`` or
    ``partial_when``, at any depth of all/any/not)."""
    from .checks.registry import walk

    return any(name == kind for rule in pack.rules
               for tree in (rule.check, rule.partial_when) if tree
               for name, _, _ in walk(tree))


def _load_previous(path: str, limits: Limits) -> Any:
    """``--previous``: one report (a Document), or the readable reports of a folder (a list to
    pick from by issuer and year). A file that cannot be read stops the run (exit 2); in a
    folder, unreadable files are passed over."""
    import os

    from .errors import UsageError
    from .pipeline import read_document

    if os.path.isdir(path):
        candidates = []
        for src in iter_inputs([path]):
            try:
                candidates.append(read_document(src, limits=limits))
            except Exception:  # noqa: BLE001 - one bad file of last year's does not stop this run
                continue
        if not candidates:
            raise UsageError("--previous 目录中没有可读取的上一年度报告", path=path)
        return candidates
    if not os.path.exists(path):
        raise UsageError("--previous 指定的文件或目录不存在", path=path)
    return read_document(path, limits=limits)


@dataclass(frozen=True, slots=True)
class RunResult:
    results: list[ReportResult]
    tally: Tally

    @property
    def exit_code(self) -> int:
        return self.tally.code()


def run(paths: Iterable[str], **settings: Any) -> RunResult:
    """Audit files and folders with ``Run(**settings)``; every result (waived) and the gate."""
    r = Run(**settings)
    results = list(r.results(paths))
    return RunResult(results, r.finish())
