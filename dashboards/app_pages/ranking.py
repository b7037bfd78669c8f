"""街道排名: every street on one KPI for the chosen month — a bar chart of 完成率 (or the
actual value for KPIs without targets) against 序时进度, the ranking table, and the
streets behind schedule.

Layout only: rows from dashboards.queries (marts.kpi_report), text from
dashboards.formatting, the figure from dashboards.charts.
"""

from __future__ import annotations

import streamlit as st

from dashboards import charts
from dashboards import formatting as fmt
from dashboards import queries
from dashboards.app_pages import kpi_selector, selected_period

year, month = selected_period()
st.title(f"街道排名 · {fmt.period_label(year, month)}")

kpi_code = kpi_selector("ranking_kpi", "指标目录为空，暂无可排名的指标。")

rows = queries.street_ranking(year, month, kpi_code)
if rows.empty:
    st.info(f"{fmt.period_label(year, month)}暂无该指标的街道数据。")
    st.stop()

with_targets = fmt.has_targets(rows)
sentence = fmt.behind_sentence(rows)
if not with_targets:
    st.info("该指标未设年度目标，按实际值排列。")
elif any(rows["status"] == "behind"):
    st.warning(sentence, icon=":material/trending_down:")
else:
    st.success(sentence, icon=":material/check_circle:")

st.plotly_chart(charts.ranking_figure(rows), width="stretch", config=charts.PLOTLY_CONFIG)

st.subheader("排名表")
st.dataframe(fmt.ranking_view(rows).styled(), hide_index=True, width="stretch")
kind = rows["kind"].iloc[0]
if not with_targets:
    st.caption("未设年度目标：按实际值从高到低排列，不排名次。")
elif kind in fmt.CUMULATIVE_KINDS:
    st.caption(
        f"完成率 = 实际值 ÷ 年度目标；序时进度 {fmt.fmt_pct(rows['time_elapsed_pct'].iloc[0])}（{month}/12）；"
        "差距 = 完成率 − 序时进度（个百分点）。名次按完成率从高到低，并列同名次；无目标或无数据的街道不排名。"
    )
else:
    st.caption("完成率 = 实际值 ÷ 年度目标；差距 = 实际值 − 目标（个百分点）。名次按完成率从高到低，并列同名次；"
               "无目标或无数据的街道不排名。")
