"""The shipped data is the shared data set, unchanged: every row, value and source.

Provenance: ../shared/data/observations.csv and targets.csv as handed to the project
(sha256 below: the second hand-over, 1,024 observations and 61 targets). Columns were only
added (vintage, territory, flag; qualifier), and rows only appended to targets.csv (the
report's other targets, each quoting data/sources/)."""

from __future__ import annotations

import csv
import hashlib
import io
import re

import pytest

from xyforecast.periods import Period

from conftest import ROOT

SHARED = ROOT.parent / "shared" / "data"
ORIGINAL_SHA256 = {
    "observations": "4ef0e30e13b9399e3b13a11269cd3e3873a07cbf54acc6f840ce3449dfa1b6fb",
    "targets": "284ada7c7bfdd2f654c315ed75d0fc5fcffeec053202c687a83f8834bb8e0b6d",
}
ORIGINAL_COLUMNS = ["region", "indicator", "period", "measure", "value", "unit", "source", "note"]
REPORT = ROOT / "data" / "sources" / "xingyang_2025_government_work_report.txt"


def _rows(name: str) -> list[dict[str, str]]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _original_part(name: str) -> list[dict[str, str]]:
    return [r for r in _rows(name) if "data/sources/" not in r["note"]]


@pytest.mark.parametrize("name", ["observations", "targets"])
def test_shared_rows_are_byte_identical_once_added_columns_are_dropped(name):
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, ORIGINAL_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(_original_part(name))
    assert hashlib.sha256(buffer.getvalue().encode()).hexdigest() == ORIGINAL_SHA256[name]


@pytest.mark.parametrize("name", ["observations", "targets"])
def test_every_shared_row_is_present_when_the_shared_folder_is_at_hand(name):
    path = SHARED / f"{name}.csv"
    if not path.exists():
        pytest.skip("../shared is not next to this checkout (the sha256 test above covers CI)")
    with path.open(encoding="utf-8", newline="") as handle:
        shared = [tuple(r[c] for c in ORIGINAL_COLUMNS) for r in csv.DictReader(handle)]
    ours = [tuple(r[c] for c in ORIGINAL_COLUMNS) for r in _original_part(name)]
    assert ours == shared


def test_every_added_target_quotes_the_report_verbatim():
    report = REPORT.read_text(encoding="utf-8")
    added = [r for r in _rows("targets") if "data/sources/" in r["note"]]
    assert len(added) == 40
    for row in added:
        quote = re.search("“(.*)”", row["note"]).group(1)
        for part in quote.split("…"):
            assert part in report, row["indicator"]
        number = f"{float(row['value']):g}"
        assert number in quote, (row["indicator"], number)


def test_vintage_and_territory_columns_only_hold_known_values():
    rows = _rows("observations")
    assert {r["vintage"] for r in rows} <= {"", "preliminary", "verified", "final", "current"}
    assert {r["territory"] for r in rows} <= {"", "civil", "managed"}
    zhongmu_2020 = {r["territory"]: r["value"] for r in rows
                    if (r["region"], r["indicator"], r["period"], r["measure"])
                    == ("zhongmu", "gdp", "2020", "level")}
    assert zhongmu_2020 == {"civil": "1259.10", "managed": "435.9"}


# Provenance: ../shared/data/henan/ as handed to the project, copied unchanged (its README
# names the repositories and commits the figures come from).
HENAN_SHA256 = {
    "README.md": "ab0682657dc008a6e74bbcf93c37e3ed49141f8379c53bb9e81d583e8ead3278",
    "city_gdp_target_outcomes.csv":
        "1fd98dbb4f86e38930cbd2de2c5ff5096593eff81d8181c4a9920d0f16dc7597",
    "observations.csv": "78bf77772c386595111af315197e40a8c723a7a39266abcb22e6388ae382239e",
    "regions.csv": "0dc34531be1d1c5cc9e19f8a7d89acf7d987aee439f8f226e2c975c3503b480b",
    "targets.csv": "1fcddce81a38625c747c9c1c31604a81667a317bc750b012b40c972e6d3f9f5a",
}


@pytest.mark.parametrize("name", sorted(HENAN_SHA256))
def test_henan_files_are_the_shared_files_byte_for_byte(name):
    digest = hashlib.sha256((ROOT / "data" / "henan" / name).read_bytes()).hexdigest()
    assert digest == HENAN_SHA256[name]


def test_every_henan_prefecture_is_in_the_catalogue():
    with (ROOT / "data" / "henan" / "regions.csv").open(encoding="utf-8", newline="") as handle:
        henan = list(csv.DictReader(handle))
    catalogue = {r["code"]: r for r in _rows("regions")}
    for row in henan:
        assert catalogue[row["code"]] == row


def test_flagged_rows_are_kept_but_never_feed_a_model(data):
    flagged = data.observations[data.observations["suspect"]]
    # the 25 growth rows data/henan/README.md flags, and the 2 rows of observations.csv
    # whose own shared note doubts its basis (the flag column)
    assert len(flagged) == 27
    used = data.figures.merge(flagged[["region", "indicator", "year", "month", "measure"]])
    assert used.empty
    for view in (data.as_of("2022-06"), data.as_of("2024-12")):
        assert view.figures.merge(
            flagged[["region", "indicator", "year", "month", "measure"]]).empty


def test_the_flag_column_marks_exactly_the_rows_whose_note_doubts_itself():
    """data/README.md, "Flagged rows": a shared note that calls its own row uncertain or
    flagged is never edited; the added flag column says ``suspect:`` instead."""
    rows = _rows("observations")
    flagged = {(r["region"], r["indicator"], r["period"], r["measure"]): r for r in rows
               if r["flag"]}
    doubting = {(r["region"], r["indicator"], r["period"], r["measure"]) for r in rows
                if "UNCERTAIN" in r["note"] or "(flag)" in r["note"]}
    assert set(flagged) == doubting == {
        ("henan", "public_budget_revenue", "2022-06", "growth_pct"),
        ("zhengzhou", "public_budget_revenue", "2024", "level")}
    assert all(r["flag"].startswith("suspect: ") for r in flagged.values())


def test_a_january_figure_of_fiscal_revenue_is_read_as_published(data):
    """observations.csv: Henan's revenue in January 2019 alone (河南人大网 2019-02-18), +17.9%;
    fiscal revenue is published for January on its own (indicators.csv: cadence)."""
    series = data.values("henan", "public_budget_revenue")
    assert series[Period(2019, 1)] == 17.9
