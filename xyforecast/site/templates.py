"""The site's one Jinja2 environment (``templates/``, autoescape on: every string from data
files or notebooks is text), shared by the index, the navigation and the group index. The
pages' HTML export uses nbconvert's own, extended with the same folder (``export``)."""

from __future__ import annotations

import functools

import jinja2

from xyforecast import config


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(config.TEMPLATES)),
                              autoescape=True, keep_trailing_newline=True)
