"""The page export without a kernel (the fast tier): a page is what nbconvert's own
``HTMLExporter`` makes of the notebook — same elements, attributes and text — apart from
each chart's text alternative, which is the chart's titles instead of nbconvert's "No
description has been provided for this image", though the page skips nbconvert's
BeautifulSoup pass (``export.PageExporter``). An nbconvert whose template or export
changes what a page shows fails here."""

from __future__ import annotations

import re

import jinja2
import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from xyforecast import config
from xyforecast.site import export

NBCONVERT_ALT = "No description has been provided for this image"
PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9aw"
       "AAAABJRU5ErkJggg==")


def page_notebook() -> nbformat.NotebookNode:
    """Every kind of output a page shows (and some it may), with the cells it hides."""
    chart = new_output("display_data", metadata={"image/png": {"width": 676}}, data={
        "image/png": PNG,
        "text/plain": "[chart] 地区生产总值：2025年全年增速预测\n / 全年增速分布"})
    figure = new_output("display_data", data={"image/png": PNG,
                                              "text/plain": "<Figure size 640x480>"})
    untitled = new_output("display_data", data={"image/jpeg": PNG, "text/plain": "[chart]"})
    table = new_output("display_data", data={
        "text/html": '<table class="xy-table"><tr><td>5.3 &amp; 5.2</td></tr></table>',
        "text/plain": "5.3 & 5.2"})
    cells = [
        new_code_cell("region = None", metadata={"tags": ["parameters"]}),
        new_code_cell("region = 'xingyang'", metadata={"tags": ["injected-parameters"]}),
        new_markdown_cell("# 荥阳市 <2025>\n\n**序时进度** & more"),
        new_code_cell("show(...)", execution_count=2, outputs=[
            new_output("display_data", data={"text/markdown": "达标概率 *48%*",
                                             "text/plain": "达标概率 48%"}),
            table, chart, figure, untitled]),
        new_code_cell("print()", execution_count=3, outputs=[
            new_output("stream", name="stdout", text="one <line>\n"),
            new_output("stream", name="stderr", text="a warning\n"),
            new_output("execute_result", data={"text/plain": "'Xingyang'"},
                       execution_count=3)]),
        new_code_cell("secret = 1", metadata={"tags": ["report-hide"]}, outputs=[
            new_output("stream", name="stdout", text="a hidden cell's output\n")]),
        new_code_cell("1 / 0", execution_count=4, outputs=[new_output(
            "error", ename="ZeroDivisionError", evalue="division by zero",
            traceback=["\x1b[0;31mZeroDivisionError\x1b[0m: division by zero"])]),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    return nb


def nbconverts_own(nb: nbformat.NotebookNode, lang: str) -> str:
    """The same page as nbconvert makes it: its HTMLExporter, every default preprocessor,
    the report's page template without the accessibility it adds itself."""
    own = HTMLExporter(template_name="lab", template_file="report-page.html.j2",
                       extra_loaders=[jinja2.FileSystemLoader(str(config.TEMPLATES))],
                       exclude_input=True, exclude_input_prompt=True,
                       exclude_output_prompt=True, language_code=lang)
    own.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=set(export.HIDDEN_TAGS)), enabled=True)
    body, _ = own.from_notebook_node(nb, resources={"metadata": {"name": "页面"}})
    return body


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_page_is_nbconverts_own_but_for_each_chart_s_alternative_text(tmp_path, lang):
    source = tmp_path / "page.ipynb"
    nbformat.write(page_notebook(), source)
    ours = export.export_html(source, tmp_path / "page.html", "页面", lang).read_text("utf-8")
    theirs = BeautifulSoup(nbconverts_own(nbformat.read(source, as_version=4), lang),
                           "html.parser")
    page = BeautifulSoup(ours, "html.parser")
    alts = [img["alt"] for img in page.find_all("img")]
    untitled = {"zh": "图表（无文字说明）", "en": "Chart (no description)"}[lang]
    assert alts == ["地区生产总值：2025年全年增速预测 / 全年增速分布", untitled, untitled]
    for img, alt in zip(theirs.find_all("img"), alts, strict=True):
        assert img["alt"] == NBCONVERT_ALT
        img["alt"] = alt
    assert str(page) == str(theirs)  # every element, attribute and text the same
    assert len(page.select("[tabindex='0']")) == 10  # nine outputs, one Markdown cell
    assert "荥阳市 &lt;2025&gt;" in ours and "¶" in ours  # a heading's text as text
    for hidden in ("region = ", "secret", "a hidden cell", "show("):
        assert hidden not in ours


def test_every_output_block_of_nbconverts_template_is_made_focusable_by_the_page():
    """The lab template's blocks that write an output area, each overridden by the page
    template (a new kind of output in nbconvert would otherwise lose its tabindex)."""
    environment = export.exporter().environment
    lab = environment.loader.get_source(environment, "base.html.j2")[0]
    ours = environment.loader.get_source(environment, export.TEMPLATE)[0]
    overridden = set(re.findall(r"{%-? block (\w+)", ours))
    writing = set()
    for found in re.finditer(r"jp-OutputArea-output|<img|jp-Cell-inputWrapper", lab):
        writing.add(re.findall(r"{%-? block (\w+)", lab[:found.start()])[-1])
    assert writing and writing <= overridden, writing - overridden
