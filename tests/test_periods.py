from __future__ import annotations

import pytest

from xyforecast.periods import Found, Period, find


@pytest.mark.parametrize(("text", "expected"), [
    ("2025", Period(2025, 12)),
    ("2025-12", Period(2025, 12)),
    ("2025-09", Period(2025, 9)),
    ("2025-9", Period(2025, 9)),
    ("２０２５－０９", Period(2025, 9)),  # full-width, as typed in a Chinese IME
    (2024, Period(2024, 12)),
    # a bulletin's words
    ("2025年1-9月", Period(2025, 9)),
    ("2025年1－9月", Period(2025, 9)),
    ("2025年1～9月", Period(2025, 9)),
    ("2025年9月", Period(2025, 9)),
    ("2025年前三季度", Period(2025, 9)),
    ("2025年上半年", Period(2025, 6)),
    ("2025年一季度", Period(2025, 3)),
    ("2025年1-2月", Period(2025, 2)),
    ("2025年", Period(2025, 12)),
    ("2025年全年", Period(2025, 12)),
])
def test_parse(text, expected):
    assert Period.parse(text) == expected


@pytest.mark.parametrize(("text", "zh", "en"), [
    ("2025-13", "月份 13 不在 01 至 12 之间", "months run from 01 to 12"),
    ("2025/09", "无法识别", "is not YYYY or YYYY-MM"),
    ("Q3 2025", "无法识别", "is not YYYY or YYYY-MM"),
    ("1800", "年份 1800 不合理", "implausible year"),
    ("2025年7-9月", "无法识别", "is not YYYY or YYYY-MM"),  # a quarter, not a year to date
    ("2025年三季度", "无法识别", "is not YYYY or YYYY-MM"),  # the third quarter alone
    ("1-9月", "无法识别", "is not YYYY or YYYY-MM"),  # no year
])
def test_parse_rejects_with_a_reason_in_chinese_and_english(text, zh, en):
    with pytest.raises(ValueError, match=zh) as error:
        Period.parse(text)
    assert en in error.value.args[0].render("en")


@pytest.mark.parametrize(("text", "expected"), [
    ("荥阳市2025年1-9月主要经济指标", Found(2025, 9, False, False)),
    ("1-9月累计", Found(None, 9, False, False)),
    ("9月", Found(None, 9, True, True)),
    ("本月", None),
    ("2025年", Found(2025, None, False, True)),
    ("比1-8月提高", Found(None, 8, False, False)),
])
def test_find_a_period_in_a_title_or_a_header(text, expected):
    assert find(text) == expected


def test_full_year_and_december_are_one_period_and_order_is_chronological():
    assert Period.parse("2024") == Period.parse("2024-12")
    assert Period(2024, 12) < Period(2025, 2) < Period(2025, 9)


def test_labels():
    assert Period(2025, 9).label("zh") == "2025年1-9月"
    assert Period(2025, 9).label("en") == "Jan-Sep 2025"
    assert Period(2025, 12).label("zh") == "2025年"
    assert str(Period(2025, 3)) == "2025-03"
