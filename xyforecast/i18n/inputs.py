"""Messages of the inputs layer: {name: (zh, en)}, looked up as "inputs.<name>".

Reading files, checking their cells, the catalogue and its names, conflicts and revisions.
English texts keep a value as Python shows it ({value!r}) where the old messages did.
"""

from __future__ import annotations

from xyforecast.i18n.inputs_bureau import MESSAGES as BUREAU

MESSAGES: dict[str, tuple[str, str]] = {
    # how a problem is shown
    "semicolon": ("；", "; "),
    "severity_warning": ("警告：", "warning: "),
    "severity_note": ("说明：", "note: "),
    "at_cell": ("{cell}：{problem}", "{cell}: {problem}"),
    "at_line": ("第{line}行", "line {line}"),
    # the catalogue
    "catalog_parent": ("地区 {region} 的上级地区 {parent} 不在目录中",
                       "region {region} has unknown parent {parent}"),
    "catalog_unreadable": ("无法读取目录：{reason}", "cannot read the catalogue: {reason}"),
    "catalog_bad_row": ("目录行有误：{reason}", "bad catalogue row: {reason}"),
    "catalog_region_code": ("地区代码“{code}”须符合 {pattern}（小写字母和下划线）；"
                            "官方六位行政区划代码（如 410182）请写入 aliases.csv",
                            "region code {code!r} must match {pattern} (lower-case letters "
                            "and _); an official code such as 410182 goes in aliases.csv"),
    "catalog_choice": ("{column} 须为 {allowed} 之一", "{column} must be one of {allowed}"),
    "catalog_empty": ("{column} 为空", "{column} is empty"),
    "alias_unknown_code": ("别名“{name}”指向未知的{kind}代码“{code}”",
                           "alias {name!r} names an unknown {kind} code {code!r}"),
    "alias_ambiguous": ("别名“{name}”同时指向 {code} 和 {other}",
                        "alias {name!r} would mean {kind} {code} and {other}"),
    "unknown_region": ("未知地区“{region}”{hint}", "unknown region {region!r}{hint}"),
    "unknown_indicator_known": ("未知指标“{indicator}”；可用：{known}",
                                "unknown indicator {indicator!r}; known: {known}"),
    "hint_region_close": ("（是否应为 {codes}？地区代码见 data/regions.csv）",
                          " (did you mean {codes}? codes are in data/regions.csv)"),
    "hint_region": ("（地区代码见 data/regions.csv）", " (codes are in data/regions.csv)"),
    "hint_indicator_close": ("（是否应为 {names}？指标见 data/indicators.csv）",
                             " (did you mean {names}? see data/indicators.csv)"),
    "hint_indicator": ("（指标见 data/indicators.csv，别名见 data/aliases.csv）",
                       " (see data/indicators.csv)"),
    # periods
    "period_format": ("时期“{period}”无法识别；请写作 2025、2025-09 或 2025年1-9月",
                      "period {period!r} is not YYYY or YYYY-MM (e.g. 2025 or 2025-09)"),
    "period_month": ("时期“{period}”的月份 {month} 不在 01 至 12 之间",
                     "period {period!r} has month {month}; months run from 01 to 12"),
    "period_year": ("时期“{period}”的年份 {year} 不合理",
                    "period {period!r} has an implausible year {year}"),
    # the file
    "file_folder": ("是文件夹，不是 CSV 或 .xlsx 文件", "is a folder, not a CSV or .xlsx file"),
    "file_not_regular": ("不是普通文件（设备或管道？）；请给出 CSV 或 .xlsx 文件",
                         "is not a regular file (a device or a pipe?); give a CSV or .xlsx file"),
    "file_too_large": ("文件过大（{size}，上限 {limit}）：请分成几个文件（例如每个地市一个）",
                       "is too large ({size}; at most {limit}): split it into files (one per "
                       "prefecture, say)"),
    "file_missing": ("文件不存在", "no such file"),
    "file_permission": ("无权读取此文件（权限不足）", "cannot be read: permission denied"),
    "file_unreadable": ("无法读取：{reason}", "cannot be read: {reason}"),
    "local_skipped_folder": ("未读取：data/local/ 中的文件夹不会被读取",
                             "not read: folders in data/local/ are not read"),
    "local_skipped_wps": ("未读取：WPS 表格文件（.et）；请在 WPS 中“另存为”Excel 工作簿（.xlsx）",
                          "not read: a WPS spreadsheet (.et); in WPS, save it as an Excel "
                          "workbook (.xlsx)"),
    "local_skipped": ("未读取：不是数据文件（读取的扩展名：{suffixes}）",
                      "not read: not a data file (read: {suffixes})"),
    "empty": ("文件为空；应有表头和数据", "is empty; expected a header line and figures"),
    "binary": ("不是 CSV 或 .xlsx 文件（二进制内容）",
               "is not a CSV or .xlsx file (binary content)"),
    "utf16_invalid": ("以 UTF-16 字节顺序标记开头，但不是有效的 UTF-16 文本",
                      "starts with a UTF-16 byte-order mark but is not valid UTF-16 text"),
    "utf16_no_bom": ("看起来是没有字节顺序标记的 UTF-16 文本；请另存为 CSV（UTF-8）",
                     "looks like UTF-16 text without a byte-order mark; save it as CSV (UTF-8)"),
    "not_utf8_or_gbk": ("既不是 UTF-8 也不是 GBK 文本（第{line}行字节 {byte}）；"
                        "请另存为 CSV（UTF-8）",
                        "is neither UTF-8 nor GBK text (byte {byte} on line {line}); save it as "
                        "CSV (UTF-8)"),
    "big5": ("看起来是 Big5（繁体中文）编码，按 GBK 读取会成乱码；请另存为 CSV（UTF-8）",
             "looks like Big5 (traditional Chinese) text, which would read as garbled GBK; "
             "save it as CSV (UTF-8)"),
    "shift_jis": ("看起来是 Shift-JIS（日文）编码，按 GBK 读取会成乱码；请另存为 CSV（UTF-8）",
                  "looks like Shift-JIS (Japanese) text, which would read as garbled GBK; "
                  "save it as CSV (UTF-8)"),
    "html": ("是网页（HTML），不是 CSV 或 .xlsx：请用 Excel 打开后另存为 .xlsx 或 CSV（UTF-8）",
             "is a web page (HTML), not CSV or .xlsx: open it in Excel and save it as .xlsx or "
             "CSV (UTF-8)"),
    "old_xls": ("是旧版 Excel .xls 工作簿；请另存为 .xlsx 或 CSV（UTF-8）",
                "is an old Excel .xls workbook; save it as .xlsx or CSV (UTF-8)"),
    "ods": ("是 OpenDocument 电子表格（.ods）；请另存为 .xlsx 或 CSV（UTF-8）",
            "is an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV (UTF-8)"),
    "zip_not_xlsx": ("是 ZIP 压缩包，不是 .xlsx 工作簿",
                     "is a ZIP archive but not an .xlsx workbook"),
    "xlsx_damaged": ("不是可读取的 .xlsx 工作簿（{error}）：文件是否不完整或已损坏？"
                     "请在 Excel 中重新保存",
                     "is not a readable .xlsx workbook ({error}): is it cut off or damaged? "
                     "Save it again from Excel"),
    "xlsx_parts": ("工作簿包含的部件超过 {limit} 个", "has more than {limit} parts"),
    "xlsx_part_too_large": ("工作簿部件 {part} 解压后为 {size}，超过上限 {limit}",
                            "workbook part {part} unpacks to {size}, more than {limit}"),
    "xlsx_sheets": ("有 {count} 个工作表，上限 {limit} 个", "has {count} sheets; at most {limit}"),
    "too_many_cells": ("有数据的单元格超过 {limit:,} 个：请分成几个文件（例如每个地市一个）",
                       "has more than {limit:,} cells holding values: split it into files "
                       "(one per prefecture, say)"),
    "too_many_figures": ("数字超过 {limit:,} 个；请分成几个文件", "holds more than {limit:,} "
                                                          "figures; split it into files"),
    "xlsx_too_large": ("工作簿解压后共 {size}，超过上限 {limit}",
                       "unpacks to {size} in all, more than {limit}"),
    "too_many_merges": ("工作表“{sheet}”的合并单元格超过 {limit} 处",
                        "sheet {sheet!r} has more than {limit} merged ranges"),
    "too_many_columns": ("超出最后允许的列 {limit}",
                         "lies beyond the last column allowed, {limit}"),
    "cell_too_long": ("有 {size:,} 个字符，超过 Excel 单元格上限 {limit:,}",
                      "holds {size:,} characters, more than Excel's {limit:,} for a cell"),
    "no_data_sheet": ("没有工作表含有 region、indicator、period、measure、value、unit、"
                      "source 表头，"
                      "也没有统计月报式的表格（指标为行，本月/累计/同比增长为列）（工作表：{sheets}）",
                      "no sheet has a header with region, indicator, period, measure, value, "
                      "unit, source, nor a bulletin's table (indicators in rows, "
                      "本月/累计/同比增长 "
                      "in columns) (sheets: {sheets})"),
    # the lines of a text file
    "semicolon_file": ("以分号（;）分隔字段：请另存为以逗号分隔的 CSV（Excel：CSV UTF-8）",
                       "separates fields with semicolons (;): save it as CSV with commas "
                       "(in Excel: CSV UTF-8)"),
    "quote_open": ("本行开始的引号没有闭合（文件不完整，还是缺少引号？）",
                   "a quoted value opened on this line is never closed (is the file cut off, "
                   "or a quote missing?)"),
    "text_after_quote": ('闭合引号后还有文字；引号内的引号请写成两个（""）',
                         'text follows a closing quote; write a quote inside a quoted value as '
                         'two quotes ("")'),
    "field_limit": ("有值超过 {limit} 个字符（引号未闭合？）",
                    "a value is longer than {limit} characters (a quote left open?)"),
    "csv_invalid": ("不是有效的 CSV：{error}", "is not valid CSV: {error}"),
    "field_count": ("有 {fields} 个字段，但表头有 {width} 个（{hint}）",
                    "has {fields} fields but the header has {width} ({hint})"),
    "hint_cut_off": ("文件在本行中间结束：是否不完整？",
                     "the file ends in the middle of this line: is it cut off?"),
    "hint_quote_comma": ("值中含逗号时须加引号", "a comma inside a value must be quoted"),
    # the header
    "not_a_header": ("不是表头：没有任何已知列名（应为 {expected}）",
                     "is not a header line: it names none of the columns (expected {expected})"),
    "columns_missing": ("缺少列 {columns}", "missing column(s) {columns}"),
    "columns_unknown": ("未知列 {columns}", "unknown column(s) {columns}"),
    "columns_unnamed": ("第 {columns} 列没有列名", "no name for column(s) {columns}"),
    "columns_repeated": ("列重复：{columns}", "repeated column(s) {columns}"),
    "columns_bad": ("{parts}（应为 {expected}）", "{parts} (expected {expected})"),
    "header_repeated_line": ("表头行重复，已跳过", "header line repeated; skipped"),
    "header_repeated_row": ("表头行重复，已跳过", "header row repeated; skipped"),
    "title_lines_skipped": ("表头上方第 {lines} 行已跳过（标题？）",
                            "line{s} {lines} above the header skipped (a title?)"),
    "title_rows_skipped": ("表头上方第 {lines} 行已跳过（标题？）",
                           "row{s} {lines} above the header skipped (a title?)"),
    "figures_above_header": ("表头（第{header}行）上方有数据；请把表头移到最上面",
                             "figures before the header (line {header}); move the header to "
                             "the top"),
    "figures_above_header_row": ("表头（第{header}行）上方有数据；请把表头移到最上面",
                                 "figures before the header (row {header}); move the header "
                                 "to the top"),
    "merged": ("单元格 {cells} 已合并；请取消合并，并在每个单元格中填写数值",
               "cells {cells} are merged; unmerge them and type the value in every cell"),
    "right_of_table": ("最后一列右侧还有内容（{cells}）",
                       "has values to the right of the last column ({cells})"),
    "no_figures": ("有表头但没有数据", "has a header but no figures"),
    # the cells
    "excel_error": ("单元格是 Excel 错误值（{value}）：请修正公式或直接填写数字",
                    "holds an Excel error ({value}): fix the formula or type the figure"),
    "control_char": ("含有控制字符（{char}）；请删除", "contains a control character ({char}); "
                                                  "delete it"),
    "unknown_indicator": ("未知指标“{indicator}”{hint}", "unknown indicator {indicator!r}{hint}"),
    "unknown_measure": ("未知口径“{measure}”（应为 {allowed}，或 累计增速、累计总量、当月增速）",
                        "unknown measure {measure!r} (one of {allowed})"),
    "source_empty": ("来源为空：每个数字都须注明出处",
                     "source is empty: every figure needs the page "
                                                "or publication it came from"),
    "template_example": ("这是模板的示例行：请替换为实际数字或删除",
                         "this is the template's example row: replace it with your figures or "
                         "delete it"),
    "unit_mismatch": ("单位“{unit}”不符合 {indicator} 的 {measure}（应为“{expected}”）",
                      "unit {unit!r} does not fit {measure} of {indicator} (expected "
                      "{expected!r})"),
    "level_negative": ("总量不能为负（{value}）", "a level cannot be negative ({value})"),
    "growth_impossible": ("增速 {value}% 不可能：下降不会达到或超过 100%",
                          "growth of {value}% is impossible: a fall cannot reach 100%"),
    "growth_implausible": ("增速 {value}% 超出 {low}…{high}%：请确认是增速而不是总量",
                           "growth of {value}% is outside {low}...{high}%: check it is a growth "
                           "rate, not a level"),
    "qualifier_on_observation": ("限定词只用于目标，不用于观测值",
                                 "a qualifier belongs to a target, not to an observation"),
    "bound_on_observation": ("{column}(区间上限/力争目标)只用于目标，不用于观测值",
                             "{column} (a range's upper bound, a stretch value) belongs to a "
                             "target, not to an observation"),
    "bound_not_above": ("{column} {bound} 应高于目标值 {value}",
                        "{column} {bound} must lie above the target's value {value}"),
    "period_future": ("时期 {period} 在未来", "period {period} is in the future"),
    "month_measure_year": ("{measure}（{word}）须有月份（YYYY-MM），不能是全年",
                           "{measure} needs the month (YYYY-MM), not a whole year"),
    "target_not_year": ("目标针对全年：时期请写作 YYYY",
                        "a target is for a whole year: write the period as YYYY"),
    "january": ("1月与2月合并发布（1-2月）：请写作 YYYY-02",
                "January is published together with February (1-2月): use YYYY-02"),
    "quarterly": ("{indicator} 按季度发布：月份须为 03、06、09 或 12",
                  "{indicator} is published by quarter: month must be 03, 06, 09 or 12"),
    "excel_date_bad": ("{problem}（Excel 日期：{date}）", "{problem} (an Excel date: {date})"),
    "excel_date": ("时期是 Excel 日期（{date}），按 {period} 读取",
                   "period is an Excel date ({date}); read as {period}"),
    "period_empty": ("时期为空", "period is empty"),
    "value_empty": ("数值为空", "value is empty"),
    "value_not_number": ("数值“{value}”不是数字", "value {value!r} is not a number"),
    "value_not_finite": ("数值“{value}”不是有限数", "value {value!r} is not a finite number"),
    "value_percent": ("数值“{value}”带 %，但 {measure} 不是百分比",
                      "value {value!r} carries % but {measure} is not a percentage"),
    "value_marker_inside": ("数值“{value}”中的“{char}”不是数字（注释符号、上标或分数）；请删除",
                            "value {value!r} contains {char!r}, which is not a digit (a "
                            "footnote marker, superscript or fraction); delete it"),
    "value_marker_dropped": ("数值“{value}”末尾的注释符号“{char}”已去掉，按 {read} 读取",
                             "footnote marker {char!r} after the value {value!r} dropped; read "
                             "as {read}"),
    "release_bad": ("发布日期“{value}”不是有效日期", "release date {value!r} is not a date"),
    "release_future": ("发布日期 {date} 在未来", "release date {date} is in the future"),
    "release_early": ("发布日期 {date} 早于时期 {period} 结束", "release date {date} comes before "
                                                          "the period {period} ended"),
    "choice": ("{name}“{value}”不是 {allowed} 之一", "{name} {value!r} is not one of {allowed}"),
    "level_larger": ("总量 {value} 是同一序列前后一年内总量中位数（{median}）的 {times} 倍"
                     "（规则：相差超过 {factor} 倍）：请检查单位（{unit}）并确认不是增速",
                     "level {value} is {times} times larger than the median ({median}) of the "
                     "same series' levels within a year (rule: more than {factor} times off): "
                     "check the unit ({unit}) and that it is not a growth rate"),
    "level_smaller": ("总量 {value} 只有同一序列前后一年内总量中位数（{median}）的 {times} 分之一"
                      "（规则：相差超过 {factor} 倍）：请检查单位（{unit}）并确认不是增速",
                      "level {value} is {times} times smaller than the median ({median}) of "
                      "the same series' levels within a year (rule: more than {factor} times "
                      "off): check the unit ({unit}) and that it is not a growth rate"),
    "level_far_below": ("总量 {value} 远低于同一序列前后一年内总量中位数（{median}）"
                        "（规则：相差超过 {factor} 倍）：请检查单位（{unit}）并确认不是增速",
                        "level {value} is far below the median ({median}) of the same series' "
                        "levels within a year (rule: more than {factor} times off): check the "
                        "unit ({unit}) and that it is not a growth rate"),
    # conflicts and revisions
    "value_at": ("{value}（{at}）", "{value} ({at})"),
    "more": ("另有 {n} 个", "and {n} more"),
    "conflict": ("{what}：来源不一致；采用 {kept}，未采用 {others}：{reason}",
                 "{what}: sources differ; kept {kept} over {others}: {reason}"),
    "revision": ("修订：{what} 由 {old}（{old_at}）改为 {new}（{new_at}），{ground}",
                 "revised: {what} {old} ({old_at}) replaced by {new} ({new_at}), {ground}"),
    "reason_user": ("您自己的文件优先于随附数据", "your own file beats the shipped data"),
    "reason_released": ("后发布者优先（发布于 {date}）", "published later wins (released {date})"),
    "reason_later_file": ("后发布者优先（数据截至 {period} 的文件）",
                          "published later wins (the file with figures to {period})"),
    "reason_vintage": ("核算版本 {kept} 优先于 {other}", "vintage {kept} beats {other}"),
    # what check-data and import say of files that cannot be used
    "check_invalid": ("{problems} 个问题：文件无效", "{problems} problem(s): the file(s) are "
                                                "not valid"),
    "check_invalid_warnings": ("{warnings} 条警告，{problems} 个问题：文件无效",
                               "{warnings} warning(s) and {problems} problem(s): the file(s) "
                               "are not valid"),
    # provenance
    "own_files_none": ("未使用本地数据：全部为随附的公开数据",
                       "No figures of your own: all are the shipped published data"),
    "own_files": ("本地数据（非公开）：{files}", "Your own figures (not public): {files}"),
    "own_file": ("{name} {rows}条", "{name} ({rows} figures)"),
    # the new measures, conflicts decided or refused, import, the cache (issues 17, 19, 20)
    "word_month_growth_pct": ("当月增速", "that month's growth"),
    "word_month_level": ("当月总量", "that month's level"),
    "measure_not_for": ("{indicator} 没有 {measure}（单位 {unit}）：当月总量只适用于总量指标，"
                        "增速变化只适用于有不变价或现价增速的指标",
                        "{indicator} has no {measure} (unit {unit}): a month's level belongs to "
                        "an amount, a change in growth to an indicator with real or nominal "
                        "growth"),
    "target_zero": ("目标总量为 0：无法衡量完成进度；请填写目标值，或删去此行",
                    "a level target of 0 cannot measure progress: give the target or delete "
                    "the row"),
    "change_implausible": ("增速变化 {value} 个百分点超出 ±{limit}：请确认不是增速本身",
                           "a change of {value} points is beyond ±{limit}: check it is not the "
                           "growth itself"),
    "conflict_notice": ("{what}：来源不一致；采用 {kept}（{kept_at}），未采用 {others}：{reason}",
                        "{what}: sources differ; kept {kept} ({kept_at}) over {others}: "
                        "{reason}"),
    "revision_released": ("以后发布的为准（发布于 {date}）", "published later ({date})"),
    "revision_inferred": ("以后发布的为准（两者均未写发布日期：数据截至 {period} 的文件视为后发布；"
                          "如不然，请写明发布日期或用 --prefer 指定）",
                          "published later (neither states a release date: the file with "
                          "figures to {period} counts as later; if it is not, state the release "
                          "date or choose with --prefer)"),
    "reason_prefer": ("按 --prefer 采用 {file}", "--prefer chose {file}"),
    "reason_layout": ("同一期发布：统计局原表优先于整理后的文件",
                      "one publication: the bureau's own table beats a file in the suite's "
                      "layout"),
    "reason_first_vintage": ("按截至当时首次公布的版本（{kept}；{other} 为其后修订）",
                             "as first published by then ({kept}; {other} is a later "
                             "revision)"),
    "undecided": ("{what}：{value} 与 {others}不一致，且发布日期、版本、表式均相同，"
                  "无法判定采用哪个：请用 --prefer 文件 指定，或在文件中写明发布日期（vintage 列，"
                  "或表上方“发布日期：”一行）",
                  "{what}: {value} and {others} differ, with the same release, vintage "
                  "and layout, so neither can be chosen: name the one to use with --prefer "
                  "FILE, or state the release date in the file (the vintage column, or a "
                  "发布日期: line above the table)"),
    "prefer_unknown": ("--prefer {path}：未读取此文件（读取的本地文件：{files}）",
                       "--prefer {path}: no such file was read (your files read: {files})"),
    "prefer_ambiguous": ("--prefer {name}：有多个同名文件（{files}）；请写出路径",
                         "--prefer {name}: several files have that name ({files}); give the "
                         "path"),
    "change_disagrees": ("{period} 增速比上期变化 {change} 个百分点，与 {prev_period} 增速 {prev}"
                         "（{prev_at}）和 {period} 增速 {growth}（{growth_at}）之差 {computed} "
                         "不符",
                         "{period}: the stated change of growth, {change} points, does not "
                         "match {prev_period}'s growth {prev} ({prev_at}) and {period}'s "
                         "{growth} ({growth_at}), a change of {computed}"),
    "level_falls": ("累计总量 {value}（{period}）低于 {other_period} 的 {other}（{other_at}）："
                    "年内累计数不会回落，请检查单位、时期或是否为当月数",
                    "the year-to-date level {value} ({period}) is below {other_period}'s "
                    "{other} ({other_at}): a year-to-date total cannot fall; check the unit, "
                    "the period, or whether it is a single month's level"),
    "month_above_ytd": ("当月总量 {value}（{period}）大于同期累计总量 {other}（{other_at}）："
                        "请检查两列是否颠倒或单位",
                        "the month's level {value} ({period}) is above the year-to-date level "
                        "{other} ({other_at}): are the columns swapped, or the units?"),
    "month_far_below_ytd": ("当月总量 {value}（{period}）不到同期累计总量 {other}（{other_at}）"
                            "按月平均的 {factor} 分之一：请检查单位",
                            "the month's level {value} ({period}) is more than {factor} times "
                            "below an even monthly share of the year-to-date level {other} "
                            "({other_at}): check the unit"),
    "prefer_help": ("两个文件给出同一数字而规则无法判定时（发布日期、版本、表式均相同），"
                    "采用此文件的；可重复",
                    "where two files give one figure and the rule cannot choose (same release, "
                    "vintage and layout), use this file's; repeatable"),
    "import_skipped_name": ("{path}：导入后的文件 {name} 会被 data/local/ 跳过（以 README、"
                            "“.”或“~$”开头）；请先给输入文件改名",
                            "{path}: the imported file {name} would be passed over in "
                            "data/local/ (a name starting with README, '.' or '~$'); rename "
                            "the input first"),
    "import_differs": ("读回时数字与导入的不同：未写入（请报告此问题）",
                       "read back, its figures differ from those imported: not written "
                       "(please report this)"),
    "xlsx_doctype": ("工作簿部件 {part} 含文档类型定义（DOCTYPE）：Excel 和 WPS 不会写出这种内容，"
                     "它可用于展开出巨量数据；已拒绝。请在 Excel 中另存为新的 .xlsx",
                     "workbook part {part} declares a document type (DOCTYPE), which Excel and "
                     "WPS never write and which can expand into huge data: refused. Save it "
                     "again as a new .xlsx from Excel"),
    "xlsx_strings": ("共享字符串超过 {limit:,} 个，多于一个文件可容纳的单元格：文件是否已损坏？"
                     "请在 Excel 中重新保存",
                     "holds more than {limit:,} shared strings, more than a file may hold "
                     "cells: is it damaged? Save it again from Excel"),
} | BUREAU
