"""What each ``xyforecast`` sub-command does, once ``cli`` has parsed and checked its
options: check and import data, coverage, targets, template, forecast, report, render."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path

from xyforecast import i18n
from xyforecast.errors import EXIT_FAILED, EXIT_INVALID, EXIT_OK, DataError, UsageError
from xyforecast.i18n import Msg, check_lang, t
from xyforecast.inputs.dataset import Dataset, default_data_dir, load, load_files
from xyforecast.outputs.tables import coverage, targets_table, to_text
from xyforecast.periods import Period


def parse_period(text: str | None) -> Period | None:
    if text is None:
        return None
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise UsageError(Msg.of("cli.as_of", problem=exc.args[0])) from None


def load_data(args: argparse.Namespace) -> Dataset:
    """The data every command uses, saying in one line each which of the user's files fed
    it, each figure of theirs the conflict rule decided (as of the command's cut-off: a
    revision published later does not exist yet) and which files of data/local/ it skipped
    (on stderr when stdout carries JSON)."""
    from xyforecast.inputs.provenance import notices

    cut = parse_period(getattr(args, "as_of", None))
    data = load(args.data_dir, args.observations, prefer=args.prefer)
    out = sys.stderr if getattr(args, "json", False) else sys.stdout
    for line in notices(data.as_of(cut) if cut else data,
                        conflicts=args.command != "coverage"):  # coverage lists them
        print(line, file=out)
    return data


def cmd_check_data(args: argparse.Namespace) -> int:
    from xyforecast.catalog import Catalog

    catalog = Catalog.load(args.data_dir or default_data_dir())
    try:
        data = load_files(catalog, [], args.paths, prefer=args.prefer)
    except DataError as exc:
        print("\n".join(exc.report()))
        return EXIT_INVALID
    for warning in data.warnings:
        print(warning)
    for conflict in data.conflicts:
        print(conflict.problem)
    rows = sum(f.rows for f in data.inputs)  # as read: derived figures are not rows
    print(t("cli.check_valid", files=len(data.files), rows=rows, warnings=len(data.warnings),
            conflicts=len(data.conflicts)))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from xyforecast.inputs.importer import import_files

    folder = args.out or (args.data_dir or default_data_dir()) / "local"
    return import_files(args.paths, folder, args.data_dir, args.prefer)


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
    for title, lines in (("cli.coverage_conflicts", [c.notice() for c in mine
                                                     if not c.is_revision]),
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
    from xyforecast.forecast import Forecast
    from xyforecast.outputs.summary import command_line, dumps, validate, with_run
    from xyforecast.outputs.tables import forecast_table
    from xyforecast.request import check_parameters

    data = load_data(args)
    parse_period(args.as_of)  # "--as-of: …" for a malformed period, as in every command
    # the checks every notebook makes: known region, a cut-off near the year, figures
    params = check_parameters(region=args.region, year=args.year, as_of=args.as_of,
                              lang=args.lang, data=data)
    forecast = Forecast.build(data, params.region, args.year, params.cutoff, movement=False,
                              peers=False, candidates=False)
    summary = forecast.to_summary()
    if args.json:
        summary = with_run(summary, command_line(args.argv))
        validate(summary)
        print(dumps(summary))
        return EXIT_OK
    lang = args.lang
    name = i18n.Pair(summary["region_name_zh"], summary["region_name_en"])
    print(_say("report.forecast_title", lang, region=name, year=args.year,
               cutoff=summary["as_of"]))
    print(to_text(forecast_table(forecast, lang), max_width=40))
    print()
    for n, item in enumerate(summary["indicators"], start=1):
        indicator = i18n.Pair(item["name_zh"], item["name_en"]).render(lang)
        basis = i18n.Pair(item["basis_zh"], item["basis_en"]).render(lang)
        print(f"[{n}] {indicator}{'：' if lang == 'zh' else ': '}{basis}")
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
        out.append(_say("engine.borrowed_line", lang, differential=borrowed["differential_pp"],
                        sd=borrowed["spread_sd_pp"],
                        sources=i18n.pick(lang, borrowed["sources_zh"], borrowed["sources_en"])))
    if item.get("base_rate"):
        rate = item["base_rate"]
        out.append(_say("engine.base_rate", lang, share=rate["share_met"], n=rate["n"],
                        era=rate["era"], ambition=rate["ambition_pp"]))
    return out


def _say(key: str, lang: str, **values: object) -> str:
    """A catalogue sentence as the terminal prints it, as the JSON and the Word report have
    it (full-width punctuation in Chinese)."""
    from xyforecast.i18n.report_documents import typeset_t

    return typeset_t(key, lang, **values)


def cmd_report(args: argparse.Namespace) -> int:
    """The Word report of one region, year and cut-off (see outputs/word.py)."""
    from xyforecast.forecast import Forecast
    from xyforecast.outputs.analysis import Analysis
    from xyforecast.outputs.word import write_report
    from xyforecast.request import check_parameters
    from xyforecast.site.spec import WORD_STEM, file_stem

    data = load_data(args)
    parse_period(args.as_of)
    params = check_parameters(region=args.region, year=args.year, as_of=args.as_of,
                              lang=args.lang, data=data)
    name = f"{file_stem(WORD_STEM, args.lang)}.{args.format}"
    path = report_path(args.out, name)
    folder = path.parent if path.parent == args.out else None  # --out names a folder
    needed = folder.parent if folder is not None else path.parent
    if not needed.is_dir():
        raise UsageError(Msg.of("cli.report_no_folder", folder=str(needed)))
    analysis = Analysis(Forecast.build(data, params.region, args.year, params.cutoff,
                                       peers=False, candidates=False))  # figures alone
    try:
        if folder is not None:
            folder.mkdir(exist_ok=True)
        write_report(analysis, path, args.lang)
    except OSError as exc:
        raise UsageError(Msg.of("cli.cannot_write", path=str(path),
                                reason=exc.strerror or str(exc))) from None
    print(t("cli.report_wrote", path=str(path)))
    return EXIT_OK


def report_path(out: Path | None, name: str) -> Path:
    """Where ``report --out`` writes: a path ending in .docx is the file; anything else (an
    existing folder, or a new name such as ``reports``) is the folder to write ``name`` into."""
    if out is None:
        return Path(name)
    if out.suffix.lower() == ".docx" and not out.is_dir():
        return out
    return out / name


def cmd_render(args: argparse.Namespace) -> int:
    """Build and check the spec, render, report failures (see runner/render.py)."""
    from xyforecast.inputs.provenance import notices
    from xyforecast.outputs.summary import command_line
    from xyforecast.runner import interrupts
    from xyforecast.runner.diskfull import DiskFull
    from xyforecast.runner.render import render, shown, workers
    from xyforecast.site.groups import expand
    from xyforecast.site.spec import build_spec, default_jobs

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
            data = load(args.data_dir, args.observations, prefer=args.prefer)
            for line in notices(data):  # whose files fed it, what was revised or skipped
                print(line, file=sys.stderr)
            regions, groups = expand(data, regions, args.year, cutoffs)
            spec = build_spec(data, regions, args.year, cutoffs, langs, args.out,
                              args.notebooks.resolve() if args.notebooks else None,
                              args.extra_notebook, _split(args.only) or None, args.data_dir,
                              args.observations, args.jobs, args.timeout,
                              args.start_timeout)
            # Fail before any kernel starts when Chinese cannot be drawn, and leave a font
            # cache that lists the CJK font, so that parallel kernels do not each look for it.
            from xyforecast.outputs.fonts import use_chinese_font

            use_chinese_font()
            result = render(spec, command, pool=pool, skip_unchanged=args.skip_unchanged)
    except KeyboardInterrupt as exc:
        if result is None:  # else only the shutdown of idle workers was cut short
            return _interrupted(exc)
    except DiskFull as exc:  # everything cleaned up, the previous report untouched
        print(f"xyforecast: {t('cli.error')}{exc.message}", file=sys.stderr)
        return EXIT_FAILED
    for path in result.written:
        print(t("cli.report_wrote", path=shown(path / "index.html")))
    for path in write_groups(groups, spec, args.out or Path("reports"), data, langs):
        print(t("cli.report_wrote", path=shown(path)))
    if result.ok:
        return EXIT_OK
    print(t("cli.render_failed", n=len(result.problems),
            folders=", ".join(shown(f) for f in result.failed)), file=sys.stderr)
    for path, message in result.problems:
        print(f"  {shown(path)}: {message}", file=sys.stderr)
    return EXIT_FAILED


def write_groups(groups, spec, root: Path, data: Dataset, langs) -> list[Path]:
    """The index of each group (``render --region henan-prefectures``) and cut-off, from
    the members' published reports (those of this render, and those it skipped)."""
    from xyforecast.site.groups import write_group_index

    written = []
    year = spec.reports[0].params.year
    for group in groups:
        for cutoff in dict.fromkeys(r.params.cutoff for r in spec.reports):
            with contextlib.suppress(UsageError):  # no member published: nothing to index
                written += write_group_index(root, data, group, year, cutoff, langs)
    return written


def cmd_index(args: argparse.Namespace) -> int:
    """A group's index from its members' published summary.json (``site/groups.py``), or
    with ``--list`` the members a render of the group renders."""
    from xyforecast.engine.projection import default_cutoff
    from xyforecast.runner.render import shown
    from xyforecast.site.groups import find_group, known, with_figures, write_group_index

    data = load(args.data_dir, args.observations)
    group = find_group(data, args.group)
    if group is None:
        raise UsageError(Msg.of("report.unknown_group", name=args.group, known=known(data)))
    if args.list:
        print("\n".join(with_figures(data, group, [args.as_of], args.year)))
        return EXIT_OK
    cutoff = parse_period(args.as_of) or default_cutoff(data, args.year)
    langs = [check_lang(lang) for lang in _split(args.lang)]
    for path in write_group_index(args.out or Path("reports"), data, group, args.year,
                                  cutoff, langs):
        print(t("cli.report_wrote", path=shown(path)))
    return EXIT_OK


def _split(values: Sequence[str] | str | None) -> list[str]:
    """Repeated options and comma lists alike: --region a,b --region c -> [a, b, c]."""
    values = [values] if isinstance(values, str) else values or ()
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _interrupted(exc: KeyboardInterrupt) -> int:
    """Exit status 130 and one line saying which signal and what is on disk."""
    from xyforecast.runner import interrupts
    from xyforecast.runner.render import shown

    stopped = isinstance(exc, interrupts.Interrupted)
    written = exc.written if stopped else []
    for path in written:
        print(t("cli.report_wrote", path=shown(path / "index.html")))
    name = exc.signal_name if stopped else interrupts.signal_name()
    state = (t("cli.render_interrupted_some", n=len(written)) if written
             else t("cli.render_interrupted_none"))
    print(t("cli.render_interrupted", signal=name, state=state), file=sys.stderr)
    return 130
