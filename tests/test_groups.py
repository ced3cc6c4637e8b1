"""A province's counties, rendered as a scheduler runs them: a group render publishes each
member as soon as its pages are done and says so, a failed member never hides the others;
one render per member followed by ``xyforecast index --group`` gives the same group index as
the group render; ``--skip-unchanged`` leaves a report made from the same inputs, code and
parameters. Real renders (one page per report, to keep them short); the failing notebook
and the extra figures are synthetic and say so."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from xyforecast.cli import main
from xyforecast.inputs.dataset import load
from xyforecast.runner.render import render
from xyforecast.site.spec import build_spec

from conftest import HEADER, write_csv

pytestmark = pytest.mark.e2e
GROUP = "zhengzhou-counties"
ONE_PAGE = ["--year", "2025", "--only", "dashboard", "--lang", "zh"]


def members(capsys) -> list[str]:
    assert main(["index", "--group", GROUP, "--year", "2025", "--list"]) == 0
    return capsys.readouterr().out.split()


@pytest.fixture(scope="module")
def fan_out(tmp_path_factory) -> dict[str, Path]:
    """The group rendered once as a group, and once member by member then indexed."""
    whole, one_by_one = tmp_path_factory.mktemp("group"), tmp_path_factory.mktemp("fan-out")
    assert main(["render", "--region", GROUP, *ONE_PAGE, "--out", str(whole)]) == 0
    codes = sorted(p.parts[-4] for p in whole.glob("*/2025/2025-09/summary.json"))
    for code in codes:
        assert main(["render", "--region", code, *ONE_PAGE,
                     "--out", str(one_by_one / code / "2025" / "2025-09")]) == 0
    assert main(["index", "--group", GROUP, "--year", "2025", "--lang", "zh",
                 "--out", str(one_by_one)]) == 0
    return {"whole": whole, "one_by_one": one_by_one, "codes": codes}


def test_members_listed_for_a_scheduler_are_those_a_group_render_renders(fan_out, capsys):
    assert sorted(members(capsys)) == fan_out["codes"] and len(fan_out["codes"]) >= 3


def test_a_fan_out_then_index_gives_the_group_renders_index(fan_out):
    page = Path(GROUP, "2025", "2025-09", "index.html")
    whole = (fan_out["whole"] / page).read_bytes()
    assert whole == (fan_out["one_by_one"] / page).read_bytes()
    html = whole.decode("utf-8")
    assert "郑州市各县（市）2025年主要指标比较" in html
    links = re.findall(r'<a href="([^"]+/index\.html)">', html)
    assert len(links) == len(fan_out["codes"])
    assert all((fan_out["whole"] / page).parent.joinpath(link).resolve().is_file()
               for link in links)


def test_an_unchanged_render_is_skipped_and_says_so(fan_out, tmp_path, capsys):
    code = fan_out["codes"][0]
    folder = fan_out["one_by_one"] / code / "2025" / "2025-09"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    capsys.readouterr()
    assert main(["render", "--region", code, *ONE_PAGE, "--out", str(folder),
                 "--skip-unchanged"]) == 0
    err = capsys.readouterr().err
    assert "输入、代码和参数均未变，跳过" in err and "0/0页完成" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # run block too
    # other data (a synthetic figure of another county): rendered again
    extra = write_csv(tmp_path / "synthetic.csv", [
        ["gongyi", "retail_sales", "2025-09", "growth_pct", "3.1", "%",
         "synthetic: test_groups", "synthetic"]], HEADER)
    assert main(["render", "--region", code, *ONE_PAGE, "--out", str(folder),
                 "--skip-unchanged", "--observations", str(extra)]) == 0
    assert "跳过" not in capsys.readouterr().err
    assert json.loads((folder / "summary.json").read_text("utf-8"))["run"] != json.loads(
        before["summary.json"])["run"]


def failing_for(path: Path, region: str) -> Path:
    """Synthetic: a notebook that fails for one region only."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('region = "x"', metadata={"tags": ["parameters"]},
                                  id="parameters"),
        nbformat.v4.new_code_cell(f'assert region != "{region}", "synthetic failure"',
                                  id="fail")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def test_each_member_is_published_as_it_finishes_and_a_failed_one_is_listed(tmp_path, data):
    extra = failing_for(tmp_path / "synthetic_check.ipynb", "xinzheng")
    regions = ["xingyang", "xinzheng", "dengfeng"]
    spec = build_spec(load(), regions, 2025, [None], ["zh"], tmp_path / "out",
                      extra=[extra], only=["dashboard"], jobs=1)
    seen: list[tuple[str, list[str], list[str]]] = []

    def progress(line: str) -> None:  # what is on disk as each line is said
        seen.append((line, sorted(p.parts[-4] for p in (tmp_path / "out").glob(
            "*/2025/2025-09/summary.json")), [p.name for p in (tmp_path / "out").glob(
                "*/2025/.2025-09.partial-*")]))

    result = render(spec, progress=progress)
    assert not result.ok
    lines = [line for line, _, _ in seen]
    published = [n for n, line in enumerate(lines) if re.match(r"\s+<\d/3> ", line)]
    assert len(published) == 3
    first, _, _ = seen[published[0]]
    assert "<1/3> xingyang 2025 2025-09：已发布" in first
    assert seen[published[0]][1] == ["xingyang"]  # on disk before the others ran
    assert max(len(partial) for _, _, partial in seen) <= 2  # never every member at once
    assert "<2/3> xinzheng 2025 2025-09：未发布，本次结果保存在" in lines[published[1]]
    assert "<3/3> dengfeng 2025 2025-09：已发布" in lines[published[2]]
    assert lines[-1] == "xyforecast render：3份报告，2份已发布，0份未变跳过，1份失败"
    assert [p.parts[-4] for p, _ in result.problems] == ["xinzheng"]
    assert "synthetic failure" in result.problems[0][1]
