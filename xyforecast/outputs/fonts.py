"""Chinese in charts and documents: the CJK font this machine has.

matplotlib draws Chinese only with a CJK font, and machines differ: Debian has Noto Sans CJK
(``fonts-noto-cjk``) or WenQuanYi, Windows ships Microsoft YaHei and SimHei, macOS PingFang,
Kylin and UOS their own. ``chosen()`` is the first of ``CANDIDATES`` present — sans serif
first, as charts want — and every output that draws Chinese names it (the data page; the
Word document puts it in place of an official font this machine lacks, ``east_asian``). It
comes after DejaVu Sans, which keeps the minus sign and Latin text in their usual look;
matplotlib falls back glyph by glyph.

matplotlib caches its font list, so a font installed after the first import is invisible:
when no candidate is in the list, the system's font files not yet in it are added through
the public ``FontManager.addfont`` and the cache written again (``font_manager.json_dump``),
so that the render's parallel kernels find it at once. Still none: one line saying how to
install one.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib import font_manager, rcParams

from xyforecast.errors import UsageError
from xyforecast.i18n import Msg

CANDIDATES = (  # (family as matplotlib names it, role), in order of preference
    ("Noto Sans CJK SC", "sans"),  # Debian/Ubuntu fonts-noto-cjk, Fedora, Kylin, UOS
    ("Source Han Sans SC", "sans"),  # the same design under Adobe's name
    ("Source Han Sans CN", "sans"),
    ("Microsoft YaHei", "sans"),  # Windows
    ("PingFang SC", "sans"),  # macOS
    ("SimHei", "sans"),  # Windows, WPS
    ("WenQuanYi Zen Hei", "sans"),  # fonts-wqy-zenhei
    ("WenQuanYi Micro Hei", "sans"),  # fonts-wqy-microhei
    ("Sarasa Gothic SC", "sans"),
    ("Sarasa UI SC", "sans"),
    ("Heiti SC", "sans"),
    ("Droid Sans Fallback", "sans"),  # fonts-droid-fallback (LibreOffice pulls it in)
    ("Noto Serif CJK SC", "serif"),
    ("Source Han Serif SC", "serif"),
    ("FangSong", "serif"),  # Windows
    ("SimSun", "serif"),  # Windows
    ("KaiTi", "serif"),  # Windows
    ("AR PL UMing CN", "serif"),  # fonts-arphic-uming
)
# The Word document's official fonts: the name matplotlib knows each by, the system font
# nearest to it (Windows' 仿宋 for 仿宋_GB2312), and its role.
OFFICIAL = {"方正小标宋简体": ("FZXiaoBiaoSong-B05S", "SimSun", "serif"),
            "仿宋_GB2312": ("FangSong_GB2312", "FangSong", "serif"),
            "楷体_GB2312": ("KaiTi_GB2312", "KaiTi", "serif"),
            "黑体": ("SimHei", "SimHei", "sans")}
INSTALL_FONT = ("Debian/Ubuntu: sudo apt-get install fonts-noto-cjk (or fonts-wqy-microhei; "
                "bash scripts/install-fonts.sh); Fedora: sudo dnf install "
                "google-noto-sans-cjk-fonts; Windows: Microsoft YaHei ships with it")


@dataclass(frozen=True)
class CJKFont:
    family: str  # as matplotlib and the Word document name it
    role: str  # "sans" or "serif"
    path: str  # the font file


_ready = False


def use_chinese_font() -> CJKFont:
    """Make matplotlib draw Chinese with ``chosen()``, or raise UsageError naming how to
    install a CJK font."""
    global _ready
    font = chosen()
    if not _ready:
        rcParams["font.family"] = ["DejaVu Sans", font.family]  # DejaVu has U+2212
        rcParams["axes.unicode_minus"] = True
        _ready = True
    return font


def chosen() -> CJKFont:
    """The first candidate this machine has (looking again for fonts installed since
    matplotlib cached its list); UsageError when it has none."""
    found = _present()
    if not found:
        _add_new_system_fonts()
        found = _present()
    if not found:
        raise UsageError(Msg.of("report.font_missing", fonts=", ".join(
            family for family, _ in CANDIDATES[:7]), install=INSTALL_FONT))
    return found[0]


def for_role(role: str) -> CJKFont:
    """The preferred font of ``role`` ("serif" or "sans") present, else ``chosen()``."""
    return next((f for f in _present() if f.role == role), None) or chosen()


def east_asian(official: str) -> str:
    """The East Asian font the Word document names for an official font: the official one
    where this machine has it, else the nearest system font (Windows' FangSong for
    仿宋_GB2312), else the CJK font of the same role it has — so that the document shows what
    its charts show rather than whatever Word or WPS substitutes."""
    name, nearest, role = OFFICIAL.get(official, (official, official, "serif"))
    if has_font(name):
        return official
    if has_font(nearest):
        return nearest
    with contextlib.suppress(UsageError):
        return for_role(role).family
    return official


def has_font(name: str) -> bool:
    return name in _families()


def _families() -> dict[str, str]:
    """Every family matplotlib knows, with one of its files (regular weight preferred)."""
    families: dict[str, str] = {}
    for entry in sorted(font_manager.fontManager.ttflist,
                        key=lambda f: (f.weight not in (400, "normal", "regular"), f.fname)):
        families.setdefault(entry.name, entry.fname)
    return families


def _present() -> tuple[CJKFont, ...]:
    families = _families()
    return tuple(CJKFont(family, role, families[family]) for family, role in CANDIDATES
                 if family in families)


def _add_new_system_fonts() -> None:
    """Add the system's font files matplotlib's cached list lacks (installed since), and
    write the cache again when one was added."""
    manager = font_manager.fontManager
    known = {Path(f.fname) for f in manager.ttflist}
    added = False
    for path in font_manager.findSystemFonts():
        if Path(path) not in known:
            with contextlib.suppress(Exception):  # a broken file: matplotlib skips it too
                manager.addfont(path)
                added = True
    if added:
        cache = Path(matplotlib.get_cachedir()) / (
            f"fontlist-v{font_manager.FontManager.__version__}.json")
        with contextlib.suppress(OSError):
            font_manager.json_dump(manager, cache)


class LineMetrics:
    """A text's line metrics at ``dpi``, once per font and size. matplotlib's text layout
    (3.10 and later) reads the ascent, descent and line gap of a text's first font every
    time the text is measured — a font lookup and two font tables, ten times a text in a
    constrained layout: a tenth of drawing a chart — unless the renderer offers them
    (``_get_font_height_metrics``, the hook its PDF and PS backends fill). ``to_png`` gives
    its renderer this: the same tables and formula as matplotlib's own, so the same pixels;
    older matplotlib never asks."""

    TABLES = (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
              ("hhea", "lineGap", "ascent", "descent"))

    def __init__(self, dpi: float):
        self.dpi = dpi
        self._known: dict[font_manager.FontProperties,
                          tuple[float | None, float | None, float | None]] = {}

    def __call__(self, prop: font_manager.FontProperties
                 ) -> tuple[float | None, float | None, float | None]:
        key = prop.copy()  # a FontProperties hashes its (mutable) state
        if key not in self._known:
            self._known[key] = self._measure(prop)
        return self._known[key]

    def _measure(self, prop: font_manager.FontProperties
                 ) -> tuple[float | None, float | None, float | None]:
        manager = font_manager.fontManager
        font = font_manager.get_font(manager._find_fonts_by_props(prop))
        for table_name, gap, ascent, descent in self.TABLES:
            table = font.get_sfnt_table(table_name)
            if table is None:
                continue
            units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
            scale = 1 / units_per_em * prop.get_size_in_points() * self.dpi / 72  # its order
            return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
        return None, None, None  # matplotlib measures "lp" instead
