"""Messages of the cli layer: {name: (zh, en)}, looked up as "cli.<name>".

The ``--help`` texts (with examples) and what the data commands print: check-data, import,
template, coverage, targets. The render and forecast sub-commands keep their own texts.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # argparse's own words
    "usage": ("用法：", "usage: "),
    "positionals": ("位置参数", "positional arguments"),
    "options": ("选项", "options"),
    "help_help": ("显示本帮助并退出", "show this help message and exit"),
    "version_help": ("显示版本号并退出", "show program's version number and exit"),
    "error": ("错误：", "error: "),
    "see_help": ("（见 {prog} --help）", " (see {prog} --help)"),
    "err_required": ("缺少必需的参数：{args}", "the following arguments are required: {args}"),
    "err_unrecognized": ("无法识别的参数：{args}", "unrecognized arguments: {args}"),
    "err_expected_one": ("参数 {name} 需要一个值", "argument {name}: expected one argument"),
    "err_choice": ("参数 {name}：无效的选项 {value}（可选：{choices}）",
                   "argument {name}: invalid choice: {value} (choose from {choices})"),
    "err_argument": ("参数 {name}：{message}", "argument {name}: {message}"),
    "err_ambiguous": ("选项 {option} 有歧义，可能是 {matches}",
                      "ambiguous option: {option} could match {matches}"),
    "not_a_year": ("“{text}”不是年份（如 2025）", "{text!r} is not a year like 2025"),
    "implausible_year": ("{year} 不是合理的年份", "{year} is not a plausible year"),
    "not_whole": ("“{text}”不是整数", "{text!r} is not a whole number"),
    "not_between": ("{value} 不在 {low} 到 {high} 之间", "{value} is not between {low} and {high}"),
    "as_of": ("--as-of：{problem}", "--as-of: {problem}"),
    "input_problems": ("xyforecast：输入中有 {n} 个问题；未写入任何内容",
                       "xyforecast: {n} problem(s) in the input; nothing was written"),
    "internal": ("xyforecast：内部错误：{error}（设置 XYFORECAST_DEBUG=1 查看详情）",
                 "xyforecast: internal error: {error} (set XYFORECAST_DEBUG=1 for details)"),
    "interrupted": ("xyforecast：已中断", "xyforecast: interrupted"),
    # --help
    "description": ("县域经济指标目标达成预测：今年的目标能否完成？",
                    "County economic targets: will this year's targets be met?"),
    "epilog": ("示例：\n"
               "  xyforecast check-data 我的数据.xlsx\n"
               "  xyforecast import 荥阳统计月报2025年9月.xlsx\n"
               "  xyforecast coverage --region 荥阳市\n"
               "  xyforecast forecast --region 荥阳市 --year 2025 --observations 月报.xlsx\n"
               "  xyforecast render --region xingyang --year 2025\n"
               "加 --lang en（或设置 XYFORECAST_LANG=en）显示英文。",
               "examples:\n"
               "  xyforecast check-data my-figures.xlsx\n"
               "  xyforecast import xingyang-bulletin-2025-09.xlsx\n"
               "  xyforecast coverage --region xingyang\n"
               "  xyforecast forecast --region Xingyang --year 2025 --observations bulletin.xlsx\n"
               "  xyforecast render --region xingyang --year 2025\n"
               "Chinese by default: --lang zh, or XYFORECAST_LANG."),
    "commands": ("子命令", "commands"),
    "opt_data_dir": ("目录和随附数据所在文件夹（默认：环境变量 XYFORECAST_DATA，否则源码目录下的 "
                     "data/）",
                     "catalogue and shipped data (default: $XYFORECAST_DATA, else data/ of the "
                     "checkout)"),
    "opt_observations": ("您自己的数据文件（CSV、.xlsx 或统计月报表格，见 "
                         "data/templates/）；可重复",
                         "your own figures (CSV, .xlsx or a bureau's 统计月报 table, see "
                         "data/templates/); repeatable"),
    "opt_lang": ("语言：zh（默认）或 en；也可设置 XYFORECAST_LANG",
                 "zh (default) or en; or set XYFORECAST_LANG"),
    "opt_region": ("地区：代码或名称（xingyang、荥阳市、荥阳、Xingyang、410182）",
                   "region: a code or a name (xingyang, 荥阳市, 荥阳, Xingyang, 410182)"),
    "opt_year": ("年份，如 2025", "the year, e.g. 2025"),
    "cmd_check_data": ("检查数据文件（有问题时退出码为 2）",
                       "validate observation or target files (exit 2 if invalid)"),
    "check_data_description": (
        "逐个检查文件，每个问题一行：“文件:行号: 问题”或“文件:工作表!单元格: 问题”，"
        "然后一行总结。有错误时退出码为 2，不写入任何内容。",
        "Checks files and prints one line per problem, PATH:LINE: or PATH:Sheet!C7:, then a "
        "summary. Exit status 2 when a file cannot be used; nothing is written."),
    "check_data_epilog": ("示例：\n  xyforecast check-data 我的数据.xlsx\n"
                          "  xyforecast check-data data/observations.csv data/targets.csv\n"
                          "  xyforecast check-data --lang en 月报.csv",
                          "examples:\n  xyforecast check-data my-figures.xlsx\n"
                          "  xyforecast check-data data/observations.csv data/targets.csv"),
    "arg_paths": ("要检查的文件（CSV、.xlsx、统计月报表格）", "files to check (CSV, .xlsx, a "
                                                       "bureau's table)"),
    "cmd_import": ("把统计月报表格转成本工具的格式，存入 data/local/",
                   "turn a bureau's 统计月报 tables into the suite's layout, in data/local/"),
    "import_description": (
        "读取统计月报式表格（指标为行；本月、1-9月累计、同比增长% 等为列；时期取自标题、工作表名或"
        "文件名），检查每个数字，然后每个输入文件写一个 CSV（每行一个数字，注明来源单元格）。"
        "有任何问题则不写入任何文件。",
        "Reads bulletin tables (indicators in rows; 本月, 1-9月累计, 同比增长% … in columns; the "
        "period from the title, the sheet's or the file's name), checks every figure, then "
        "writes one CSV per input file, one figure per row with the cell it came from. "
        "Nothing is written when anything is wrong."),
    "import_epilog": ("示例：\n  xyforecast import 荥阳市2025年9月统计月报.xlsx\n"
                      "  xyforecast import yb-2025-06.csv yb-2025-09.csv --out 整理后/",
                      "examples:\n  xyforecast import xingyang-2025-09.xlsx\n"
                      "  xyforecast import yb-2025-06.csv yb-2025-09.csv --out tidy/"),
    "arg_import": ("要导入的文件", "files to import"),
    "opt_out_dir": ("写入的文件夹（默认 data/local/）", "the folder to write to (default "
                                                   "data/local/)"),
    "cmd_template": ("生成一个空白模板，供填写您自己的数据", "write an empty template for your own "
                                                   "figures"),
    "template_description": (
        "生成 .xlsx（含下拉列表、示例行和填写说明）或 .csv 模板。默认中文表头；"
        "--lang en 为英文代码表头。",
        "Writes an .xlsx (drop-down lists, an example row, instructions) or .csv template; "
        "Chinese headers by default, the English codes with --lang en."),
    "template_epilog": ("示例：\n  xyforecast template 我的数据.xlsx",
                        "example:\n  xyforecast template my-figures.xlsx --lang en"),
    "arg_template": ("要新建的 .xlsx 或 .csv 文件", "a .xlsx or .csv file to create"),
    "cmd_coverage": ("每项指标有哪些年份和月份的数据、来源、冲突和修订",
                     "which years and months exist per indicator, sources, conflicts, revisions"),
    "coverage_epilog": ("示例：\n  xyforecast coverage --region 荥阳市\n"
                        "  xyforecast coverage --region zhengzhou --as-of 2023-06",
                        "examples:\n  xyforecast coverage --region xingyang\n"
                        "  xyforecast coverage --region zhengzhou --as-of 2023-06 --lang en"),
    "opt_as_of": ("截止时期（YYYY-MM）", "cut-off (YYYY-MM)"),
    "cmd_targets": ("某地某年的目标", "the targets of a region's year"),
    "targets_epilog": ("示例：\n  xyforecast targets --region 荥阳市 --year 2025",
                       "example:\n  xyforecast targets --region xingyang --year 2025 --lang en"),
    "cmd_forecast": ("预测五项主要指标全年能否达到目标",
                     "project the five headline indicators against the targets"),
    "forecast_epilog": ("示例：\n  xyforecast forecast --region 荥阳市 --year 2025\n"
                        "  xyforecast forecast --region xingyang --year 2025 --observations "
                        "月报.xlsx --json",
                        "examples:\n  xyforecast forecast --region xingyang --year 2025\n"
                        "  xyforecast forecast --region china --year 2023 --as-of 2023-09 "
                        "--lang en"),
    "opt_forecast_as_of": ("截止时期（YYYY-MM）；默认为该年数据中的最新时期",
                           "cut-off (YYYY-MM); default: the latest period in the data for the "
                           "year"),
    "opt_json": ("输出机器可读的摘要（JSON）", "print the machine-readable summary"),
    "cmd_report": ("写出 Word 格式的经济运行分析（经济运行分析.docx）",
                   "write the analysis as a Word document (经济运行分析.docx)"),
    "report_epilog": ("示例：\n  xyforecast report --region 荥阳市 --year 2025\n"
                      "  xyforecast report --region xingyang --year 2025 --lang en --out reports/",
                      "examples:\n  xyforecast report --region xingyang --year 2025\n"
                      "  xyforecast report --region 荥阳市 --year 2025 --lang en --out reports/"),
    "opt_format": ("文档格式（docx：Word）", "the document's format (docx: Word)"),
    "opt_report_out": ("写入的 .docx 文件，或写入其中的文件夹（不以 .docx 结尾即为文件夹，"
                       "不存在则新建；默认当前文件夹下的 经济运行分析.docx；"
                       "--lang en 时为 经济运行分析.en.docx）",
                       "a .docx file, or the folder to write into (any path not ending in "
                       ".docx, created if missing; default: 经济运行分析.docx here; "
                       "经济运行分析.en.docx with --lang en)"),
    "report_no_folder": ("--out：文件夹 {folder} 不存在",
                         "--out: the folder {folder} does not exist"),
    "report_wrote": ("已写入 {path}", "wrote {path}"),
    "cmd_render": ("生成报告：笔记本、HTML 页面、summary.json、Excel",
                   "render the report: notebooks, HTML pages, summary.json, Excel"),
    "render_epilog": ("示例：\n  xyforecast render --region xingyang --year 2025\n"
                      "  xyforecast render --region xingyang,xinzheng --year 2025 "
                      "--as-of 2025-06 --as-of 2025-09",
                      "examples:\n  xyforecast render --region xingyang --year 2025 --lang en\n"
                      "  xyforecast render --region xingyang,xinzheng --year 2025 "
                      "--as-of 2025-06 --as-of 2025-09"),
    "opt_render_region": ("地区代码、名称或地区组（zhengzhou-counties、henan-prefectures）；"
                          "可重复，或用逗号分隔多个",
                          "region code, name or group (zhengzhou-counties, henan-prefectures); "
                          "repeat it or separate several by commas"),
    "opt_render_as_of": ("截止时期（YYYY-MM，或默认的 latest）；可重复",
                         "cut-off (YYYY-MM, or 'latest', the default); repeatable"),
    "opt_out": ("报告文件夹（默认 reports/<地区>/<年份>/<截止时期>/）；"
                "多个地区或截止时期时为其上级文件夹",
                "the report folder (default reports/<region>/<year>/<cut-off>/); with several "
                "regions or cut-offs, the folder they go under"),
    "opt_only": ("只生成这些页面：dashboard、data、indicators、indicator-gdp…",
                 "render only these pages: dashboard, data, indicators, indicator-gdp…"),
    "opt_extra_notebook": ("另外用相同参数运行此笔记本；可重复",
                           "also render this notebook with the same parameters; repeatable"),
    "opt_notebooks": ("本工具笔记本所在文件夹（默认 notebooks/）",
                      "the folder holding the suite's notebooks (default notebooks/)"),
    "opt_jobs": ("同时运行的内核数，1 到 {high}（默认：CPU 核数，最多 4）",
                 "kernels at a time, 1 to {high} (default: cores, at most 4)"),
    "opt_timeout": ("单个笔记本单元最长运行秒数（默认 600）",
                    "longest a notebook cell may run (default 600)"),
    "opt_start_timeout": ("等待内核启动的最长秒数（默认 {default}；未启动则重试一次）",
                          "longest wait for a kernel to start (default {default}; one retry "
                          "follows)"),
    "opt_skip_unchanged": ("已发布的报告若数据、代码和参数都未变，则跳过不再生成，并说明",
                           "skip a report whose published copy was made from the same data, "
                           "code and parameters, and say so"),
    # index
    "cmd_index": ("由各地已发布报告的 summary.json 生成地区组的比较页",
                  "build a group's index page from its members' published summary.json"),
    "index_epilog": ("示例：\n  xyforecast index --group zhengzhou-counties --year 2025\n"
                     "  xyforecast index --group zhengzhou-counties --year 2025 --list",
                     "examples:\n  xyforecast index --group zhengzhou-counties --year 2025\n"
                     "  xyforecast index --group zhengzhou-counties --year 2025 --list"),
    "opt_group": ("地区组：zhengzhou-counties、henan-prefectures……",
                  "a group: zhengzhou-counties, henan-prefectures…"),
    "opt_index_out": ("各地报告所在的文件夹（默认 reports/）",
                      "the folder the reports are under (default reports/)"),
    "opt_list": ("只列出该组有数据、会生成报告的地区代码（每行一个），供调度器逐个生成",
                 "only list the members a render of the group renders (one code a line), "
                 "for a scheduler to render one by one"),
    # check-data
    "check_valid": ("{files} 个文件，{rows} 行：有效；{warnings} 条警告；{conflicts} 处冲突已按 "
                    "data/README.md 的规则处理",
                    "{files} file(s), {rows} rows: valid; {warnings} warning(s); {conflicts} "
                    "conflict(s) resolved by the rule in data/README.md"),
    # import
    "import_wrote": ("已导入 {source}：{rows} 个数字 → {target}",
                     "imported {source}: {rows} figures -> {target}"),
    "import_exists": ("{path} 已存在；请删除它，或用 --out 选择别的文件夹",
                      "{path} exists already; delete it or choose another folder with --out"),
    "import_in_place": ("{path} 已在 {folder} 中，会被直接读取；导入用于其他位置的文件",
                        "{path} is in {folder} already and is read as it is; import is for "
                        "files elsewhere"),
    "import_no_folder": ("{folder} 不是文件夹", "{folder} is not a folder"),
    "cannot_write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    # template
    "template_exists": ("{path} 已存在；请换一个文件名",
                        "{path} exists already; choose a new name"),
    "template_suffix": ("{path}：模板须为 .csv 或 .xlsx", "{path}: the template is written as "
                                                       ".csv or .xlsx"),
    "template_wrote": ("已写入 {path}", "wrote {path}"),
    # coverage
    "coverage_title": ("{zh} {en} — 数据截至 {latest}", "{zh} {en} — data up to {latest}"),
    "coverage_conflicts": ("来源冲突：", "Conflicts:"),
    "coverage_revisions": ("修订（后发布的数字替换了先发布的）：",
                           "Revisions (a later publication replaced a figure):"),
    "targets_title": ("{zh} {en} {year}年", "{zh} {en} {year}"),
    # render: progress on stderr, then what was published or kept
    "render_start": ("xyforecast render：{reports}份报告，共{pages}页，同时运行{jobs}页 -> {where}",
                     "xyforecast render: {reports} report(s), {pages} page(s), {jobs} at a "
                     "time -> {where}"),
    "render_page_ok": ("完成", "ok"),
    "render_page_failed": ("失败 {error}", "FAILED {error}"),
    "render_done": ("xyforecast render：{ok}/{pages}页完成，用时{seconds}秒",
                    "xyforecast render: {ok}/{pages} page(s) ok in {seconds} s"),
    "render_failed": ("xyforecast：{n}个问题；原有报告（如有）未改动，本次结果保存在 {folders}",
                      "xyforecast: {n} problem(s); the previous report (if any) is untouched, "
                      "this render is kept in {folders}"),
    "render_interrupted": ("xyforecast：被{signal}中断；{state}",
                           "xyforecast: interrupted by {signal}; {state}"),
    "render_interrupted_some": ("此前已有{n}份报告完整发布，其余未改动",
                                "{n} report(s) were published whole before it, the others are "
                                "untouched"),
    "render_interrupted_none": ("未发布任何内容，原有报告（如有）未改动",
                                "nothing was published, the previous report (if any) is "
                                "untouched"),
}
