"""Among its peers: ranks and gaps from the regions' own figures, the peers page, groups of
regions for render (`henan-prefectures`), and the group's index ranking them."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from xyforecast.cli import main
from xyforecast.engine.projection import project
from xyforecast.engine.standing import WINDOW, compare, group_of, has_peers, standing
from xyforecast.errors import UsageError
from xyforecast.forecast import Forecast, Memo
from xyforecast.inputs.dataset import load
from xyforecast.outputs import numbers
from xyforecast.periods import Period
from xyforecast.site.groups import expand, find_group, known
from xyforecast.site.pages import IndicatorPage, PeersPage, check_parameters

from conftest import ROOT


def test_prefectures_are_ranked_by_their_own_2020_growth(data):
    prefectures = group_of(data, "kaifeng")
    assert len(prefectures) == 17 and "zhengzhou" in prefectures
    cut = Period(2021, 9)
    c = compare(data.as_of(cut), prefectures, "gdp",
                lambda code: project(data, code, "gdp", 2021, cut))
    assert c.period == Period(2020, 12) and c.parent == "henan"
    ranked = [r for r in c.rows if r.rank is not None]
    assert len(ranked) == 16  # Jiaozuo's 2020 growth was dropped (data/henan/README.md)
    assert [r.value for r in ranked] == sorted((r.value for r in ranked), reverse=True)
    kaifeng = next(r for r in c.rows if r.region == "kaifeng")
    assert kaifeng.gap == pytest.approx(kaifeng.value - c.parent_value)
    s = standing(data.as_of("2021-09"), "kaifeng", "gdp", 2020)
    assert (s.rank, s.ranked) == (kaifeng.rank, 16)


def test_a_large_group_shows_the_region_and_those_ranked_nearest_it_projecting_only_them(data):
    """A group larger than ``limit``: every sibling ranked by its own figure, but the table
    (and what is projected for it) ``window`` rows, centred on the report's region; a group
    within ``limit`` is shown whole."""
    prefectures = group_of(data, "kaifeng")
    view, cut = data.as_of(Period(2021, 9)), Period(2021, 9)
    projected: list[str] = []

    def counted(code: str):
        projected.append(code)
        return project(data, code, "gdp", 2021, cut)

    whole = compare(view, prefectures, "gdp", lambda code: project(data, code, "gdp", 2021, cut))
    bounded = compare(view, prefectures, "gdp", counted, around="kaifeng", limit=16, window=5)
    assert len(compare(view, prefectures, "gdp", counted, limit=17, window=5).rows) == 17
    projected.clear()
    bounded = compare(view, prefectures, "gdp", counted, around="kaifeng", limit=16, window=5)
    assert len(bounded.rows) == 5 and sorted(projected) == sorted(r.region for r in bounded.rows)
    assert (bounded.ranked, bounded.group, bounded.omitted) == (16, 17, 12)
    assert (whole.ranked, whole.omitted) == (16, 0)
    order = [r.region for r in whole.rows]
    at = order.index("kaifeng")
    start = min(max(0, at - 2), len(order) - 5)
    assert [r.region for r in bounded.rows] == order[start:start + 5]  # same ranks, a window
    assert [r.rank for r in bounded.rows] == [r.rank for r in whole.rows[start:start + 5]]


def test_a_county_among_many_synthetic_siblings_projects_a_window_of_them(tmp_path):
    """Issue 18: a county's report costs the same among six siblings or two hundred. With 30
    or 60 synthetic counties under Zhengzhou (benchmarks/province.py), Xingyang's build
    projects the same number of siblings — ``WINDOW`` − 1 an indicator, whoever they are —
    and the peers page says the table is a window of how large a group, ranked on all."""
    spec = importlib.util.spec_from_file_location("province", ROOT / "benchmarks" / "province.py")
    province = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(province)
    siblings = []
    for n in (30, 60):
        data = load(province.build_province(tmp_path / str(n), n))
        memo = Memo(data, 2025)
        forecast = Forecast.build(data, "xingyang", 2025, movement=False, candidates=False,
                                  memo=memo)
        siblings.append(sum(1 for region, _, _ in memo.calls if region != "xingyang"))
        gdp = forecast.indicator("gdp").peers
        assert (gdp.group, len(gdp.rows), gdp.omitted) == (n + 6, WINDOW, n + 6 - WINDOW)
        assert gdp.ranked > WINDOW and "xingyang" in [r.region for r in gdp.rows]
        ranks = [r.rank for r in gdp.rows if r.rank is not None]  # ranked among all of them
        assert ranks == list(range(ranks[0], ranks[0] + len(ranks))) and ranks[-1] > WINDOW
        page = PeersPage(check_parameters(region="xingyang", year=2025, data=data), forecast)
        said = "".join(str(x) for x in page.tables()[:3])
        assert f"郑州市共{n + 6}个县（市），{gdp.ranked}个有该时期数据并参与排名；" in said
        assert f"表中只列出荥阳市及排名与其最接近的地区，共{WINDOW}个。" in said
        assert "比较时期：" in said  # both sentences in the punctuation of printed prose
        assert len(page.tables()[2]) == WINDOW
    assert siblings[0] == siblings[1] == 5 * (WINDOW - 1)


def test_the_peers_page_says_the_rank_and_shows_a_table_per_indicator(data):
    page = PeersPage(check_parameters(region="kaifeng", year=2021, as_of="2021-09", data=data))
    assert re.search(r"地区生产总值：2020年增长2\.0%，在16个有数据的省辖市中居第\d+位", page.text())
    tables = page.tables()
    assert len(tables) == 15 and len(tables[2]) == 17
    assert has_peers(data, "xingyang") and not has_peers(data, "china")


def test_groups_expand_to_their_members_with_figures(data):
    regions, groups = expand(data, ["henan-prefectures", "xingyang"], 2021, ["2021-09"])
    assert len(regions) == 18 and regions[-1] == "xingyang"
    assert [g.code for g in groups] == ["henan-prefectures"]
    assert find_group(data, "zhengzhou-counties").members[0] == "xingyang"
    assert find_group(data, "xingyang") is None
    assert {"zhengzhou-counties", "henan-prefectures"} <= set(known(data))
    with pytest.raises(UsageError, match="henan-counties"):
        find_group(data, "henan-counties")


def test_the_movement_on_the_indicator_page_is_forecast_as_of_each_release(data, capsys):
    page = IndicatorPage(check_parameters(region="xingyang", year=2025, indicator="gdp",
                                          data=data))
    table = page.movement_table()
    steps = page.item.movement
    assert len(table) == len(steps) == 4
    for step, median, chance in zip(steps, table["全年预测(%)"], table["达标概率"]):
        assert main(["forecast", "--region", "xingyang", "--year", "2025", "--as-of",
                     str(step.cutoff), "--json"]) == 0
        gdp = json.loads(capsys.readouterr().out)["indicators"][0]
        assert median == numbers.fixed(gdp["projection"]["median"])  # one rounding
        assert chance == numbers.percent(gdp["p_meet_target"])


@pytest.mark.e2e
def test_render_a_group_renders_every_prefecture_and_a_page_ranking_them(tmp_path, capsys):
    code = main(["render", "--region", "henan-prefectures", "--year", "2021", "--as-of",
                 "2021-09", "--lang", "zh", "--only", "dashboard", "--out", str(tmp_path)])
    assert code == 0
    reports = sorted(p.parent for p in tmp_path.glob("*/2021/2021-09/index.html"))
    assert len(reports) == 18  # 17 prefectures and the group's own index
    group = tmp_path / "henan-prefectures" / "2021" / "2021-09" / "index.html"
    html = group.read_text(encoding="utf-8")
    assert "河南省各省辖市2021年主要指标比较" in html
    links = re.findall(r'<a href="([^"]+/index\.html)">', html)
    assert len(links) == 17 and all((group.parent / link).resolve().is_file() for link in links)
    gdp = html[html.index("<h3>地区生产总值</h3>"):html.index("<h3>规模以上工业增加值</h3>")]
    assert "比较时期：2020年；河南省同期" in gdp
    assert [int(n) for n in re.findall(r"<tr>\s*<td>(\d+)</td>", gdp)][:3] == [1, 2, 3]
    assert f"已写入 {group}" in capsys.readouterr().out
