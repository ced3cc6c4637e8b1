"""``xyforecast import``: a bureau's tables (or any file the readers take) written out in the
suite's own layout, one CSV per input file, ready for ``data/local/``.

All or nothing: every file is read and checked first, then every CSV is built and read back
through the same readers and checks (what ``check-data`` does); only when every one gives
back exactly its figures are they written (each to a temporary name, then renamed). So an
import never leaves in ``data/local/`` a file that stops every command. Each row keeps its
source cell (``FILE:Sheet!C7``) in ``source``, and a file keeps its figures' publication:
one output per input, so a later bulletin still revises an earlier one. Text that a
spreadsheet would run as a formula (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``) is written
with a leading apostrophe, and a text longer than a cell may hold is shortened in its
middle, keeping the cell it names.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from xyforecast.catalog import Catalog
from xyforecast.errors import DataError, Problem, UsageError
from xyforecast.i18n import Msg, t
from xyforecast.inputs.dataset import default_data_dir, load_files
from xyforecast.inputs.files import skipped_name
from xyforecast.inputs.limits import MAX_CELL_CHARS

COLUMNS = ["region", "indicator", "period", "measure", "value", "unit", "source", "note",
           "vintage", "territory"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")  # as Excel and WPS see it
KEEP_END = 200  # characters kept at the end of a shortened text (the cell it names)
_SAME = ["region", "indicator", "territory", "measure", "year", "month", "value"]


def import_files(paths: Sequence[Path], folder: Path, data_dir: Path | None = None,
                 prefer: Sequence[Path] = ()) -> int:
    """Read and check ``paths``; write ``folder/<name>.csv`` for each. Exit status: 0, or 2
    with every problem listed and nothing written."""
    catalog = Catalog.load(Path(data_dir or default_data_dir()))
    if not folder.is_dir():
        raise UsageError(Msg.of("cli.import_no_folder", folder=str(folder)))
    targets = []
    for path in paths:
        if Path(path).resolve().parent == folder.resolve():
            raise UsageError(Msg.of("cli.import_in_place", path=str(path), folder=str(folder)))
        target = folder / f"{Path(path).stem}.csv"
        if skipped_name(target.name):
            raise UsageError(Msg.of("inputs.import_skipped_name", path=str(path),
                                    name=target.name))
        if target.exists() or target in targets:
            raise UsageError(Msg.of("cli.import_exists", path=str(target)))
        targets.append(target)
    today = date.today()
    try:
        data = load_files(catalog, [], paths, today=today, prefer=prefer)
    except DataError as exc:
        print("\n".join(exc.report()))
        return 2
    for warning in data.warnings:
        print(warning)
    rows = [*data.observations.to_dict("records"), *data.targets.to_dict("records")]
    contents = {}
    for path, target in zip(paths, targets):
        mine = [r for r in rows if r["file"] == str(path) and r["origin"] != "derived"]
        contents[target] = (path, mine, _csv(mine))
    problems = _read_back(catalog, contents, today)
    if problems:
        print("\n".join(DataError(problems).report()))
        return 2
    for target, (path, mine, text) in contents.items():
        _write(target, text)
        print(t("cli.import_wrote", source=str(path), rows=len(mine), target=str(target)))
    return 0


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:  # in the order they were read: sheet by sheet, row by row
        value = f"{r['value']:.{int(r['decimals'])}f}"
        writer.writerow([r["region"], r["indicator"], r["period"], r["measure"], value,
                         r["unit"], text_cell(r["source"]), text_cell(r["note"]),
                         r["released"] or r["vintage"], r["territory"]])
    return out.getvalue()


def text_cell(text: str) -> str:
    """Free text as a CSV cell a spreadsheet shows as text: a leading =, +, -, @ (or tab)
    gets an apostrophe before it, so Excel and WPS never run it as a formula; a text longer
    than a cell may hold keeps its start and its end (the cell it came from)."""
    if text.startswith(FORMULA_START):
        text = "'" + text
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS - KEEP_END - 1] + "…" + text[-KEEP_END:]
    return text


def _read_back(catalog: Catalog, contents: dict, today: date) -> list[Problem]:
    """Read every CSV to be written as check-data would; the problems, named with the
    target's path, if any is refused or does not give back exactly its figures."""
    problems: list[Problem] = []
    with tempfile.TemporaryDirectory(prefix="xyforecast-import-") as folder:
        for target, (_, rows, text) in contents.items():
            written = Path(folder) / target.name
            written.write_text(text, encoding="utf-8-sig", newline="")
            try:
                back = load_files(catalog, [], [written], today=today)
            except DataError as exc:
                problems += [Problem(str(target), p.line, p.message, p.severity, p.where)
                             for p in exc.problems]
                continue
            again = [*back.observations.to_dict("records"), *back.targets.to_dict("records")]
            if sorted(_figures(again)) != sorted(_figures(rows)):
                problems.append(Problem(str(target), None, Msg.of("inputs.import_differs")))
    return problems


def _figures(rows: list[dict]) -> list[tuple]:
    return [tuple(r[c] for c in _SAME) for r in rows if r["origin"] != "derived"]


def _write(target: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so a full disk or a crash never
    leaves half a file where data/local/ would read it."""
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        with temporary.open("w", encoding="utf-8-sig", newline="") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UsageError(Msg.of("cli.cannot_write", path=str(target),
                                reason=exc.strerror or str(exc))) from None
    finally:
        sys.stdout.flush()
