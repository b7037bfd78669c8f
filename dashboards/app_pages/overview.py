"""总览: the KPIs of the district (or of the street chosen in the sidebar) for the chosen
month, and the key KPIs street by street.

Layout only: the numbers come from dashboards.queries (marts.kpi_report), the text
from dashboards.formatting.
"""

from __future__ import annotations

import streamlit as st

from dashboards import formatting as fmt
from dashboards import queries
from dashboards.app_pages import progress_box, selected_period, selected_street

HEADLINE_KPI = "new_unions"

year, month = selected_period()
st.title(f"总览 · {fmt.period_label(year, month)}")

cards = queries.kpi_cards(year, month, selected_street())
if cards.empty:
    st.info(f"{fmt.period_label(year, month)}暂无指标数据。")
    st.stop()

headline = cards[cards["kpi_code"] == HEADLINE_KPI]
if not headline.empty:
    progress_box(headline.iloc[0].to_dict(), month)

views = fmt.card_views(cards)
elapsed = fmt.fmt_pct(cards["time_elapsed_pct"].iloc[0])
# The year's first month with a report, after months without: 环比 would be the whole value.
no_previous = 1 < month == queries.first_month_shown(year, month)
compared = f"{month - 1}月没有导入的月报，不显示环比" if no_previous else "环比为与上月相比"
st.caption(f"{cards['org_name'].iloc[0]} · 序时进度 {elapsed}（{month}/12）· {compared}")


def show_cards(section: str, items: list[fmt.CardView]) -> None:
    if not items:
        return
    st.subheader(section)
    grid = st.grid(4, border=True)
    for card in items:
        with grid.cell():
            delta = None if no_previous else card.delta
            st.metric(
                card.label,
                card.value,
                delta=delta,
                delta_color=card.delta_color,
                delta_arrow=card.delta_arrow,
                delta_description="环比" if delta is not None else None,
                help=card.help or None,
            )
            st.markdown(card.badge)
            st.caption(card.detail)
            st.caption(f"差距：{card.gap}" if card.gap == fmt.MISSING else card.gap)


show_cards("重点指标", [c for c in views if c.is_key])
show_cards("其他指标", [c for c in views if not c.is_key])

st.subheader("各街道重点指标")
streets = queries.street_table(year, month)
table = fmt.street_table_view(streets, key_only=True)
if table.data.empty:
    st.info("暂无街道数据。")
else:
    st.dataframe(table.styled(), hide_index=True, width="stretch")
    st.caption("完成率 = 实际值 ÷ 年度目标；颜色：绿 已完成，蓝 超序时进度，红 落后序时进度/未达目标，灰 无目标或无数据。")
