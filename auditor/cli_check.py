"""Sub-commands `check` and `diff` (gap tables, formats, gate, waivers, baseline)."""

from __future__ import annotations


def register(sub, add_limit_options) -> None:  # noqa: ANN001 - argparse internals
    """Add `check` and `diff` to the parser."""
