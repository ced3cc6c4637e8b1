"""``经济运行分析.docx``: the analysis as the bureau sends it upstairs, made with python-docx.

Typography follows the habits of Chinese official documents (GB/T 9704): A4 with margins of
37/35/28/26 mm, a 小标宋-style title in 二号 (22 pt), the body in 仿宋 三号 (16 pt) on a fixed
28 pt line with a two-character indent, first-level headings in 黑体 and second-level in 楷体,
digits and Latin text in Times New Roman. The East Asian font is set explicitly on every style
(``w:eastAsia``): Word otherwise draws Chinese in the theme's font. Where the official fonts
are missing (most machines outside government offices, LibreOffice on Linux), each style
names the CJK font of the same kind this machine has (``fonts.east_asian``: Noto Serif CJK SC
for 仿宋 with ``fonts-noto-cjk``, FangSong on Windows…), and the closing note names the fonts
the document really uses.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from xyforecast.i18n import label, render
from xyforecast.i18n.report import typeset
from xyforecast.outputs import fonts as cjk
from xyforecast.outputs.analysis import Analysis, numeral, say
from xyforecast.outputs.movement_table import movement_table
from xyforecast.outputs.tables import forecast_table
from xyforecast.outputs.word_table import PICTURE_WIDTH, add_table
from xyforecast.outputs.workbook import PINNED_TIME, pinned_zip

FONTS = {  # style: (East Asian font, size in pt, bold)
    "Title": ("方正小标宋简体", 22, False),
    "Normal": ("仿宋_GB2312", 16, False),
    "Heading 1": ("黑体", 16, False),
    "Heading 2": ("楷体_GB2312", 16, False),
    "Caption": ("黑体", 12, False),
    "Table Text": ("仿宋_GB2312", 10.5, False),  # TABLE_SIZE
}
LATIN = "Times New Roman"
LINE = Pt(28)  # fixed line pitch of the body
FILE_STEM = "经济运行分析"  # 经济运行分析.docx; the English twin 经济运行分析.en.docx


class _Document:
    """A python-docx document whose every paragraph and cell is typeset for ``lang``."""

    def __init__(self, lang: str):
        self.doc, self.lang = Document(), lang

    def add_paragraph(self, text: str, style: str | None = None):
        return self.doc.add_paragraph(typeset(text, self.lang), style=style)

    def __getattr__(self, name: str):
        return getattr(self.doc, name)


def write_report(analysis: Analysis, path: Path, lang: str = "zh",
                 charts: Mapping[str, bytes] | None = None) -> Path:
    """The Word report of ``analysis`` in ``lang`` at ``path``; ``charts``: the dashboard page's
    pictures (a render's), else drawn here by the same function, to the same bytes."""
    charts = charts or {}
    doc = _Document(lang)
    _page(doc)
    _styles(doc)
    a, forecast = analysis, analysis.forecast
    doc.core_properties.title = a.title(lang)
    doc.core_properties.author = "xyforecast"
    # no time in the document: summary.json's run block says when (two renders, one file)
    doc.core_properties.created = doc.core_properties.modified = datetime(*PINNED_TIME)
    doc.core_properties.revision = 1
    doc.core_properties.language = say("doc_language", lang)
    doc.add_paragraph(a.title(lang), style="Title")
    doc.add_paragraph(a.dateline(lang), style="Dateline")

    sections = _Sections(doc, lang)
    sections.add(say("doc_h_overview", lang))
    doc.add_paragraph(a.overview(lang))
    _caption(doc, say("doc_table_h", lang))
    add_table(doc, headline_table(forecast, lang), wrap=(0, 6))  # names and statuses may wrap
    _caption(doc, say("doc_chart_h", lang))
    _picture(doc, charts.get("dashboard") or _dashboard_png(a, lang))

    number = sections.add(say("doc_h_indicators", lang))
    for n, item in enumerate(forecast.indicators, start=1):
        doc.add_paragraph(a.heading(number, n, item.code, lang), style="Heading 2")
        doc.add_paragraph(a.paragraph(item, lang))

    sections.add(say("doc_h_movement", lang))
    for item in forecast.indicators:
        doc.add_paragraph(a.moved(item, lang))
    _caption(doc, say("doc_movement_chart_h", lang))
    _picture(doc, charts.get("movement") or _movement_png(a, lang))
    _caption(doc, say("doc_movement_table_h", lang))
    add_table(doc, movement_table(a, lang), wrap=())
    switched = [a.name(i.code, lang) for i in forecast.indicators if i.basis_change]
    if switched:
        doc.add_paragraph(say("doc_movement_basis_note", lang, names=switched,
                              region=a.region_name(lang)), style="Note")

    peers = a.peers(lang)
    if peers:
        sections.add(say("doc_h_peers", lang, parent=a.region_name(lang, a.parent),
                         level=a.level_word(lang)))
        for sentence in peers:
            doc.add_paragraph(sentence)

    _other_targets(doc, a, sections, lang)

    sections.add(say("doc_h_note", lang))
    for line in note(a, lang):
        doc.add_paragraph(line, style="Note")
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(pinned_zip(buffer.getvalue()))
    return path


def headline_table(forecast, lang: str) -> pd.DataFrame:
    """Table 1: the columns of the headline table a portrait page holds."""
    keep = [label(k, lang) for k in ("indicator", "target", "projection", "interval80",
                                      "p_meet", "required", "status")]
    return forecast_table(forecast, lang)[keep]


def _other_targets(doc, a: Analysis, sections, lang: str) -> None:
    """Only the targets with a figure, in a table; the others counted in one line."""
    from xyforecast.outputs.progress import other_targets_table

    others = a.forecast.other_targets
    if not others:
        return
    sections.add(say("doc_h_targets", lang))
    shown = other_targets_table(others, a.data.catalog, lang, with_figures_only=True)
    if shown.empty:
        doc.add_paragraph(say("doc_targets_none", lang, n=len(others)))
        return
    rest = len(others) - len(shown)
    text = say("doc_targets_intro", lang, n=len(others), k=len(shown))
    if rest:
        text += say("doc_targets_rest", lang, m=rest)
    doc.add_paragraph(text)
    _caption(doc, say("doc_targets_table_h", lang))
    add_table(doc, shown, wrap=(0, 1))


def note(a: Analysis, lang: str) -> list[str]:
    """Method, the basis of each projection, where the targets come from, the data and its
    conflicts, the rules and the fonts: no fingerprint, no pointer to a web page."""
    from xyforecast.outputs.summary import MET_RULE, STATUS_RULE
    from xyforecast.outputs.tables import work_report

    forecast = a.forecast
    obs = a.data.observations
    # the user's rows and those derived from the user's tables (增速比上期提高): their own too
    derived = (obs["origin"] == "derived") & obs["file"].isin(
        obs.loc[obs["origin"] == "user", "file"])
    own = int((obs["origin"] == "user").sum() + derived.sum())
    derived = int(derived.sum())
    lines = [say("doc_note_method", lang)]
    lines += [say("doc_note_basis", lang, name=a.name(i.code, lang),
                  basis=render(i.projection.basis, lang)) for i in forecast.indicators]
    lines.append(say("doc_note_targets", lang, report=work_report(a.data, a.region,
                                                                 forecast.year, lang)))
    lines.append(say("doc_note_sources", lang, shipped=len(obs) - own, user=own))
    if derived:
        lines[-1] = lines[-1][:-1] + say("doc_note_derived", lang, n=derived)
    own = [render(c.why, lang) for c in forecast.conflicts if c.key[0] == a.region]
    if own:
        lines.append(say("doc_note_conflicts", lang, n=len(own), list=own))
    chain = {r.code for r in a.data.catalog.chain(a.region)} - {a.region}
    others = [c for c in forecast.conflicts if c.key[0] in chain]
    if others:
        lines.append(say("doc_note_conflicts_chain", lang, n=len(others)))
    lines.append(say("doc_note_rules", lang, met=render(MET_RULE, lang),
                     status=render(STATUS_RULE, lang)))
    lines.append(fonts_note(lang))
    return lines


def fonts_note(lang: str) -> str:
    """The fonts the document names, as this machine has them (``fonts.east_asian``), each
    with the official font it stands in for: never a font the document does not use."""
    replaced = False

    def font(style: str) -> str:
        nonlocal replaced
        official = FONTS[style][0]
        used = cjk.east_asian(official)
        if used == official:
            return used
        replaced = True
        name = official if lang == "zh" else cjk.OFFICIAL.get(official, (official,))[0]
        return say("doc_note_font_instead", lang, used=used, official=name)

    text = say("doc_note_fonts", lang, title=font("Title"), body=font("Normal"),
               h1=font("Heading 1"), h2=font("Heading 2"))
    return text + say("doc_note_fonts_replaced" if replaced else "doc_stop", lang)


class _Sections:
    """一、二、三… (1. 2. 3.) first-level headings, numbered as they are added."""

    def __init__(self, doc, lang: str):
        self.doc, self.lang, self.n = doc, lang, 0

    def add(self, title: str) -> int:
        self.n += 1
        self.doc.add_paragraph(say("doc_h", self.lang, numeral=numeral(self.n), n=self.n,
                                   title=title), style="Heading 1")
        return self.n


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def _font(style, east_asian: str, size: float, bold: bool) -> None:
    """Latin in Times New Roman, Chinese in ``east_asian`` (w:eastAsia), black."""
    style.font.name = LATIN  # sets w:ascii and w:hAnsi
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), cjk.east_asian(east_asian))  # as this machine has it
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would override the names above


def _styles(doc) -> None:
    styles = doc.styles
    from docx.enum.style import WD_STYLE_TYPE

    for name in ("Table Text", "Dateline", "Note"):
        if name not in [s.name for s in styles]:
            styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).base_style = styles["Normal"]
    for name, (east_asian, size, bold) in FONTS.items():
        _font(styles[name], east_asian, size, bold)
    _font(styles["Dateline"], "楷体_GB2312", 16, False)
    _font(styles["Note"], "仿宋_GB2312", 12, False)
    body = styles["Normal"].paragraph_format
    body.first_line_indent = Pt(32)  # two characters of 三号
    body.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.line_spacing = LINE
    body.space_before = body.space_after = Pt(0)
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name, align in (("Title", WD_ALIGN_PARAGRAPH.CENTER),
                        ("Dateline", WD_ALIGN_PARAGRAPH.CENTER),
                        ("Caption", WD_ALIGN_PARAGRAPH.CENTER),
                        ("Table Text", WD_ALIGN_PARAGRAPH.CENTER)):
        fmt = styles[name].paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Pt(0)
    title = styles["Title"].paragraph_format
    title.line_spacing_rule, title.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(36)
    title.space_after = Pt(12)
    styles["Dateline"].paragraph_format.space_after = Pt(16)
    for name in ("Heading 1", "Heading 2"):
        fmt = styles[name].paragraph_format
        fmt.first_line_indent = Pt(32)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
        fmt.keep_with_next = True
    for name in ("Table Text", "Note"):
        styles[name].paragraph_format.line_spacing = 1.0  # single, not the body's 28 pt
    styles["Note"].paragraph_format.first_line_indent = Pt(24)
    styles["Caption"].paragraph_format.space_before = Pt(8)
    styles["Caption"].paragraph_format.keep_with_next = True
    # the Title style draws a rule under itself in python-docx's template: not in a 公文
    border = styles["Title"].element.pPr.find(qn("w:pBdr"))
    if border is not None:
        styles["Title"].element.pPr.remove(border)


def _caption(doc, text: str) -> None:
    doc.add_paragraph(text, style="Caption")


def _picture(doc, png: bytes) -> None:
    doc.add_picture(io.BytesIO(png), width=PICTURE_WIDTH)
    picture = doc.paragraphs[-1]
    picture.paragraph_format.first_line_indent = Pt(0)
    picture.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _dashboard_png(a: Analysis, lang: str) -> bytes:
    from xyforecast.outputs.plots import dashboard_chart, to_png, year_to_date

    projections = [i.projection for i in a.forecast.indicators]
    paths = [year_to_date(a.data, a.region, p, lang) for p in projections]
    names = [a.name(p.indicator, lang) for p in projections]
    return to_png(dashboard_chart(projections, paths, names, a.region_name(lang), lang))


def _movement_png(a: Analysis, lang: str) -> bytes:
    from xyforecast.outputs.movement_chart import movement_grid
    from xyforecast.outputs.plots import to_png

    movement = {i.code: list(i.movement) for i in a.forecast.indicators}
    names = {code: a.name(code, lang) for code in movement}
    return to_png(movement_grid(movement, names, a.region_name(lang), lang))
