"""Text from outside (file names, report text) made safe for where it is shown.

- ``shown_name``: a file name as every output shows it. A name that is not valid UTF-8 comes
  from the operating system with lone surrogates (``os.fsdecode``), which no UTF-8 output can
  encode; those bytes are shown as ``\\xff``. Control characters (an ESC that would drive the
  terminal) and bidirectional controls (U+202E makes "gpj.exe" look like "exe.jpg") are shown
  escaped as well (``\\x1b``, ``\\u202e``), so the name stays recognisable and unambiguous.
- ``terminal_text``: text bound for a terminal, its control characters escaped (tab and line
  ends kept).
- ``xml_text``: text XML 1.0 can hold (xlsx, JUnit): the characters it cannot (most C0
  controls, U+FFFE, U+FFFF, lone surrogates) written as escapes.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls; bidirectional embedding/override/isolate marks
_NAME_UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                             "\ud800-\udfff]")
_TERMINAL_UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_XML_UNSAFE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:         # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def shown_name(name: str) -> str:
    """``name`` with undecodable bytes, control and bidi characters written as escapes."""
    if not _NAME_UNSAFE_RE.search(name):
        return name
    return _NAME_UNSAFE_RE.sub(_escape, name)


def terminal_text(text: str) -> str:
    """``text`` with the control characters a terminal would act on written as escapes."""
    if not _TERMINAL_UNSAFE_RE.search(text):
        return text
    return _TERMINAL_UNSAFE_RE.sub(_escape, text)


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold written as escapes."""
    if not _XML_UNSAFE_RE.search(text):
        return text
    return _XML_UNSAFE_RE.sub(_escape, text)
