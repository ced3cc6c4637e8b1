"""What every worker would do for its first page, and every kernel before its first page,
done once per render by the fork server before it forks them (``pool.WORKER_MODULES``; the
server only imports modules, so importing this one is the work). For the workers: import
papermill, nbclient and nbconvert, and export a one-cell page, which compiles the page
template, nbconvert's filters and the highlighting style sheet (0.1 CPU s, a worker's first
export), and nbformat's schema. For the kernels (``forked``): import ipykernel, pandas,
matplotlib and the pages (1 CPU s a kernel).

Spawned workers (Windows) import what they use when they use it, and never this module.
"""

from __future__ import annotations

import nbclient  # noqa: F401
import nbformat
import papermill  # noqa: F401
from ipykernel import kernelapp  # noqa: F401
from nbformat.validator import get_validator
from papermill.engines import papermill_engines  # noqa: F401

from xyforecast.outputs import plots  # noqa: F401
from xyforecast.runner import execute, forked, kernel  # noqa: F401
from xyforecast.site import pages  # noqa: F401
from xyforecast.site.export import exporter


def _warm() -> None:
    page = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 荥阳市 *2025*"),
        nbformat.v4.new_code_cell("1", outputs=[nbformat.v4.new_output(
            "display_data", data={"text/markdown": "—", "text/plain": "—"})])])
    page.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    get_validator(version=nbformat.v4.nbformat, version_minor=nbformat.v4.nbformat_minor)
    exporter().from_notebook_node(page, resources={"metadata": {"name": "—"}})


_warm()
