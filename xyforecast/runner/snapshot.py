"""One snapshot of the data per render: every page works from the data the render loaded,
and formats the Forecast the render built.

The render reads its inputs once (``inputs.dataset.load``), before any page runs, and
writes that Dataset to a private temporary folder (``pinned``: ``data.pickle``); each
report's ``Forecast``, built once in the render's process, goes beside it
(``pin_forecast``: ``report-<k>.pickle``, without the data it holds a reference to). Each
page gets that file's path as its papermill parameter ``snapshot`` and opens it
(``site.pages.opening``): the data comes from there instead of the files — when the page
asks for the inputs the render injected — and the page's Forecast is the render's, so no
kernel projects anything. So a file that changes during a render (a bureau file copied into
``data/local/``) changes nothing until the next run, and a large workbook is parsed once,
not once per page. A kernel that runs several pages unpickles each file once (``load``:
the data, and a report's Forecast, which the pages format and never change).

``check_parameters`` notes the fingerprint of every data set a page checked
(``request.USED``), which the worker reads from the page's kernel afterwards
(``runner.kernel.learn``); before publishing, the render checks that every page reports
its own fingerprint (``verified``): a page that read other data fails, in one line, and
nothing is published.

The snapshot is a pickle written and read by the same installation, in a folder only this
user can read (``scratch.folder``), removed with the render — or by the next render, if
this one was killed.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xyforecast.i18n import Msg
from xyforecast.runner import scratch

if TYPE_CHECKING:
    from xyforecast.forecast import Forecast
    from xyforecast.inputs.dataset import Dataset
    from xyforecast.runner.execute import Outcome



@dataclass(frozen=True)
class Pinned:
    """The render's data, the input parameters under which a page gets it, and what its
    pages show the same in every language and report (``shared``: by the page's module,
    ``Page.shared``), computed once."""

    inputs: dict[str, Any]  # {"data_dir": …, "observations": […]}, as injected
    data: Dataset
    shared: dict[str, Any] = field(default_factory=dict)


def public_inputs(data_dir: Path | None, observations: Sequence[Path]) -> dict[str, Any]:
    """The inputs as a published notebook names them: a folder's or a file's name, never
    its path (a path tells where someone keeps private files, and differs from one machine
    to the next)."""
    return {"data_dir": Path(data_dir).name if data_dir else None,
            "observations": [Path(o).name for o in observations]}


@dataclass(frozen=True)
class PinnedReport:
    """A report's Forecast (``data=None``: the data is ``data_file`` beside it)."""

    data_file: str
    forecast: Forecast


_loaded: dict[tuple[str, int], Any] = {}  # in a kernel: its render's files, each read once


def pin_forecast(data_file: Path, k: int, forecast: Forecast) -> Path:
    """Write report ``k``'s Forecast beside the render's data; the path pages are given."""
    path = data_file.with_name(f"report-{k}.pickle")
    with path.open("wb") as handle:
        pickle.dump(PinnedReport(data_file.name, replace(forecast, data=None)), handle,
                    protocol=pickle.HIGHEST_PROTOCOL)
    return path


def load(path: str | os.PathLike) -> tuple[Pinned, Forecast | None]:
    """The pinned data and, for a report's file, its Forecast (``data`` still None: the
    page puts back the view it works from). The data is read once per kernel."""
    path = Path(path)
    forecast = None
    if path.name.startswith("report-"):
        report: PinnedReport = _read(path)
        forecast, path = report.forecast, path.with_name(report.data_file)
    return _read(path), forecast


def _read(path: Path) -> Any:
    """The file unpickled, once per kernel; a kernel keeps one render's files, not those
    of every render it served (each render pins into a folder of its own)."""
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _loaded:
        if any(Path(kept).parent != path.parent for kept, _ in _loaded):
            _loaded.clear()
        with path.open("rb") as handle:
            _loaded[key] = pickle.load(handle)
    return _loaded[key]


def asks_for(pin: Pinned, data_dir: Any, observations: Any) -> bool:
    """Whether a page's input parameters are the render's (else it reads what it asks
    for, and builds its own Forecast)."""
    asked = {"data_dir": data_dir,
             "observations": list(observations) if isinstance(observations, list | tuple)
             else observations}
    return asked == pin.inputs


@contextlib.contextmanager
def pinned(data: Dataset, inputs: dict[str, Any], shared: dict[str, Any] | None = None
           ) -> Iterator[Path]:
    """The snapshot file of ``data`` (and of what the pages share) for the length of the
    block."""
    with scratch.folder("snapshot") as folder:
        path = folder / "data.pickle"
        with path.open("wb") as handle:  # replace(): the cached lookups are rebuilt cheaply
            pickle.dump(Pinned(inputs, replace(data), dict(shared or {})), handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        yield path


def shared(modules: Iterable[str]) -> dict[str, Any]:
    """What pages share, by module (``Page.shared``): each module's ``shared()``, once. One
    that fails is left out: its pages compute it themselves, and fail saying why."""
    made = {}
    for name in filter(None, dict.fromkeys(modules)):
        try:
            made[name] = importlib.import_module(name).shared()
        except Exception:
            continue
    return made


def verified(outcome: Outcome, sha256: str) -> Outcome:
    """The page's outcome, failed if it worked from data other than the render's."""
    other = [f for f in outcome.data_sha256 if f != sha256]
    if not outcome.ok or not other:
        return outcome
    return replace(outcome, ok=False, error=Msg.of(
        "report.other_data", page=other[0][:12], render=sha256[:12]).render(outcome.job.lang))
