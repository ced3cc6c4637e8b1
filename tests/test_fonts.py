"""The CJK font is whichever common one the machine has, named where it is used: with only
WenQuanYi Micro Hei — installed after matplotlib cached its font list — charts draw every
glyph, the data page names the font and the Word document uses it in place of the official
fonts this machine lacks. Asserted on matplotlib's warnings and the files written, never on
pixels.

The machine's other CJK fonts are hidden for real: the test runs in a mount namespace of its
own (``unshare -m``, as root, as CI runs) with an empty folder mounted over each folder
holding one. WenQuanYi Micro Hei comes from Debian's ``fonts-wqy-microhei`` (CI installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from xyforecast.errors import UsageError
from xyforecast.i18n import use
from xyforecast.outputs import fonts

from conftest import ROOT

FALLBACK = "WenQuanYi Micro Hei"


def fc_files() -> dict[str, set[str]]:
    """Every font file fontconfig knows, with the family names of its faces."""
    listed = subprocess.run(["fc-list", "-f", "%{file}\t%{family}\n"], capture_output=True,
                            text=True, check=True).stdout
    files: dict[str, set[str]] = {}
    for line in listed.splitlines():
        if "\t" in line:
            file, names = line.split("\t", 1)
            files.setdefault(file, set()).update(n.strip() for n in names.split(","))
    return files


@pytest.mark.parametrize("lang, words", [("zh", "图表需要一种中文字体"),
                                         ("en", "charts need a Chinese font")])
def test_no_cjk_font_at_all_is_one_clear_error_with_the_install_command(monkeypatch, lang,
                                                                          words):
    monkeypatch.setattr(fonts, "CANDIDATES", (("No Such Sans CJK", "sans"),))
    monkeypatch.setattr(fonts.font_manager, "findSystemFonts", lambda *_, **__: [])
    with use(lang):  # a message renders in the language in force where it is shown
        with pytest.raises(UsageError, match=r"apt-get install fonts-noto-cjk") as err:
            fonts.use_chinese_font()
        assert str(err.value).startswith(words)


def test_the_word_document_keeps_an_official_font_or_the_nearest_the_machine_has(
        monkeypatch):
    monkeypatch.setattr(fonts, "has_font", lambda name: name in ("FangSong_GB2312", "KaiTi"))
    assert fonts.east_asian("仿宋_GB2312") == "仿宋_GB2312"  # a government machine
    assert fonts.east_asian("楷体_GB2312") == "KaiTi"  # Windows' 楷体


SCRIPT = textwrap.dedent("""
    import json, shutil, subprocess, sys, warnings
    from pathlib import Path
    import matplotlib
    from matplotlib import font_manager
    from xyforecast.errors import UsageError
    from xyforecast.outputs import fonts

    out = {"before": None}
    try:  # matplotlib has cached its list; no CJK font on this machine yet
        fonts.chosen()
    except UsageError as exc:
        out["before"] = str(exc)
    # the font installed now, for this user, as a person without root would
    home = Path.home() / ".local" / "share" / "fonts"
    home.mkdir(parents=True)
    shutil.copy(sys.argv[1], home)

    from xyforecast.inputs.dataset import load
    from xyforecast.outputs import plots
    from xyforecast.forecast import Forecast
    from xyforecast.outputs.analysis import Analysis
    from xyforecast.outputs.word import write_report
    from xyforecast.site.pages import DataPage, IndicatorPage, check_parameters
    from docx import Document
    from docx.oxml.ns import qn

    data = load(None, [])
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        params = check_parameters(region="xingyang", year=2025, indicator="gdp", data=data)
        plots.to_png(IndicatorPage(params).fan_chart())
        page = DataPage(check_parameters(region="xingyang", year=2025, data=data)).text()
        doc = write_report(Analysis(Forecast.build(data, "xingyang", 2025, params.cutoff,
                                                   peers=False)),
                           Path(sys.argv[2]) / "report.docx", "zh")
    styles = Document(str(doc)).styles
    cache = Path(matplotlib.get_cachedir()) / (
        f"fontlist-v{font_manager.FontManager.__version__}.json")
    out.update(
        font=fonts.chosen().family,
        glyph_warnings=[str(w.message) for w in record if "Glyph" in str(w.message)],
        data_page=str(page),
        word={name: styles[name].element.rPr.rFonts.get(qn("w:eastAsia"))
              for name in ("Normal", "Title", "Heading 1")},
        cached=fonts.FALLBACK_PROBE in cache.read_text(encoding="utf-8"))
    # a later process finds the font in the cache at once
    out["next_process"] = subprocess.run(
        [sys.executable, "-c", "from xyforecast.outputs import fonts; "
         "fonts.font_manager.findSystemFonts = None; print(fonts.chosen().family)"],
        capture_output=True, text=True).stdout.strip()
    print(json.dumps(out, ensure_ascii=False))
""").replace("fonts.FALLBACK_PROBE", repr("WenQuanYi Micro Hei"))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which(
    "unshare") or not shutil.which("fc-list"), reason="hides fonts in a mount namespace: "
                                                      "root, unshare and fontconfig")
def test_with_only_wenquanyi_installed_later_charts_draw_every_glyph_and_name_it(tmp_path):
    files = fc_files()
    ours = next((f for f, names in files.items() if FALLBACK in names), None)
    if ours is None:
        pytest.skip(f"{FALLBACK} is not installed: apt-get install fonts-wqy-microhei")
    font = shutil.copy(ours, tmp_path / Path(ours).name)
    candidates = {family for family, _ in fonts.CANDIDATES}
    hidden = sorted({str(Path(f).parent) for f, names in files.items() if candidates & names})
    mounts = " && ".join(f"mount -t tmpfs none '{folder}'" for folder in hidden)
    (tmp_path / "home").mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path / "home"),
           "MPLCONFIGDIR": str(tmp_path / "mpl"), "XYFORECAST_LANG": "zh"}
    result = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c",
         f"{mounts} && exec \"$0\" -c \"$1\" \"$2\" \"$3\"", sys.executable, SCRIPT,
         str(font), str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["before"] and "fonts-noto-cjk" in out["before"]
    assert out["font"] == FALLBACK and out["glyph_warnings"] == []
    assert f"图表中文字体：{FALLBACK}" in out["data_page"]
    assert set(out["word"].values()) == {FALLBACK}  # no official font, no serif CJK font
    assert out["cached"] and out["next_process"] == FALLBACK
