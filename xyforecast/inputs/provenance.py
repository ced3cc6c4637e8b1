"""What a result rests on: every file read, its fingerprint and how many figures it gave.

The summary lists them (``inputs``), so a report can be traced to its files and re-run
with the same ones; the pages say in one line which of the user's own files fed them, and
never call those figures public (公开).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xyforecast import config
from xyforecast.i18n import Msg

if TYPE_CHECKING:
    from xyforecast.inputs.dataset import Dataset


@dataclass(frozen=True)
class InputFile:
    """One file read: as given, as shown (relative to the project), its sha256, the
    figures and targets it gave, shipped or the user's, and whether it sits in data/local/."""

    path: str
    shown: str
    sha256: str
    rows: int
    origin: str  # "shipped" or "user"
    local: bool = False
    layout: str = ""  # "tidy", "bureau" or "mixed"

    def summary(self) -> dict[str, Any]:
        return {"path": self.shown, "sha256": self.sha256, "rows": self.rows,
                "origin": self.origin}


def shown_path(path: Path) -> str:
    """``path`` relative to the project (the checkout, else the working folder), with
    forward slashes: the same on every machine for the shipped files and data/local/. A
    file from elsewhere shows its name only (its sha256 says which): a published report
    carries no one's local folders."""
    root = config.project_root() or Path.cwd()
    try:
        shown = os.path.relpath(Path(path).resolve(), root.resolve())
    except ValueError:  # another drive on Windows
        return Path(path).name
    return Path(path).name if shown.startswith("..") else Path(shown).as_posix()


def summary_inputs(data: Dataset) -> list[dict[str, Any]]:
    """The summary's ``inputs``: every file read, shipped and the user's, in reading order."""
    return [f.summary() for f in data.inputs]


def own_files(data: Dataset) -> list[InputFile]:
    """The user's own files that gave figures (data/local/ and --observations)."""
    return [f for f in data.inputs if f.origin == "user"]


def own_files_line(data: Dataset) -> Msg:
    """One line for a page: which of the user's files fed it and how many figures each gave
    (本地数据:yb-2025-09.xlsx 23条、mine.csv 2条), or that none did."""
    files = own_files(data)
    if not files:
        return Msg.of("inputs.own_files_none")
    return Msg.of("inputs.own_files", files=[
        Msg.of("inputs.own_file", name=Path(f.path).name, rows=f.rows) for f in files])


def row_counts(data: Dataset, region: str) -> dict[str, int]:
    """A region's rows by where they come from: ``published`` (the shipped data, public
    sources) and ``own`` (the user's files, never public)."""
    obs = data.observations[data.observations["region"] == region]
    own = int((obs["origin"] != "shipped").sum())  # the user's rows and those derived from them
    return {"published": len(obs) - own, "own": own}


def notices(data: Dataset, conflicts: bool = True) -> list[Any]:
    """What every command that uses the data says first, one line each: files of
    data/local/ not read, the user's own files that fed it, and (``conflicts``) each figure
    the rule decided where one of the user's files takes part — a revision, a --prefer
    choice, the user's file over the shipped one, a vintage, the bureau's own table — naming
    both cells (``data`` as of the command's cut-off: what the command uses). The shipped
    data's own vintage decisions are listed by check-data, coverage and the data page.
    Problems and Msgs: ``str()`` renders them."""
    lines: list[Any] = list(data.skipped)
    if own_files(data):
        lines.append(own_files_line(data))
    if conflicts:
        lines += [c.notice() for c in data.conflicts if c.mine]
    return lines
