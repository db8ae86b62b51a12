"""CLI help is in Chinese: no English text of argparse's own may reach a user."""

from __future__ import annotations

import argparse
import re

from auditor.cli import build_parser

# argparse's own English words, as Python 3.11–3.13 print them
ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "optional arguments",
                    "show this help message", "show program's version number", "default:")
# three or more English words in a row: prose, not an option name, metavar or file extension
ENGLISH_PROSE = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z']{2,}){2,}\b")


def _parsers(parser: argparse.ArgumentParser, path: str = "auditor"):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}")


def test_every_help_page_is_chinese():
    pages = list(_parsers(build_parser()))
    assert len(pages) > 6          # the walk reached the sub-commands and `rules`' own
    for path, parser in pages:
        text = parser.format_help()
        for english in ARGPARSE_ENGLISH:
            assert english not in text, f"{path} --help: {english!r}"
        prose = ENGLISH_PROSE.findall(text.replace(path, ""))   # the command's own name aside
        assert not prose, f"{path} --help has English prose: {prose}"


def test_version_option_is_described_in_chinese():
    text = build_parser().format_help()
    assert "显示版本号并退出" in text
