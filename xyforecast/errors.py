"""Problems found in input files, reported as ``PATH:WHERE: message`` without a traceback.

``WHERE`` is a line number for a text file and ``Sheet!C7`` for a cell of a workbook; a
problem with the whole file has none. Messages are ``Msg`` (or tuples of them, one per
cell of a row) and render in the reader's language when printed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "note"]
EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2  # a command's exit status: done, a bug, refused
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """Text safe to print on one line: control characters (ESC, NUL, a line break typed into
    a name) and bidirectional overrides shown as escapes (\\x1b), never acted on."""
    if text.isprintable():
        return text
    out = "".join(repr(ch)[1:-1] if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", out)


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth knowing) about one line, row or cell of one file.

    ``line`` orders problems within a file (the line, or the row of a sheet); ``where``
    replaces it in the text when the problem has a cell (``Sheet!C7``). ``message`` is a
    Msg, a plain string, or a tuple of them (several cells of one row, joined by "; ").
    """

    path: str
    line: int | None
    message: Any
    severity: Severity = "error"
    where: str | None = None

    def render(self, lang: str | None = None) -> str:
        from xyforecast.i18n import render, t

        where = self.where or (str(self.line) if self.line is not None else None)
        place = f"{self.path}:{where}" if where else self.path
        parts = self.message if isinstance(self.message, tuple) else (self.message,)
        text = t("inputs.semicolon", lang).join(str(render(p, lang)) for p in parts)
        if self.severity != "error":
            text = t(f"inputs.severity_{self.severity}", lang) + text
        return visible(f"{place}: {text}")

    def __str__(self) -> str:
        return self.render()


class DataError(Exception):
    """Input that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.severity == "error"]
        self.everything = list(problems)  # with the warnings, for a person fixing the file
        super().__init__()

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def report(self) -> list[str]:
        """What ``check-data`` prints for files that cannot be used: every problem and
        warning in file order, then one line counting them."""
        from xyforecast.i18n import t

        warnings = len(self.everything) - len(self.problems)
        key = "inputs.check_invalid_warnings" if warnings else "inputs.check_invalid"
        return [*map(str, self.everything),
                t(key, warnings=warnings, problems=len(self.problems))]


class UsageError(Exception):
    """A command-line or notebook parameter that is not valid; the message says which and why.

    The message may be a ``Msg``: ``str(error)`` renders it in the current language."""

    def __str__(self) -> str:
        from xyforecast.i18n import render

        return visible(" ".join(str(render(a)) for a in self.args))
