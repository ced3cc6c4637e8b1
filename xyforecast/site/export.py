"""A notebook as a page a reader can move through: HTML without code, offline, printable.

nbconvert's JupyterLab template, extended (``templates/report-page.html.j2``) to load nothing from
the network — no require.js, MathJax or widget scripts, which the pages never need and which
leave a page blank for half a minute where a CDN stalls — and to carry the report's style
sheet (print included) and an empty navigation bar that ``index.navigate`` fills in once the
report's pages are known. Inputs, prompts and cells tagged ``report-hide``, ``parameters``
or ``injected-parameters`` are left out.

The page is what nbconvert's ``HTMLExporter`` makes, without its last pass: nbconvert 7
parses the whole rendered page with BeautifulSoup only to give images without one an
``alt`` ("No description has been provided for this image") and output areas and cells a
``tabindex="0"``, then writes the page out again — six tenths of an export. Here the
template (``templates/report-accessible.html.j2``) writes both attributes as it renders,
each chart's ``alt`` its own titles (``described``), and the soup pass is skipped
(``PageExporter``); ``tests/test_export.py`` holds the page to nbconvert's own output, so
an nbconvert that changes either fails there. Only the preprocessors the page needs are
registered: nbconvert validates the whole notebook after each of its thirteen, enabled or
not.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import nbformat
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets import Bool, List

from xyforecast import config
from xyforecast.i18n import Msg

HIDDEN_TAGS = ("report-hide", "parameters", "injected-parameters")
TEMPLATE = "report-accessible.html.j2"  # report-page.html.j2, with alt and tabindex
CHART = "[chart] "  # a chart's plain-text twin: its titles (site.pages.common.bundle)
FOCUSABLE = ' tabindex="0"'  # what nbconvert gives every output area and cell
CHARREF = re.compile(r"&#([0-9]{1,7});")  # a character by its number
_exporter: Any = None


class PageExporter(HTMLExporter):
    """``HTMLExporter`` without its BeautifulSoup pass (the template writes what it added),
    with only the page's preprocessors, the notebook validated once after them."""

    # nbconvert's thirteen preprocessors are called (and the notebook validated after
    # each) enabled or not; the page needs the template's (lab: CSSHTMLHeaderPreprocessor,
    # the highlighting style sheet) and its own (the hidden cells, ``exporter``). Those
    # left out change cells the page does not show (inputs, metadata) or are disabled.
    default_preprocessors = List([])
    optimistic_validation = Bool(True)

    def from_notebook_node(self, nb: Any, resources: dict[str, Any] | None = None,
                           **kw: Any) -> tuple[str, dict[str, Any]]:
        """``HTMLExporter.from_notebook_node`` up to its BeautifulSoup pass: the same
        filters registered, then the template rendered (``TemplateExporter``)."""
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        self.register_filter("highlight_code", self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    @jinja2.pass_context
    def markdown2html(self, context: Any, source: str) -> str:
        """nbconvert's Markdown, its headings' text as characters: nbconvert writes a
        heading out through ElementTree in ASCII ("&#33637;&#38451;&#24066;" for 荥阳市),
        which its soup pass turned back into the characters a search of the page finds."""
        return CHARREF.sub(_character, super().markdown2html(context, source))

    def default_filters(self) -> Any:
        yield from super().default_filters()
        yield ("focusable", focusable)
        yield ("described", self.described)

    def described(self, html: str, output: Any) -> markupsafe.Markup:
        """``html`` (an image output as the template writes it) with its picture's
        ``alt``: the chart's titles, or the catalogue's word for a picture without."""
        start = html.find("<img")
        end = html.find(">", start)
        if start < 0 or "alt=" in html[start:end]:
            return markupsafe.Markup(html)
        alt = markupsafe.escape(alt_text(output, self.language_code))
        return markupsafe.Markup(f'{html[:end]} alt="{alt}"{html[end:]}')


def _character(ref: re.Match[str]) -> str:
    """A non-ASCII character written by its number, as the character; ASCII (``&#60;``
    is "<") stays a reference."""
    code = int(ref.group(1))
    return chr(code) if 128 <= code <= 0x10FFFF else ref.group(0)


def alt_text(output: Any, lang: str) -> str:
    """A picture's text alternative: the titles ``show`` gave it in its plain-text twin
    ("[chart] 地区生产总值：全年预测的逐月变化"), else "图表（无文字说明）"."""
    plain = output.get("data", {}).get("text/plain", "")
    titles = " ".join(plain.removeprefix(CHART).split()) if plain.startswith(CHART) else ""
    return titles or Msg.of("report.picture").render(lang)


def focusable(html: str, marker: str = "jp-OutputArea-output") -> markupsafe.Markup:
    """``html`` with the first element whose attributes name ``marker`` reachable from the
    keyboard (``tabindex="0"``), as nbconvert makes each output area and cell."""
    at = html.find(marker)
    if at < 0:
        return markupsafe.Markup(html)
    end = html.find(">", at)
    return markupsafe.Markup(html[:end] + FOCUSABLE + html[end:])


def exporter() -> PageExporter:
    """The page exporter, made once per process (a worker's pages share its template)."""
    global _exporter
    if _exporter is None:
        _exporter = PageExporter(
            template_name="lab", template_file=TEMPLATE,
            extra_loaders=[jinja2.FileSystemLoader(str(config.TEMPLATES))],
            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
        _exporter.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS)), enabled=True)
    return _exporter


def export_html(notebook: Path, target: Path, title: str, lang: str = "zh") -> Path:
    """The executed ``notebook`` as the page ``target``."""
    html = exporter()
    html.language_code = lang
    nb = nbformat.read(notebook, as_version=4)
    body, _ = html.from_notebook_node(nb, resources={"metadata": {"name": title}})
    target.write_text(body, encoding="utf-8")
    return target
