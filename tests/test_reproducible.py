"""The pieces behind a consistent, reproducible render, without a kernel (the fast tier):
the executed notebook and the workbook pinned, the data snapshot and its check, and the
ending of stray processes. The end-to-end checks are in test_determinism.py,
test_snapshot.py and test_faults.py."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from datetime import datetime
from pathlib import Path

import nbformat
from openpyxl import load_workbook

from xyforecast.forecast import Forecast
from xyforecast.outputs.analysis import Analysis
from xyforecast.outputs.workbook import write_workbook
from xyforecast.runner import snapshot
from xyforecast.runner.execute import Job, Outcome
from xyforecast.runner.reproducible import INJECTED_ID, pin_notebook, write_pinned
from xyforecast.site.spec import Page

from conftest import ROOT, copy_data


def test_an_executed_notebook_keeps_no_timing_no_random_id_and_no_path(tmp_path):
    """The metadata papermill and nbclient write, as in a real executed notebook."""
    times = {"start_time": "2026-11-29T12:56:56.927006+00:00", "duration": 0.0027,
             "end_time": "2026-11-29T12:56:56.929691+00:00"}
    injected = nbformat.v4.new_code_cell("region = 'xingyang'", id="b85e8d63")
    injected.metadata.update(tags=["injected-parameters"], papermill={
        **times, "exception": False, "status": "completed"}, execution={
        "iopub.execute_input": "2026-11-29T12:56:56.960052Z"})
    nb = nbformat.v4.new_notebook(cells=[injected])
    nb.metadata["papermill"] = {**times, "input_path": "/home/someone/notebooks/data.ipynb",
                                "output_path": "/srv/www/.x.partial-15444/data.ipynb",
                                "parameters": {"region": "xingyang"}, "version": "2.7.0"}
    path = tmp_path / "data.ipynb"
    nbformat.write(nb, path)
    pin_notebook(path, Path("/home/someone/notebooks/data.ipynb"))
    pinned = json.loads(path.read_text(encoding="utf-8"))
    text = json.dumps(pinned)
    assert "2026-11-29" not in text and "/home/someone" not in text and "/srv" not in text
    assert pinned["cells"][0]["id"] == INJECTED_ID
    assert pinned["cells"][0]["metadata"]["papermill"] == {"exception": False,
                                                           "status": "completed"}
    assert pinned["metadata"]["papermill"] == {
        "input_path": "data.ipynb", "output_path": "data.ipynb",
        "parameters": {"region": "xingyang"}, "version": "2.7.0"}


def test_a_page_pinned_as_it_is_written_is_the_bytes_of_one_pinned_after(tmp_path):
    """``kernel.execute`` writes a page once, pinned (``write_pinned``); papermill used to
    write it, then ``pin_notebook`` read and rewrote it: the same bytes, pictures, text
    over several lines and the injected snapshot included."""
    from papermill.iorw import write_ipynb

    injected = nbformat.v4.new_code_cell("snapshot = '/tmp/render-1/report-0.pickle'\n"
                                         "region = 'xingyang'", id="b85e8d63")
    injected.metadata.update(tags=["injected-parameters"], papermill={
        "start_time": "2026-11-29T12:56:56.9+00:00", "status": "completed"})
    chart = nbformat.v4.new_code_cell("show(chart)", execution_count=2, outputs=[
        nbformat.v4.new_output("display_data", metadata={"image/png": {"width": 676}},
                               data={"image/png": "iVBORw0KGgo=\n", "text/plain": "[chart] a"}),
        nbformat.v4.new_output("stream", name="stdout", text="一\ntwo\n")])
    chart.metadata["execution"] = {"iopub.status.idle": "2026-11-29T12:56:57.1Z"}
    nb = nbformat.v4.new_notebook(cells=[injected, chart])
    nb.metadata["papermill"] = {"duration": 0.3, "input_path": "/x/notebooks/dashboard.ipynb",
                                "output_path": None, "parameters": {"snapshot": "/tmp/r"}}
    source = Path("/x/notebooks/dashboard.ipynb")
    old, new = tmp_path / "old" / "dashboard.ipynb", tmp_path / "new" / "dashboard.ipynb"
    old.parent.mkdir()
    new.parent.mkdir()
    write_ipynb(nbformat.from_dict(json.loads(json.dumps(nb))), str(old))
    pin_notebook(old, source)
    write_pinned(nb, new, source)
    assert new.read_bytes() == old.read_bytes()
    assert "/x/" not in new.read_text(encoding="utf-8")


def test_the_workbook_holds_no_time_and_is_the_same_bytes_every_time(data, tmp_path):
    first = write_workbook(Analysis(Forecast.build(data, "xingyang", 2025)),
                           tmp_path / "first.xlsx", "zh")
    second = write_workbook(Analysis(Forecast.build(data, "xingyang", 2025)),
                            tmp_path / "second.xlsx", "zh")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    book = load_workbook(first)
    assert book.properties.created == book.properties.modified == datetime(1980, 1, 1)


def _job(tmp_path: Path) -> Job:
    page = Page("data", ROOT / "notebooks" / "data.ipynb", None)  # type: ignore[arg-type]
    return Job(0, page, "en", tmp_path / "data.en.ipynb", {}, "t", 60)


def test_a_page_on_other_data_fails_in_one_line(tmp_path):
    job = _job(tmp_path)
    same = Outcome(job, True, 1.0, data_sha256=("a" * 64,))
    assert snapshot.verified(same, "a" * 64) is same
    assert snapshot.verified(Outcome(job, True, 1.0), "a" * 64).ok  # loaded no data
    other = snapshot.verified(Outcome(job, True, 1.0, data_sha256=("a" * 64, "b" * 64)),
                              "a" * 64)
    assert not other.ok and other.error == (
        f"the page worked from other data (fingerprint {'b' * 12}) than the render "
        f"(fingerprint {'a' * 12}); not published")


def test_a_page_gets_the_snapshot_only_for_the_render_s_own_inputs(data, tmp_path):
    inputs = snapshot.public_inputs(tmp_path / "data", [tmp_path / "private" / "mine.xlsx"])
    assert inputs == {"data_dir": "data", "observations": ["mine.xlsx"]}
    with snapshot.pinned(data, inputs) as path:
        pin, forecast = snapshot.load(path)
        assert forecast is None and pin.data.sha256 == data.sha256
        assert pin.data.figures.equals(data.figures)
        assert snapshot.load(path)[0] is pin  # a kernel serving several pages reads it once
        assert snapshot.asks_for(pin, "data", ["mine.xlsx"])
        assert not snapshot.asks_for(pin, None, [])  # other inputs: the page reads them
        assert not snapshot.asks_for(pin, "data", ["other.xlsx"])
    assert not path.exists()  # removed with the render


def test_a_page_opened_on_the_render_s_snapshot_reads_no_file_and_builds_nothing(
        data, tmp_path, monkeypatch):
    """The snapshot wins over the files: a file removed (or added) after the render read
    the data changes nothing; the page formats the render's Forecast, projecting nothing."""
    from xyforecast import forecast as forecast_module
    from xyforecast.forecast import Forecast
    from xyforecast.site.pages import Dashboard, DataPage

    folder = copy_data(tmp_path / "data")
    built = Forecast.build(data, "xingyang", 2025)
    with snapshot.pinned(data, snapshot.public_inputs(folder, [])) as path:
        report = snapshot.pin_forecast(path, 0, built)
        for name in ("observations.csv", "regions.csv"):
            (folder / name).unlink()
        monkeypatch.setattr(forecast_module, "project", None)  # a call would fail
        page = DataPage.open(region="xingyang", year=2025, data_dir="data", snapshot=report)
        dashboard = Dashboard.open(region="xingyang", year=2025, data_dir="data",
                                   snapshot=str(report))
    assert page.params.data.sha256 == data.sha256
    assert dashboard.forecast.to_summary() == built.to_summary()
    assert dashboard.forecast.data is dashboard.params.view


def test_a_daemon_started_by_a_page_is_ended_with_the_render(tmp_path):
    """In a process of its own: a page's kernel (here, a child carrying a page's mark)
    starts a daemon — a new session, forked twice, its parent gone (re-parented to the
    render, its subreaper on Linux, else to init), so in no process group of the kernel's —
    and a bystander without the mark; the block ends the daemon only."""
    pid_file = tmp_path / "daemon.pid"
    script = textwrap.dedent(f"""
        import os, subprocess, sys
        import psutil
        from xyforecast.runner.reaper import MARK, ending_strays, page_mark
        daemon = ("import os, sys, time\\nos.setsid()\\npid = os.fork()\\nif pid:\\n"
                  "    open(sys.argv[1], 'w').write(str(pid))\\n    os._exit(0)\\n"
                  "time.sleep(600)")
        bystander = subprocess.Popen(["sleep", "600"], start_new_session=True)
        with ending_strays():
            env = {{**os.environ, MARK: page_mark()}}
            subprocess.run([sys.executable, "-c", daemon, {str(pid_file)!r}], check=True,
                           env=env)
            pid = int(open({str(pid_file)!r}).read())
            assert os.getsid(pid) != os.getsid(0)  # in a session of its own
            stray = psutil.Process(pid)  # this process (its pid and start time)
            assert stray.ppid() in (1, os.getpid())  # its parent gone
        try:  # gone (its pid may already be another's), or a zombie
            ended = not stray.is_running() or stray.status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            ended = True
        print("ended" if ended else "alive", bystander.poll() is None)
        bystander.kill()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, cwd=ROOT)
    assert result.stdout.strip() == "ended True", result.stderr


def test_the_word_report_is_the_same_bytes_every_time(data, tmp_path):
    from xyforecast.outputs.word import write_report

    analysis = Analysis(Forecast.build(data, "xingyang", 2025, "2025-09"))
    first = write_report(analysis, tmp_path / "first.docx")
    second = write_report(analysis, tmp_path / "second.docx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
