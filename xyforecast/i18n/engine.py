"""Messages of the engine: bases of projections, notes, shares, targets."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # targets
    "target_growth_about": ("增长{value:g}{unit}左右", "about +{value:g}{unit}"),
    "target_growth_at_least": ("增长{value:g}{unit}以上", "+{value:g}{unit} or more"),
    "target_growth_at_most": ("增长{value:g}{unit}以下", "+{value:g}{unit} or less"),
    "target_growth_none": ("增长{value:g}{unit}", "+{value:g}{unit}"),
    "target_level_about": ("{value:g}{unit}左右", "about {value:g}{unit}"),
    "target_level_at_least": ("{value:g}{unit}以上", "{value:g}{unit} or more"),
    "target_level_at_most": ("{value:g}{unit}以下", "{value:g}{unit} or less"),
    "target_level_none": ("{value:g}{unit}", "{value:g}{unit}"),
    "target_growth_range": ("增长{value:g}{unit}–{upper:g}{unit}", "+{value:g}–{upper:g}{unit}"),
    "target_level_range": ("{value:g}–{upper:g}{unit}", "{value:g}–{upper:g}{unit}"),
    "target_stretch": (",力争{value:g}{unit}", ", striving for {value:g}{unit}"),
    # when a target counts as met, in words (a leader reads them: no maths signs)
    "rule_growth_range": ("区间目标：增长达到下限{threshold:g}{unit}及以上即达标",
                          "a range: met at its lower bound, {threshold:g}{unit}, or more"),
    "rule_level_range": ("区间目标：达到下限{threshold:g}{unit}及以上即达标",
                         "a range: met at its lower bound, {threshold:g}{unit}, or more"),
    "rule_growth_at_least": ("增长{threshold:g}{unit}及以上即达标",
                             "met at {threshold:g}{unit} or more"),
    "rule_level_at_least": ("达到{threshold:g}{unit}及以上即达标",
                            "met at {threshold:g}{unit} or more"),
    "rule_growth_at_most": ("增长不超过{threshold:g}{unit}即达标",
                            "met at {threshold:g}{unit} or less"),
    "rule_level_at_most": ("不超过{threshold:g}{unit}即达标", "met at {threshold:g}{unit} or less"),
    # year-to-date shares
    "share_full": ("全年", "full year"),
    "share_months": ("按已过月份(无总量数据)", "months elapsed (no levels)"),
    "share_owner_own": ("本地", "own"),
    "share_levels": ("{owner}{year}年总量", "{owner} levels {year}"),
    "share_seasonal": ("{owner}{span}年平均进度", "{owner} seasonal share {span}"),
    # how the rest of the year is assumed to grow
    "pace_ytd": ("余下时期按累计增速", "the rest of the year at the year-to-date pace"),
    "pace_month": ("最近一个月", "the latest month"),
    "pace_quarter": ("最近一个季度", "the latest quarter"),
    "pace_stretch": ("{first}-{last}月", "months {first}-{last}"),
    "pace_one_month": ("{month}月当月", "month {month}"),
    "pace_momentum": ("余下时期按累计增速并向{source}增速{value:.1f}%调整{momentum:.0%}",
                      "the rest of the year moved {momentum:.0%} of the way from the "
                      "year-to-date pace to {source}'s {value:+.1f}%"),
    "pace_two_year": ("{year}年异常,余下时期按两年平均增速(剔除基数影响)",
                      "{year} was abnormal: the rest of the year at the two-year stacked "
                      "pace (no base effect)"),
    # bases: one sentence per projection
    "basis_published": ("{year}年全年数据已公布:{value:.1f}%。",
                        "The full-year figure for {year} is published: {value:+.1f}%."),
    "basis_none": ("{region}截至{cutoff}无该指标数据。",
                   "No figures for {region} up to {cutoff}."),
    "basis_bridge": ("以{region}{period}累计增速{ytd:.1f}%推算全年,{pace};"
                     "权重取{share},即已完成全年{weight:.0%}{prior}{anchor};{spread}。",
                     "{region}'s year-to-date growth through {period} ({ytd:+.1f}%) carried "
                     "to the full year, {pace}, weighted by {share} ({weight:.0%} of the year "
                     "done){prior}{anchor}; {spread}."),
    "basis_prior": (",并以{weight:.0%}权重结合{model}的{value:.1f}%",
                    ", combined at {weight:.0%} with the {model} forecast of {value:+.1f}%"),
    "basis_anchor": (",并以{weight:.0%}权重靠向年度目标{value:g}%",
                     ", pulled {weight:.0%} of the way toward the target of {value:g}%"),
    "basis_annual": ("{region}尚无{year}年数据:依据本地{years}年全年增速({n}年),"
                     "{model};{spread}。",
                     "No {year} figures for {region} yet: its own full-year growth {years} "
                     "({n} years), {model}; {spread}."),
    "basis_spread": ("区间宽度按{n}个历史回测误差校准({where}{widen},标准差{sd:.1f}个百分点{pace})",
                     "interval calibrated on {n} replayed errors ({where}{widen}; sd {sd:.1f} "
                     "points{pace})"),
    "spread_widened": (",按历年实时回测{cases}个实际误差放宽至{factor:.2f}倍",
                       ", widened ×{factor:.2f}: how much the fitted spread fell short of "
                       "{cases} real-time errors of earlier years"),
    "spread_ytd": ("有本年累计数据", "with this year's own figures"),
    "spread_annual": ("尚无本年数据", "before this year's own figures"),
    "spread_country": ("全国层级,{own}", "country level, {own}"),
    "spread_measured": ("{group}{own}:{n}个本层级误差", "{group} {own}: {n} errors of their own"),
    "spread_widest": ("{group}{own}:无本层级回测误差,取省、市层级中最宽者,再乘以县相对上级比"
                      "地级市更分散的倍数{factor:.2f}(实测)",
                      "{group} {own}: no replayed errors at this level, so the widest "
                      "sub-national spread times {factor:.2f}, how much more counties stray "
                      "from their parent than cities do (measured)"),
    "spread_pace": (",其中{sd:.1f}来自余下时期增速的不确定:最近一期偏离累计增速{d:+.1f}个百分点,"
                    "累计增速偏离常年水平{u:+.1f}个百分点",
                    ", {sd:.1f} of it from the uncertain pace of the rest of the year: the "
                    "latest period ran {d:+.1f} points from the year to date, the year to "
                    "date {u:+.1f} points from the usual"),
    "basis_rolled": ("{region}最新数据仅至{own_period}({own:.1f}%),按{parent}此后的新数据"
                     "顺推{news:+.1f}个百分点。",
                     "{region}'s latest figure is for {own_period} ({own:+.1f}%): rolled "
                     "forward by {news:+.1f} points with {parent}'s news since then."),
    "basis_borrowed": ("{region}无{year}年数据且{history}:采用{parent}的预测({method}),"
                       "加上{differential}及{group}相对上级的离散度(标准差{sd:.1f}个百分点)。",
                       "No {year} figures for {region} and {history}: {parent}'s projection "
                       "({method}) plus {differential} and the spread of {group} around "
                       "their parents (sd {sd:.1f} points)."),
    "history_none": ("无历史数据", "no past years"),
    "history_few": ("历史仅{n}年", "only {n} past year(s)"),
    "differential_own": ("本地与上级的持续差距{mean:+.1f}个百分点(近{n}年平均差{own:+.1f},"
                         "其中{months}年按同期累计数据比较,按证据多少收缩至{shrink:.0%})",
                         "its persistent gap of {mean:+.1f} points (its last {n} yearly "
                         "gap(s) average {own:+.1f}, {months} of them from same-month "
                         "year-to-date figures; shrunk to {shrink:.0%} by how few and noisy "
                         "they are)"),
    "differential_none": ("差距0(本地无历史差距数据)", "a gap of zero (no past gaps of its own)"),
    "group_county": ("各县(市)", "counties"),
    "group_prefecture": ("各地级市", "cities"),
    "group_province": ("各省份", "provinces"),
    "group_country": ("各国", "countries"),
    # where borrowed numbers come from
    "gap_source": ("河南省{n_regions}个地级市{years}年{n}个增速差(持续部分标准差{tau:.2f},"
                   "年度波动标准差{sigma:.2f})",
                   "{n} gaps of Henan's {n_regions} prefectures {years} (persistent sd "
                   "{tau:.2f}, year-to-year sd {sigma:.2f})"),
    "county_source": ("县级放大{factor:.2f}倍:郑州各县{n}个实测差距(均方根{rms})与假设先验"
                      "1.5倍(相当于4个观测)合并",
                      "counties ×{factor:.2f}: {n} measured county gaps to Zhengzhou (rms "
                      "{rms}) pooled with an assumed prior of 1.5 (worth 4 gaps)"),
    "ratio_source": ("本指标离散度为地区生产总值的{ratio:.2f}倍({n}个本指标上下级实测差距为"
                     "{measured:.2f}倍,与作为先验的预测误差之比{prior:.2f}倍(假设相当于"
                     "{weight}个差距)合并)",
                     "this indicator strays {ratio:.2f} times as much as GDP ({n} measured "
                     "child-parent gaps of its own say {measured:.2f}, pooled with the ratio "
                     "of calibrated forecast errors, {prior:.2f}, an assumed prior worth "
                     "{weight} gaps)"),
    "ratio_prior": ("本指标离散度为地区生产总值的{ratio:.2f}倍(无实测差距:仅用预测误差之比,"
                    "为假设)",
                    "this indicator strays {ratio:.2f} times as much as GDP (no measured "
                    "gaps: the ratio of calibrated forecast errors, an assumption)"),
    "borrowed_line": ("借用:差距{differential:+.2f}个百分点,离散度(标准差){sd:.2f}个百分点;"
                      "依据:{sources}",
                      "borrowed: differential {differential:+.2f} points, spread (sd) {sd:.2f} "
                      "points; from: {sources}"),
    # notes
    "model_fallback": ("{model}需要{need}年数据,仅有{have}年:改用上年增速",
                       "{model} needs {need} years, {have} available: used the last value "
                       "instead"),
    "model_failed": ("{model}无法依据这些年份拟合(如各年增速相同):改用上年增速",
                     "{model} could not be fitted on these years (e.g. the same growth every "
                     "year): used the last value instead"),
    "few_years": ("年份太少,区间较宽", "too few years: wide interval"),
    "horizon": ("上年全年数据缺失,按{h}年外推并相应放宽区间",
                "last year's figure is missing: projected {h} years ahead, interval widened"),
    "base_rate": ("类似目标的历史达标率{share:.0%}({era}年{n}个地级市年度,目标比上年增速高"
                  "{ambition:+.1f}±0.5个百分点)",
                  "comparable targets were met {share:.0%} of the time ({n} city-years "
                  "{era}, targets {ambition:+.1f}±0.5 points above the year before)"),
}
