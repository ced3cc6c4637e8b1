"""Chinese in charts: matplotlib draws it only with a CJK font.

We use the open-licensed Noto Sans CJK SC (``scripts/install-fonts.sh``), after DejaVu Sans so
that the minus sign and Latin text keep their usual look; matplotlib falls back glyph by
glyph. matplotlib caches its font list, so a font installed after the first import is
invisible: when the font is missing we add the system's CJK font files through the public
``FontManager.addfont`` and write the cache again (``font_manager.json_dump``), so that the
render's parallel kernels find it at once. Still missing: one line saying how to install it.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib import font_manager, rcParams

from xyforecast.errors import UsageError
from xyforecast.i18n import Msg

CJK_FONT = "Noto Sans CJK SC"
FONT_FAMILY = ["DejaVu Sans", CJK_FONT]  # DejaVu first: it has the minus sign U+2212
INSTALL_FONT = ("sudo apt-get install fonts-noto-cjk  (or: bash scripts/install-fonts.sh; "
                "Fedora: sudo dnf install google-noto-sans-cjk-fonts)")

_ready = False


def use_chinese_font() -> None:
    """Make matplotlib draw Chinese, or raise UsageError naming the install command."""
    global _ready
    if _ready:
        return
    if not has_font(CJK_FONT):
        manager = font_manager.fontManager
        for path in font_manager.findSystemFonts():
            if "cjk" in Path(path).name.lower():
                manager.addfont(path)
        if has_font(CJK_FONT):
            cache = Path(matplotlib.get_cachedir()) / (
                f"fontlist-v{font_manager.FontManager.__version__}.json")
            font_manager.json_dump(manager, cache)
    if not has_font(CJK_FONT):
        raise UsageError(Msg.of("report.font_missing", font=CJK_FONT, install=INSTALL_FONT))
    rcParams["font.family"] = FONT_FAMILY
    rcParams["axes.unicode_minus"] = True
    _ready = True


def has_font(name: str) -> bool:
    return any(f.name == name for f in font_manager.fontManager.ttflist)
