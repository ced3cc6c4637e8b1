#!/usr/bin/env bash
# Chinese charts need a CJK font; a fresh Debian machine has none. Any common one will do
# (xyforecast/outputs/fonts.py lists them: Noto Sans CJK, Source Han, WenQuanYi, Microsoft
# YaHei…); when there is none, installs the open-licensed Noto Sans CJK SC (SIL OFL) with apt
# when run as root (CI) or with password-less sudo; otherwise says what to run. matplotlib's
# font cache is rebuilt by xyforecast when needed.
set -euo pipefail
font=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
if [ -f "$font" ] || fc-list 2>/dev/null | grep -qiE "Noto Sans CJK|Source Han Sans|WenQuanYi|Droid Sans Fallback|Sarasa"; then
  exit 0
fi
install=(apt-get install -y -qq --no-install-recommends fonts-noto-cjk)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing fonts-noto-cjk (Noto Sans CJK SC, SIL Open Font License)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null && command -v apt-get >/dev/null; then
  echo "installing fonts-noto-cjk with sudo"
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null
else
  echo "Chinese charts need a CJK font (Noto Sans CJK SC, WenQuanYi…). Install one, then run make again:" >&2
  echo "  Debian/Ubuntu/Kylin/UOS: sudo apt-get install fonts-noto-cjk  (or fonts-wqy-microhei)" >&2
  echo "  Fedora: sudo dnf install google-noto-sans-cjk-fonts    macOS: brew install --cask font-noto-sans-cjk-sc" >&2
  exit 1
fi
