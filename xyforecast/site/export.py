"""A notebook as a page a reader can move through: HTML without code, offline, printable.

nbconvert's JupyterLab template, extended (``templates/report-page.html.j2``) to load nothing from
the network — no require.js, MathJax or widget scripts, which the pages never need and which
leave a page blank for half a minute where a CDN stalls — and to carry the report's style
sheet (print included) and an empty navigation bar that ``index.navigate`` fills in once the
report's pages are known. Inputs, prompts and cells tagged ``report-hide``, ``parameters``
or ``injected-parameters`` are left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xyforecast import config

HIDDEN_TAGS = ("report-hide", "parameters", "injected-parameters")
_exporter: Any = None


def exporter() -> Any:
    """nbconvert's HTMLExporter with the page template, made once per process."""
    global _exporter
    if _exporter is None:
        import jinja2
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor

        _exporter = HTMLExporter(
            template_name="lab", template_file="report-page.html.j2",
            extra_loaders=[jinja2.FileSystemLoader(str(config.TEMPLATES))],
            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
        _exporter.register_preprocessor(
            TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS)), enabled=True)
    return _exporter


def export_html(notebook: Path, target: Path, title: str, lang: str = "zh") -> Path:
    """The executed ``notebook`` as the page ``target``."""
    import nbformat

    html = exporter()
    html.language_code = lang
    nb = nbformat.read(notebook, as_version=4)
    body, _ = html.from_notebook_node(nb, resources={"metadata": {"name": title}})
    target.write_text(body, encoding="utf-8")
    return target
