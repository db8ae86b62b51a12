"""Sub-commands that audit: check, explain, rules, diff, serve (filled in as the engine lands)."""

from __future__ import annotations

import argparse


def register(sub, add_limit_options) -> None:  # noqa: ANN001 - argparse internals
    """Add the audit sub-commands to the parser."""
