"""What each notebook page shows: one module per notebook, every loop, ``if`` and sentence
in the library where it is tested, so that the notebooks in ``notebooks/`` stay thin — a
parameters cell, ``check_parameters``, then one call per heading, table, chart or paragraph.
"""

from xyforecast.report.pages.common import show
from xyforecast.report.pages.dashboard import Dashboard
from xyforecast.report.pages.data import DataPage
from xyforecast.report.pages.indicator import IndicatorPage
from xyforecast.report.pages.peers import PeersPage
from xyforecast.report.pages.track_record import TrackRecord
from xyforecast.report.request import Parameters, check_parameters

__all__ = ["Dashboard", "DataPage", "IndicatorPage", "Parameters", "PeersPage", "TrackRecord",
           "check_parameters", "show"]
