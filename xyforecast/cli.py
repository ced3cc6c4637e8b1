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

from xyforecast import __version__, config
from xyforecast.errors import EXIT_FAILED, EXIT_INVALID, DataError, UsageError
from xyforecast.i18n import LANGS, Msg, check_lang, current, t, use

MAX_JOBS = 64  # render workers start before anything else is checked: no typo forks thousands
MAX_TIMEOUT = 24 * 3600  # seconds a notebook cell may run, at most


def _command(name: str) -> Callable[[argparse.Namespace], int]:
    """``commands.<name>``, imported when the command runs: the commands need pandas and
    the engine, printing help needs neither (issue 18: ``--help`` within 0.3 CPU s)."""

    def run(args: argparse.Namespace) -> int:
        from xyforecast import commands

        return getattr(commands, name)(args)

    run.__name__ = run.__qualname__ = name
    return run


def main(argv: Sequence[str] | None = None) -> int:
    config.one_blas_thread()  # before a command imports numpy
    argv = list(sys.argv[1:] if argv is None else argv)
    with use(_language(argv)):
        parser = build_parser()
        args = parser.parse_args(argv)
        args.argv = argv  # recorded in summary.json: re-running it gives the same answer
        # render and index write both languages by default; every other command speaks one
        args.lang = args.lang or (",".join(LANGS) if args.command in ("render", "index")
                                  else current())
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
    common.add_argument("--prefer", type=Path, action="append", default=[], metavar="FILE",
                        help=t("inputs.prefer_help"))
    common.add_argument("--lang", default=None, metavar="zh|en", help=t("cli.opt_lang"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                title=t("cli.commands"))

    def command(name: str, key: str, description: str | None = None,
                epilog: str | None = None) -> Parser:
        p = sub.add_parser(name, parents=[common], help=t(key), epilog=epilog,
                           description=description or t(key))
        p.set_defaults(run=_command("cmd_" + name.replace("-", "_")))
        return p

    p = command("check-data", "cli.cmd_check_data", t("cli.check_data_description"),
                t("cli.check_data_epilog"))
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=t("cli.arg_paths"))

    p = command("import", "cli.cmd_import", t("cli.import_description"),
                t("cli.import_epilog"))
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE", help=t("cli.arg_import"))
    p.add_argument("--out", type=Path, default=None, metavar="DIR", help=t("cli.opt_out_dir"))

    p = command("template", "cli.cmd_template", t("cli.template_description"),
                t("cli.template_epilog"))
    p.add_argument("path", type=Path, metavar="PATH", help=t("cli.arg_template"))

    p = command("coverage", "cli.cmd_coverage", epilog=t("cli.coverage_epilog"))
    p.add_argument("--region", required=True, help=t("cli.opt_region"))
    p.add_argument("--as-of", default=None, metavar="PERIOD", help=t("cli.opt_as_of"))

    p = command("targets", "cli.cmd_targets", epilog=t("cli.targets_epilog"))
    p.add_argument("--region", required=True, help=t("cli.opt_region"))
    p.add_argument("--year", required=True, type=_year, help=t("cli.opt_year"))

    p = command("forecast", "cli.cmd_forecast", epilog=t("cli.forecast_epilog"))
    p.add_argument("--region", required=True, help=t("cli.opt_region"))
    p.add_argument("--year", required=True, type=_year, help=t("cli.opt_year"))
    p.add_argument("--as-of", default=None, metavar="PERIOD", help=t("cli.opt_forecast_as_of"))
    p.add_argument("--json", action="store_true", help=t("cli.opt_json"))

    p = command("render", "cli.cmd_render", epilog=t("cli.render_epilog"))
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
    p.add_argument("--start-timeout", type=_count(1, MAX_TIMEOUT), default=config.START_TIMEOUT,
                   metavar="SECONDS", help=t("cli.opt_start_timeout", default=config.START_TIMEOUT))
    p.add_argument("--skip-unchanged", action="store_true", help=t("cli.opt_skip_unchanged"))

    p = command("index", "cli.cmd_index", epilog=t("cli.index_epilog"))
    p.add_argument("--group", required=True, help=t("cli.opt_group"))
    p.add_argument("--year", required=True, type=_year, help=t("cli.opt_year"))
    p.add_argument("--as-of", default=None, metavar="PERIOD", help=t("cli.opt_forecast_as_of"))
    p.add_argument("--out", type=Path, default=None, metavar="DIR", help=t("cli.opt_index_out"))
    p.add_argument("--list", action="store_true", help=t("cli.opt_list"))

    p = command("report", "cli.cmd_report", epilog=t("cli.report_epilog"))
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

    catalog = Catalog.load(args.data_dir or config.data_dir())
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
    from xyforecast.site.groups import LEVELS

    parent, _, plural = text.strip().rpartition("-")
    return parent in catalog.regions and plural in LEVELS
