"""Bounds that keep a hostile or broken input from hanging or exhausting the auditor.

Every bound is documented in docs/limits.md. The file size, line count, unpacked .docx size
and regex time can be raised from the command line (``auditor check --max-file-size 100M
--max-lines 500000``); all of them through ``Limits(...)`` in the Python API.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 20 * 1024 * 1024        # largest input file read
    max_unpacked_bytes: int = 64 * 1024 * 1024    # .docx: total size of the XML parts once inflated
    max_lines: int = 200_000                      # lines kept from one report
    max_line_chars: int = 2_000_000               # a longer line is cut to this length
    max_html_depth: int = 2_048                   # element nesting read from an HTML page
    max_elements: int = 500_000                   # markup elements (HTML, .docx XML) or PDF
                                                  # content-stream tokens in one report
    regex_timeout: float = 0.25                   # seconds one user regex may run on one report
    max_rule_file_bytes: int = 2 * 1024 * 1024    # a rule pack YAML file
    max_upload_bytes: int = 20 * 1024 * 1024      # `auditor serve`: one upload request


DEFAULT_LIMITS = Limits()


def parse_size(text: str) -> int:
    """Parse "20M", "512K", "1G" or a plain byte count."""
    text = text.strip().upper()
    factor = 1
    for suffix, mult in (("K", 1024), ("M", 1024 ** 2), ("G", 1024 ** 3)):
        if text.endswith(suffix) or text.endswith(suffix + "B"):
            factor = mult
            text = text.rstrip("B")[:-1]
            break
    value = float(text)
    if value <= 0:
        raise ValueError("size must be positive")
    return int(value * factor)
