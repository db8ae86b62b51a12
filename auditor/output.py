"""Writing results: atomically (temporary file in the target folder, then os.replace), and never
onto an input or, unless the user named that exact path, into a folder that holds inputs."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing at run time costs ~4 ms of start-up
    from typing import Iterable


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


class AtomicWriter:
    """A file that appears under its name only when complete (``commit``); else nothing."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
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
    """One file name per input, after the input's name; duplicates get -2, -3…"""
    used: dict[str, int] = {}
    out = []
    for src in sources:
        stem = "stdin" if src in ("-", "<stdin>") else Path(src).stem or "report"
        n = used.get(stem, 0) + 1
        used[stem] = n
        out.append(f"{stem}.{ext}" if n == 1 else f"{stem}-{n}.{ext}")
    return out
