"""A page formats the Forecast its render built: its kernel imports neither scipy nor
statsmodels (0.2 and 0.7 CPU s a kernel; engine/special.py, engine/fits.py). Every page of
the suite runs here as its notebook runs in a render, on the render's snapshot, in a
process of its own."""

from __future__ import annotations

import json
import subprocess
import sys

from xyforecast import config
from xyforecast.forecast import Forecast
from xyforecast.runner import snapshot
from xyforecast.site import suite

RUN_PAGES = """
import json, sys
from pathlib import Path
report, pages = sys.argv[1], json.loads(sys.argv[2])
for notebook, lang, extra in pages:
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    namespace = {}
    for cell in cells:
        if cell["cell_type"] == "code":
            exec("".join(cell["source"]), namespace)
            if "parameters" in cell["metadata"].get("tags", []):
                namespace.update(snapshot=report, lang=lang, **extra)
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & {"scipy", "statsmodels"})))
"""


def test_no_page_imports_scipy_or_statsmodels(data):
    built = Forecast.build(data, "xingyang", 2025)
    declared = suite.suite()
    shared = snapshot.shared(page.shared for page in declared.pages)
    headline = [{"indicator": item.code} for item in built.indicators]
    pages = [(str(config.notebooks_dir() / page.notebook), lang, extra)
             for page in declared.pages for lang in declared.languages
             for extra in (headline if page.per_indicator else [{}])]
    with snapshot.pinned(data, snapshot.public_inputs(None, []), shared) as path:
        report = snapshot.pin_forecast(path, 0, built)
        done = subprocess.run([sys.executable, "-c", RUN_PAGES, str(report), json.dumps(pages)],
                              capture_output=True, text=True, cwd=config.notebooks_dir(),
                              env={"MPLBACKEND": "agg", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(pages) == 18 and json.loads(done.stdout.splitlines()[-1]) == []
