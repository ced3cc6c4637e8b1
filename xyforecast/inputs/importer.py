"""``xyforecast import``: a bureau's tables (or any file the readers take) written out in the
suite's own layout, one CSV per input file, ready for ``data/local/``.

All or nothing: every file is read and checked first, and only when none has an error are
the CSVs written (each to a temporary name, then renamed). Each row keeps its source cell
(``FILE:Sheet!C7``) in ``source``, and a file keeps its figures' publication: one output
per input, so a later bulletin still revises an earlier one.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from xyforecast.catalog import Catalog
from xyforecast.errors import DataError, UsageError
from xyforecast.i18n import Msg, t
from xyforecast.inputs.dataset import default_data_dir, load_files

COLUMNS = ["region", "indicator", "period", "measure", "value", "unit", "source", "note",
           "vintage", "territory"]


def import_files(paths: Sequence[Path], folder: Path, data_dir: Path | None = None) -> int:
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
        if target.exists() or target in targets:
            raise UsageError(Msg.of("cli.import_exists", path=str(target)))
        targets.append(target)
    try:
        data = load_files(catalog, [], paths)
    except DataError as exc:
        print("\n".join(exc.report()))
        return 2
    for warning in data.warnings:
        print(warning)
    rows = [*data.observations.to_dict("records"), *data.targets.to_dict("records")]
    contents = {}
    for path, target in zip(paths, targets):
        mine = [r for r in rows if r["file"] == str(path)]
        contents[target] = (path, len(mine), _csv(mine))
    for target, (path, count, text) in contents.items():
        _write(target, text)
        print(t("cli.import_wrote", source=str(path), rows=count, target=str(target)))
    return 0


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in rows:  # in the order they were read: sheet by sheet, row by row
        value = f"{r['value']:.{int(r['decimals'])}f}"
        writer.writerow([r["region"], r["indicator"], r["period"], r["measure"], value,
                         r["unit"], r["source"], r["note"], r["released"] or r["vintage"],
                         r["territory"]])
    return out.getvalue()


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
