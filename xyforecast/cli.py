"""The ``xyforecast`` command: check and import data, show coverage and targets, forecast,
render.

Every failure a user can cause ends in one clear message and exit status 2, never a
traceback (set XYFORECAST_DEBUG=1 to see one for a bug). Everything it says is Chinese
first; ``--lang en`` (or ``XYFORECAST_LANG=en``) gives English, the help texts included.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import textwrap
import traceback
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from xyforecast import __version__, i18n
from xyforecast.errors import DataError, UsageError
from xyforecast.i18n import LANGS, Msg, check_lang, current, t, use
from xyforecast.inputs.dataset import Dataset, default_data_dir, load, load_files
from xyforecast.outputs.tables import coverage, targets_table, to_text
from xyforecast.periods import Period

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
MAX_JOBS = 64  # render workers start before anything else is checked: no typo forks thousands
MAX_TIMEOUT = 24 * 3600  # seconds a notebook cell may run, at most


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    with use(_language(argv)):
        parser = build_parser()
        args = parser.parse_args(argv)
        args.argv = argv  # recorded in summary.json: re-running it gives the same answer
        # render writes both languages by default; every other command speaks one
        args.lang = args.lang or (",".join(LANGS) if args.command == "render" else current())
        try:  # messages speak the language _language chose: the first of --lang
            for lang in args.lang.split(","):
                check_lang(lang.strip())
            _check_input_files(args)
            _resolve_regions(args)
            return args.run(args)
        except DataError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print(t("cli.input_problems", n=len(exc.problems)), file=sys.stderr)
            return EXIT_INVALID
        except UsageError as exc:
            print(f"xyforecast: {t('cli.error')}{exc}", file=sys.stderr)
            return EXIT_INVALID
        except KeyboardInterrupt:
            print(t("cli.interrupted"), file=sys.stderr)
            return 130
        except BrokenPipeError:  # `xyforecast forecast … | head`: the reader has had enough
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error
            return 141  # as a shell reports a command stopped by SIGPIPE
        except Exception as exc:  # a bug: say so plainly, keep the traceback for developers
            if os.environ.get("XYFORECAST_DEBUG"):
                traceback.print_exc()
            print(t("cli.internal", error=f"{exc.__class__.__name__}: {exc}"), file=sys.stderr)
            return EXIT_FAILED


def _language(argv: list[str]) -> str:
    """The language of the help texts and argparse's messages, read before parsing:
    ``--lang X`` when X is zh or en, else $XYFORECAST_LANG, else Chinese."""
    for n, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[n + 1] if arg == "--lang" and n + 1 < len(argv) else None)
        value = value.split(",")[0].strip() if value else None  # render: the first of zh,en
        if value in LANGS:
            return value
    return current()


_ARGPARSE = [  # argparse's English messages, as the i18n keys that say them
    (re.compile(r"^the following arguments are required: (?P<args>.*)$"), "cli.err_required"),
    (re.compile(r"^unrecognized arguments: (?P<args>.*)$"), "cli.err_unrecognized"),
    (re.compile(r"^argument (?P<name>\S+): expected one argument$"), "cli.err_expected_one"),
    (re.compile(r"^argument (?P<name>\S+): invalid choice: (?P<value>.*) "
                r"\(choose from (?P<choices>.*)\)$"), "cli.err_choice"),
    (re.compile(r"^ambiguous option: (?P<option>\S+) could match (?P<matches>.*)$"),
     "cli.err_ambiguous"),
    (re.compile(r"^argument (?P<name>\S+): (?P<message>.*)$"), "cli.err_argument"),
]


class Formatter(argparse.HelpFormatter):
    """argparse's help, with "usage:" in the reader's language; descriptions wrapped line by
    line, so examples keep their lines and indentation."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = []
        for line in text.splitlines():
            body = line.lstrip()
            lead = indent + line[:len(line) - len(body)]
            if body != line:  # an example: as typed
                lines.append(indent + line)
                continue
            wide = any(unicodedata.east_asian_width(ch) in "WF" for ch in body)
            lines.append(textwrap.fill(body, width // 2 if wide else width, initial_indent=lead,
                                       subsequent_indent=lead) if body else "")
        return "\n".join(lines)

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, t("cli.usage") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse in the reader's language; a bad option said in one line like every other
    message (exit 2)."""

    def __init__(self, *args: Any, add_help: bool = True,
                 parents: Sequence[argparse.ArgumentParser] = (), **kwargs: Any):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = t("cli.positionals")
        self._optionals.title = t("cli.options")
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=t("cli.help_help"))
        for parent in parents:  # after the titles, so that the common options join them
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        for pattern, key in _ARGPARSE:
            match = pattern.match(message)
            if match:
                message = t(key, **match.groupdict())
                break
        self.exit(EXIT_INVALID, f"{self.prog}: {t('cli.error')}{message}"
                                f"{t('cli.see_help', prog=self.prog)}\n")


def build_parser() -> argparse.ArgumentParser:
    """The command and its sub-commands, with help texts in the current language."""
    parser = Parser(prog="xyforecast", description=t("cli.description"),
                    epilog=t("cli.epilog"))
    parser.add_argument("--version", action="version", version=f"xyforecast {__version__}",
                        help=t("cli.version_help"))
    common = Parser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=None, metavar="DIR",
                        help=t("cli.opt_data_dir"))
    common.add_argument("--observations", type=Path, action="append", default=[], metavar="FILE",
                        help=t("cli.opt_observations"))
    common.add_argument("--lang", default=None, metavar="zh|en", help=t("cli.opt_lang"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                title=t("cli.commands"))

    def command(name: str, key: str, run: Callable[[argparse.Namespace], int],
                description: str | None = None, epilog: str | None = None) -> Parser:
        p = sub.add_parser(name, parents=[common], help=t(key), epilog=epilog,
                           description=description or t(key))
        p.set_defaults(run=run)
        return p

    p = command("check-data", "cli.cmd_check_data", cmd_check_data,
                t("cli.check_data_description"), t("cli.check_data_epilog"))
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=t("cli.arg_paths"))

    p = command("import", "cli.cmd_import", cmd_import, t("cli.import_description"),
                t("cli.import_epilog"))
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE", help=t("cli.arg_import"))
    p.add_argument("--out", type=Path, default=None, metavar="DIR", help=t("cli.opt_out_dir"))

    p = command("template", "cli.cmd_template", cmd_template, t("cli.template_description"),
                t("cli.template_epilog"))
    p.add_argument("path", type=Path, metavar="PATH", help=t("cli.arg_template"))

    p = command("coverage", "cli.cmd_coverage", cmd_coverage, epilog=t("cli.coverage_epilog"))
    p.add_argument("--region", required=True, help=t("cli.opt_region"))
    p.add_argument("--as-of", default=None, metavar="PERIOD", help=t("cli.opt_as_of"))

    p = command("targets", "cli.cmd_targets", cmd_targets, epilog=t("cli.targets_epilog"))
    p.add_argument("--region", required=True, help=t("cli.opt_region"))
    p.add_argument("--year", required=True, type=_year, help=t("cli.opt_year"))

    p = command("forecast", "cli.cmd_forecast", cmd_forecast, epilog=t("cli.forecast_epilog"))
    p.add_argument("--region", required=True, help=t("cli.opt_region"))
    p.add_argument("--year", required=True, type=_year, help=t("cli.opt_year"))
    p.add_argument("--as-of", default=None, metavar="PERIOD", help=t("cli.opt_forecast_as_of"))
    p.add_argument("--json", action="store_true", help=t("cli.opt_json"))

    p = command("render", "cli.cmd_render", cmd_render, epilog=t("cli.render_epilog"))
    p.add_argument("--region", required=True, action="append", metavar="CODE",
                   help=t("cli.opt_render_region"))
    p.add_argument("--year", required=True, type=_year, help=t("cli.opt_year"))
    p.add_argument("--as-of", action="append", default=None, metavar="PERIOD",
                   help=t("cli.opt_render_as_of"))
    p.add_argument("--out", type=Path, default=None, metavar="DIR", help=t("cli.opt_out"))
    p.add_argument("--only", action="append", default=None, metavar="PAGE",
                   help=t("cli.opt_only"))
    p.add_argument("--extra-notebook", type=Path, action="append", default=[], metavar="FILE",
                   help=t("cli.opt_extra_notebook"))
    p.add_argument("--notebooks", type=Path, default=None, metavar="DIR",
                   help=t("cli.opt_notebooks"))
    p.add_argument("--jobs", type=_count(1, MAX_JOBS), default=None,
                   help=t("cli.opt_jobs", high=MAX_JOBS))
    p.add_argument("--timeout", type=_count(1, MAX_TIMEOUT), default=600, metavar="SECONDS",
                   help=t("cli.opt_timeout"))

    p = command("report", "cli.cmd_report", cmd_report, epilog=t("cli.report_epilog"))
    p.add_argument("--region", required=True, help=t("cli.opt_region"))
    p.add_argument("--year", required=True, type=_year, help=t("cli.opt_year"))
    p.add_argument("--as-of", default=None, metavar="PERIOD", help=t("cli.opt_forecast_as_of"))
    p.add_argument("--format", choices=["docx"], default="docx", help=t("cli.opt_format"))
    p.add_argument("--out", type=Path, default=None, metavar="PATH",
                   help=t("cli.opt_report_out"))
    return parser


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.not_a_year", text=text)) from None
    if not 1949 <= year <= 2100:
        raise argparse.ArgumentTypeError(t("cli.implausible_year", year=year))
    return year


def _count(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(t("cli.not_whole", text=text)) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(t("cli.not_between", value=value, low=low,
                                               high=high))
        return value
    return parse


def _check_input_files(args: argparse.Namespace) -> None:
    """A device or a pipe given as a data file would be read forever: refuse it at once.
    (Folders and missing files get their own message from the reader.)"""
    for path in [*getattr(args, "observations", []), *getattr(args, "paths", [])]:
        if path.exists() and not (path.is_file() or path.is_dir()):
            raise UsageError(f"{path}:", Msg.of("inputs.file_not_regular"))


def _resolve_regions(args: argparse.Namespace) -> None:
    """``--region 荥阳市`` (or 荥阳, Xingyang, 410182) means ``--region xingyang``: names
    become codes here, once, through the catalogue's alias table."""
    region = getattr(args, "region", None)
    if not region:
        return
    from xyforecast.catalog import Catalog

    catalog = Catalog.load(args.data_dir or default_data_dir())
    if isinstance(region, list):  # render: repeated, or separated by commas; a group of
        # regions (henan-prefectures) is expanded by the render itself
        args.region = [",".join(part.strip() if _is_group(catalog, part)
                                else catalog.resolve_region(part)
                                for part in value.split(",") if part.strip())
                       for value in region]
    else:
        args.region = catalog.resolve_region(region)


def _is_group(catalog: Any, text: str) -> bool:
    """``<parent>-<level>s`` (zhengzhou-counties): a group ``render`` expands."""
    from xyforecast.report.groups import LEVELS

    parent, _, plural = text.strip().rpartition("-")
    return parent in catalog.regions and plural in LEVELS


def parse_period(text: str | None) -> Period | None:
    if text is None:
        return None
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise UsageError(Msg.of("cli.as_of", problem=exc.args[0])) from None


def load_data(args: argparse.Namespace) -> Dataset:
    """The data every command uses, saying in one line each which of the user's files fed
    it, which figures a later publication revised and which files of data/local/ it skipped
    (on stderr when stdout carries JSON)."""
    from xyforecast.inputs.provenance import notices

    data = load(args.data_dir, args.observations)
    out = sys.stderr if getattr(args, "json", False) else sys.stdout
    for line in notices(data, revisions=args.command != "coverage"):  # coverage lists them
        print(line, file=out)
    return data


def cmd_check_data(args: argparse.Namespace) -> int:
    from xyforecast.catalog import Catalog

    catalog = Catalog.load(args.data_dir or default_data_dir())
    try:
        data = load_files(catalog, [], args.paths)
    except DataError as exc:
        print("\n".join(exc.report()))
        return EXIT_INVALID
    for warning in data.warnings:
        print(warning)
    for conflict in data.conflicts:
        print(conflict.problem)
    rows = len(data.observations) + len(data.targets)
    print(t("cli.check_valid", files=len(data.files), rows=rows, warnings=len(data.warnings),
            conflicts=len(data.conflicts)))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from xyforecast.inputs.importer import import_files

    folder = args.out or (args.data_dir or default_data_dir()) / "local"
    return import_files(args.paths, folder, args.data_dir)


def cmd_coverage(args: argparse.Namespace) -> int:
    data = load_data(args)
    region = data.catalog.region(args.region)
    cut = parse_period(args.as_of)
    if cut:
        data = data.as_of(cut)
    print(t("cli.coverage_title", zh=region.name_zh, en=region.name_en,
            latest=str(data.latest(args.region) or "—")))
    print(to_text(coverage(data, args.region, args.lang)))
    mine = [c for c in data.conflicts if c.key[0] == args.region]
    for title, lines in (("cli.coverage_conflicts", mine),
                         ("cli.coverage_revisions", [c.revision() for c in mine
                                                     if c.is_revision])):
        if lines:
            print(f"\n{t(title)}")
            print("\n".join(f"  {line}" for line in lines))
    return EXIT_OK


def cmd_targets(args: argparse.Namespace) -> int:
    data = load_data(args)
    region = data.catalog.region(args.region)
    table = targets_table(data, args.region, args.year, args.lang)
    print(t("cli.targets_title", zh=region.name_zh, en=region.name_en, year=args.year))
    print(to_text(table))
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from xyforecast.inputs.template import write_template

    if args.path.exists():
        raise UsageError(Msg.of("cli.template_exists", path=str(args.path)))
    if args.path.suffix.lower() not in (".csv", ".xlsx"):
        raise UsageError(Msg.of("cli.template_suffix", path=str(args.path)))
    try:
        written = write_template(args.path, args.lang, Path(args.data_dir or default_data_dir()))
    except OSError as exc:
        raise UsageError(Msg.of("cli.cannot_write", path=str(args.path),
                                reason=exc.strerror or str(exc))) from None
    print(t("cli.template_wrote", path=str(written)))
    return EXIT_OK


def cmd_forecast(args: argparse.Namespace) -> int:
    from xyforecast.outputs.summary import build_summary, command_line, dumps, validate, with_run
    from xyforecast.outputs.tables import forecast_table
    from xyforecast.report.request import check_parameters

    data = load_data(args)
    parse_period(args.as_of)  # "--as-of: …" for a malformed period, as in every command
    # the checks every notebook makes: known region, a cut-off near the year, figures
    params = check_parameters(region=args.region, year=args.year, as_of=args.as_of,
                              lang=args.lang, data=data)
    summary = build_summary(data, args.region, args.year, params.cutoff)
    if args.json:
        summary = with_run(summary, command_line(args.argv))
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


def cmd_report(args: argparse.Namespace) -> int:
    """The Word report of one region, year and cut-off (see outputs/word.py)."""
    from xyforecast.outputs.analysis import Analysis
    from xyforecast.outputs.word import write_report
    from xyforecast.report.request import check_parameters
    from xyforecast.report.spec import WORD_STEM, file_stem

    data = load_data(args)
    parse_period(args.as_of)
    params = check_parameters(region=args.region, year=args.year, as_of=args.as_of,
                              lang=args.lang, data=data)
    name = f"{file_stem(WORD_STEM, args.lang)}.{args.format}"
    path = args.out or Path(name)
    if path.is_dir():
        path = path / name
    if not path.parent.is_dir():
        raise UsageError(Msg.of("cli.report_no_folder", folder=str(path.parent)))
    analysis = Analysis.build(data, params.region, args.year, params.cutoff)
    try:
        write_report(analysis, path, args.lang)
    except OSError as exc:
        raise UsageError(Msg.of("cli.cannot_write", path=str(path),
                                reason=exc.strerror or str(exc))) from None
    print(t("cli.report_wrote", path=str(path)))
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    """Build and check the spec, render, report failures (see report/render.py)."""
    from xyforecast.inputs.provenance import notices
    from xyforecast.outputs.summary import command_line
    from xyforecast.report import interrupts
    from xyforecast.report.groups import expand
    from xyforecast.report.render import render, shown, workers
    from xyforecast.report.spec import build_spec, default_jobs

    langs = [check_lang(lang) for lang in _split(args.lang)]
    regions = _split(args.region)
    cutoffs: list[str | None] = [None if c == "latest" else c
                                 for c in _split(args.as_of)] or [None]
    command = command_line(args.argv)  # every option: re-running it renders the same
    # The workers start (a second of imports) while the data is read and the spec checked;
    # a bad parameter stops them at once.
    result = None
    try:
        with interrupts.as_interrupt(), workers(args.jobs or default_jobs()) as pool:
            data = load(args.data_dir, args.observations)
            for line in notices(data):  # whose files fed it, what was revised or skipped
                print(line, file=sys.stderr)
            regions, groups = expand(data, regions, args.year, cutoffs)
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
    for path in result.written:
        print(f"wrote {shown(path / 'index.html')}")
    for path in write_groups(groups, spec, result, args.out or Path("reports"), data, langs):
        print(f"wrote {shown(path)}")
    if result.ok:
        return EXIT_OK
    print(f"xyforecast: {len(result.problems)} problem(s); the previous report (if any) is "
          f"untouched, this render is kept in {', '.join(shown(f) for f in result.failed)}",
          file=sys.stderr)
    for path, message in result.problems:
        print(f"  {shown(path)}: {message}", file=sys.stderr)
    return EXIT_FAILED


def write_groups(groups, spec, result, root: Path, data: Dataset, langs) -> list[Path]:
    """The index of each group (``render --region henan-prefectures``) and cut-off, across
    the reports published."""
    from xyforecast.report.groups import group_folder, write_group_index

    written = []
    for group in groups:
        for cutoff in dict.fromkeys(r.params.cutoff for r in spec.reports):
            reports = {r.params.region: r.destination for r in spec.reports
                       if r.params.cutoff == cutoff and r.params.region in group.members
                       and r.destination in result.written}
            if reports:
                year = spec.reports[0].params.year
                written += write_group_index(group_folder(root, group, year, cutoff), data,
                                             group, year, cutoff, reports, langs)
    return written


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
