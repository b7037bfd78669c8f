"""上报: upload a report file; it is saved in the inbox for the next load and checked at
once with the parser, so the submitter sees its kind, month and row errors straight away.
Also the blank template for download.

Layout only: saving and checking live in dashboards.uploads, the template in
dashboards.exports.
"""

from __future__ import annotations

import streamlit as st

from dashboards import exports
from dashboards import formatting as fmt
from dashboards import queries, uploads
from orchestration.home import current_home

DONE_KEY = "uploads_done"

st.title("上报")
st.markdown(
    "上传本单位的报表文件（xlsx、xlsm、xls 或 csv）。文件保存到收件箱后会立即预检，"
    "并在下次导入时正式处理（收件箱监测自动触发，或运行 `unionkpi load`）。"
)

# --------------------------------------------------------------------------- template


with st.container(border=True):
    st.markdown("**空白模板**：按模板填报可避免大部分错误。")
    # The workbook is written only when the button is clicked (deferred download).
    st.download_button(
        "下载空白模板（xlsx）", data=exports.template_xlsx,
        file_name=exports.TEMPLATE_FILE_NAME, mime=exports.XLSX_MIME,
        icon=":material/download:", on_click="ignore", key="template_download",
    )

# --------------------------------------------------------------------------- upload

# Any file is taken (no type filter): Streamlit would refuse another type in English and
# keep nothing, while the parser rejects it in Chinese and the file is kept, as the
# template's lifecycle says of every file received.
uploaded = st.file_uploader("选择报表文件", key="upload_file")
viewer = st.session_state.get("viewer")
if viewer is not None and viewer.role == "clerk" and queries.warehouse_exists():
    # A clerk sees the files of their own 填报单位 (the scope keeps out everyone else's).
    st.subheader("本单位已上报的文件")
    own_files = queries.submission_files()
    if own_files.empty:
        st.info("尚未收到本单位的文件。")
    else:
        st.dataframe(fmt.files_view(own_files).styled(), hide_index=True, width="stretch")

done: dict = st.session_state.setdefault(DONE_KEY, {})
is_clerk = viewer is not None and viewer.role == "clerk"


def show_waiting() -> None:
    """Saved and not yet loaded: a clerk sees their own uploads of this session (the
    inbox does not say whose a file is); an analyst sees every file waiting."""
    names = {r.saved_name for r in done.values() if r.saved_name} if is_clerk else None
    waiting = uploads.waiting_in_inbox(current_home(), names)
    if not waiting.empty:
        st.subheader("等待导入的文件")
        st.caption("已保存到收件箱、尚未导入：下次导入时处理（收件箱监测自动触发，或运行 unionkpi load）。")
        st.dataframe(fmt.waiting_view(waiting), hide_index=True, width="stretch")


if uploaded is None:
    show_waiting()
    st.stop()

if uploaded.file_id not in done:  # save once per upload, not on every rerun
    with st.spinner("正在保存并预检……"):
        done[uploaded.file_id] = uploads.receive_upload(
            uploaded.getvalue(), uploaded.name, current_home().inbox, queries.dim_org(),
            own_submitter=viewer.submitter if is_clerk else None,
            received=lambda sha256: (queries.received_file_by_sha256(sha256)
                                     if queries.warehouse_exists() else None))
result: uploads.UploadPreview = done[uploaded.file_id]

if result.saved_name is None:
    st.error(f"该文件的填报单位是“{result.submitter}”，不是您的单位“{viewer.submitter}”，未保存。"
             "请只上报本单位的报表；如需代报，请联系区总工会。", icon=":material/block:")
    st.stop()
renamed = "" if result.saved_name == uploads.safe_file_name(uploaded.name) else "（收件箱中已有同名文件，已自动改名）"
saved = f"文件已保存到收件箱：{result.saved_name}{renamed}。"
if result.status == "rejected":  # kept, as every file received, but it will not load
    st.warning(saved + "预检发现它将被拒收（原因见下），请改正后重新上传。", icon=":material/inbox:")
else:
    st.success(saved + "它已进入导入队列，将在下次导入时处理（收件箱监测自动触发，或运行 unionkpi load）。",
               icon=":material/inbox:")

if result.same_as is not None:
    earlier = result.same_as
    when = ("正在收件箱中等待导入" if earlier.received_at is None else
            f"{fmt.fmt_datetime(earlier.received_at)} 收到，{fmt.file_status_label(earlier.status)}")
    st.info(f"此文件与“{earlier.file_name}”（{when}）内容完全相同：导入时将记为重复文件，不会重复计数。"
            "如要更正数据，请修改文件后重新上传。", icon=":material/content_copy:")

st.subheader("预检结果")
left, middle, right, last = st.columns(4)
left.metric("文件类型", fmt.file_kind_label(result.kind))
middle.metric("填报单位", result.submitter or fmt.MISSING)
right.metric("报告期", fmt.fmt_month_date(result.report_month))
last.metric("预检状态", fmt.preview_status_label(result.status))
st.caption(f"可导入 {result.rows_loaded} 行，有错误未导入 {result.rows_rejected} 行，有警告 {result.rows_warned} 行。")

if result.status == "rejected":
    st.error(f"该文件将被拒收：{result.message}", icon=":material/block:")
elif result.status == "loaded_with_errors":
    st.warning("部分行有错误，这些行不会导入；请改正后重新上传整个文件。", icon=":material/warning:")
elif result.issues.empty:
    st.success("预检未发现问题。", icon=":material/check_circle:")

if not result.issues.empty:
    st.dataframe(fmt.issues_view(result.issues.drop(columns=["rule"])), hide_index=True, width="stretch")

show_waiting()
