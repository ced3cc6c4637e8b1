"""The Word report's sentences (``outputs/analysis.py``, ``progress.py``, ``movement_table.py``
and ``word.py``), merged into ``report``: keys "report.<name>". The Chinese ones are written
with ASCII punctuation like the rest of the catalogue and printed full-width (``typeset``)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "doc_title": ("{region}{period}经济运行分析", "{region}: the economy in {period}"),
    "doc_language": ("zh-CN", "en"),  # the document's language tag
    "doc_dateline": ("数据截至{cutoff}", "Data up to {cutoff}"),
    "doc_h": ("{numeral}、{title}", "{n}. {title}"),  # a numbered section heading
    "doc_h_overview": ("总体情况", "Overview"),
    "doc_h_indicators": ("主要指标运行情况", "The headline indicators"),
    "doc_h_movement": ("预测的变化", "How the projections moved"),
    "doc_h_peers": ("与{parent}其他{level}比较", "Among {parent}'s other {level}"),
    "doc_h_targets": ("年度目标完成进度", "Progress on the report's targets"),
    "doc_h_note": ("说明", "Method and data"),
    "doc_h_indicator": ("({numeral}){name}", "{section}.{n} {name}"),
    "doc_counts": ("截至{cutoff},{region}五项主要指标中,{parts}。",
                   "Up to {cutoff}, of {region}'s five headline indicators {parts}."),
    "doc_best": ("达标概率最高的是{best}({p_best}),最低的是{worst}({p_worst})。",
                 "The most likely to be met is {best} ({p_best}), the least likely {worst} "
                 "({p_worst})."),
    "doc_borrowed": ("{n}项指标{region}本年尚无本地数据,借用上级地区数据推算,区间相应放宽;"
                     "加入统计月报数据后将改用本地数据。",
                     "{n} have no {region} figures this year and borrow from the reference "
                     "regions, with wider intervals; the bureau's monthly figures replace them "
                     "once added."),
    # one indicator, from the whole row of the bureau's table
    "doc_own": ("{period},{region}{name}同比{growth}",
                "In {period}, {region}'s {name} was {growth} year on year"),
    "doc_own_level": ("{period},{region}{name}完成{level},同比{growth}",
                      "In {period}, {region}'s {name} came to {level}, {growth} year on year"),
    "doc_grew": ("增长{value}%", "up {value}%"),
    "doc_fell": ("下降{value}%", "down {value}%"),
    "doc_change": (",增速比{previous}{direction}{change}个百分点",
                   ", growth {change} points {direction} on {previous}"),
    "doc_change_level": (",增速与{previous}持平", ", growth level with {previous}"),
    "doc_change_disagrees": ("(按{previous}、{period}两期增速计算为{computed},"
                             "与表中所列不符,请核对)",
                             " (as the table states it; its growth figures for {previous} and "
                             "{period} give {computed}: please check)"),
    "doc_change_by": ("{direction}{change}个百分点", "{change} points {direction}"),
    "doc_change_same": ("持平", "no change"),
    "doc_previous": ("上期", "the previous period"),
    "doc_up": ("提高", "up"),
    "doc_down": ("回落", "down"),
    "doc_month": ("{m}月", "{name}"),
    "doc_quarter": ("{q}季度", "Q{n}"),
    "doc_month_level": (";其中{when}完成{level}", "; {when} alone: {level}"),
    "doc_month_and": (",同比{growth}", ", {growth} year on year"),
    "doc_month_growth": (";其中{when}同比{growth}", "; {when} alone: {growth} year on year"),
    "doc_gap": (",{direction}{parent}{gap}个百分点", ", {gap} points {direction} {parent}"),
    "doc_gap_level": (",与{parent}持平", ", level with {parent}"),
    "doc_above": ("高于", "above"),
    "doc_below": ("低于", "below"),
    "doc_higher": ("高", "above"),
    "doc_lower": ("低", "below"),
    "doc_rank": (",在{parent}{n}个有数据的{level}中居第{rank}位",
                 ", ranking {rank} of the {n} {level} of {parent} with figures"),
    "doc_stop": ("。", "."),
    "doc_months": ("1-{m}月", "{span}"),  # a period of this year named again, without the year
    "level_county": ("县（市）", "counties"),  # a noun of prose: printed full-width
    "level_prefecture": ("省辖市", "prefectures"),
    "level_province": ("省份", "provinces"),
    "level_country": ("国家", "countries"),
    "doc_latest_other": ("{region}本年尚无{name}数据,预测参照{other}{period}同比{growth}。",
                         "{region} has no {name} figures this year; the projection starts "
                         "from {other}'s figure for {period}, {growth}."),
    "doc_latest_last_year": ("{region}本年尚无{name}数据,最近一年({period})同比{growth}。",
                             "{region} has no {name} figures this year; its latest full year "
                             "({period}) was {growth}."),
    "doc_latest_none": ("{region}尚无{name}数据。", "{region} has no {name} figures."),
    "doc_target": ("年度目标为{label}{rule},预计全年{median},80%区间为{interval},"
                   "达标概率{p},{status}。",
                   "The target is {label}{rule}; the full year is projected {median} "
                   "(80% interval {interval}), with a {p} probability of meeting it: "
                   "{status}."),
    # an interval in prose: in words where it reaches below zero (no minus sign)
    "doc_interval": ("{low}%～{high}%", "{low}% to {high}%"),
    "doc_interval_words": ("{low}至{high}", "{low} to {high}"),  # Chinese only
    "doc_rule_at_least": ("(增长{threshold}%以上即视为完成)", " (met from {threshold}%)"),
    "doc_rule_at_most": ("(不高于{threshold}%即视为完成)", " (met up to {threshold}%)"),
    "doc_no_target": ("本年未设增速目标,预计全年{median}(80%区间为{interval})。",
                      "No growth target is set; the full year is projected {median} "
                      "(80% interval {interval})."),
    "doc_no_projection": ("目前无法作出预测。", "No projection can be made yet."),
    # statuses in the bureau's words, as a clause (each holds its label of the tables)
    "doc_status_on_track": ("有望完成全年目标", "{status}"),
    "doc_status_at_risk": ("完成全年目标存在一定压力", "{status}"),
    "doc_status_off_track": ("完成全年目标压力较大", "{status}"),
    "doc_status_unknown": ("尚无法判断能否完成全年目标", "{status}"),
    "doc_status_no_target": ("{status}", "{status}"),
    # 余下时期需增长 is the stated target's; the 达标线 figure has its own label
    "doc_required": ("余下时期需增长{need}%方能实现全年目标",
                     "The rest of the year needs {need}% to reach the target"),
    "doc_required_fall": ("余下时期下降不超过{need}%即可实现全年目标",
                          "The rest of the year may fall by up to {need}% and still reach "
                          "the target"),
    "doc_required_threshold": ("(达标线所需增速{need}%)",
                               " (growth needed for the met line: {need}%)"),
    "doc_required_threshold_fall": ("(按达标线测算,下降不超过{need}%即可)",
                                    " (for the met line it may fall by up to {need}%)"),
    "doc_required_unknown": ("余下时期所需增速待{region}本年累计数据及上年同期基数到位后测算。",
                             "What the rest of the year needs awaits {region}'s own "
                             "figures for this year and last year's base."),
    # a level target against 序时进度 (outputs/progress.py)
    "doc_level": ("年度目标{label},{period}完成{done}{unit},完成年度目标的{share_done},"
                  "{against}(序时进度{elapsed})",
                  "Level target {label}: {done}{unit} done in {period}, {share_done} of it, "
                  "{against} ({elapsed} of the year gone)"),
    "doc_level_seasonal": (";常规进度为{seasonal}({source}),{against}",
                           "; the usual share by then is {seasonal} ({source}): {against}"),
    "doc_level_rest": (";余下时期需完成{rest}{unit}。",
                       "; the rest of the year needs {rest}{unit}."),
    "doc_pace": ("{direction}{pace}{gap}个百分点", "{gap} points {direction} {pace}"),
    "doc_pace_level": ("与{pace}持平", "level with {pace}"),
    "doc_elapsed_pace": ("序时进度", "the time elapsed"),
    "doc_seasonal_pace": ("常规进度", "the usual share"),
    "doc_faster": ("快于", "ahead of"),
    "doc_slower": ("慢于", "behind"),
    "doc_level_none": ("年度目标{label},本年尚无完成额数据,暂无法对照序时进度。",
                       "Level target {label}: no figures of the amount done this year yet, "
                       "so no comparison with the time elapsed."),
    # how the projection moved
    "doc_moved": ("与{before}相比,{name}全年预测{direction}{moved}个百分点至{median},{chance}",
                  "since {before}, the {name} projection moved {direction} {moved} points to "
                  "{median}, {chance}"),
    "doc_moved_level": ("与{before}相比,{name}全年预测持平于{median},{chance}",
                        "since {before}, the {name} projection held at {median}, {chance}"),
    "doc_chance_moved": ("达标概率由{p_before}变为{p_now}",
                         "and the probability of meeting the target from {p_before} to "
                         "{p_now}"),
    "doc_chance_same": ("达标概率仍为{p_now}",
                        "the probability of meeting the target still {p_now}"),
    "doc_raised": ("上调", "up"),
    "doc_lowered": ("下调", "down"),
    "doc_news": (";新公布的{region}{period}累计{growth},比此前预期({expected})"
                 "{direction}{surprise}个百分点。",
                 "; the new figure, {region}'s for {period}, {growth}, was {surprise} points "
                 "{direction} the {expected} expected."),
    "doc_news_level": (";新公布的{region}{period}累计{growth},与此前预期持平。",
                       "; the new figure, {region}'s for {period}, {growth}, was as "
                       "expected."),
    "doc_news_month": (";新公布的{region}{period}当月(当季){growth}。",
                       "; the new figure: {region}'s growth of {value}% in {period} alone."),
    "doc_since_start": ("{name}:{start}时预测全年{first},达标概率{p_first};",
                        "{name}: projected at {first_rate} in {start} ({p_first} to meet the "
                        "target); "),
    "doc_basis_change": ("{name}:{change},全年预测{median},达标概率{p};此前依据{other}数据推算,"
                         "口径不同,不与此前预测比较。",
                         "{name}: {change}; the full year is projected {median}, with a {p} "
                         "probability of meeting the target. Earlier projections rested on "
                         "{other}'s figures, a different basis, and are not compared."),
    "news_basis_change": ("本期起采用{region}本地数据", "{region}'s own figures from here on"),
    "doc_movement_none": ("{name}:本年尚无新公布数据,预测未变。",
                          "{name}: no new figure this year, the projection has not moved."),
    "doc_movement_basis_note": ("注:{names}自本期起采用{region}本地数据,此前各期借用上级地区数据,"
                                "口径不同,达标概率的变化不代表形势变化。",
                                "Note: {names} rest on {region}'s own figures from this "
                                "release on, earlier ones on its reference regions': a change "
                                "of basis, not of the outlook."),
    "doc_peers_siblings_none": ("{parent}其他{level}尚无与{region}同期({period})的数据,"
                                "暂无法比较排位。",
                                "{parent}'s other {level} have no figures for the same period "
                                "as {region} ({period}) yet: no ranking."),
    "doc_peers_own_none": ("{region}本年尚无本地数据,暂无法与{parent}其他{level}比较排位。",
                           "{region} has no figures of its own this year yet: no ranking "
                           "among {parent}'s other {level}."),
    "doc_targets_intro": ("除五项主要指标外,政府工作报告还提出{n}项量化目标,其中{k}项已有数据,"
                          "进度见表3。",
                          "Besides the five headline indicators the report sets {n} "
                          "quantitative targets; {k} have figures, in Table 3."),
    "doc_targets_none": ("除五项主要指标外,政府工作报告还提出{n}项量化目标,本年均暂无数据。",
                         "Besides the five headline indicators the report sets {n} "
                         "quantitative targets; none has figures this year yet."),
    "doc_targets_rest": ("其余{m}项目标暂无数据。", "The other {m} have no figures yet."),
    "doc_table_h": ("表1 主要指标目标达成预测", "Table 1. The headline indicators"),
    "doc_chart_h": ("图1 各指标全年预测与目标", "Figure 1. Each indicator against its target"),
    "doc_movement_chart_h": ("图2 全年预测的逐月变化", "Figure 2. How the projections moved"),
    "doc_movement_table_h": ("表2 各期达标概率", "Table 2. Probability of meeting the target, "
                             "release by release"),
    "doc_targets_table_h": ("表3 其他量化目标进度", "Table 3. Progress on the other targets"),
    "doc_note_method": ("预测方法:每项指标按证据顺序推算全年——本地区本年累计数据、本地区历年数据、"
                        "上级地区(郑州市、河南省、全国)的预测加本地与上级的持续差距;区间经历史"
                        "回测校准,达标概率按目标的达标规则计算。表中“全年预测”为预测分布的中位数,"
                        "“80%区间”为全年增速有80%的可能落入的范围。",
                        "Method: each indicator's full year is projected from the best "
                        "evidence available — the region's own figures this year, its own "
                        "history, or its reference regions' projection plus the gap it "
                        "keeps to them; intervals are calibrated on the backtest, and the "
                        "probability follows each target's rule. The tables' full-year "
                        "projection is the median; the 80% interval holds the full year's "
                        "growth with a probability of 80%."),
    "doc_note_basis": ("{name}:{basis}", "{name}: {basis}"),
    "doc_note_targets": ("目标来源:{report}。", "Targets: {report}."),
    "doc_note_sources": ("数据来源:国家统计局、河南省及郑州市统计部门等公开发布数据{shipped}条,"
                         "本地自有数据{user}条。",
                         "Data: {shipped} published figures (National Bureau of Statistics, "
                         "Henan and Zhengzhou statistics bureaus and others) and {user} of "
                         "your own."),
    "doc_note_conflicts": ("同一数据来源不一致{n}处,均按规则选取:{list}。",
                           "{n} figures differ between sources, each decided by the rule: "
                           "{list}."),
    "doc_note_conflicts_chain": ("上级地区的数据中有{n}处同一数据来源不一致,均按同一规则选取其一。",
                                 "{n} figures of the reference regions differ between "
                                 "sources, each decided by the same rule."),
    "doc_note_rules": ("达标规则:{met}。状态规则:{status}。",
                       "Met when: {met}. Status: {status}."),
    "doc_note_fonts": ("本文档按党政机关公文格式排版,标题用{title},正文用{body},"
                       "标题层次用{h1}、{h2}",
                       "Typeset after Chinese official-document habits: the title in {title}, "
                       "the body in {body}, headings in {h1} and {h2}"),
    "doc_note_font_instead": ("{used}(代替{official})", "{used} (for {official})"),
    "doc_note_fonts_replaced": (";生成本文档的电脑未装括号内的公文字体,以同类字体代替。",
                                "; the machine that made it lacks the official fonts in "
                                "brackets, and fonts of the same kind stand in."),
    "doc_note_derived": (",其中{n}条由统计月报所列增速比上期提高推算。",
                         ", {n} of them worked out from the change on the previous period "
                         "the bureau's table states."),
    # table cells (outputs/tables.py): one way of writing each figure in every table
    "interval": ("{low}～{high}", "{low} to {high}"),
    "cell_latest_own": ("{value}%（{period}）", "{value}% ({period})"),
    "cell_latest_of": ("{value}%（{period}，{region}）", "{value}% ({period}, {region})"),
    # the targets' source: the government work report itself
    "work_report": ("{region}{year}年政府工作报告", "{region}'s {year} government work report"),
    "col_copy": ("原文", "Text"),
    "source_text": ("{path}", "{path}"),
    "source_mirror": ("网络转载:{url}", "reprinted at {url}"),
    "doc_col_when": ("数据截至", "Cut-off"),
    "doc_start": ("上年末", "the December before"),
    "col_progress": ("进展", "Progress"),
    "progress_level": ("{period}完成{value}{unit},占目标{share}",
                       "{value}{unit} by {period}, {share} of the target"),
    "progress_value": ("{period}为{value}{unit}", "{value}{unit} in {period}"),
    "progress_growth": ("{period}增长{value}%", "{value}% growth in {period}"),
    "progress_none": ("暂无数据", "no figures yet"),
}
