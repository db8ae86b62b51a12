"""Ingestion: from a path, standard input or bytes to a ``RawText`` of numbered lines.

One entry point, ``load``. The input type is decided by content as well as by extension
(see ``sniff``); each type has its own module: ``text``, ``html``, ``mhtml``, ``docx``, ``pdf``. Every
problem with the input is an ``InputError`` whose message (in Chinese) says what is wrong
and, where possible, what to do.
"""

from __future__ import annotations

import errno
import os
import stat
import sys

from ..errors import InputError
from ..limits import DEFAULT_LIMITS, Limits
from ..model import RawText
from ..readfile import NotRegularFile, not_regular_message, read_regular
from ..safetext import shown_name
from .lines import human_size

__all__ = ["load"]


# the usual reasons a path cannot be read, in Chinese (strerror is English)
_OS_ERRORS = {
    errno.ELOOP: "符号链接循环（链接指向自身）",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ENOTDIR: "路径中的某一级不是目录",
    errno.EIO: "读写错误（磁盘或网络存储故障）",
    errno.ENXIO: "设备不存在",
    errno.EBUSY: "文件正被占用",
    errno.ETIMEDOUT: "读取超时",
}


def _too_large(size: int, limits: Limits, source: str) -> InputError:
    return InputError(
        f"文件过大（{human_size(size)}），超过上限 {human_size(limits.max_file_bytes)}；"
        "如确需读取，请用 --max-file-size 调高上限（例如 --max-file-size 100M）",
        path=source)


def _read_path(path: str, limits: Limits, label: str | None = None) -> bytes:
    """The bytes of the file ``path`` (``label``: its name as shown, ``shown_name`` if None)."""
    if label is None:
        label = shown_name(path)
    try:
        st = os.stat(path)
        if stat.S_ISREG(st.st_mode) and st.st_size > limits.max_file_bytes:
            raise _too_large(st.st_size, limits, label)    # the real size, in the message
        data = read_regular(path, limits.max_file_bytes)
    except InputError:
        raise
    except NotRegularFile as exc:
        raise InputError(not_regular_message(exc.what), path=label) from None
    except FileNotFoundError:
        raise InputError("文件不存在", path=label) from None
    except IsADirectoryError:
        raise InputError("这是一个目录，不是文件", path=label) from None
    except PermissionError:
        raise InputError("没有读取该文件的权限", path=label) from None
    except OSError as exc:
        reason = _OS_ERRORS.get(exc.errno or 0) or exc.strerror or str(exc)
        raise InputError(f"无法读取文件：{reason}", path=label) from None
    if len(data) > limits.max_file_bytes:
        raise _too_large(len(data), limits, label)
    return data


def _read_stdin(limits: Limits) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("无法读取标准输入", path="<stdin>")
    data = stream.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        raise _too_large(len(data), limits, "<stdin>")
    return data


def load(source: str | os.PathLike[str] | None = None, *, data: bytes | None = None,
         name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> RawText:
    """Read one report into a ``RawText``.

    ``source`` is a path, or "-" for standard input (named "<stdin>" in messages); or pass
    ``data`` (the file's bytes) with ``name`` (used for messages and for the extension).
    Raises ``InputError`` for every input that cannot be read.
    """
    # the name shown in messages and results: a name that is not valid UTF-8, or holds control
    # or bidi characters, is shown escaped (it must not end a batch in a UTF-8 output)
    if data is not None:
        label = shown_name(name or (os.fspath(source) if source is not None else "<data>"))
        if len(data) > limits.max_file_bytes:
            raise _too_large(len(data), limits, label)
    elif source is None:
        raise InputError("没有指定要读取的文件", path="-")
    else:
        path = os.fspath(source)
        if path == "-":
            label = "<stdin>"
            data = _read_stdin(limits)
        else:
            label = shown_name(path)
            data = _read_path(path, limits, label)
    type_name = name or label
    if not data:
        raise InputError("文件为空", path=label)

    from .sniff import sniff

    kind = sniff(data, type_name, label)
    if kind == "html":
        from .html import load_html

        return load_html(data, label, limits)
    if kind == "mhtml":
        from .mhtml import load_mhtml

        return load_mhtml(data, label, limits)
    if kind == "docx":
        from .docx import load_docx

        return load_docx(data, label, limits)
    if kind == "pdf":
        from .pdf import load_pdf

        return load_pdf(data, label, limits)
    from .text import load_text

    return load_text(data, label, limits)
