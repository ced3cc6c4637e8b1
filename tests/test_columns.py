"""Validation over columns (``inputs/columns.py``) takes a row only where the row-by-row
checks (``inputs/validation.py``) would say nothing, and reads it the same: checked here
on rows drawn from cells of every kind a file may hold (synthetic)."""

from __future__ import annotations

import math
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from xyforecast.inputs.columns import bulk
from xyforecast.inputs.table import Row
from xyforecast.inputs.validation import Check, _validate_row

TODAY = date(2025, 11, 15)
CELLS = {
    "region": ["xingyang", "荥阳市", "荥阳", "410182", 410182, "Xingyang ", "nowhere", None,
               "#REF!", "xing\x1byang", "\u200b荥阳市"],
    "indicator": ["gdp", "社零", "固投", "industrial_value_added", "rd_intensity",
                  "tourist_arrivals", "GDP", None, "规上工业增加值"],
    "period": ["2025-09", "2025-9", "2025", "2024", "2025-01", "2025-07", "2025年1-9月",
               "２０２５-０９", "2026-03", datetime(2025, 9, 30), None, "2025/9/30"],
    "measure": ["growth_pct", "level", "month_growth_pct", "month_level", "change_pp",
                "target_growth_pct", "target_level", "累计增速", "yoy", None],
    "value": ["5.8", "-0.3", "0", "265.30", "1,234.5", "5.8%", "6.1¹", " 7 ", "1e3", "nan",
              "inf", 5.8, 265.3, 0, -2, True, "", None, "-100", "75", "25.5"],
    "unit": ["%", "％", "亿元", "万元", "百分点", "个百分点", "pp", "", None, "万人次"],
    "source": ["synthetic", "荥阳市统计局 (synthetic)", "", None,
               "示例 example:请替换为实际来源 replace with the real source", "=HYPERLINK(x)"],
    "note": [None, "", "synthetic note", "说明\u3000全角空格"],
    "vintage": [None, "", "preliminary", "final", "初步核实", "2025-10-20", "2025-08-01",
                "2026-01-01", "2025-13-01", "soon", datetime(2025, 10, 20)],
    "territory": [None, "", "civil", "管理口径", "elsewhere"],
    "qualifier": [None, "", "about", "左右", "none", "sometimes"],
    "upper": [None, "", "7"],
}


BASES = [  # rows the bulk path must take, each with its measure's unit
    {"region": "xingyang", "indicator": "gdp", "period": "2025-09", "measure": "growth_pct",
     "value": "5.8", "unit": "%", "source": "synthetic"},
    {"region": "荥阳市", "indicator": "社零", "period": "2025-08", "measure": "level",
     "value": "210.4", "unit": "亿元", "source": "synthetic", "vintage": "2025-09-20"},
    {"region": "zhengzhou", "indicator": "固投", "period": "2025-08", "measure": "month_level",
     "value": "30.1", "unit": "亿元", "source": "synthetic", "territory": "civil"},
    {"region": "xingyang", "indicator": "retail_sales", "period": "2025-09",
     "measure": "change_pp", "value": "-0.1", "unit": "个百分点", "source": "synthetic"},
    {"region": "xingyang", "indicator": "gdp", "period": "2025", "measure": "target_growth_pct",
     "value": "6", "unit": "%", "source": "synthetic", "qualifier": "左右"},
]


@st.composite
def rows(draw) -> list[Row]:
    """Rows from the valid bases, some cells swapped for any cell of the same column."""
    count = draw(st.integers(1, 12))
    out = []
    for line in range(2, count + 2):
        cells = dict(draw(st.sampled_from(BASES)))
        for column, values in CELLS.items():
            if draw(st.integers(0, 9)) < 2:
                cells[column] = draw(st.sampled_from(values))
        out.append(Row(line, cells))
    return out


def _same(a, b) -> bool:
    return a == b or (isinstance(a, float) and isinstance(b, float)
                      and math.isnan(a) and math.isnan(b))


@given(rows())
def test_bulk_takes_only_rows_the_row_path_accepts_silently_and_reads_them_alike(drawn):
    from xyforecast.catalog import Catalog
    from xyforecast.inputs.dataset import default_data_dir

    catalog = Catalog.load(default_data_dir())
    records, slow = bulk(drawn, Check(catalog, TODAY))
    taken = [n for n, left in enumerate(slow) if not left]
    for position, n in enumerate(taken):
        check = Check(catalog, TODAY)
        expected = _validate_row("x.csv", drawn[n], check)
        assert check.problems == [], (drawn[n].cells, check.problems)
        got = {column: values[position] for column, values in records.items()}
        assert expected is not None
        assert all(_same(got[k], expected[k]) for k in expected), (got, expected)
        assert all(type(got[k]) is type(expected[k]) or isinstance(got[k], int | float)
                   for k in ("value",))


def test_every_base_row_goes_the_bulk_way():
    from xyforecast.catalog import Catalog
    from xyforecast.inputs.dataset import default_data_dir

    drawn = [Row(n, dict(base)) for n, base in enumerate(BASES, start=2)]
    records, slow = bulk(drawn, Check(Catalog.load(default_data_dir()), TODAY))
    assert not slow.any()
    assert records["value"].tolist() == [5.8, 210.4, 30.1, -0.1, 6.0]
    assert records["unit"].tolist() == ["%", "亿元", "亿元", "百分点", "%"]
