"""SQL 查询: read-only ad-hoc SQL on the published warehouse (orchestration.safe_sql:
one SELECT, no file or network access, a time and a row limit), the result with a CSV
download, example queries and a browser of the tables and their columns.

Layout only: the query runs in orchestration.safe_sql, the schema comes from
dashboards.queries, the column descriptions from dashboards/schema_docs.yml.
"""

from __future__ import annotations

import streamlit as st

from dashboards import exports
from dashboards import formatting as fmt
from dashboards import queries
from dashboards.app_pages import DISTRICT, home_org
from orchestration.safe_sql import (
    DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_S, DUCKDB_MEMORY_LIMIT, RESULT_BYTES_LIMIT, QueryRefused, run_query,
)

SQL_KEY = "sql_text"
#: Schemas the schema browser shows by default: the reporting layer and the check results.
CONTRACT_SCHEMAS = ("marts", "quality")
RESULT_KEY = "sql_result"

st.title("SQL 查询")
st.caption(
    f"只读查询已发布的数据仓库：每次一条 SELECT，不能读写文件或访问网络；"
    f"最多返回 {DEFAULT_ROW_LIMIT:,} 行（{RESULT_BYTES_LIMIT // 1024**2} MB），"
    f"超过 {DEFAULT_TIMEOUT_S:g} 秒或内存超过 {DUCKDB_MEMORY_LIMIT} 自动终止。"
)

docs = queries.schema_docs()


def use_example(sql: str) -> None:
    st.session_state[SQL_KEY] = sql.strip()
    st.session_state.pop(RESULT_KEY, None)


def run_current() -> None:
    sql = st.session_state.get(SQL_KEY, "")
    if not sql.strip():
        st.session_state[RESULT_KEY] = {"sql": sql, "error": "请先输入查询语句。"}
        return
    try:
        result = run_query(queries.published_path(), sql, scope=queries.current_scope())
    except QueryRefused as exc:
        st.session_state[RESULT_KEY] = {"sql": sql, "error": exc.summary, "detail": exc.detail}
        return
    st.session_state[RESULT_KEY] = {"sql": sql, "frame": result.frame, "limit_note": result.limit_note}


if docs["examples"]:
    st.markdown("**示例查询**（点击填入下方输入框）")
    buttons = st.columns(len(docs["examples"]))
    for i, (column, example) in enumerate(zip(buttons, docs["examples"], strict=True)):
        column.button(example["title"], key=f"sql_example_{i}", on_click=use_example,
                      args=(example["sql"],), width="stretch")

st.text_area("查询语句", key=SQL_KEY, height=200,
             placeholder="select * from marts.kpi_monthly where org_code = 'ALL' limit 20")
st.button("运行查询", type="primary", icon=":material/play_arrow:", on_click=run_current, key="sql_run")

outcome = st.session_state.get(RESULT_KEY)
if outcome is not None:
    if "error" in outcome:
        st.error(outcome["error"], icon=":material/block:")
        if outcome.get("detail"):
            st.code(outcome["detail"], language=None)  # fixed width: the caret points
    else:
        frame = outcome["frame"]
        if outcome["limit_note"]:
            st.warning(outcome["limit_note"])
        st.caption(f"共 {len(frame):,} 行、{len(frame.columns)} 列。")
        st.dataframe(frame, hide_index=True, width="stretch")
        st.download_button(
            "下载结果（CSV）", data=exports.frame_csv(frame), file_name="查询结果.csv",
            mime=exports.CSV_MIME, icon=":material/download:", on_click="ignore", key="sql_download",
        )

st.subheader("数据表与字段")
columns = queries.schema_columns()
# Only an analyst's copy holds the inner layers (a street user's holds their marts rows).
show_all = home_org() == DISTRICT and st.toggle("也显示内部数据表（raw、staging、intermediate）",
                                                key="sql_schema_all")
if not show_all:
    columns = columns[columns["schema_name"].isin(CONTRACT_SCHEMAS)]
tables = list(dict.fromkeys(f"{s}.{t}" for s, t in zip(columns["schema_name"], columns["table_name"], strict=True)))
described = docs["tables"]
tables.sort(key=lambda t: (t not in described, list(described).index(t) if t in described else 0, t))
if not tables:
    st.info("已发布的数据仓库中没有数据表。")
else:
    table = st.selectbox("数据表", tables, key="sql_schema_table")
    description = (described.get(table) or {}).get("description")
    if description:
        st.markdown(description)
    st.dataframe(fmt.schema_view(columns, described, table), hide_index=True, width="stretch",
                 column_config={"说明": st.column_config.TextColumn(width="large")})
