"""``render --skip-unchanged``: a report made from the same inputs, code and parameters comes
out the same, byte for byte apart from the run block, so a scheduler need not make it again.

The key of a report is the sha256 of what decides its content: the data's fingerprint (every
file read), the package's version and its own files (code, templates, committed results),
each page's notebook, and the parameters every page runs with. The published report records
it in its marker; ``publish.unchanged`` compares.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from xyforecast import __version__, config
from xyforecast.site.spec import Report

CODE = ("*.py", "*.json", "*.j2", "*.css")


def key(report: Report) -> str:
    """What the report at ``report.destination`` would be made from, as one sha256."""
    content = {
        "data": report.params.data.sha256,
        "version": __version__,
        "code": code(),
        "track_record": track_record(),
        "notebooks": {page.name: notebook_sha256(page.notebook) for page in report.pages},
        "pages": [[page.name, report.parameters(page, lang)]
                  for page in report.pages for lang in report.langs],
        "partial": report.partial,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str)
                          .encode("utf-8")).hexdigest()


@functools.cache
def code() -> str:
    """The package's own files, as one sha256 (an edit without a new version counts)."""
    return tree_sha256(config.PACKAGE, CODE)


@functools.cache
def track_record() -> str:
    """The committed track record the track-record page shows."""
    return tree_sha256(config.results_dir(), ("*.csv", "folds.json", "scorecard.json"))


def tree_sha256(folder: Path, patterns: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    files = sorted({p for pattern in patterns for p in folder.rglob(pattern)
                    if p.is_file() and "__pycache__" not in p.parts})
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(file_sha256(path).encode("ascii"))
    return digest.hexdigest()


@functools.cache
def notebook_sha256(path: Path) -> str:
    """Once per render: a group's reports share the suite's notebooks."""
    return file_sha256(path)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
