"""A page's parameters, checked before anything is computed.

The notebooks, ``xyforecast render`` and ``xyforecast forecast`` all call ``check_parameters``:
a bad region, year, cut-off, language or file is one clear error naming the parameter
(``UsageError``, Chinese by default), and a string is only ever compared with the catalogue,
never executed. In a page run by ``xyforecast render`` the page passes the data of the
render's snapshot (``site.pages.opening``), so that every page works from the same data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xyforecast.config import CATALOGUE
from xyforecast.errors import UsageError
from xyforecast.i18n import LANGS, Msg
from xyforecast.inputs.dataset import Dataset, load
from xyforecast.periods import Period

USED: list[str] = []  # fingerprints of the data checked here, read by a render after a page


@dataclass(frozen=True)
class Parameters:
    """A page's parameters once checked: codes known, cut-off resolved, data loaded."""

    region: str
    year: int
    cutoff: Period
    lang: str
    data: Dataset = field(repr=False)
    view: Dataset = field(repr=False)  # the data as it stood at the cut-off
    indicator: str | None = None


def check_parameters(*, region: Any, year: Any, as_of: Any = None, lang: Any = "zh",
                     data_dir: Any = None, observations: Any = (), indicator: Any = None,
                     data: Dataset | None = None) -> Parameters:
    """Check a page's parameters; raise UsageError naming the parameter and what is wrong.
    ``data`` skips loading when the caller has it already."""
    _check_type("region", region, str)
    _check_type("year", year, int)
    if not 1949 <= year <= 2100:
        raise UsageError(Msg.of("report.param_year", year=year))
    _check_type("lang", lang, str)
    if lang not in LANGS:
        raise UsageError(Msg.of("report.param_lang", lang=lang))
    if as_of is not None and not isinstance(as_of, str | Period):
        raise UsageError(Msg.of("report.param_as_of_type", actual=type(as_of).__name__))
    if indicator is not None:
        _check_type("indicator", indicator, str)
    cut = None if as_of is None else _cutoff(as_of, year)
    if data is None:
        data = load(_data_dir(data_dir), _observation_files(observations))
    USED.append(data.sha256)
    region = data.catalog.resolve_region(region)  # 荥阳市, 荥阳, Xingyang, 410182 alike
    if indicator is not None:
        indicator = data.catalog.resolve_indicator(indicator)  # 规上工业增加值, 社零…
    if cut is None:
        from xyforecast.engine.projection import default_cutoff

        try:
            cut = default_cutoff(data, year)
        except ValueError:
            raise UsageError(Msg.of("report.param_no_figures", year=year)) from None
    return Parameters(region, year, cut, lang, data, data.as_of(cut), indicator)


def _cutoff(as_of: str | Period, year: int) -> Period:
    try:
        cut = as_of if isinstance(as_of, Period) else Period.parse(as_of)
    except ValueError as exc:
        raise UsageError(Msg.of("report.param_as_of", error=str(exc))) from None
    if not year - 1 <= cut.year <= year + 1:
        raise UsageError(Msg.of("report.param_as_of_range", year=year, low=year - 1,
                                high=year + 1, cutoff=str(cut)))
    return cut


def _check_type(name: str, value: Any, kind: type) -> None:
    if not isinstance(value, kind) or isinstance(value, bool):
        raise UsageError(Msg.of("report.param_type", name=name, expected=kind.__name__,
                                actual=type(value).__name__, value=value))


def _data_dir(value: Any) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str | os.PathLike):
        raise UsageError(Msg.of("report.param_data_dir_type", actual=type(value).__name__))
    path = Path(value)
    if not (path / CATALOGUE).is_file():
        raise UsageError(Msg.of("report.param_data_dir", path=str(path)))
    return path


def _observation_files(value: Any) -> list[Path]:
    if isinstance(value, str | os.PathLike) or not isinstance(value, list | tuple):
        raise UsageError(Msg.of("report.param_observations"))
    files = []
    for item in value:
        if not isinstance(item, str | os.PathLike):
            raise UsageError(Msg.of("report.param_observation", item=item))
        if not Path(item).is_file():
            raise UsageError(Msg.of("report.param_observation_missing", item=str(item)))
        files.append(Path(item))
    return files
