"""The ``xyforecast`` command: check data, show coverage and targets, forecast, render.

Every failure a user can cause ends in one clear message and exit status 2, never a
traceback (set XYFORECAST_DEBUG=1 to see one for a bug).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from xyforecast import __version__, i18n
from xyforecast.errors import DataError, UsageError
from xyforecast.i18n import LANGS, check_lang
from xyforecast.inputs.dataset import Dataset, default_data_dir, load, load_files
from xyforecast.outputs.tables import coverage, targets_table, to_text
from xyforecast.periods import Period

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
MAX_JOBS = 64  # render workers start before anything else is checked: no typo forks thousands
MAX_TIMEOUT = 24 * 3600  # seconds a notebook cell may run, at most


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    with i18n.use(_message_lang(args)):
        return _run(args)


def _message_lang(args: argparse.Namespace) -> str:
    """The language of messages: the first of --lang when it is one we speak."""
    first = (getattr(args, "lang", None) or "zh").split(",")[0].strip()
    return first if first in LANGS else "zh"


def _run(args: argparse.Namespace) -> int:
    try:
        _check_input_files(args)
        return args.run(args)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"xyforecast: {len(exc.problems)} problem(s) in the input; nothing was written",
              file=sys.stderr)
        return EXIT_INVALID
    except UsageError as exc:
        print(f"xyforecast: error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("xyforecast: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `xyforecast forecast … | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error at exit
        return 141  # as a shell reports a command stopped by SIGPIPE
    except Exception as exc:  # a bug: say so plainly, keep the traceback for developers
        if os.environ.get("XYFORECAST_DEBUG"):
            traceback.print_exc()
        print(f"xyforecast: internal error: {exc.__class__.__name__}: {exc} "
              "(set XYFORECAST_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_FAILED


class Parser(argparse.ArgumentParser):
    """argparse, with a bad option said in one line like every other message (exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INVALID, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="xyforecast",
        description="县域经济指标目标达成预测 — will this year's targets be met?")
    parser.add_argument("--version", action="version", version=f"xyforecast {__version__}")
    common = common_options("zh")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check-data", parents=[common],
                       help="validate observation or target files (exit 2 if invalid)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.set_defaults(run=cmd_check_data)

    p = sub.add_parser("coverage", parents=[common],
                       help="which years and months exist per indicator, sources, conflicts")
    p.add_argument("--region", required=True)
    p.add_argument("--as-of", default=None, metavar="PERIOD")
    p.set_defaults(run=cmd_coverage)

    p = sub.add_parser("targets", parents=[common], help="the targets of a region's year")
    p.add_argument("--region", required=True)
    p.add_argument("--year", required=True, type=_year)
    p.set_defaults(run=cmd_targets)

    p = sub.add_parser("forecast", parents=[common],
                       help="project the five headline indicators against the targets")
    p.add_argument("--region", required=True)
    p.add_argument("--year", required=True, type=_year)
    p.add_argument("--as-of", default=None, metavar="PERIOD",
                   help="cut-off (YYYY-MM); default: the latest period in the data for the year")
    p.add_argument("--json", action="store_true", help="print the machine-readable summary")
    p.set_defaults(run=cmd_forecast)

    # both languages by default, Chinese first: every page links to its twin
    p = sub.add_parser("render", parents=[common_options(",".join(LANGS))],
                       help="render the report: notebooks, HTML pages, summary.json, Excel")
    p.add_argument("--region", required=True, action="append", metavar="CODE",
                   help="region code; repeat it or separate codes by commas for several")
    p.add_argument("--year", required=True, type=_year)
    p.add_argument("--as-of", action="append", default=None, metavar="PERIOD",
                   help="cut-off (YYYY-MM, or 'latest', the default); repeatable")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="the report folder (default reports/<region>/<year>/<cut-off>/); "
                        "with several regions or cut-offs, the folder they go under")
    p.add_argument("--only", action="append", default=None, metavar="PAGE",
                   help="render only these pages (dashboard, data, indicators, indicator-gdp…)"
                        " and keep the other pages of the existing report")
    p.add_argument("--extra-notebook", type=Path, action="append", default=[], metavar="FILE",
                   help="also render this notebook with the same parameters; repeatable")
    p.add_argument("--notebooks", type=Path, default=None, metavar="DIR",
                   help="the folder holding the suite's notebooks (default notebooks/)")
    p.add_argument("--jobs", type=_count(1, MAX_JOBS), default=None,
                   help=f"kernels at a time, 1 to {MAX_JOBS} (default: cores, at most 4)")
    p.add_argument("--timeout", type=_count(1, MAX_TIMEOUT), default=600, metavar="SECONDS",
                   help="longest a notebook cell may run (default 600)")
    p.set_defaults(run=cmd_render)

    p = sub.add_parser("template", help="write an empty template for your own figures")
    p.add_argument("path", type=Path, metavar="PATH", help="a .xlsx or .csv file to create")
    p.set_defaults(run=cmd_template)
    return parser


def common_options(lang: str) -> argparse.ArgumentParser:
    """The options every command takes; ``lang`` is the default of --lang."""
    common = Parser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=None,
                        help="catalogue and shipped data (default: $XYFORECAST_DATA, else "
                             "data/ of the checkout)")
    common.add_argument("--observations", type=Path, action="append", default=[], metavar="FILE",
                        help="your own figures (CSV or .xlsx, see data/templates/); repeatable")
    common.add_argument("--lang", default=lang,
                        help=f"zh or en (default {lang}; render takes zh,en)")
    return common


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year like 2025") from None
    if not 1949 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"{year} is not a plausible year")
    return year


def _count(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value
    return parse


def _check_input_files(args: argparse.Namespace) -> None:
    """A device or a pipe given as a data file would be read forever: refuse it at once.
    (Folders and missing files get their own message from the reader.)"""
    for path in [*getattr(args, "observations", []), *getattr(args, "paths", [])]:
        if path.exists() and not (path.is_file() or path.is_dir()):
            raise UsageError(f"{path}: is not a regular file (a device or a pipe?); give a CSV "
                             "or .xlsx file")


def parse_period(text: str | None) -> Period | None:
    if text is None:
        return None
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def load_data(args: argparse.Namespace) -> Dataset:
    check_lang(args.lang)
    return load(args.data_dir, args.observations)


def cmd_check_data(args: argparse.Namespace) -> int:
    from xyforecast.catalog import Catalog

    check_lang(args.lang)
    catalog = Catalog.load(args.data_dir or default_data_dir())
    try:
        data = load_files(catalog, [], args.paths)
    except DataError as exc:
        for problem in exc.everything:
            print(problem)
        warnings = len(exc.everything) - len(exc.problems)
        also = f"{warnings} warning(s) and " if warnings else ""
        print(f"{also}{len(exc.problems)} problem(s): the file(s) are not valid")
        return EXIT_INVALID
    for warning in data.warnings:
        print(warning)
    for conflict in data.conflicts:
        print(conflict.problem)
    rows = len(data.observations) + len(data.targets)
    print(f"{len(data.files)} file(s), {rows} rows: valid; {len(data.warnings)} warning(s); "
          f"{len(data.conflicts)} conflict(s) resolved by the rule in data/README.md")
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace) -> int:
    data = load_data(args)
    region = data.catalog.region(args.region)
    cut = parse_period(args.as_of)
    if cut:
        data = data.as_of(cut)
    print(f"{region.name_zh} {region.name_en} — "
          f"{'数据截至' if args.lang == 'zh' else 'data up to'} {data.latest(args.region) or '—'}")
    print(to_text(coverage(data, args.region, args.lang)))
    conflicts = [c for c in data.conflicts if c.key[0] == args.region]
    if conflicts:
        print()
        print("来源冲突 Conflicts:" if args.lang == "zh" else "Conflicts:")
        for conflict in conflicts:
            print(f"  {conflict.problem}")
    return EXIT_OK


def cmd_targets(args: argparse.Namespace) -> int:
    data = load_data(args)
    region = data.catalog.region(args.region)
    table = targets_table(data, args.region, args.year, args.lang)
    print(f"{region.name_zh} {region.name_en} {args.year}")
    print(to_text(table))
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from xyforecast.inputs.template import write_template

    if args.path.exists():
        raise UsageError(f"{args.path} exists already; choose a new name")
    try:
        print(f"wrote {write_template(args.path)}")
    except OSError as exc:
        raise UsageError(f"cannot write {args.path}: {exc.strerror or exc}") from None
    return EXIT_OK


def cmd_forecast(args: argparse.Namespace) -> int:
    from xyforecast.outputs.summary import build_summary, dumps, validate, with_run
    from xyforecast.outputs.tables import forecast_table
    from xyforecast.report.request import check_parameters

    data = load_data(args)
    parse_period(args.as_of)  # "--as-of: …" for a malformed period, as in every command
    # the checks every notebook makes: known region, a cut-off near the year, figures
    params = check_parameters(region=args.region, year=args.year, as_of=args.as_of,
                              lang=args.lang, data=data)
    summary = build_summary(data, args.region, args.year, params.cutoff)
    if args.json:
        summary = with_run(summary, " ".join(["xyforecast", *sys.argv[1:]]))
        validate(summary)
        print(dumps(summary))
        return EXIT_OK
    lang = args.lang
    name = i18n.Pair(summary["region_name_zh"], summary["region_name_en"])
    print(i18n.t("report.forecast_title", lang, region=name, year=args.year,
                 cutoff=summary["as_of"]))
    print(to_text(forecast_table(summary, lang), max_width=40))
    print()
    for n, item in enumerate(summary["indicators"], start=1):
        indicator = i18n.Pair(item["name_zh"], item["name_en"]).render(lang)
        basis = i18n.Pair(item["basis_zh"], item["basis"]).render(lang)
        print(f"[{n}] {indicator}: {basis}")
        for line in borrowing_lines(item, lang):
            print(f"    {line}")
    print()
    print(summary["rules"][f"met_{lang}"])
    print(summary["rules"][f"status_{lang}"])
    return EXIT_OK


def borrowing_lines(item: dict, lang: str) -> list[str]:
    """What a borrowed projection took from its parent, and the base rate, in words."""
    t = i18n.t
    out = []
    borrowed = item.get("borrowing") or {}
    if "differential_pp" in borrowed:
        out.append(t("engine.borrowed_line", lang, differential=borrowed["differential_pp"],
                     sd=borrowed["spread_sd_pp"],
                     sources=borrowed["sources_zh" if lang == "zh" else "sources"]))
    if item.get("base_rate"):
        rate = item["base_rate"]
        out.append(t("engine.base_rate", lang, share=rate["share_met"], n=rate["n"],
                     era=rate["era"], ambition=rate["ambition_pp"]))
    return out


def cmd_render(args: argparse.Namespace) -> int:
    """Build and check the spec, render, report failures (see report/render.py)."""
    from xyforecast.report import interrupts
    from xyforecast.report.diskfull import DiskFull
    from xyforecast.report.render import render, shown, workers
    from xyforecast.report.spec import build_spec, default_jobs

    langs = [check_lang(lang) for lang in _split(args.lang)]
    regions = _split(args.region)
    cutoffs: list[str | None] = [None if c == "latest" else c
                                 for c in _split(args.as_of)] or [None]
    command = _render_command(regions, args.year, cutoffs, langs, args.out)
    # The workers start (a second of imports) while the data is read and the spec checked;
    # a bad parameter stops them at once.
    result = None
    try:
        with interrupts.as_interrupt(), workers(args.jobs or default_jobs()) as pool:
            data = load(args.data_dir, args.observations)
            spec = build_spec(data, regions, args.year, cutoffs, langs, args.out,
                              args.notebooks.resolve() if args.notebooks else None,
                              args.extra_notebook, _split(args.only) or None, args.data_dir,
                              args.observations, args.jobs, args.timeout)
            # Fail before any kernel starts when Chinese cannot be drawn, and leave a font
            # cache that lists the CJK font, so that parallel kernels do not each look for it.
            from xyforecast.outputs.fonts import use_chinese_font

            use_chinese_font()
            result = render(spec, command, pool=pool)
    except KeyboardInterrupt as exc:
        if result is None:  # else only the shutdown of idle workers was cut short
            return _interrupted(exc)
    except DiskFull as exc:  # everything cleaned up, the previous report untouched
        print(f"xyforecast: error: {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    for path in result.written:
        print(f"wrote {shown(path / 'index.html')}")
    if result.ok:
        return EXIT_OK
    print(f"xyforecast: {len(result.problems)} problem(s); the previous report (if any) is "
          f"untouched, this render is kept in {', '.join(shown(f) for f in result.failed)}",
          file=sys.stderr)
    for path, message in result.problems:
        print(f"  {shown(path)}: {message}", file=sys.stderr)
    return EXIT_FAILED


def _split(values: Sequence[str] | str | None) -> list[str]:
    """Repeated options and comma lists alike: --region a,b --region c -> [a, b, c]."""
    values = [values] if isinstance(values, str) else values or ()
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _interrupted(exc: KeyboardInterrupt) -> int:
    """Exit status 130 and one line saying which signal and what is on disk."""
    from xyforecast.report import interrupts
    from xyforecast.report.render import shown

    stopped = isinstance(exc, interrupts.Interrupted)
    written = exc.written if stopped else []
    for path in written:
        print(f"wrote {shown(path / 'index.html')}")
    name = exc.signal_name if stopped else interrupts.signal_name()
    state = (f"{len(written)} report(s) were published whole before it, the others are "
             "untouched" if written else "nothing was published, the previous report (if any) "
                                         "is untouched")
    print(f"xyforecast: interrupted by {name}; {state}", file=sys.stderr)
    return 130


def _render_command(regions: Sequence[str], year: int, cutoffs: Sequence[str | None],
                    langs: Sequence[str], out: Path | None) -> str:
    """The command as recorded in summary.json and index.html (what to run to redo it)."""
    parts = ["xyforecast", "render", "--region", ",".join(regions), "--year", str(year)]
    parts += [f"--as-of={c}" for c in cutoffs if c]
    parts += ["--lang", ",".join(langs)] if tuple(langs) != LANGS else []
    parts += ["--out", str(out)] if out else []
    return " ".join(parts)
