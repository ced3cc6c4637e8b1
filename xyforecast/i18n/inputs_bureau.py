"""Messages of reading a bureau's 统计月报 table (``inputs/bureau.py``, ``headers``,
``titles``): what each column is, titles, units, merges. Part of the "inputs" area:
looked up as "inputs.<name>" (``i18n/inputs.py`` merges them)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # a bureau's table
    "bureau_no_header": ("此列有数字但没有表头", "figures under a column without a header"),
    "bureau_unknown_column": ("无法识别列标题“{header}”（应为本月、1-9月累计、同比增长% 等）",
                              "column header {header!r} is not understood (expected 本月, "
                              "1-9月累计, 同比增长% …)"),
    "bureau_note_figures": ("表下注释中有数字；请把注释移到表格之后或删除该数字",
                            "a figure among the notes under the table; keep notes below the "
                            "table, without figures"),
    "bureau_uncached": ("此格是公式，但文件中没有保存计算结果，未导入：请在 Excel 或 WPS 中打开"
                        "并保存后再导入",
                        "a formula saved without its result, not imported: open the file in "
                        "Excel or WPS and save it, then import it again"),
    "bureau_no_name": ("此行有数字但没有指标名称", "figures in a row without an indicator name"),
    "bureau_total": ("“{name}”是合计行，不是指标：请删除该行",
                     "{name!r} is a totals row, not an indicator: delete the row"),
    "bureau_unknown_indicator": ("无法识别指标“{name}”{hint}；请删除该行，或把这一名称写入 "
                                 "data/aliases.csv",
                                 "indicator {name!r} is not known{hint}; delete the row or add "
                                 "the name to data/aliases.csv"),
    "bureau_notes_skipped": ("表下第 {rows} 行为注释，已跳过",
                             "notes under the table (row{s} {rows}) skipped"),
    "bureau_title_merged": ("单元格 {cells} 已合并，标题伸入了表头；请取消合并，把标题放在表头之上",
                            "cells {cells} are merged from the title into the header; unmerge "
                            "them and keep the title above the header"),
    "bureau_regions": ("标题“{title}”提到多个地区（{regions}）；每张表只能是一个地区",
                       "the title {title!r} names several regions ({regions}); one table, "
                       "one region"),
    "bureau_no_region": ("找不到地区：请在标题（如 荥阳市2025年1-9月主要经济指标）"
                         "或文件名中写明地区",
                         "the region cannot be found: name it in the title (e.g. "
                         "荥阳市2025年1-9月主要经济指标) or in the file's name"),
    "bureau_no_period": ("找不到“{header}”列的时期：请在标题（如 2025年1-9月）、"
                         "工作表名或文件名中写明",
                         "the period of column {header!r} cannot be found: write it in the "
                         "title (e.g. 2025年1-9月), the sheet's name or the file's name"),
    "bureau_no_year": ("找不到“{header}”列的年份：请在标题（如 2025年1-9月）或文件名中写明",
                       "the year of column {header!r} cannot be found: write it in the title "
                       "(e.g. 2025年1-9月) or the file's name"),
    "bureau_repeat": ("同一时期的数字与 {other}（{value}）不同（此处为 {mine}）："
                      "两张表给出同一月份的不同数字",
                      "differs from {other} ({value}; here {mine}): two tables give different "
                      "figures for the same month"),
    # a bureau's table: what each column is, titles, units, merges (issue 19)
    "bureau_column": ("{cell}“{header}”（{kind}）", "{cell} {header!r} ({kind})"),
    "bureau_not_read": ("以下列不是本年的数字，未导入：{columns}",
                        "columns that are not this year's figures, not imported: {columns}"),
    "bureau_kind_growth_pct": ("累计增速", "year-to-date growth"),
    "bureau_kind_level": ("累计数", "year-to-date level"),
    "bureau_kind_month_growth_pct": ("当月增速", "the month's growth"),
    "bureau_kind_month_level": ("本月数", "the month's level"),
    "bureau_kind_change_pp": ("增速比上期的变化（百分点）",
                              "change of growth against the previous period, in points"),
    "bureau_kind_change_yoy_pp": ("比上年同期的变化（百分点）",
                                  "change against last year, in points"),
    "bureau_kind_last_year": ("上年数", "last year's figures"),
    "bureau_kind_target": ("目标", "a target"),
    "bureau_kind_plan": ("计划或进度", "a plan or progress against it"),
    "bureau_kind_estimate": ("预计数", "an estimate"),
    "bureau_kind_share": ("比重", "a share"),
    "bureau_kind_contribution": ("拉动或贡献", "a contribution to growth"),
    "bureau_kind_rank": ("位次", "a rank"),
    "bureau_kind_month_on_month": ("环比", "month-on-month change"),
    "bureau_kind_note": ("备注", "notes"),
    "bureau_same_columns": ("{cell}“{header}”与 {other}“{other_header}”都是同一时期的{kind}："
                            "同一数字只能有一列；请删除其中一列或改正其表头",
                            "{cell} {header!r} and {other} {other_header!r} both hold {kind} "
                            "for the same period: one figure, one column; delete one or "
                            "correct its header"),
    "bureau_merged_name_rows": ("指标名称合并在 {cells}，此行与 {other} 给出 {name} 的同一数字"
                                "却不相同（{value} 与 {mine}）：请取消合并，每行写明指标名称",
                                "the name is merged over {cells}: this row and {other} give "
                                "the same figure of {name} with different values ({value} and "
                                "{mine}); unmerge it and name each row"),
    "bureau_same_rows": ("此行与 {other} 给出 {name} 的同一数字却不相同（{value} 与 {mine}）："
                         "每个指标只能有一行",
                         "this row and {other} give the same figure of {name} with different "
                         "values ({value} and {mine}): one row per indicator"),
    "bureau_change_unplaced": ("“{header}”比较的是 {base}，而{indicator}的上一期是 {previous}："
                               "此数不是增速比上期的变化，未导入",
                               "{header!r} compares with {base}, but the previous release of "
                               "{indicator} is {previous}: not a change against the previous "
                               "period, not imported"),
    "bureau_unit_differs": ("单位不一致：{cell} 为“{unit}”，{other} 为“{other_unit}”；"
                            "按更具体的 {cell}（{unit}）读取",
                            "units disagree: {cell} says {unit!r}, {other} says "
                            "{other_unit!r}; read as {unit}, the more specific"),
    "bureau_invisible": ("“{value}”中有不可见字符（{chars}），已去掉",
                         "{value!r} holds invisible characters ({chars}): removed"),
    "bureau_said_title": ("标题（{cell}）“{text}”", "the title ({cell}) {text!r}"),
    "bureau_said_sheet": ("工作表名“{text}”", "the sheet's name {text!r}"),
    "bureau_said_file": ("文件名“{text}”", "the file's name {text!r}"),
    "bureau_region_differs": ("{said}与{other}所写地区不同：按前者读作{region}的数字；"
                              "若有误，请改正标题或文件名",
                              "{said} and {other} name different regions: read as figures of "
                              "{region}, as the former says; if wrong, correct the title or "
                              "the file's name"),
    "bureau_period_differs": ("{said}与{other}所写月份不同：请改正其一",
                              "{said} and {other} name different months: correct one of "
                              "them"),
    "merges_overlap": ("合并单元格 {first} 与 {second} 重叠：Excel 不会写出这样的文件（已损坏或"
                       "由其他程序生成）；请在 Excel 中取消这些合并后重新保存",
                       "merged ranges {first} and {second} overlap: Excel never writes that "
                       "(the file is damaged or was made by another program); unmerge them "
                       "in Excel and save again"),
    "xlsx_encrypted": ("是设有打开密码的 Excel 工作簿（加密后的 OLE 复合文档，不是旧版 .xls）："
                       "请在 Excel 或 WPS 中打开，取消密码后另存为 .xlsx",
                       "is a password-protected Excel workbook (an encrypted OLE compound "
                       "file, not an old .xls): open it in Excel or WPS, remove the password "
                       "and save it as .xlsx"),
    "wps_et": ("是 WPS 表格文件（.et）：请在 WPS 中“另存为”Excel 工作簿（.xlsx）",
               "is a WPS spreadsheet (.et): in WPS, save it as an Excel workbook (.xlsx)"),
    "xlsx_strict": ("是“Strict Open XML 电子表格”格式，无法读取：请在 Excel 中“另存为”，"
                    "保存类型选“Excel 工作簿 (*.xlsx)”",
                    "is a Strict Open XML spreadsheet, which cannot be read: in Excel, save "
                    "it as type \"Excel Workbook (*.xlsx)\""),
    "row_zero": ("工作表“{sheet}”有编号为 0 的行：Excel 的行从 1 开始编号，此文件不是 Excel 写出的"
                 "或已损坏；请在 Excel 中打开后重新保存",
                 "sheet {sheet!r} has a row numbered 0: Excel numbers rows from 1, so the file "
                 "was not written by Excel or is damaged; open it in Excel and save it again"),
}
