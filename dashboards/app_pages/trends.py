"""趋势: one KPI of 全区 or the street chosen in the sidebar, month by month through the
chosen month — the actual against the annual target and the 序时进度 line, and the
同比/环比 table.

Layout only: rows from dashboards.queries (marts.kpi_report; the 序时进度 line comes
from the mart), text from dashboards.formatting, the figure from dashboards.charts.
"""

from __future__ import annotations

import streamlit as st

from dashboards import charts
from dashboards import formatting as fmt
from dashboards import queries
from dashboards.app_pages import (
    DISTRICT, home_org, kpi_selector, progress_box, selected_period, selected_street,
    street_name,
)

year, month = selected_period()
org_code = selected_street()
org_name = street_name(org_code)
first = min(queries.first_month_shown(year, month), month)  # a period offered has reports
st.title(f"趋势 · {org_name} · {fmt.month_span(year, first, month)}")
st.caption(("在左侧“街道”中切换全区或某个街道。" if home_org() == DISTRICT else "") + (
    f"{fmt.month_span(year, 1, first - 1)}全区尚无导入的月报，不显示；{first}月的环比是与没有月报的"
    f"{first - 1}月相比。" if first > 1 else ""))

kpi_code = kpi_selector("trend_kpi", "指标目录为空。")

rows = queries.kpi_trend(year, month, org_code, kpi_code)
if rows.empty or rows["actual"].isna().all():  # a rate whose denominator is 0 all along
    st.info(f"{org_name}{fmt.month_span(year, first, month)}暂无该指标的数据。")
    st.stop()

latest = rows.iloc[-1].to_dict()
progress_box(latest, int(latest["month"]))
st.plotly_chart(charts.trend_figure(rows), width="stretch", config=charts.PLOTLY_CONFIG)
if latest.get("kind") in fmt.CUMULATIVE_KINDS and not fmt.is_missing(latest.get("target")):
    st.caption("序时进度线 = 年度目标 × 月份 ÷ 12：按时间均衡推进到该月底应完成的量。")

st.subheader("逐月明细（同比、环比）")
st.dataframe(fmt.trend_view(rows), hide_index=True, width="stretch")
st.caption("同比：与上年同月相比；环比：与上月相比。比率的变化以个百分点表示；“—”表示无可比数据。")
