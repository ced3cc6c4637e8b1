"""What every page shares: sentences as safe Markdown, names in the page's language, the
year-to-date path behind a projection, and ``show`` (how a notebook displays things).

Names, sources and bases come from data files, which anyone can edit: on a page they must
read as typed, never as markup or a link. ``markdown`` escapes every string it puts into a
sentence of the catalogue unless it is Markdown already.
"""

from __future__ import annotations

import base64
import html
import re
import sys
from typing import TYPE_CHECKING, Any

import pandas as pd

from xyforecast.i18n import Msg, Pair, t, template
from xyforecast.i18n.report import typeset_render, typeset_template
from xyforecast.outputs.tables import to_text
from xyforecast.request import Parameters

if TYPE_CHECKING:
    from xyforecast.engine.results import Projection
    from xyforecast.outputs.plots import YearToDate

HISTORY_YEARS = 12  # years of full-year history drawn before the projected year


class Markdown(str):
    """Text safe to display as Markdown: a sentence of the catalogue, or escaped data."""


def markdown(key: str, lang: str, **values: Any) -> Markdown:
    """The sentence ``report.<key>`` as Markdown, in the punctuation of printed prose
    (full-width in Chinese); every plain string put into it escaped and left as typed."""
    safe = {k: v if isinstance(v, Markdown) else escape(typeset_render(v, lang))
            if isinstance(v, str | Msg | Pair | list | tuple) else v
            for k, v in values.items()}
    return Markdown(typeset_template(template(f"report.{key}", lang), lang).format(**safe))


def prose(text: str, lang: str) -> Markdown:
    """A finished sentence (the Word report's, ``outputs.analysis``: punctuated already) as
    Markdown, escaped."""
    return Markdown(escape(text))


def sentences(parts: list[str], lang: str) -> Markdown:
    """Sentences of one paragraph: run together in Chinese, a space between in English."""
    return Markdown(t("report.sentence_gap", lang).join(parts))


# emphasis, code, links and images, headings, tables, strikethrough, math; and the colon of
# "://", so that no URL turns into a link
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#|~$!]|:(?=//))")
MARKDOWN_ESCAPED = re.compile(r"\\([\\`*_\[\]{}#|~$!:])")


def escape(value: object) -> Markdown:
    """A data string as Markdown showing exactly that text: HTML escaped (Markdown passes
    it through), Markdown's own punctuation backslash-escaped, lines joined (no headings)."""
    if isinstance(value, Markdown):
        return value
    plain = html.escape(" ".join(str(value).split()), quote=False)
    return Markdown(MARKDOWN_SPECIAL.sub(r"\\\1", plain))


def plain(markdown_text: str) -> str:
    """The text a reader sees, for the plain-text twin of a Markdown output."""
    return html.unescape(MARKDOWN_ESCAPED.sub(r"\1", markdown_text))


# --- names and text from the engine ----------------------------------------------------------


def region_name(params: Parameters, code: str | None = None) -> str:
    return params.data.catalog.region(code or params.region).name(params.lang)


def indicator_name(params: Parameters, code: str) -> str:
    return params.data.catalog.indicator(code).name(params.lang)


def basis_text(projection: Projection, lang: str) -> str:
    """The sentence a projection rests on (a message in the page's language, punctuated as
    printed; the names in it as typed)."""
    return typeset_render(projection.basis, lang)


def notes_text(projection: Projection, lang: str) -> str:
    """The projection's notes (fallbacks, caveats), joined in the page's language."""
    return typeset_render(list(projection.notes), lang)


def year_to_date(params: Parameters, projection: Projection) -> YearToDate:
    """This year's year-to-date path behind a projection (``plots.year_to_date``)."""
    from xyforecast.outputs.plots import year_to_date as path

    return path(params.view, params.region, projection, params.lang)


# --- display ------------------------------------------------------------------------------------

# JupyterLab right-aligns every table cell; words read better from the left
TABLE_STYLE = ("<style>.xy-table th, .xy-table td {text-align: left !important;}"
               "</style>\n")


def show(*items: object) -> None:
    """Display text as Markdown, a table as HTML without its index, a chart as a PNG: each
    with a plain-text twin, so nothing like ``<Figure at 0x…>`` is ever stored."""
    from IPython.display import display

    for item in items:
        display(bundle(item), metadata=shown_size(item), raw=True)


def bundle(item: object) -> dict[str, Any]:
    """The MIME bundle ``show`` displays for one item."""
    if isinstance(item, str):
        return {"text/markdown": item, "text/plain": plain(item)}
    if isinstance(item, pd.DataFrame):
        if item.empty:
            return {"text/markdown": "—", "text/plain": "—"}
        table = item.to_html(index=False, border=0, classes="xy-table", na_rep="—",
                             escape=True)
        return {"text/html": TABLE_STYLE + table, "text/plain": to_text(item, max_width=80)}
    if _is_figure(item):
        from xyforecast.outputs.plots import to_png

        png = base64.b64encode(to_png(item)).decode("ascii")
        title = " / ".join(ax.get_title(loc="left") for ax in item.axes
                           if ax.get_title(loc="left"))
        return {"image/png": png, "text/plain": f"[chart] {title}".strip()}
    return {"text/plain": str(item)}


def shown_size(item: object) -> dict[str, Any]:
    """A chart drawn for print (``plots.PRINT_DPI``, the Word report's picture) is shown at
    the width of a page's other charts."""
    if not _is_figure(item):
        return {}
    from xyforecast.outputs.plots import DPI

    if item.dpi == DPI:
        return {}
    return {"image/png": {"width": round(item.get_figwidth() * DPI)}}


def _is_figure(item: object) -> bool:
    """Without importing matplotlib (a quarter second) on pages that draw nothing."""
    figure = sys.modules.get("matplotlib.figure")
    return figure is not None and isinstance(item, figure.Figure)
