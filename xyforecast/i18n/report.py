"""Messages of the report layer: {name: (zh, en)}, looked up as "report.<name>".

Grouped by where they show: the pages (data, indicator, dashboard, track record), the charts,
the workbook, the index and navigation, and the render's own messages. Numbers arrive
already rounded (``outputs.numbers``), so a format spec here never rounds a second time.
"""

from __future__ import annotations

from xyforecast.i18n.report_documents import (
    DOCUMENT_PUNCTUATION,
    typeset,
    typeset_render,
    typeset_t,
    typeset_template,
)
from xyforecast.i18n.report_documents import MESSAGES as DOCUMENTS
from xyforecast.i18n.report_runner import MESSAGES as RUNNER
from xyforecast.i18n.report_word import MESSAGES as WORD

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the forecast's own sentences (forecast.py, outputs/summary.py) ---
    "basis_change": ("自{period}起采用{region}本地数据",
                     "from {period} on, {region}'s own figures"),
    "rule_status": ("达标概率不低于{on_track}为“有望完成”，{at_risk}至{on_track}为“存在一定压力”，"
                    "低于{at_risk}为“压力较大”",
                    "on track: a probability of meeting of {on_track} or more; at risk: "
                    "{at_risk} to {on_track}; "
                    "off track: below {at_risk}"),
    "doc_elapsed": ("已过月数占全年比重", "the months elapsed of twelve"),
    "rule_met": ("不低于目标值；“左右”目标低于目标{tolerance}个百分点以内即视为达标；"
                 "“以下”目标不高于目标值",
                 "at least the target; 'about' targets from {tolerance} points below; "
                 "'at most' targets at or below"),
    # --- page titles ---
    "title_dashboard": ("总览", "Dashboard"),
    "title_data": ("数据说明", "The data"),
    "title_track-record": ("历史检验", "Track record"),
    # --- the data page ---
    "data_title": ("# {region}:数据说明", "# {region}: the data"),
    "data_sub": ("数据截至{cutoff} · 数据文件{files}个(指纹 {sha}) · {own}",
                 "Data up to {cutoff} · {files} data files (fingerprint {sha}) · {own}"),
    "own_rows": ("{region}共有{rows}条公开数据{mine},涉及{indicators}项指标,最新时期为{latest}。",
                 "{region} has {rows} published figures{mine} on {indicators} indicators; the "
                 "latest is for {latest}."),
    "own_rows_mine": ("及{n}条本地自有数据(非公开)", " and {n} of your own (not public)"),
    "own_none": ("{region}尚无任何数据。", "{region} has no figures yet."),
    "this_year": ("{year}年已有本地数据,截至{latest}。",
                  "Its own {year} figures run to {latest}."),
    "borrow": ("{year}年尚无本地数据:预测借用参考地区{chain}的数据,并计入县际离散度,区间相应放宽。"
               "在 data/local/ 加入统计月报数据后,预测将改用本地数据。",
               "There are no {year} figures of its own yet: the projections borrow from its "
               "reference regions ({chain}) and widen their intervals for the spread between "
               "counties. Add the bureau's monthly figures to data/local/ and they use "
               "its own."),
    "conflicts": ("{region}及参考地区截至{cutoff}共有{n}处来源冲突,均按 data/README.md "
                  "的规则选取一个数值,见下表。",
                  "{region} and its reference regions have {n} conflicts between sources up "
                  "to {cutoff}; each is resolved by the rule in data/README.md (table below)."),
    "no_conflicts": ("{region}及参考地区无来源冲突。",
                     "{region} and its reference regions have no conflicts between sources."),
    "coverage_h": ("## 现有数据", "## What exists"),
    "reference_h": ("## 参考地区的最新数据", "## Latest figures of the reference regions"),
    "targets_h": ("## {year}年目标及来源", "## {year} targets and their sources"),
    "sources_h": ("## 数据来源", "## Sources"),
    "conflicts_h": ("## 来源冲突", "## Conflicts between sources"),
    "territory": ("{measure}({territory})", "{measure} ({territory})"),
    # why one figure was kept over another (inputs' rule, data/README.md)
    # --- the indicator page ---
    "ind_title": ("# {region} · {name} · {year}年", "# {region} · {name} · {year}"),
    "ind_sub": ("数据截至{cutoff} · {basis}", "Data up to {cutoff} · {basis}"),
    "price_real": ("按不变价计算的实际增速", "real growth (constant prices)"),
    "price_nominal": ("按现价计算的名义增速", "nominal growth (current prices)"),
    "price_none": ("增速", "growth"),
    "projection": ("预计全年{median},80%区间为{i80}(95%区间为{i95})。",
                   "The full year is projected {median}, with an 80% interval of "
                   "{i80} (95%: {i95})."),
    "no_projection": ("目前无法作出预测。", "No projection can be made yet."),
    "target": ("年度目标为{label}{rule},达标概率{p},{status}。",
               "The target is {label}{rule}; the probability of meeting it is {p}: "
               "{status}."),
    "no_target": ("本年未设该指标的增速目标。", "The report sets no growth target for it."),
    "required_published": ("全年数据已公布,无需推算余下时期。",
                           "The full year is published: nothing is left to need."),
    "history_h": ("## 历年增速与目标", "## Growth and targets by year"),
    "projection_h": ("## 全年预测", "## The full-year projection"),
    "ytd_h": ("### 本年累计数据", "### This year's figures so far"),
    "basis_h": ("## 依据与规则", "## Basis and rules"),
    "candidates_h": ("## 备选模型", "## The models weighed"),
    "candidates": ("各模型单独给出的全年预测、在本预测中所占权重,以及实时回测中的样本外得分"
                   "(CRPS与平均绝对误差,百分点,越低越好;年度模型按上年12月的案例计)。"
                   "ARIMA与ETS由statsmodels拟合,区间为模型自身给出;其余区间按回测误差校准。"
                   "权重为0的模型参与了比较,但回测未选用。{whose}",
                   "What each model says on its own, the weight it carries in the projection "
                   "shown, and its out-of-sample score in the real-time replay (CRPS and mean "
                   "absolute error, points, lower is better; annual models scored in the "
                   "December before). ARIMA and ETS are fitted by statsmodels and give their "
                   "own intervals; the others' are the calibrated spread. A weight of 0: "
                   "weighed, not chosen by the replay.{whose}"),
    "candidates_whose": ("以上模型依据{region}的数据拟合,并按本地与其差距及离散度调整。",
                         " The models are fitted on {region}'s figures, moved by the gap to "
                         "it and widened by that gap's spread."),
    "candidates_none": ("本预测无备选模型(全年数据已公布,或无数据)。",
                        "No models to weigh (the full year is published, or there are no "
                        "figures)."),
    "col_model": ("模型", "Model"),
    "col_interval80": ("80%区间", "80% interval"),
    "col_interval_from": ("区间来自", "Interval from"),
    "col_weight": ("权重", "Weight"),
    "col_crps": ("CRPS(回测)", "CRPS (replay)"),
    "col_mae_replay": ("平均绝对误差(回测)", "MAE (replay)"),
    "interval_own": ("模型自身", "the model itself"),
    "interval_calibrated": ("回测校准", "calibrated"),
    "interval_none": ("—", "—"),
    "interval_fallback": ("未拟合(年份不足),按上年增速",
                          "not fitted (too few years): the last value"),
    "basis": ("**依据**:{basis}", "**Basis**: {basis}"),
    "method": ("方法:{method} · 使用{n}个数据点", "Method: {method} · {n} figures used"),
    "notes": ("**说明**:{notes}", "**Notes**: {notes}"),
    "met_rule": ("**达标规则**:{rule}", "**Met when**: {rule}"),
    "status_rule": ("**状态规则**:{rule}", "**Status**: {rule}"),
    "basis_item": ("{n}. **{name}**:{basis}", "{n}. **{name}**: {basis}"),
    # --- the dashboard ---
    "dash_title": ("# {region}{year}年主要指标目标达成预测",
                   "# {region} {year}: will the targets be met?"),
    "dash_sub": ("数据截至{cutoff}", "Data up to {cutoff}"),
    "dash_counts": ("{n}项主要指标中,{parts}。", "Of the {n} headline indicators, {parts}."),
    "dash_part": ("{n}项{status}", "{n} {status}"),
    "dash_best": ("达标概率最高的是{best}({p_best}),最低的是{worst}({p_worst})。",
                  "The most likely to be met is {best} ({p_best}); the least likely is "
                  "{worst} ({p_worst})."),
    "dash_borrowed": ("其中{n}项{region}本年尚无数据,借用上级地区的数据推算,区间相应放宽。",
                      "{n} of them have no {region} figures this year and borrow from "
                      "reference regions, with wider intervals."),
    "dash_table_h": ("## 总览", "## At a glance"),
    "dash_chart_h": ("## 各指标预测与目标", "## Each indicator against its target"),
    "dash_basis_h": ("## 各指标依据", "## Basis of each projection"),
    "dash_movement_h": ("## 逐月变化:全年预测如何随新数据变化", "## How the projections moved"),
    "dash_levels_h": ("## 总量目标与序时进度", "## Level targets against the usual pace"),
    "dash_others_h": ("## 其他量化目标", "## The report's other quantitative targets"),
    "dash_no_levels": ("本年未设总量目标。", "The report sets no level target."),
    "movement_h": ("## 逐月变化", "## How the projection moved"),
    "col_news": ("新公布数据", "New figure"),
    "col_surprise": ("较此前预期(百分点)", "Against expected (points)"),
    "col_moved": ("全年预测变动(百分点)", "Projection moved (points)"),
    "col_median": ("全年预测(%)", "Projection (%)"),
    "news_cell": ("{region}{period} {value}%", "{region} {period} {value}%"),
    "news_cell_month": ("{region}{period}当月 {value}%", "{region} {period} alone {value}%"),
    "month_alone": ("{year}年{m}月", "{name} {year}"),  # one month (or quarter) by itself
    # --- the peers page and a group's index (pages/peers.py, report/groups.py) ---
    "title_peers": ("同级比较", "Peers"),
    "peers_title": ("# {region}在{parent}各{level}中的位置", "# {region} among {parent}'s {level}"),
    "peers_sub": ("数据截至{cutoff} · 比较各地区本身公布的最新增速(不含借用上级的数据)",
                  "Data up to {cutoff} · each region's own latest growth (nothing borrowed)"),
    "peers_rank": ("{name}:{period}增长{value}%,在{n}个有数据的{level}中居第{rank}位。",
                   "{name}: {value}% in {period}, ranking {rank} of the {n} {level} with "
                   "figures."),
    "peers_none": ("{name}:各地区尚无可比较的数据。", "{name}: no region has a figure to "
                   "compare yet."),
    "peers_not_ranked": ("{name}:比较时期为{period}(至少两个地区有数据的最近时期),{region}本身"
                         "没有该时期的数据,未参与排名。",
                         "{name}: compared for {period} (the latest period at least two "
                         "regions have); {region} has no figure of its own for it, so it is "
                         "not ranked."),
    "peers_section": ("## {name}", "## {name}"),
    "peers_period": ("比较时期:{period};{parent}同期{value}%。",
                     "Compared for {period}; {parent}: {value}%."),
    "peers_period_only": ("比较时期:{period}。", "Compared for {period}."),
    "peers_no_period": ("各地区尚无可比较的数据。", "No region has a figure to compare yet."),
    "peers_window": ("{parent}共{group}个{level},{ranked}个有该时期数据并参与排名;"
                     "表中只列出{region}及排名与其最接近的地区,共{shown}个。",
                     "{parent} has {group} {level}, {ranked} of them ranked on a figure for "
                     "that period; the table shows only {region} and those ranked nearest it, "
                     "{shown} in all."),
    "col_rank": ("排名", "Rank"),
    "col_gap": ("与{parent}差距(百分点)", "Gap to {parent} (points)"),
    "col_gap_plain": ("与上级差距(百分点)", "Gap to the parent (points)"),
    "group_name": ("{parent}各{level}", "{parent}'s {level}"),
    "group_title": ("{group}{year}年主要指标比较", "{group} {year}: the headline indicators "
                    "compared"),
    "group_regions": ("各地区报告", "Each region's report"),
    "group_comparison": ("比较与排名", "Compared and ranked"),
    "group_skipped": ("无数据、未生成报告的地区:{regions}", "No data, no report: {regions}"),
    "unknown_group": ("未知的地区组 {name!r};可用:{known}",
                      "unknown group {name!r}; known: {known}"),
    "sentence_gap": ("", " "),  # between two sentences of a paragraph
    "full_stop": ("。", "."),
    "list_comma": (",", ", "),  # between the parts of one sentence
    # --- table columns ---
    "col_region": ("地区", "Region"),
    "col_period": ("时期", "Period"),
    "col_kept": ("采用值", "Kept"),
    "col_others": ("其他值", "Other values"),
    "col_reason": ("原因", "Reason"),
    "col_growth": ("累计增速(%)", "YTD growth (%)"),
    "col_year": ("年份", "Year"),
    "col_target": ("{region}目标(%)", "{region} target (%)"),
    "col_periods": ("时期范围", "Periods"),
    "col_cutoff": ("数据截至", "Cut-off"),
    "col_cases": ("案例数", "Cases"),
    "col_mae": ("本系统误差", "MAE default"),
    "col_baseline": ("基准", "Baseline"),
    "col_baseline_mae": ("基准误差", "MAE baseline"),
    "col_cov80": ("80%区间覆盖率", "80% interval covers"),
    "col_loses_to": ("不及", "Loses to"),
    "col_indicators": ("指标", "Indicators"),
    "earlier_years": ("另有{n}个更早年份({first}年起)", "+{n} earlier years ({first}-)"),
    # --- the track record ---
    "tr_title": ("# 历史检验:预测与实际的差距", "# Track record: projections against outcomes"),
    "tr_sub": ("实时回放{n}个历史案例(每个已知全年数据的年份,在年初及每个已公布月份各预测一次,"
               "只用截至当时的数据;每一年的全部设置、区间宽度、差距与基础达标率只用该年以前的"
               "年份拟合)·旁列留一年检验({loyo}个案例:用该年以外的全部年份,含以后年份)",
               "{n} past cases replayed in real time (every year with a known outcome, "
               "projected in the December before and at every published month, with the data "
               "as it stood; every setting, spread, gap and base rate fitted on the years "
               "before it only) · beside it, leave one year out ({loyo} cases: fitted on all "
               "other years, later ones included)"),
    "tr_realtime": ("实时", "Real time"),
    "tr_loyo": ("留一年", "Leave one year out"),
    "tr_design": ("检验方式", "Replay"),
    "tr_recent": ("2023–2024年", "2023–24"),
    "tr_cover_h": ("## 区间覆盖率(样本外)", "## How often the intervals held (out of sample)"),
    "tr_models_h": ("## 各年度模型单独的表现(年初,实时)",
                    "## Each annual model on its own (the December before, real time)"),
    "tr_models": ("平均绝对误差 / CRPS(百分点),同一批案例;ARIMA与ETS由statsmodels拟合。"
                  "本系统按回测选用的模型及其组合预测。",
                  "MAE / CRPS (points) on the same cases; ARIMA and ETS are fitted by "
                  "statsmodels. The model row is the engine, with the models the replay chose."),
    "tr_not_scored_h": ("## 未评分的案例", "## Cases not scored"),
    "tr_reason": ("原因", "Why"),
    "tr_reason_warm_up": ("此前不足5年可供拟合(实时检验的起始年份)",
                          "fewer than 5 earlier years to fit on (the real-time replay's first "
                          "years)"),
    "tr_reason_no_projection": ("无法预测(无本地与上级数据)",
                                "no projection possible (no figures of its own or its "
                                "parents')"),
    "tr_mae_normal": ("平均绝对误差,正常年份本年累计案例(百分点)",
                      "MAE, year-to-date cases of normal years (points)"),
    "tr_log_score": ("对数评分(达标概率)", "Log score, P(meet target)"),
    "tr_latest": ("沿用最新数据(本年累计,年初为上年增速)",
                  "carry the latest figure forward (year to date; before the year, last "
                  "year's)"),
    "tr_score_h": ("## 总体评分(样本外)", "## Scorecard (out of sample)"),
    "tr_reliability_h": ("## 达标概率是否可靠", "## Is the probability reliable?"),
    "tr_measure": ("指标", "Measure"),
    "tr_all": ("全部年份", "All years"),
    "tr_normal": ("正常年份", "Normal years"),
    "tr_shock": ("2020–2022年", "2020–2022"),
    "tr_goal": ("目标", "Goal"),
    "tr_goal80": ("75%～85%", "75–85%"),
    "tr_goal95": ("90%以上", "90% or more"),
    "tr_cov80": ("80%区间覆盖率", "80% interval covers"),
    "tr_cov95": ("95%区间覆盖率", "95% interval covers"),
    "tr_score": ("评分(越低越好)", "Score (lower is better)"),
    "tr_model": ("本系统", "Model"),
    "tr_baseline": ("基准", "Baseline"),
    "tr_baseline_is": ("基准为", "Baseline is"),
    "tr_crps": ("CRPS(百分点)", "CRPS (points)"),
    "tr_brier": ("Brier评分(达标概率)", "Brier score, P(meet target)"),
    "tr_mae": ("平均绝对误差(百分点)", "MAE (points)"),
    "tr_empirical": ("中位数加历史误差", "median + past errors"),
    "tr_bin": ("给出的概率", "Probability given"),
    "tr_mean_p": ("平均概率", "Mean probability"),
    "tr_share_met": ("实际达标比例", "Share met"),
    "tr_text": ("实时检验中,80%区间覆盖了{all}的实际值(正常年份{normal},2020–2022年{shock},"
                "2023–2024年{recent}),95%区间覆盖了{cov95};正常年份本年累计案例的平均绝对"
                "误差为{mae},“沿用累计增速”为{carry}({n_mae}个案例);达标概率的Brier评分为"
                "{brier},“沿用最新数据”为{brier_carry}({n_brier}个有目标的案例)。"
                "{dropped}个案例未评分(原因见下)。{region}{own}",
                "In real time the 80% intervals held {all} of outcomes ({normal} in normal "
                "years, {shock} in 2020–2022, {recent} in 2023–24) and the 95% intervals "
                "{cov95}; on year-to-date cases of normal years the mean absolute error is "
                "{mae} against {carry} for carrying the year to date forward ({n_mae} "
                "cases); the probability of meeting the target scores a Brier of {brier} "
                "against {brier_carry} for carrying the latest figure forward ({n_brier} "
                "judged cases). {dropped} cases could not be scored (why, below). "
                "{region}{own}"),
    "tr_own": ("本身有{n}个可回放的案例。", " has {n} cases of its own to replay."),
    "tr_own_none": ("本身尚无可回放的案例(缺少全年数据),其预测借用上级地区,误差以上级为参照。",
                    " has no case of its own to replay (no full years): its projections "
                    "borrow, and the errors above are its reference regions'."),
    "tr_table_h": ("## 9月及上年12月的预测误差", "## Errors in September and the December before"),
    "tr_chart_h": ("## 按数据截至月份", "## By cut-off month"),
    "tr_losses_h": ("## 仍不及简单基准之处", "## Where the default still loses to a baseline"),
    "tr_rerun": ("重新运行:`python -m benchmarks.accuracy`(结果写入 benchmarks/results/)。",
                 "Re-run: `python -m benchmarks.accuracy` (tables in benchmarks/results/)."),
    "sep": ("1-9月", "September"),
    "before": ("上年12月", "December before"),
    "through_month": ("1-{m}月", "month {m}"),
    "base_carry_forward": ("沿用累计增速", "carry forward"),
    "base_last_year": ("沿用上年增速", "last year's growth"),
    "base_target": ("政府目标", "the target"),
    # --- charts ---
    "chart_growth": ("增速（%）", "growth (%)"),
    "chart_month": ("累计至（月）", "year to date through (month)"),
    "chart_month_tick": ("{m}月", "{m}"),
    "chart_ytd_of": ("{region}累计增速", "{region}, year to date"),
    "chart_ytd": ("本年累计增速", "year to date, this year"),
    "chart_data_of": ("{region}数据", "{region} figures"),
    "chart_target_line": ("目标", "target"),
    "chart_threshold_line": ("达标线（“左右”目标）", "met from ('about' targets)"),
    "chart_median": ("全年预测中位数", "full-year median"),
    "chart_band80": ("80%区间", "80% interval"),
    "chart_band95": ("95%区间", "95% interval"),
    "chart_target": ("目标 {label}", "target {label}"),
    "chart_threshold": ("达标线 {value}%", "met from {value}%"),
    "chart_threshold_max": ("达标线 {value}%", "met up to {value}%"),
    "chart_p_meet": ("达标概率 {p}", "P(meet) {p}"),
    "chart_no_p": ("无法计算达标概率", "no probability"),
    "chart_draws": ("全年增速分布", "full-year outcomes"),
    "chart_fan_title": ("{name}：{year}年全年增速预测", "{name}: {year} full-year growth"),
    "chart_history_title": ("{name}：历年增速与目标", "{name}: growth and targets by year"),
    "chart_year": ("年份", "year"),
    "chart_targets_of": ("{region}目标", "{region} targets"),
    "chart_projection_of": ("{region}{year}年预测（80%区间）", "{region} {year} projection (80%)"),
    "chart_no_projection": ("无预测", "no projection"),
    "chart_no_data": ("暂无数据", "no figures"),
    "chart_dashboard_title": ("{region}{year}年主要指标：全年预测与目标（数据截至{cutoff}）",
                              "{region} {year}: projections against the targets "
                              "(data up to {cutoff})"),
    "chart_fan_note": ("扇形为截至月到年末的区间，线性连接，仅作示意",
                       "bands joined linearly from the cut-off to the year end, "
                       "for illustration"),
    "chart_cutoff_month": ("数据截至月份（0 = 上年12月）",
                           "cut-off month (0 = the December before)"),
    "chart_mae": ("平均绝对误差（百分点）", "mean absolute error (points)"),
    "chart_coverage": ("区间覆盖实际值的比例", "share of outcomes inside the interval"),
    "chart_mae_title": ("误差随数据截至月份下降", "Error by cut-off month"),
    "chart_coverage_title": ("预测区间的覆盖率", "Interval coverage by cut-off month"),
    "chart_default": ("本系统预测", "xyforecast default"),
    "chart_carry_forward": ("沿用累计增速", "carry year-to-date forward"),
    "chart_last_year": ("沿用上年增速", "last year's growth"),
    "chart_reliable": ("概率与实际一致", "probability means what it says"),
    "chart_reliability_points": ("回测案例（圆点越大案例越多）", "replayed cases (larger: more)"),
    "chart_reliability_x": ("给出的达标概率", "probability of meeting the target given"),
    "chart_reliability_y": ("实际达标的比例", "share of targets met"),
    "chart_reliability_title": ("达标概率的可靠性", "Reliability of the probability"),
    "chart_covered80": ("80%区间", "80% interval"),
    "chart_covered95": ("95%区间", "95% interval"),
    "chart_mv_title": ("{name}：全年预测的逐月变化", "{name}: how the full-year projection moved"),
    "chart_mv_start": ("上年末", "Dec\nbefore"),
    "chart_mv_x": ("数据截至（月）", "data up to (month)"),
    "chart_mv_p": ("达标概率", "P(meet target)"),
    "chart_mv_grid_title": ("{region}{year}年：各期全年预测（中位数及80%区间）与目标",
                            "{region} {year}: the projection release by release "
                            "(median, 80% interval)"),
    "chart_mv_p_change": ("达标概率 {first}→{last}", "P(meet) {first}→{last}"),
} | DOCUMENTS | WORD | RUNNER

__all__ = ["DOCUMENT_PUNCTUATION", "MESSAGES", "typeset", "typeset_render", "typeset_t",
           "typeset_template"]
