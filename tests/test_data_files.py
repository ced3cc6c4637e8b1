"""The shipped data is the shared data set, unchanged: every row, value and source.

Provenance: ../shared/data/observations.csv and targets.csv as handed to the project
(sha256 below). Columns were only added (vintage, territory; qualifier), and rows only
appended to targets.csv (the report's other targets, each quoting data/sources/)."""

from __future__ import annotations

import csv
import hashlib
import io
import re

import pytest

from conftest import ROOT

SHARED = ROOT.parent / "shared" / "data"
ORIGINAL_SHA256 = {
    "observations": "60d9029b19dd5056a85a6eb620dafd33863ccbb468147b282f62a4a4de08a724",
    "targets": "09d606ea96c2d067cb3a63ed4ffd5c7e3652ec906f72776908cb9fffe30e1850",
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


def test_flagged_henan_rows_are_kept_but_never_feed_a_model(data):
    flagged = data.observations[data.observations["suspect"]]
    assert len(flagged) == 25  # the 25 growth rows the README flags
    used = data.figures.merge(flagged[["region", "indicator", "year", "month", "measure"]])
    assert used.empty
