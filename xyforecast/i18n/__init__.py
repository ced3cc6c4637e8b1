"""Every sentence a person reads, in Chinese (the default) and English, looked up by key.

Code that has something to say returns a ``Msg`` — a key and its parameters — never prose;
the page, table or terminal renders it in the reader's language. The sentences live in one
module per area (``labels``, ``engine``, ``inputs``, ``report``, ``cli``), each a dict
``MESSAGES = {name: (zh, en)}`` of ``str.format`` templates, looked up as ``"area.name"``.

Parameters render in the same language: a ``Msg`` inside a ``Msg``, a ``Pair`` (a name that
has a Chinese and an English form, such as a region's), and lists (joined by 、 or ", ").
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

LANGS = ("zh", "en")
AREAS = ("labels", "engine", "inputs", "report", "cli")
_current: list[str] = []


@dataclass(frozen=True)
class Pair:
    """A name with a Chinese and an English form (a region, an indicator, a unit)."""

    zh: str
    en: str

    def render(self, lang: str | None = None) -> str:
        return self.zh if (lang or current()) == "zh" else self.en

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Msg:
    """A message by key with its parameters; ``render(lang)`` gives the sentence."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, **params: Any) -> Msg:
        template(key, "zh")  # an unknown key fails where the message is made, not shown
        return cls(key, tuple(params.items()))

    def render(self, lang: str | None = None) -> str:
        lang = lang or current()
        values = {name: _value(v, lang) for name, v in self.params}
        return template(self.key, lang).format(**values)

    def __str__(self) -> str:
        return self.render()


def t(key: str, lang: str | None = None, **params: Any) -> str:
    """The sentence ``key`` in ``lang`` (default: the current language)."""
    return Msg.of(key, **params).render(lang)


def render(value: Any, lang: str | None = None) -> Any:
    """A Msg, Pair or list of them as text; anything else unchanged."""
    return _value(value, lang or current())


def template(key: str, lang: str) -> str:
    area, _, name = key.partition(".")
    if area not in AREAS or not name:
        raise KeyError(f"message key {key!r} is not 'area.name' with area in {AREAS}")
    messages: Mapping[str, tuple[str, str]] = importlib.import_module(
        f"{__name__}.{area}").MESSAGES
    zh, en = messages[name]
    return zh if lang == "zh" else en


def current() -> str:
    """The language messages render in when none is given: set by ``use``, else
    ``$XYFORECAST_LANG``, else Chinese."""
    if _current:
        return _current[-1]
    env = os.environ.get("XYFORECAST_LANG", "zh")
    return env if env in LANGS else "zh"


@contextmanager
def use(lang: str) -> Iterator[None]:
    """Render messages in ``lang`` inside the block (the command line's ``--lang``)."""
    _current.append(check_lang(lang))
    try:
        yield
    finally:
        _current.pop()


def check_lang(lang: str) -> str:
    from xyforecast.errors import UsageError

    if lang not in LANGS:
        raise UsageError(Msg.of("labels.unknown_language", lang=lang))
    return lang


def label(key: str, lang: str = "zh") -> str:
    """A short label (column header, field name) by key: ``labels.<key>``."""
    return template(f"labels.{key}", lang)


def method_label(method: str, lang: str = "zh") -> str:
    """A projection method in words: 本年累计推算, 年度模型(均值)…"""
    if method.startswith("annual-"):
        return t("labels.method_annual", lang, model=Msg.of(f"labels.model_{method[7:]}"))
    return t(f"labels.method_{method}", lang)


# 亿 (10^8) and 万 (10^4) have no English word: English shows money in billions and
# millions of yuan, as the NBS's English releases do (360亿元 is 36 billion yuan), and the
# other units of the work reports' targets in English words.
_UNITS_EN = {"亿元": (0.1, "billion yuan"), "万元": (0.01, "million yuan"), "元": (1, "yuan"),
             "万人次": (0.01, "million visits"), "万平方米": (0.01, "million m²"),
             "万户": (1e4, "households"), "万人": (1e4, "people"), "人": (1, "people"),
             "家": (1, "enterprises"), "万亩": (1e4, "mu"), "亩": (1, "mu"),
             "万吨": (1e4, "tonnes")}


def amount(value: float, unit: str, lang: str | None = None) -> tuple[float, str]:
    """A level and its unit as the reader counts, the unit ready to follow the number:
    (360, "亿元") in Chinese, (36, " billion yuan") in English; "%" stays "%"."""
    if (lang or current()) == "zh" or unit == "%":
        return value, unit
    factor, name = _UNITS_EN.get(unit, (1, unit))
    return round(value * factor, 10), f" {name}"


def pick(lang: str | None, zh: Any, en: Any) -> Any:
    """The Chinese or the English one of two things (headers, name lists): the one place a
    caller's choice by language is made."""
    return zh if (lang or current()) == "zh" else en


def _value(value: Any, lang: str) -> Any:
    if isinstance(value, Msg | Pair):
        return value.render(lang)
    if isinstance(value, list | tuple) and not hasattr(value, "_fields"):  # a Period is one
        return ("、" if lang == "zh" else ", ").join(str(_value(v, lang)) for v in value)
    return value
