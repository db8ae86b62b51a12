"""Errors that reach the user as one line: ``file[:line[:col]]: message``.

Errors are values until the edge: loaders collect every problem they find and raise one
error that lists them; only ``cli.py`` turns an ``AuditorError`` into an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a file, with its position when known (1-based)."""

    path: str
    message: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.message}"


class AuditorError(Exception):
    """Base class: a problem the user can fix, reported as one line per problem."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 col: int | None = None, problems: list[Problem] | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.col = col
        if problems is None:
            problems = [Problem(path or "-", message, line, col)]
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class InputError(AuditorError):
    """A report file that cannot be read: missing, empty, binary, corrupt, too large…"""


class RulePackError(AuditorError):
    """A rule pack that cannot be loaded: invalid YAML, schema violations, bad patterns…"""


class UsageError(AuditorError):
    """Wrong command-line use that argparse itself cannot detect."""
