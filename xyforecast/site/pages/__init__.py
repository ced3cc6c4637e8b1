"""What each notebook page shows: one module per notebook, every loop, ``if`` and sentence
in the library where it is tested, so that the notebooks in ``notebooks/`` stay thin — a
parameters cell, ``check_parameters``, then one call per heading, table, chart or paragraph.
"""

from xyforecast.request import Parameters, check_parameters
from xyforecast.site.pages.common import show
from xyforecast.site.pages.dashboard import Dashboard
from xyforecast.site.pages.data import DataPage
from xyforecast.site.pages.indicator import IndicatorPage
from xyforecast.site.pages.peers import PeersPage
from xyforecast.site.pages.track_record import TrackRecord

__all__ = ["Dashboard", "DataPage", "IndicatorPage", "Parameters", "PeersPage", "TrackRecord",
           "check_parameters", "show"]
