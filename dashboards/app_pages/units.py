"""单位明细: find a grassroots unit by name or credit code (in the sidebar's street),
then its month-by-month record (marts.fct_unit_month) and the load issues about it.

Layout only: rows from dashboards.queries, text from dashboards.formatting, the figure
from dashboards.charts.
"""

from __future__ import annotations

import streamlit as st

from dashboards import charts
from dashboards import formatting as fmt
from dashboards import queries
from dashboards.app_pages import selected_period, selected_street, street_name

year, month = selected_period()
org_code = selected_street()
st.title("单位明细")

if not queries.has_table("marts", "fct_unit_month"):
    st.info("当前发布的数据仓库还没有单位明细（marts.fct_unit_month）；重新运行 unionkpi load 后即可查看。")
    st.stop()

scope = street_name(org_code)

text = st.text_input("搜索单位", key="unit_query", placeholder="输入单位名称或统一社会信用代码的一部分，如“机械”")
found = queries.search_units(text, org_code)
if found.empty:
    st.info(f"在{scope}没有找到匹配“{text.strip()}”的单位。" if text.strip() else f"{scope}暂无单位数据。")
    st.stop()

labels = {
    r["credit_code"]: fmt.unit_option_label(r["unit_name"], r["credit_code"], r["org_name"])
    for r in found.to_dict("records")
}
st.caption(f"范围：{scope}；" + (f"匹配的单位较多，只列出前 {len(found)} 家，请输入更多文字缩小范围"
                                if len(found) >= 50 else f"找到 {len(found)} 家单位"))
credit_code = st.selectbox("选择单位", list(labels), format_func=labels.get, key="unit_code")

picked = found[found["credit_code"] == credit_code].iloc[0]
st.header(str(picked["unit_name"]))
st.caption(f"统一社会信用代码 {credit_code} · {fmt.fmt_month_date(picked['last_month'])}的所属街道：{picked['org_name'] or fmt.MISSING}")

history = queries.unit_history(credit_code, year, month)
st.subheader(f"月度记录（截至{fmt.period_label(year, month)}）")
if history.empty:
    st.info(f"该单位在{fmt.period_label(year, month)}及以前没有记录。")
else:
    st.plotly_chart(charts.unit_history_figure(history), width="stretch", config=charts.PLOTLY_CONFIG)
    st.dataframe(fmt.unit_history_view(history), hide_index=True, width="stretch")
    st.caption("“是否本月上报”为“否”时，该月沿用“数据来自”月份上报的数据。")

st.subheader("数据问题")
issues = queries.unit_issues(credit_code)
if issues.empty:
    st.success("导入记录中没有与该单位有关的问题。", icon=":material/check_circle:")
else:
    st.dataframe(fmt.issues_view(issues), hide_index=True, width="stretch")
    st.caption("列出各文件中该单位所在行的导入问题（错误和警告）。")
