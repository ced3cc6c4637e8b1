"""Messages of the report's documents: the workbook, the index and the navigation, and the
render's own messages (merged into ``report``: keys "report.<name>"); the Word report's
sentences are in ``report_word``. How Chinese prose is punctuated (``typeset``)."""

from __future__ import annotations

import re
from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the workbook ---
    "book_overview": ("总览", "Overview"),
    "book_numbers": ("数值", "Numbers"),
    "book_rules": ("规则", "Rules"),
    "book_title": ("{region}{year}年主要指标目标达成预测（数据截至{cutoff}）",
                   "{region} {year}: projections against the targets (data up to {cutoff})"),
    "book_threshold": ("达标线（%）", "Met from (%)"),
    "book_latest_period": ("最新时期", "Latest period"),
    "book_latest_region": ("最新数据地区", "Latest figure of"),
    "book_latest_growth": ("最新累计增速（%）", "Latest YTD growth (%)"),
    "book_median": ("全年预测中位数（%）", "Projection median (%)"),
    "book_p10": ("80%区间下限（%）", "80% interval low (%)"),
    "book_p90": ("80%区间上限（%）", "80% interval high (%)"),
    "book_p025": ("95%区间下限（%）", "95% interval low (%)"),
    "book_p975": ("95%区间上限（%）", "95% interval high (%)"),
    "book_p_meet": ("达标概率", "P(meet target)"),
    "book_required": ("余下时期需增长（%）", "Needed in rest of year (%)"),
    "book_status_rule": ("状态规则", "Status"),
    "book_fingerprint": ("数据指纹", "Data fingerprint"),
    "book_version": ("版本", "Version"),
    "book_col_month": ("本月", "This month"),
    "book_col_yoy": ("同比%", "YoY %"),
    "book_col_ytd": ("累计", "Year to date"),
    "book_col_change": ("增速比上期", "Growth change on the previous period"),
    "book_points": ("百分点", "points"),
    "book_col_projection": ("全年预测", "Full-year projection"),
    "book_col_interval": ("80%区间", "80% interval"),
    "book_col_low": ("下限", "low"),
    "book_col_high": ("上限", "high"),
    "book_col_need": ("余下时期需增长", "Needed in rest of year"),
    "book_required_threshold": ("达标线所需增速（%）", "Needed for the met line (%)"),
    "book_basis_of": ("{name}预测依据", "Basis: {name}"),
    "book_note": ("注：本月、累计、增速比上期栏为{region}本地数据（统计月报所列或由累计数推算），"
                  "本年尚无本地数据的指标空白，其预测借用上级地区（见“数值”表）；"
                  "达标概率按目标的达标规则计算。",
                  "Note: this month, year to date and the change on the previous period are "
                  "{region}'s own figures (as its table gives them, or from two cumulative "
                  "levels), blank where it has none this year and its projection borrows "
                  "(see the numbers sheet); P(meet) follows each target's rule."),
    "book_levels_h": ("总量目标与序时进度", "Level targets against the time elapsed"),
    "book_level_done": ("已完成", "Done"),
    "book_level_share": ("完成比例", "Share done"),
    "book_level_expected": ("序时进度", "Time elapsed"),
    "book_level_ahead": ("快（+）慢（-）序时进度（百分点）", "Ahead (+) / behind (-), points"),
    "book_level_seasonal": ("常规进度", "Usual share by then"),
    "book_level_ahead_seasonal": ("快（+）慢（-）常规进度（百分点）",
                                  "Ahead (+) / behind (-) the usual share, points"),
    "book_level_rest": ("余下需完成", "Rest of year needs"),
    "book_level_source": ("常规进度依据", "Usual share from"),
    "book_movement": ("逐月变化", "Release by release"),
    "book_moved": ("变动（百分点）", "Moved (points)"),
    "book_news": ("新公布数据", "New figure"),
    "book_news_text": ("{region}{period}累计{growth}", "{region}, {period}: {growth}"),
    "book_others": ("其他目标", "Other targets"),
    "book_latest_region_name": ("最新数据地区", "Latest figure of"),
    "forecast_title": ("{region} {year}年主要指标目标达成预测（数据截至{cutoff}）",
                       "{region} {year}: projections against the targets (data up to {cutoff})"),
    "index_docx": ("Word 分析报告 {file}", "Word report {file}"),
    # --- index and navigation ---
    "index_title": ("{region}{year}年主要指标目标达成预测",
                    "{region} {year}: will the targets be met?"),
    "index_cutoff": ("数据截至{cutoff}", "Data up to {cutoff}"),
    "index_pages": ("页面", "Pages"),
    "index_notebook": ("笔记本", "notebook"),
    "index_failed": ("失败", "failed"),
    "index_files": ("下载", "Downloads"),
    "index_summary": ("机器可读摘要 summary.json", "machine-readable summary.json"),
    "index_workbook": ("Excel 表（总览）{file}", "Excel workbook {file}"),
    "index_chart": ("总览图 {file}", "dashboard chart {file}"),
    "index_glance": ("总览", "At a glance"),
    "index_problems": ("本次生成有页面失败", "Some pages failed in this render"),
    "index_older": ("以下页面沿用此前生成的版本（数据指纹不同）：{pages}",
                    "These pages were kept from an earlier render (other data): {pages}"),
    "index_footer": ("xyforecast {version} · 数据指纹 {sha} · 生成"
                     "时间与命令见 summary.json 的 run 部分",
                     "xyforecast {version} · data fingerprin"
                     "t {sha} · when and how it was made: th"
                     "e run block of summary.json"),
    "nav_home": ("首页", "Index"),
    "nav_label": ("报告页面", "Report pages"),
    "nav_twin": ("English", "中文"),
    "nav_twin_title": ("本页英文版", "this page in Chinese"),
    "page_title": ("{region} {year} · {title} · {cutoff}",
                   "{region} {year} · {title} · {cutoff}"),
    # --- the render's own messages ---
    "nothing_to_render": ("没有要生成的报告", "nothing to render"),
    "same_destination": ("两份报告将写入同一文件夹 {path}",
                         "two reports would be written to {path}"),
    "no_pages": ("{report}：没有要生成的页面", "{report}: no pages to render"),
    "same_page": ("{report}：有两个页面都叫 {name!r}",
                  "{report}: two pages are both called {name!r}"),
    "bad_jobs": ("--jobs 和 --timeout 至少为 1", "--jobs and --timeout must be at least 1"),
    "unknown_page": ("--only：没有页面 {name!r}；可选页面：{known}、indicators",
                     "--only: no page {name!r}; pages: {known}, indicators"),
    "bad_file_name": ("{kind} {name!r} 不能用作报告中的文件名",
                      "{kind} {name!r} cannot name a file in the report"),
    "reserved_name": ("{kind} {name!r} 不能用作报告中的文件名；{reserved} 为报告自用",
                      "{kind} {name!r} cannot name a file in the report; {reserved} is the "
                      "report's own"),
    "kind_page": ("页面", "page"),
    "kind_region": ("地区代码", "region code"),
    "no_notebook": ("笔记本 {path} 不存在", "notebook {path} does not exist"),
    "bad_notebook": ("无法读取笔记本 {path}：{error}", "notebook {path} cannot be read: {error}"),
    "not_notebook": ("{path} 不是 Jupyter 笔记本", "{path} is not a Jupyter notebook"),
    "not_a_report": ("{path} 已存在且不是 xyforecast 报告；请用 --out 指定一个新的或空的文件夹",
                     "{path} exists and is not an xyforecast report; choose a new or empty "
                     "folder with --out"),
    "parent_is_file": ("无法将报告写入 {path}：{folder} 是文件而不是文件夹",
                       "cannot write the report to {path}: {folder} is a file, not a folder"),
    "not_writable": ("无法将报告写入 {path}：{folder} 不可写",
                     "cannot write the report to {path}: {folder} is not writable"),
    "cannot_write": ("无法将报告写入 {path}：{error}",
                     "cannot write the report to {path}: {error}"),
    "locked": ("另一个生成任务正在写入 {path}；请待其结束后重试",
               "another render is writing {path}; try again when it has finished"),
    # notebook parameters (check_parameters): the name of the parameter, then what is wrong
    "param_type": ("{name}：应为 {expected}，而不是 {actual}（{value!r}）",
                   "{name}: expected {expected}, not {actual} ({value!r})"),
    "param_year": ("year：{year!r} 不是年份（如 2025）", "year: {year!r} is not a year like 2025"),
    "param_lang": ("lang：未知语言 {lang!r}；请用 zh 或 en",
                   "lang: unknown language {lang!r}; use zh or en"),
    "param_as_of_type": ("as_of：应为时期（如 '2025-09'）或 None，而不是 {actual}",
                         "as_of: expected a period like '2025-09' or None, not {actual}"),
    "param_as_of": ("as_of：{error}", "as_of: {error}"),
    "param_as_of_range": ("as_of：{year}年的数据截至期应在{low}至{high}年之间，而不是 {cutoff}",
                          "as_of: a cut-off for {year} lies between {low} and {high}, "
                          "not {cutoff}"),
    "param_no_figures": ("year：{year}年之前没有任何数据",
                         "year: there are no figures before {year}"),
    "param_data_dir_type": ("data_dir：应为文件夹路径或 None，而不是 {actual}",
                            "data_dir: expected a folder path or None, not {actual}"),
    "param_data_dir": ("data_dir：{path} 不是数据文件夹（其中没有 regions.csv）",
                       "data_dir: {path} is not a data folder (no regions.csv in it)"),
    "param_observations": ("observations：应为文件路径列表，如 ['/data/xingyang-2025.xlsx']",
                           "observations: expected a list of file paths, e.g. "
                           "['/data/xingyang-2025.xlsx']"),
    "param_observation": ("observations：{item!r} 不是文件路径",
                          "observations: {item!r} is not a file path"),
    "param_observation_missing": ("observations：{item} 不存在",
                                  "observations: {item} does not exist"),
    "param_indicator": ("indicator：指标页需要指标代码，如 'gdp'",
                        "indicator: the indicator page needs an indicator code, e.g. 'gdp'"),
    # paths (config): an installed copy without a checkout
    "no_data_dir": ("找不到数据文件夹（其中应有 regions.csv）："
                    "请设置 XYFORECAST_DATA=<data 文件夹> "
                    "或使用 --data-dir，或在 xyforecast 源码目录中运行",
                    "no data folder found (one holding regions.csv): set "
                    "XYFORECAST_DATA=<data folder> or pass --data-dir, or run from a checkout "
                    "of xyforecast"),
    "no_home": ("找不到 {what}：请设置 XYFORECAST_HOME=<xyforecast 源码目录>，或在源码目录中运行",
                "cannot find {what}: set XYFORECAST_HOME=<a checkout of xyforecast>, or run "
                "from a checkout"),
    # running pages: how a page failed, in one line
    "cell_failed": ("{where}（In [{count}]）出错：{error}",
                    "{where} (In [{count}]) failed: {error}"),
    "cell": ("第{n}格", "cell {n}"),
    "a_cell": ("某一格", "a cell"),
    "timed_out": ("超过时间上限 {seconds} 秒（--timeout）后被停止",
                  "stopped after the time limit of {seconds} s (--timeout)"),
    "kernel_died": ("运行时内核退出{how}", "the kernel died while running it{how}"),
    "exit_status": ("（退出状态 {code}）", " (exit status {code})"),
    "killed_by": ("（被 {signal} 终止）", " (killed by {signal})"),
    "killed_oom": ("（被 {signal} 终止：内存不足?）", " (killed by {signal}: out of memory?)"),
    "worker_died": ("运行它的工作进程意外退出{how}；其内核随之停止",
                    "the worker process running it died{how}; its kernel stops with it"),
    "server_lost": ("派生工作进程和内核的服务进程（fork server）被终止，渲染随之失去运行此页的"
                    "工作进程；其内核在渲染结束时停止",
                    "the fork server (which forks the workers and kernels) was ended, and the "
                    "render lost the worker running this page with it; its kernel stops when "
                    "the render ends"),
    "worker_error": ("工作进程出错：{error}", "worker: {error}"),
    "html_export": ("HTML 导出失败：{error}", "HTML export: {error}"),
    # --- where a render may write, a full disk, a page on other data (issue 13) ---
    "inside_report": ("无法将报告写入 {path}：它位于另一份报告 {report} 之内，后"
                      "者重新生成时会被删除；请用 --out 指定报告以外的文件夹",
                      "cannot write the report to {path}: it lies inside the report {report}, "
                      "which a later render of it would delete; choose a folder outside it with "
                      "--out"),
    "holds_reports": ("无法将报告写入 {path}：其中还有其他报告（如 {inner}），重新"
                      "生成会删除它们；请用 --out 为每份报告指定各自的文件夹",
                      "cannot write the report to {path}: it holds other reports (e.g. {inner}), "
                      "which replacing it would delete; give each report its own folder with "
                      "--out"),
    "disk_full": ("无法写入 {path}：{why}；本次生成未发布任何内容，原报告（如有）保持"
                  "不变",
                  "cannot write {path}: {why}; nothing was published, the previous report (if any)"
                  " is untouched"),
    "full_enospc": ("磁盘已满",
                    "the disk is full"),
    "full_edquot": ("超出磁盘配额",
                    "the disk quota is exceeded"),
    "full_efbig": ("文件超过允许的大小（ulimit -f）",
                   "a file exceeds the size allowed (ulimit -f)"),
    "other_data": ("页面所用数据（指纹 {page}）与本次生成的数据（指纹 {render}）不"
                   "同；未发布",
                   "the page worked from other data (fingerprint {page}) than the render "
                   "(fingerprint {render}); not published"),
}

# How the Word report and the pages write punctuation: Chinese prose takes full-width marks
# (，；：（）), while the catalogue above, shared with the terminal, writes ASCII ones. Each
# pair is a regular expression and its replacement; numbers (3,000) and URLs (://) are left.
DOCUMENT_PUNCTUATION: dict[str, tuple[tuple[str, str], ...]] = {
    "zh": ((r"(?<!\d),|,(?!\d)", "，"), (";", "；"), (r":(?!//)", "："), (r"\(", "（"),
           (r"\)", "）")),
    "en": (),
}


def typeset(text: str, lang: str) -> str:
    """Prose as it is printed: full-width punctuation in Chinese (，；：（）), as is in
    English."""
    for pattern, replacement in DOCUMENT_PUNCTUATION[lang]:
        text = re.sub(pattern, replacement, text)
    return text


PLACEHOLDER = re.compile(r"(\{[^{}]*\})")  # {name} or {name:+.1f}: never typeset


def typeset_template(text: str, lang: str) -> str:
    """A catalogue template typeset, its placeholders (and their format specs) untouched."""
    return "".join(part if PLACEHOLDER.fullmatch(part) else typeset(part, lang)
                   for part in PLACEHOLDER.split(text))


def typeset_render(value: Any, lang: str) -> Any:
    """A message rendered with its templates typeset — the catalogue's sentences take
    full-width punctuation, the values put into them (a name from a data file, a figure)
    stay exactly as they are; a Pair or a list as ``i18n.render`` gives them."""
    from xyforecast.i18n import Msg, render, template

    if isinstance(value, Msg):
        values = {name: typeset_render(v, lang) for name, v in value.params}
        return typeset_template(template(value.key, lang), lang).format(**values)
    if isinstance(value, list | tuple) and not hasattr(value, "_fields"):
        return render([typeset_render(v, lang) for v in value], lang)
    return render(value, lang)


def typeset_t(key: str, lang: str, **values: Any) -> str:
    """``i18n.t`` as printed: the catalogue sentence ``key`` typeset, its values as they are."""
    from xyforecast.i18n import Msg

    return typeset_render(Msg.of(key, **values), lang)
