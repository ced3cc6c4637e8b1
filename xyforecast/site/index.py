"""The report's entry page and the navigation bar of every page, from Jinja2 templates
(``templates/``) with autoescape: every string from data files or notebooks is text.

A report folder keeps a manifest, ``pages.json``: every page in every language rendered,
its title, whether it succeeded and on which data. The index and the navigation are drawn
from it once the report is complete, so that a page kept from an earlier render (``--only``)
is linked like the rest, and a page links to its other-language twin only when it exists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from xyforecast import __version__
from xyforecast.i18n import LANGS, t
from xyforecast.site.suite import file_stem, suite
from xyforecast.site.templates import environment

MANIFEST = "pages.json"
NAV = re.compile(r"<!-- xy-nav -->.*?<!-- /xy-nav -->", re.S)


def read_manifest(folder: Path) -> list[dict[str, Any]]:
    """The pages of the report in ``folder``: [{name, title: {lang}, langs: {lang: {ok,
    error, data_sha256}}}], in reading order; [] when there is none."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["pages"]
    except (OSError, ValueError, KeyError):
        return []


def write_manifest(folder: Path, pages: list[dict[str, Any]]) -> None:
    # languages in one order, whichever page finished first: two renders give one file
    pages = [{**page, **{key: {lang: page[key][lang] for lang in LANGS if lang in page[key]}
                         for key in ("title", "langs") if isinstance(page.get(key), dict)}}
             for page in pages]
    text = json.dumps({"pages": pages}, ensure_ascii=False, indent=1)
    (folder / MANIFEST).write_text(text + "\n", encoding="utf-8")


def merge(previous: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The previous manifest updated by a partial render: a page rendered now replaces its
    languages rendered now and keeps the others; pages not rendered now stay where they were."""
    merged = {p["name"]: {**p, "langs": dict(p["langs"])} for p in previous}
    for page in new:
        if page["name"] in merged:
            merged[page["name"]]["langs"].update(page["langs"])
            merged[page["name"]]["title"] = page["title"]
        else:
            merged[page["name"]] = page
    return list(merged.values())


def _twin(lang: str) -> str:
    return next(other for other in LANGS if other != lang)


def _nav(pages: list[dict[str, Any]], lang: str, current: str, twin: str | None) -> Markup:
    links = [{"href": f"{file_stem(p['name'], lang)}.html", "text": p["title"][lang],
              "ok": p["langs"][lang]["ok"]} for p in pages if lang in p["langs"]]
    other = _twin(lang)
    return Markup(environment().get_template("report-nav.html.j2").render(
        label=t("report.nav_label", lang), home=f"{file_stem('index', lang)}.html",
        home_text=t("report.nav_home", lang), links=links, current=current, twin=twin,
        twin_lang=other, twin_text=t("report.nav_twin", lang),
        twin_title=t("report.nav_twin_title", lang)))


def navigate(folder: Path, pages: list[dict[str, Any]]) -> None:
    """Fill the navigation bar of every page in ``folder``: the index, the pages in the
    page's language, and its twin in the other language when the report has it."""
    for page in pages:
        for lang in page["langs"]:
            path = folder / f"{file_stem(page['name'], lang)}.html"
            if not path.exists():
                continue
            twin = f"{file_stem(page['name'], _twin(lang))}.html"
            nav = _nav(pages, lang, path.name, twin if (folder / twin).exists() else None)
            block = f"<!-- xy-nav -->{nav}<!-- /xy-nav -->"
            html = path.read_text(encoding="utf-8")
            path.write_text(NAV.sub(lambda _, block=block: block, html, count=1),
                            encoding="utf-8")


def write_index(folder: Path, lang: str, pages: list[dict[str, Any]], *, region: str,
                year: int, cutoff: str, cutoff_label: str, data_sha256: str,
                problems: Sequence[str]) -> Path:
    """``index.html`` (``index.en.html``): every page, the headline table, the downloads.
    It holds no time and no command: those are the run block's (``reproducible``)."""
    from xyforecast.outputs.tables import summary_table

    def say(key: str, **values: Any) -> str:
        return t(f"report.index_{key}", lang, **values)

    glance = ""
    summary = folder / "summary.json"
    if summary.exists():
        table = summary_table(json.loads(summary.read_text(encoding="utf-8")), lang)
        glance = Markup(table.to_html(index=False, border=0, escape=True, classes="glance"))
    downloads = [(name, t(d.label, lang, file=name)) for d in suite().downloads
                 for name in [d.file(lang)] if (folder / name).exists()]  # suite.toml
    entries = [{"href": f"{file_stem(p['name'], lang)}.html", "title": p["title"][lang],
                "notebook": f"{file_stem(p['name'], lang)}.ipynb", **p["langs"][lang]}
               for p in pages if lang in p["langs"]]
    older = [e["title"] for e in entries if e.get("data_sha256") not in (None, data_sha256)]
    name = f"{file_stem('index', lang)}.html"
    twin = f"{file_stem('index', _twin(lang))}.html"
    has_twin = any(_twin(lang) in p["langs"] for p in pages)
    html = environment().get_template("report-index.html.j2").render(
        lang=lang, title=say("title", region=region, year=year), cutoff_code=cutoff,
        subtitle=say("cutoff", cutoff=cutoff_label), nav=_nav(pages, lang, name,
                                                             twin if has_twin else None),
        problems=problems, pages=entries, glance=glance, downloads=downloads,
        older=say("older", pages=older) if older else "",
        text={k: say(k) for k in ("problems", "pages", "notebook", "failed", "glance",
                                  "files")},
        footer=say("footer", version=__version__, sha=data_sha256[:12]))
    path = folder / name
    path.write_text(html, encoding="utf-8")
    return path
