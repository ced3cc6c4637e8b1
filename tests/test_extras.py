"""The downloads taken from a page are taken only from a page this render executed: a
partial render (``--only``) carries the previous report's pages over, and a chart from
one of those would belong to other data."""

import base64
import json

from xyforecast.runner.extras import WORD_CHARTS, Output, dashboard_chart, page_charts


def _dashboard(folder, pictures: dict[str, bytes]) -> None:
    cells = [{"id": cell, "cell_type": "code", "outputs": [
        {"output_type": "display_data",
         "data": {"image/png": base64.b64encode(png).decode()}}]}
        for cell, png in pictures.items()]
    (folder / "dashboard.ipynb").write_text(json.dumps({"cells": cells}), encoding="utf-8")


def test_charts_come_from_this_renders_dashboard_page_only(tmp_path):
    word = next(iter(WORD_CHARTS))
    _dashboard(tmp_path, {"small-multiples": b"first", word: b"printed"})
    carried = Output(None, "xyforecast render", tmp_path)  # the page did not run here
    assert page_charts(carried, "zh") == {}
    dashboard_chart(carried, tmp_path / "dashboard.png", "zh")
    assert not (tmp_path / "dashboard.png").exists()

    ran = Output(None, "xyforecast render", tmp_path, frozenset({"dashboard.ipynb"}))
    assert page_charts(ran, "zh") == {WORD_CHARTS[word]: b"printed"}
    dashboard_chart(ran, tmp_path / "dashboard.png", "zh")
    assert (tmp_path / "dashboard.png").read_bytes() == b"first"
