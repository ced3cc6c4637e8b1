"""Problems found in input files, reported as ``PATH:LINE: message`` without a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth knowing) about one line of one file."""

    path: str
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {prefix}{self.message}"


class DataError(Exception):
    """Input that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.severity == "error"]
        self.everything = list(problems)  # with the warnings, for a person fixing the file
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(Exception):
    """A command-line or notebook parameter that is not valid; the message says which and why."""
