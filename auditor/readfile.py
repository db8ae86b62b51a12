"""The one way the auditor reads a file it is given: a regular file only, bounded by the bytes
actually read.

A size check by ``stat`` alone is no bound: a device such as ``/dev/zero`` reports size 0 and
never ends, and opening a FIFO blocks until a writer comes. Here the file is opened without
blocking, checked to be a regular file on the open descriptor (no race with a rename), and
read to at most ``max_bytes + 1`` bytes, so a caller sees "too large" from the length alone.
"""

from __future__ import annotations

import errno
import os
import stat


class NotRegularFile(OSError):
    """The path names something other than a regular file (a device, FIFO, socket)."""

    def __init__(self, path: str, what: str) -> None:
        super().__init__(errno.EINVAL, not_regular_message(what), path)
        self.what = what


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, in Chinese; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "目录"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


def not_regular_message(what: str) -> str:
    return f"不是普通文件（是{what}），不会读取"


def read_regular(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of the regular file ``path``.

    Raises ``IsADirectoryError`` for a directory, ``NotRegularFile`` for any other file that
    is not a regular file, and the usual ``OSError`` subclasses otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) \
        | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        what = kind_of(mode)
        if what == "目录":
            raise IsADirectoryError(errno.EISDIR, "Is a directory", os.fspath(path))
        if what is not None:
            raise NotRegularFile(os.fspath(path), what)
        # one read of a buffer sized by the file (one byte more, to see a file that grew
        # since), not by the largest file allowed; then on while it still gives bytes
        size = os.fstat(fd).st_size
        chunks = [os.read(fd, min(size, max_bytes) + 1)]
        left = max_bytes + 1 - len(chunks[0])
        while left > 0 and chunks[-1]:
            chunk = os.read(fd, min(left, 1 << 20))
            chunks.append(chunk)
            left -= len(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)
