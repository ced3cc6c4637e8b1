"""Groups of regions for ``render --region``: ``zhengzhou-counties`` (Zhengzhou's counties),
``henan-prefectures`` (Henan's prefectures) — ``<parent>-<level>s`` for any region of the
catalogue — and the group's own index page across the regions rendered, with the comparison
that ranks them (``engine.standing``).

A group renders every member with figures up to the cut-off; the others are named on the
group's index. The index is written beside the reports, in ``<root>/<group>/<year>/<cut-off>/``,
and links to each one. It is built from what is published — each member's ``summary.json``
(projection, target, P(meet), status) and the data's own figures (growth, rank, gap) — so
that ``xyforecast index --group …`` after one render per member on a scheduler gives the
same page as ``render --region <group>``. A member whose report was made from other data is
named, not ranked.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from xyforecast import __version__
from xyforecast.errors import UsageError
from xyforecast.i18n import Msg, t
from xyforecast.inputs.dataset import Dataset
from xyforecast.periods import Period
from xyforecast.site.spec import check_file_name, file_stem
from xyforecast.site.templates import environment

LEVELS = {"counties": "county", "prefectures": "prefecture", "provinces": "province"}


@dataclass(frozen=True)
class Group:
    code: str  # zhengzhou-counties
    parent: str  # zhengzhou
    level: str  # county
    members: tuple[str, ...]  # every region of the group in the catalogue

    def name(self, data: Dataset, lang: str) -> str:
        return t("report.group_name", lang, parent=data.catalog.region(self.parent).name(lang),
                 level=t(f"report.level_{self.level}", lang))


def find_group(data: Dataset, name: str) -> Group | None:
    """The group ``name`` stands for, or None when it is not ``<parent>-<level>s``."""
    parent, _, plural = name.rpartition("-")
    if parent not in data.catalog.regions or plural not in LEVELS:
        return None
    members = tuple(r.code for r in data.catalog.children(parent) if r.level == LEVELS[plural])
    if not members:
        raise UsageError(Msg.of("report.unknown_group", name=name, known=known(data)))
    return Group(name, parent, LEVELS[plural], members)


def known(data: Dataset) -> list[str]:
    """Every group the catalogue holds: zhengzhou-counties, henan-prefectures…"""
    plural = {level: word for word, level in LEVELS.items()}
    return sorted({f"{r.parent}-{plural[r.level]}" for r in data.catalog.regions.values()
                   if r.parent and r.level in plural})


def with_figures(data: Dataset, group: Group, cutoffs: Sequence[str | None],
                 year: int) -> list[str]:
    """The members with any figure up to the earliest cut-off asked for."""
    from xyforecast.engine.projection import default_cutoff

    cuts = [Period.parse(c) if c else default_cutoff(data, year) for c in cutoffs]
    view = data.as_of(min(cuts))
    return [code for code in group.members if view.latest(code) is not None]


def expand(data: Dataset, names: Sequence[str], year: int, cutoffs: Sequence[str | None]
           ) -> tuple[list[str], list[Group]]:
    """Region codes with every group replaced by its members with figures; the groups."""
    regions: list[str] = []
    groups: list[Group] = []
    for name in names:
        group = find_group(data, name)
        if group is None:
            regions.append(name)
        else:
            groups.append(group)
            regions += with_figures(data, group, cutoffs, year)
    return list(dict.fromkeys(regions)), groups


def published(root: Path, group: Group, year: int, cutoff: Period) -> dict[str, dict]:
    """Each member's published ``summary.json`` for the year and cut-off, by region code
    (``<root>/<region>/<year>/<cut-off>/summary.json``)."""
    found = {}
    for code in group.members:
        path = root / code / str(year) / str(cutoff) / "summary.json"
        if path.is_file():
            found[code] = json.loads(path.read_text(encoding="utf-8"))
    return found


def write_group_index(root: Path, data: Dataset, group: Group, year: int, cutoff: Period,
                      langs: Sequence[str]) -> list[Path]:
    """``index.html`` (and ``index.en.html``) of a group, in ``<root>/<group>/<year>/<cut-off>``:
    its members' published reports and the comparison that ranks them."""
    folder = group_folder(root, group, year, cutoff)
    summaries = published(root, group, year, cutoff)
    current = {code: s for code, s in summaries.items() if s.get("data_sha256") == data.sha256}
    if not current:
        raise UsageError(Msg.of("report.group_none_published", group=group.code, year=year,
                                cutoff=str(cutoff), root=str(root)))
    folder.mkdir(parents=True, exist_ok=True)
    members = [code for code in group.members if code in current]
    view = data.as_of(cutoff)
    with_data = [code for code in group.members if view.latest(code) is not None]
    written = []
    for lang in langs:
        def name_of(code: str | None, lang: str = lang) -> str:
            return data.catalog.region(code).name(lang) if code else ""

        index = f"{file_stem('index', lang)}.html"
        links = [(name_of(code), os.path.relpath(root / code / str(year) / str(cutoff) / index,
                                                 folder))
                 for code in members]
        notes = []
        stale = [name_of(code) for code in group.members
                 if code in summaries and code not in current]
        if stale:
            notes.append(t("report.group_stale", lang, regions=stale))
        for key, codes in (("group_skipped", [c for c in group.members if c not in with_data]),
                           ("group_unpublished", [c for c in with_data if c not in summaries])):
            if codes:
                notes.append(t(f"report.{key}", lang, regions=[name_of(c) for c in codes]))
        tables = []
        for indicator in data.catalog.headline():
            figures = _figures(view, members, indicator.code)
            table = _ranking(figures, current, indicator.code, name_of, lang)
            tables.append((indicator.name(lang), _period_sentence(figures, name_of, lang),
                           Markup(table.to_html(index=False, border=0, escape=True,
                                                classes="glance"))))
        title = t("report.group_title", lang, group=group.name(data, lang), year=year)
        twins = [(other, f"{file_stem('index', other)}.html") for other in langs
                 if other != lang]
        html = environment().get_template("report-group.html.j2").render(
            lang=lang, title=title, subtitle=t("report.index_cutoff", lang,
                                               cutoff=cutoff.label(lang)),
            links=links, tables=tables, twins=twins, skipped=" ".join(notes),
            text={"regions": t("report.group_regions", lang),
                  "comparison": t("report.group_comparison", lang),
                  "twin": t("report.nav_twin", lang)},
            footer=f"xyforecast {__version__} · {data.sha256[:12]}")
        written.append(_write_atomic(folder / index, html))
    return written


@dataclass(frozen=True)
class _Figures:
    """The members' own year-to-date growth for the latest period most of them share, the
    parent's for the same period, and each member's rank (1 = fastest)."""

    parent: str | None
    period: Period | None
    parent_value: float | None
    values: dict[str, float]
    ranks: dict[str, int]


def _figures(view: Dataset, members: Sequence[str], indicator: str) -> _Figures:
    from xyforecast.engine.standing import shared_period

    parents = {view.catalog.region(code).parent for code in members}
    parent = parents.pop() if len(parents) == 1 else None
    period = shared_period(view, members, indicator)
    values = {code: v for code in members
              if (v := view.values(code, indicator).get(period)) is not None} if period else {}
    parent_value = view.values(parent, indicator).get(period) if parent and period else None
    ranks = {code: 1 + sum(other > value for other in values.values())
             for code, value in values.items()} if len(values) > 1 else {}
    return _Figures(parent, period, parent_value, values, ranks)


def _ranking(figures: _Figures, summaries: dict[str, dict], indicator: str, name_of,
             lang: str):
    """One indicator across the group: rank, region, growth, gap to the parent (from the
    data), projection, 80% interval, target, P(meet), status (from each summary.json)."""
    import pandas as pd

    from xyforecast.outputs.tables import Ranked

    order = sorted(summaries, key=lambda code: (code not in figures.ranks,
                                                figures.ranks.get(code, 0),
                                                list(summaries).index(code)))
    rows = []
    for code in order:
        item = next(i for i in summaries[code]["indicators"] if i["indicator"] == indicator)
        q, target = item["projection"], item["target"]
        value = figures.values.get(code)
        gap = (None if value is None or figures.parent_value is None
               else value - figures.parent_value)
        rows.append(Ranked(figures.ranks.get(code), name_of(code), value, gap, q["median"],
                           q["p10"], q["p90"], target[f"label_{lang}"] if target else None,
                           item["p_meet_target"], item["status"]))
    parent = name_of(figures.parent) if figures.parent else None
    return pd.DataFrame([r.row(parent, lang) for r in rows])


def _period_sentence(figures: _Figures, name_of, lang: str) -> str:
    """The period compared, in the peers page's words."""
    from xyforecast.i18n.report import typeset_render
    from xyforecast.site.pages.peers import period_words

    return typeset_render(period_words(figures.period, name_of(figures.parent),
                                       figures.parent_value), lang)


def _write_atomic(path: Path, text: str) -> Path:
    """Write beside, then rename: a reader never sees half a page."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                     prefix=f".{path.name}.") as handle:
        handle.write(text)
    os.replace(handle.name, path)
    return path


def group_folder(root: Path, group: Group, year: int, cutoff: Period) -> Path:
    check_file_name("region", group.code)
    return root / group.code / str(year) / str(cutoff)

