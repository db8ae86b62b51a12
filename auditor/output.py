"""Writing results: atomically (temporary file in the target folder, then os.replace), and never
onto an input or, unless the user named that exact path, into a folder that holds inputs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from .errors import UsageError


def _real(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.realpath(os.path.abspath(path)))


def is_dir_target(path: str) -> bool:
    return path.endswith(("/", os.sep)) or Path(path).is_dir()


class _Resolver:
    """``str(_real(path))`` for many paths at a fraction of the cost: a path whose last part
    is not a symbolic link resolves to its folder's real path plus that part, and a batch's
    files share few folders, so each folder is resolved once."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def __call__(self, path: str | os.PathLike[str]) -> str:
        a = os.path.abspath(path)
        head, tail = os.path.split(a)
        if not tail or os.path.islink(a):
            return os.path.realpath(a)
        folder = self._folders.get(head)
        if folder is None:
            folder = self._folders[head] = os.path.realpath(head)
        return os.path.join(folder, tail)


def check_target(target: str | os.PathLike[str], inputs: Iterable[str], *, named: bool) -> None:
    """Refuse to write onto an input; refuse a generated name in a folder that holds inputs.

    ``named``: the user gave this exact file path with --output (then only overwriting an
    input is refused).
    """
    check_targets([target], inputs, named=named)


def check_targets(targets: Iterable[str | os.PathLike[str]], inputs: Iterable[str], *,
                  named: bool) -> None:
    """``check_target`` for each of ``targets`` in turn, each input resolved only once."""
    real = _Resolver()
    if named:
        targets = list(targets)
        inputs = _maybe_same(targets, inputs)
    ins = [(src, real(src)) for src in inputs if src not in ("-", "<stdin>")]
    kinds: list[tuple[bool, str]] = []   # (is a folder, its parent), when not named
    for target in targets:
        dest = real(target)
        if not named and not kinds:
            kinds = [(os.path.isdir(r), os.path.dirname(r)) for _, r in ins]
        dest_parent = os.path.dirname(dest)
        for k, (src, r) in enumerate(ins):
            if r == dest:
                raise UsageError("输出文件与输入文件相同，不会覆盖输入", path=str(target))
            if not named:
                is_dir, parent = kinds[k]
                if is_dir:
                    if Path(r) in Path(dest).parents:
                        raise UsageError(f"不会在输入目录 {src} 中写入生成的文件，请另选 --output 目录",
                                         path=str(target))
                elif parent == dest_parent:
                    raise UsageError(f"不会把生成的文件写到输入文件 {src} 旁边，请另选 --output 目录",
                                     path=str(target))


def _maybe_same(targets: list, inputs: Iterable[str]) -> list[str]:
    """The inputs that may be one of ``targets`` (a single stat each): an input that exists
    is a target only if it is the same file; one that does not is compared by path."""
    ids = set()
    for target in targets:
        try:
            st = os.stat(target)
        except OSError:
            continue
        ids.add((st.st_dev, st.st_ino))
    out = []
    for src in inputs:
        if src in ("-", "<stdin>"):
            continue
        try:
            st = os.stat(src)
        except OSError:
            out.append(src)
            continue
        if (st.st_dev, st.st_ino) in ids:
            out.append(src)
    return out


def _refuse_non_regular(path: Path) -> None:
    """An output path that exists must be a regular file: replacing it must not turn a device
    node, a FIFO or a symbolic link (whose target the user may think is written) into a file."""
    import stat

    try:
        st = os.lstat(path)
    except OSError:
        return                       # nothing there yet (or a folder we cannot see: mkstemp says)
    from .readfile import kind_of

    what = "符号链接" if stat.S_ISLNK(st.st_mode) else kind_of(st.st_mode)
    if what is not None:
        raise UsageError(f"输出路径已存在且不是普通文件（是{what}），不会覆盖；"
                         "请另选文件名，或用 -o - 输出到标准输出", path=str(path))


class AtomicWriter:
    """A file that appears under its name only when complete (``commit``); else nothing."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        _refuse_non_regular(self.path)
        folder = self.path.parent if str(self.path.parent) else Path(".")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            import tempfile  # only when a file is written: it imports shutil, random…

            fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                             dir=folder)
        except OSError as exc:
            raise UsageError(f"无法写入输出：{exc.strerror or exc}", path=str(path)) from None
        self._fh = os.fdopen(fd, "wb")
        self._done = False

    def write(self, data: str | bytes) -> None:
        self._fh.write(data.encode("utf-8") if isinstance(data, str) else data)

    def commit(self) -> None:
        if self._done:
            return
        self._done = True
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            mode = 0o666 & ~_umask()
            os.chmod(self._tmp, mode)
            os.replace(self._tmp, self.path)
        except OSError as exc:
            self._cleanup()
            raise UsageError(f"无法写入输出：{exc.strerror or exc}", path=str(self.path)) from None

    def abort(self) -> None:
        if not self._done:
            self._done = True
            self._cleanup()

    def _cleanup(self) -> None:
        try:
            self._fh.close()
        except OSError:
            pass
        try:
            os.unlink(self._tmp)
        except OSError:
            pass

    def __enter__(self) -> "AtomicWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    with AtomicWriter(path) as w:
        w.write(data)


def per_report_names(sources: list[str], ext: str) -> list[str]:
    """One file name per input, after the input's name as shown (``shown_name``: no control
    characters or undecodable bytes in a file we write); duplicates get -2, -3…"""
    from .safetext import shown_name

    used: dict[str, int] = {}
    out = []
    for src in sources:
        stem = "stdin" if src in ("-", "<stdin>") else shown_name(Path(src).stem) or "report"
        n = used.get(stem, 0) + 1
        used[stem] = n
        out.append(f"{stem}.{ext}" if n == 1 else f"{stem}-{n}.{ext}")
    return out


def write_run(run, sources: list[str], paths: list[str], fmt: str, options, *,
              output: str | None = None, quiet: bool = False):
    """Audit ``sources`` with ``run`` and write its output in ``fmt``: to standard output, to
    the file ``output``, or with ``output`` a folder, one file per report (formats in
    ``PER_REPORT``; html adds index.html) or one ``auditor.<ext>``. ``options``: the
    formatter's ``auditor.formats.Options``. A streaming format is written report by report as
    the reports are audited. Progress and the reports that could not be audited go to
    standard error. Returns the run's finished ``Tally``."""
    import sys

    from .formats import PER_REPORT, Tally, extension, formatter, render

    if not sources:
        raise UsageError("没有找到可审查的报告文件", path=" ".join(paths))
    if sources.count("-") > 1:
        raise UsageError("标准输入（-）只能给一次", path="命令行")
    out = formatter(fmt, run.pack, options)
    out_dir = out_file = None
    if output:
        if is_dir_target(output):
            out_dir = Path(output)
        else:
            out_file = Path(output)
            check_target(out_file, [*sources, *paths], named=True)
    if fmt in ("xlsx", "docx") and not output and sys.stdout.isatty():
        raise UsageError(f"{fmt} 是二进制格式，请用 --output 指定文件", path="--format")
    if fmt == "docx" and out_dir is None and len(sources) > 1:
        raise UsageError("docx 格式每份报告输出一个 Word 文件：审查多份报告时请用 --output 指定一个目录",
                         path="--format")
    per_report = out_dir is not None and fmt in PER_REPORT
    names: list[str] = []
    if out_dir is not None:
        names = (per_report_names(sources, extension(fmt)) if per_report
                 else [f"auditor.{extension(fmt)}"])
        if fmt == "docx":    # 草稿.docx → 草稿-审查.docx, never the draft's own name
            names = [name[: -len(".docx")] + "-审查.docx" for name in names]
        targets = [out_dir / name for name in names]
        if fmt == "html":
            targets.append(out_dir / "index.html")
        check_targets(targets, [*sources, *paths], named=False)
    target = out_file if out_file is not None else \
        (out_dir / names[0] if out_dir is not None and names else None)
    stream = out.streams and not per_report
    writer = AtomicWriter(target) if stream and target is not None else None
    emit = writer.write if writer is not None else _stdout
    progress = len(sources) > 1 and not quiet and _tty(sys.stderr)
    # an unreadable report always gets its one line on stderr, except when the table itself
    # is on the terminal (where the line would only repeat the table's row)
    name_unaudited = not quiet and (fmt != "table" or writer is not None
                                    or not _tty(sys.stdout))

    def told(i: int, source: str, reason: str | None) -> None:
        if progress:
            sys.stderr.write(f"\r\x1b[K审查 {i}/{len(sources)}：{source}")
            sys.stderr.flush()
        if name_unaudited and reason is not None:
            sys.stderr.write(f"auditor: {source}: {reason}\n")

    try:
        if per_report:
            from dataclasses import replace

            from .gate import unaudited_reason

            assert out_dir is not None      # per-report output goes to a folder

            kept = []
            for i, result in enumerate(run.results(sources), 1):
                told(i, result.source, unaudited_reason(result))
                data = render(fmt, [result], run.pack, options,
                              Tally.of([result], run.fail_on, run.baseline))
                if data != b"":  # (an unreadable report has no Word copy; its line says why)
                    write_atomic(out_dir / names[i - 1], data)
                if fmt == "html":
                    kept.append(replace(result, document=None))
        else:
            if stream:
                emit(out.begin())
            for i, done in enumerate(run.outputs(sources, out), 1):
                told(i, done.source, done.unaudited)
                if stream:
                    emit(done.data)
        if progress:
            sys.stderr.write("\r\x1b[K")
        tally = run.finish()
        if per_report:
            if fmt == "html":
                assert out_dir is not None
                write_atomic(out_dir / "index.html", out.index(kept))  # type: ignore[attr-defined]
        elif stream:
            emit(out.end(tally))
            if writer is not None:
                writer.commit()
        else:
            data = out.end(tally)  # a whole-run format writes everything at the end
            if data == b"":
                pass    # nothing to write (docx of a report that could not be read, said above)
            elif target is not None:
                write_atomic(target, data)
            else:
                _stdout(data)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    return tally


def _stdout(data: str | bytes) -> None:
    import sys

    raw = data.encode("utf-8") if isinstance(data, str) else data
    sys.stdout.flush()
    sys.stdout.buffer.write(raw)
    sys.stdout.buffer.flush()


def _tty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
