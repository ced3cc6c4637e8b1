"""The suite a report publishes, read from its one declaration (``suite.toml``): the
languages, the pages in reading order and the downloads.

``site.spec`` lays out a report's pages from it, ``site.index`` lists the downloads,
``runner.extras`` writes them, ``runner.refresh`` re-executes its notebooks. Adding a page
or a download is one entry there plus its own module; nothing here names one.
"""

from __future__ import annotations

import functools
import importlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUITE_FILE = Path(__file__).with_name("suite.toml")
SUFFIX = {"zh": "", "en": ".en"}  # dashboard.html, dashboard.en.html


def file_stem(name: str, lang: str) -> str:
    """The page or download ``name`` in ``lang`` as a file name without extension."""
    return f"{name}{SUFFIX[lang]}"


@dataclass(frozen=True)
class SuitePage:
    """A page of the suite: ``title`` a catalogue key, or one page per headline indicator."""

    name: str
    notebook: str
    title: str = ""
    per_indicator: bool = False
    when: str = ""  # a condition of site.spec.CONDITIONS, or always
    shared: str = ""  # a module whose shared() the render computes once (``Page.shared``)


@dataclass(frozen=True)
class Download:
    """A file beside the pages, written by ``writer`` (``module:function``)."""

    stem: str
    suffix: str
    writer: str
    label: str  # the catalogue key of its line on the index, given {file}
    per_language: bool = True
    after_pages: bool = False  # written once the pages are done (taken from one of them)

    def file(self, lang: str) -> str:
        return (file_stem(self.stem, lang) if self.per_language else self.stem) + self.suffix

    def write(self) -> Callable[..., Any]:
        module, _, function = self.writer.partition(":")
        return getattr(importlib.import_module(module), function)


@dataclass(frozen=True)
class Suite:
    languages: tuple[str, ...]
    pages: tuple[SuitePage, ...]
    downloads: tuple[Download, ...]

    @property
    def notebooks(self) -> tuple[str, ...]:
        """Every notebook of the suite, once each, in reading order."""
        return tuple(dict.fromkeys(page.notebook for page in self.pages))

    def download(self, file: str) -> Download:
        """The download whose Chinese file is ``file`` (e.g. ``经济运行分析.docx``)."""
        return next(d for d in self.downloads if d.file(self.languages[0]) == file)


@functools.cache
def suite(path: Path = SUITE_FILE) -> Suite:
    """The suite declared in ``path`` (read once)."""
    with path.open("rb") as handle:
        declared = tomllib.load(handle)
    return Suite(tuple(declared["languages"]),
                 tuple(SuitePage(**page) for page in declared["pages"]),
                 tuple(Download(**download) for download in declared["downloads"]))
