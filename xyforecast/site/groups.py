"""Groups of regions for ``render --region``: ``zhengzhou-counties`` (Zhengzhou's counties),
``henan-prefectures`` (Henan's prefectures) — ``<parent>-<level>s`` for any region of the
catalogue — and the group's own index page across the regions rendered, with the comparison
that ranks them (``engine.standing``).

A group renders every member with figures up to the cut-off; the others are named on the
group's index. The index is written beside the reports, in ``<root>/<group>/<year>/<cut-off>/``,
once every report is published, and links to each one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from xyforecast import __version__, config
from xyforecast.errors import UsageError
from xyforecast.i18n import Msg, t
from xyforecast.inputs.dataset import Dataset
from xyforecast.periods import Period
from xyforecast.site.spec import check_file_name, file_stem

LEVELS = {"counties": "county", "prefectures": "prefecture", "provinces": "province"}
_environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(config.TEMPLATES)),
                                  autoescape=True, keep_trailing_newline=True)


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


def write_group_index(folder: Path, data: Dataset, group: Group, year: int, cutoff: Period,
                      reports: dict[str, Path], langs: Sequence[str]) -> list[Path]:
    """``index.html`` (and ``index.en.html``) of a group: its members' reports and the
    comparison that ranks them. ``reports``: region -> the folder of its published report."""
    from xyforecast.engine.projection import project
    from xyforecast.engine.standing import compare
    from xyforecast.site.pages.peers import comparison_table, period_sentence

    folder.mkdir(parents=True, exist_ok=True)
    members = [code for code in group.members if code in reports]
    view = data.as_of(cutoff)
    comparisons = [compare(view, members, i.code,
                           lambda code, k=i.code: project(data, code, k, year, cutoff))
                   for i in data.catalog.headline()]
    written = []
    for lang in langs:
        def name_of(code: str | None, lang: str = lang) -> str:
            return data.catalog.region(code).name(lang) if code else ""

        index = f"{file_stem('index', lang)}.html"
        links = [(name_of(code), os.path.relpath(reports[code] / index, folder))
                 for code in members]
        skipped = [name_of(code) for code in group.members if code not in reports]
        tables = [(data.catalog.indicator(c.indicator).name(lang), period_sentence(c, name_of,
                                                                                 lang),
                   Markup(comparison_table(c, name_of, lang).to_html(
                       index=False, border=0, escape=True, classes="glance")))
                  for c in comparisons]
        title = t("report.group_title", lang, group=group.name(data, lang), year=year)
        twins = [(other, f"{file_stem('index', other)}.html") for other in langs
                 if other != lang]
        html = _environment.get_template("report-group.html.j2").render(
            lang=lang, title=title, subtitle=t("report.index_cutoff", lang,
                                               cutoff=cutoff.label(lang)),
            links=links, tables=tables, twins=twins,
            skipped=t("report.group_skipped", lang, regions=skipped) if skipped else "",
            text={"regions": t("report.group_regions", lang),
                  "comparison": t("report.group_comparison", lang),
                  "twin": t("report.nav_twin", lang)},
            footer=f"xyforecast {__version__} · {data.sha256[:12]}")
        written.append(_write_atomic(folder / index, html))
    return written


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

