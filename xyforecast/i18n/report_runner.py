"""Messages of publishing a report and of groups of reports (looked up as "report.<name>"):
a report that cannot be replaced, progress across a group, renders skipped as unchanged,
the group index, and the font the charts use."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # a picture on a page without titles to describe it (site.export.alt_text)
    "picture": ("图表（无文字说明）", "Chart (no description)"),
    # a page whose kernel did not start (runner.kernel: one wait, then one more)
    "kernel_start": ("内核两次均未在 {seconds} 秒内启动；机器繁忙时可用 --start-timeout 加长等待",
                     "the kernel did not start within {seconds} s, twice; on a busy machine "
                     "allow it longer with --start-timeout"),
    # a report that cannot be moved into place (publish.Refused)
    "held_open": ("无法替换报告：{files}；请关闭后重新生成",
                  "cannot replace the report: {files}; close it and render again"),
    "held_by": ("{file} 正被 {program}（进程{pid}）打开", "{file} is open in {program} "
                "(process {pid})"),
    "cannot_move": ("无法替换报告：{error}", "cannot replace the report: {error}"),
    # a render of several reports (a group): one line per report, a summary at the end
    "render_report": ("  <{done}/{total}> {report}：{state}，用时{seconds}秒",
                      "  <{done}/{total}> {report}: {state} in {seconds} s"),
    "render_published": ("已发布 {path}", "published {path}"),
    "render_kept": ("未发布，本次结果保存在 {path}", "not published, kept in {path}"),
    "render_unchanged": ("  {report}：输入、代码和参数均未变，跳过（保留 {path}）",
                         "  {report}: inputs, code and parameters unchanged, skipped ({path} "
                         "kept)"),
    "render_not_started": ("  {report}：未生成：{error}", "  {report}: not rendered: {error}"),
    "render_reports": ("xyforecast render：{total}份报告，{published}份已发布，"
                       "{skipped}份未变跳过，{failed}份失败",
                       "xyforecast render: {total} report(s), {published} published, "
                       "{skipped} unchanged and skipped, {failed} failed"),
    # the group index (render --region <group>, xyforecast index --group <group>)
    "group_unpublished": ("尚无已发布报告的地区：{regions}", "No published report yet: {regions}"),
    "group_stale": ("以下地区的已发布报告所用数据与当前数据不同，未列入比较：{regions}",
                    "Published from other data than the current, so not compared: {regions}"),
    "group_none_published": ("{root} 下没有地区组 {group} {year}年截至{cutoff}、以当前数据生成的"
                             "已发布报告；请先逐个生成（xyforecast render --region 地区代码）",
                             "no report of group {group} for {year} up to {cutoff} published "
                             "from the current data under {root}; render its members first "
                             "(xyforecast render --region CODE)"),
    # fonts (outputs/fonts.py)
    "font_missing": ("图表需要一种中文字体（如 {fonts}）才能显示中文；请安装：{install}",
                     "charts need a Chinese font (such as {fonts}) to show Chinese; install "
                     "one: {install}"),
    "chart_font": ("图表中文字体：{font}。", "Chinese in the charts: {font}."),
}
