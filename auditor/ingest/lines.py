"""Shared helpers of the loaders: turning pieces of text into numbered ``Line`` objects."""

from __future__ import annotations

import hashlib
import re

from ..errors import InputError
from ..limits import Limits
from ..model import Line, RawText
from ..normalize import fold, fold_and_look

# str.strip() already removes \u3000 and \xa0; zero-width characters are not whitespace to
# Python but are invisible padding on web pages.
_EDGE = "\u200b\u200c\u200d\u2060\ufeff"
_STRIP_RE = re.compile(rf"^[\s{_EDGE}]+|[\s{_EDGE}]+$")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` at the line ends an editor counts: \\r\\n, \\r, \\n (not
    str.splitlines(), which also splits on \\x0b, \\x0c, \\x1c-\\x1e, \\x85, \\u2028 and would
    shift line numbers). str.split is several times faster than a regex split."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def strip_line(text: str) -> str:
    """The text without surrounding whitespace, full-width spaces and zero-width characters."""
    text = text.strip()
    if text and (text[0] in _EDGE or text[-1] in _EDGE):
        text = _STRIP_RE.sub("", text)
    return text


def human_size(n: int) -> str:
    """A byte count for messages: 2048 → "2 KB", 3_500_000 → "3.3 MB"."""
    for unit, size in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if n >= size:
            value = n / size
            text = f"{value:.1f}".rstrip("0").rstrip(".")
            return f"{text} {unit}"
    return f"{n} 字节"


def count_elements(markup: str | bytes) -> int:
    """An upper bound on the elements of HTML or XML ``markup``: its tags that are not end
    tags (comments and declarations count too). Two ``count`` calls, no parse."""
    if isinstance(markup, bytes):
        return markup.count(b"<") - markup.count(b"</")
    return markup.count("<") - markup.count("</")


def too_many_elements(source: str, found: int, limits: Limits, what: str = "元素") -> InputError:
    """The refusal of a document whose structure is out of proportion (found > the bound)."""
    return InputError(f"文件中的{what}过多（至少 {found} 个，上限 {limits.max_elements}），"
                      "与其文字量不成比例，可能是恶意构造的文件，已拒绝读取",
                      path=source)


class LineCollector:
    """Collects the non-blank lines of one input, enforcing the line bounds of ``Limits``."""

    __slots__ = ("source", "limits", "lines", "traditional")

    def __init__(self, source: str, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.lines: list[Line] = []
        # looks_traditional of the lines' text, when add_text found it out while folding
        self.traditional: bool | None = None

    def add(self, no: int, text: str) -> bool:
        """Add one line; blank lines are skipped. Returns True when a line was kept."""
        text = strip_line(text)
        if not text:
            return False
        if len(text) > self.limits.max_line_chars:
            text = strip_line(text[: self.limits.max_line_chars])
        if len(self.lines) >= self.limits.max_lines:
            raise self.too_many_lines()
        self.lines.append(Line(no, text, fold(text)))   # normalize() of a 简体 line
        return True

    def add_text(self, text: str) -> None:
        """Add every line of a whole text, numbered from 1 as ``split_lines`` splits it: the
        same lines as ``add`` makes of each line, but folded in one ``fold`` of the whole text
        rather than one call per line.

        ``fold`` maps character for character and leaves line ends alone, so the folded text
        splits into the folded lines, and a line's ``norm`` is the slice of its folded line
        that the stripping keeps of its text.

        The same scan counts the 繁体 markers of the text (``fold_and_look``). Stripping and
        blank lines lose none, so unless a line is cut the kept lines hold them all, and the
        answer is ``looks_traditional`` of the lines' text, which ``clean`` then need not work
        out again.
        """
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        max_chars = self.limits.max_line_chars
        max_lines = self.limits.max_lines
        lines = self.lines
        folded_text, traditional = fold_and_look(text)
        cut = False
        no = 0
        for raw, folded in zip(text.split("\n"), folded_text.split("\n")):
            no += 1
            line = strip_line(raw)
            if not line:
                continue
            if len(line) == len(raw):
                norm = folded
            else:
                # the first occurrence is where the kept text starts: it starts with a
                # character that stripping does not remove, and only such characters were
                # removed before it
                start = raw.find(line)
                norm = folded[start:start + len(line)]
            if len(line) > max_chars:
                # cutting and stripping the end again keeps a prefix of the line
                line = strip_line(line[:max_chars])
                norm = norm[:len(line)]
                cut = True
            if len(lines) >= max_lines:
                raise self.too_many_lines()
            lines.append(Line(no, line, norm))
        self.traditional = None if cut else traditional

    def too_many_lines(self) -> InputError:
        return InputError(f"文件行数过多（超过 {self.limits.max_lines} 行），不像一份年度报告；"
                          "确需审查时可用 --max-lines 调高上限",
                          path=self.source)

    def result(self) -> tuple[Line, ...]:
        if not self.lines:
            raise InputError("文件中没有可读的文字", path=self.source)
        return tuple(self.lines)


def make_raw(data: bytes, source: str, file_format: str, encoding: str | None,
             lines: tuple[Line, ...], **hints) -> RawText:
    """A ``RawText`` with the hash and size of the input bytes."""

    return RawText(source=source, file_format=file_format, encoding=encoding, lines=lines,
                   sha256=hashlib.sha256(data).hexdigest(), size=len(data), **hints)
