"""Validated data cached by the inputs' sha256 (issue 20.4): a second command with the same
files validates nothing; a corrupt or foreign entry is ignored and rebuilt, never trusted.
Every file here is synthetic."""

from __future__ import annotations

import os
import stat

import pytest

from xyforecast.inputs import cache, dataset
from xyforecast.inputs.dataset import load

from conftest import write_csv

ROW = ["xingyang", "gdp", "2025-09", "growth_pct", "5.8", "%", "synthetic", ""]


@pytest.fixture()
def folder(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("XYFORECAST_CACHE", str(where))
    return where


def _count_reads(monkeypatch) -> list:
    reads: list = []
    real = dataset._read

    def counting(*args, **kwargs):
        reads.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(dataset, "_read", counting)
    return reads


def test_a_second_load_of_the_same_files_reads_and_validates_nothing(folder, tmp_path,
                                                                      monkeypatch):
    path = write_csv(tmp_path / "mine.csv", [ROW])
    reads = _count_reads(monkeypatch)
    first = load(extra=[path])
    assert len(reads) == 5  # the four shipped files and mine
    second = load(extra=[path])
    assert len(reads) == 5
    assert second.figures.equals(first.figures) and second.sha256 == first.sha256
    assert [str(p) for p in second.warnings] == [str(p) for p in first.warnings]
    # owner-only: the folder 0700, each entry 0600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    (entry,) = folder.glob("*.pickle")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    # another file's bytes, another --prefer or another day: another entry
    write_csv(path, [[*ROW[:4], "5.9", *ROW[5:]]])
    assert load(extra=[path]).year_to_date("xingyang", "gdp", 2025)[9] == 5.9
    assert len(reads) == 10


@pytest.mark.parametrize("damage", ["truncated", "flipped", "foreign", "other key", "garbage"])
def test_a_corrupt_or_foreign_entry_is_ignored_and_rebuilt(damage, folder, tmp_path,
                                                           monkeypatch):
    path = write_csv(tmp_path / "mine.csv", [ROW])
    load(extra=[path])
    (entry,) = folder.glob("*.pickle")
    raw = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(raw[: len(raw) // 2])
    elif damage == "flipped":
        entry.write_bytes(raw[:-10] + bytes([raw[-10] ^ 1]) + raw[-9:])
    elif damage == "foreign":  # anyone may write it: not this user's alone
        entry.chmod(0o666)
    elif damage == "other key":
        other = sorted(folder.glob("*.pickle"))[0].name.replace(".pickle", "")
        entry.write_bytes(raw.replace(other.encode(), b"0" * 64, 1))
    else:
        entry.write_bytes(b"cos\nsystem\n(S'echo never run'\ntR.")
    reads = _count_reads(monkeypatch)
    data = load(extra=[path])
    assert len(reads) == 5 and data.year_to_date("xingyang", "gdp", 2025)[9] == 5.8
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600  # rebuilt, owner-only again
    assert cache.get(entry.stem) is not None


def test_a_folder_others_may_enter_is_not_used(folder, tmp_path, monkeypatch):
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    path = write_csv(tmp_path / "mine.csv", [ROW])
    load(extra=[path])
    assert list(folder.iterdir()) == []


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("XYFORECAST_CACHE", "off")
    assert cache.folder() is None
    reads = _count_reads(monkeypatch)
    load(), load()
    assert len(reads) == 8


def test_by_default_the_cache_is_the_users_cache_folder_outside_the_package(monkeypatch):
    monkeypatch.delenv("XYFORECAST_CACHE")
    where = cache.folder()
    assert where is not None and where.name in ("xyforecast", "Cache")
    assert dataset.__file__ and not str(where).startswith(
        os.path.dirname(os.path.dirname(dataset.__file__)))
