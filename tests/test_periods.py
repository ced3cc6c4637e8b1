from __future__ import annotations

import pytest

from xyforecast.periods import Period


@pytest.mark.parametrize(("text", "expected"), [
    ("2025", Period(2025, 12)),
    ("2025-12", Period(2025, 12)),
    ("2025-09", Period(2025, 9)),
    ("2025-9", Period(2025, 9)),
    ("２０２５－０９", Period(2025, 9)),  # full-width, as typed in a Chinese IME
    (2024, Period(2024, 12)),
])
def test_parse(text, expected):
    assert Period.parse(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("2025-13", "months run from 01 to 12"),
    ("2025/09", "is not YYYY or YYYY-MM"),
    ("Q3 2025", "is not YYYY or YYYY-MM"),
    ("1800", "implausible year"),
])
def test_parse_rejects_with_a_reason(text, message):
    with pytest.raises(ValueError, match=message):
        Period.parse(text)


def test_full_year_and_december_are_one_period_and_order_is_chronological():
    assert Period.parse("2024") == Period.parse("2024-12")
    assert Period(2024, 12) < Period(2025, 2) < Period(2025, 9)


def test_labels():
    assert Period(2025, 9).label("zh") == "2025年1-9月"
    assert Period(2025, 9).label("en") == "Jan-Sep 2025"
    assert Period(2025, 12).label("zh") == "2025年"
    assert str(Period(2025, 3)) == "2025-03"
