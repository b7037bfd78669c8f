"""数据质量: the received files by status, the units that have not reported the chosen
month, the load issues (filtered, downloadable as Excel) with the sheets and columns the
files' readers left out, and the latest data-quality check results.

Layout only: rows from dashboards.queries, text from dashboards.formatting, the Excel
file from dashboards.exports.
"""

from __future__ import annotations

import streamlit as st

from dashboards import exports
from dashboards import formatting as fmt
from dashboards import queries
from dashboards.app_pages import DISTRICT, selected_period, selected_street, street_name

year, month = selected_period()
street = selected_street()
period = fmt.period_label(year, month)
st.title("数据质量")

# --------------------------------------------------------------------------- files
st.subheader("收到的文件")
st.caption("收到的全部文件，不分报告期和街道（某月的报送情况见月度通报）。")
counts = queries.file_status_counts()
if counts.empty:
    st.info("还没有收到任何文件。")
else:
    grid = st.columns(len(counts))
    for column, row in zip(grid, counts.to_dict("records"), strict=True):
        column.metric(fmt.file_status_label(row["status"]), f"{int(row['files'])}个")
    files = queries.submission_files()
    st.dataframe(fmt.files_view(files).styled(), hide_index=True, width="stretch")

# --------------------------------------------------------------------------- missing reports
st.subheader(f"{period}未上报的单位")
st.caption("上月已建会、但本月没有上报“组建与会员”数据的单位（报表上报率中未上报的部分）。")
if not queries.has_table("marts", "fct_unit_month"):
    st.info("当前发布的数据仓库还没有单位明细（marts.fct_unit_month）；重新运行 unionkpi load 后即可查看。")
else:
    missing = queries.missing_reports(year, month, org_code=street)
    where = "" if street == DISTRICT else street_name(street)
    if missing.empty:
        st.success(f"{period}：{where}上月已建会的单位均已上报。", icon=":material/check_circle:")
    else:
        st.warning(f"{period}{where}有 {len(missing)} 家上月已建会的单位未上报。",
                   icon=":material/assignment_late:")
        st.dataframe(fmt.missing_reports_view(missing), hide_index=True, width="stretch")

# --------------------------------------------------------------------------- load issues
st.subheader("导入问题")
files = queries.submission_files()
file_names = dict(zip(files["file_id"], files["file_name"], strict=True))
left, right = st.columns(2)
severity = left.selectbox(
    "级别", [None, "error", "warning"], key="issue_severity",
    format_func=lambda s: "全部" if s is None else fmt.severity_label(s),
)
file_id = right.selectbox(
    "文件", [None, *file_names], key="issue_file",
    format_func=lambda f: "全部文件" if f is None else f"{file_names[f]}（{f}）",
)
issues = queries.load_issues(severity, file_id)
if issues.empty:
    st.success("没有符合条件的导入问题。", icon=":material/check_circle:")
else:
    st.caption(f"共 {len(issues)} 条；错误的行未导入，警告的行已导入但请核实。")
    st.dataframe(fmt.issues_view(issues), hide_index=True, width="stretch")
    st.download_button(
        "下载问题清单（Excel）",
        data=exports.issues_xlsx(issues),
        file_name=exports.issues_file_name(file_names[file_id] if file_id else None),
        mime=exports.XLSX_MIME,
        icon=":material/download:",
        on_click="ignore",
        key="issues_download",
    )

if queries.has_table("marts", "load_notes"):
    notes = queries.load_notes(file_id)
    if not notes.empty:
        with st.expander(f"已忽略的工作表和列（{len(notes)} 项，不是错误）"):
            st.dataframe(fmt.notes_view(notes), hide_index=True, width="stretch")

# --------------------------------------------------------------------------- checks
st.subheader("数据质量检查")
checks = queries.latest_check_results()
if checks is None and not queries.current_scope().is_everything:
    # Checks cover the whole district's data: a street user's warehouse holds none.
    st.info("数据质量检查结果涉及全区数据，仅区总工会分析员可见。")
elif checks is None:
    st.info("该数据仓库没有数据质量检查结果（quality.check_results）：它发布于检查功能上线之前，重新运行 unionkpi load 后即可查看。")
elif checks.empty:
    st.info("尚无数据质量检查结果。")
else:
    failed = checks[~checks["passed"].fillna(False).astype(bool)]
    if failed.empty:
        st.success(f"最近一次检查全部通过（{len(checks)} 项）。", icon=":material/verified:")
    else:
        st.error(f"最近一次检查有 {len(failed)} 项未通过：" + "、".join(map(str, failed["description"])),
                 icon=":material/error:")
    st.dataframe(fmt.check_results_view(checks).styled(), hide_index=True, width="stretch")
    for row in failed.to_dict("records"):
        with st.expander(f"未通过：{row['description'] or row['check_name']}（{row['check_name']}）"):
            st.dataframe(fmt.check_details_view(row["details"]), hide_index=True, width="stretch")
