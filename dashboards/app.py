"""工会工作数据看板 — the entry point: `streamlit run dashboards/app.py`.

Sets up the page, the sidebar period selectors and street filter (kept in the URL's
query parameters so a view can be shared, e.g. ``?year=2025&month=3&street=JD01``) and
the navigation; the pages live in ``dashboards/app_pages/`` and are registered in
``app_pages.PAGES``.
Reads the published warehouse of ``UNIONKPI_HOME`` through ``dashboards.queries``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:  # `streamlit run dashboards/app.py` puts dashboards/ first
    sys.path.insert(0, str(_ROOT))

import duckdb  # noqa: E402
import streamlit as st  # noqa: E402

from dashboards import chinese_chrome  # noqa: E402
from dashboards import formatting as fmt  # noqa: E402
from dashboards import queries  # noqa: E402
from dashboards.app_pages import MONTH_KEY, YEAR_KEY, pages_for, street_sidebar  # noqa: E402
from dashboards.login import require_viewer  # noqa: E402

NO_DATA_MESSAGE = "尚无数据：请先运行 unionkpi load 导入报表。"

st.set_page_config(page_title="工会工作数据看板", page_icon=":material/groups:", layout="wide")
st.html(chinese_chrome.style())  # Streamlit's own words in Chinese (a style block takes no space)
with st.sidebar:  # (a script's element would leave a gap at the top of every page)
    st.html(chinese_chrome.script(), unsafe_allow_javascript=True)


def load_periods() -> list[tuple[int, int]] | None:
    """The periods to choose from; None (after showing why) when there is nothing to show."""
    if not queries.warehouse_exists():
        st.title("工会工作数据看板")
        st.info(NO_DATA_MESSAGE, icon=":material/inventory_2:")
        st.caption(f"数据仓库位置：{queries.published_path()}")
        return None
    try:
        periods = queries.available_periods()
    except (duckdb.Error, queries.WarehouseMissing) as exc:
        st.title("工会工作数据看板")
        st.error(f"数据仓库暂时无法读取，请稍后刷新或重新运行 unionkpi load。\n\n{exc}")
        return None
    if not periods:
        st.title("工会工作数据看板")
        st.info(NO_DATA_MESSAGE, icon=":material/inventory_2:")
        return None
    return periods


def period_sidebar(periods: list[tuple[int, int]]) -> tuple[int, int]:
    """Year and month selectors, defaulting to the URL's period, else the latest one."""
    state = st.session_state
    if YEAR_KEY not in state or MONTH_KEY not in state:
        chosen = queries.pick_period(periods, st.query_params.get(YEAR_KEY), st.query_params.get(MONTH_KEY))
        state[YEAR_KEY], state[MONTH_KEY] = chosen
    # Keep the selection valid when the periods change (republished file, other year).
    years = sorted({y for y, _ in periods}, reverse=True)
    if state[YEAR_KEY] not in years:
        state[YEAR_KEY], state[MONTH_KEY] = periods[0]
    with st.sidebar:
        st.selectbox("年份", years, key=YEAR_KEY, format_func=lambda y: f"{y}年")
        months = queries.months_of(periods, state[YEAR_KEY])
        if state[MONTH_KEY] not in months:
            state[MONTH_KEY] = months[0]
        st.selectbox("月份", months, key=MONTH_KEY, format_func=fmt.month_label)
    year, month = int(state[YEAR_KEY]), int(state[MONTH_KEY])
    st.query_params[YEAR_KEY] = str(year)
    st.query_params[MONTH_KEY] = str(month)
    return year, month


viewer = require_viewer()  # a login form first when a users file exists
reads_kpis = bool(pages_for(viewer.role, has_data=True)) and any(
    p.needs_data for p in pages_for(viewer.role, has_data=True))
periods = load_periods() if reads_kpis else None
if periods is not None:
    period_sidebar(periods)
    street_sidebar(queries.dim_org())


def nothing_to_show_yet() -> None:
    """A page that needs data, before there is any: the reason is shown above."""


# Every page the role may open is registered, so a bookmark always finds its page; the
# ones that need data show only the reason above until there is some.
ready = {p.url_path for p in pages_for(viewer.role, has_data=periods is not None)}
pages = pages_for(viewer.role, has_data=True)
if not pages:
    st.stop()
page = st.navigation([
    st.Page(p.path if p.url_path in ready else nothing_to_show_yet, title=p.title, icon=p.icon,
            url_path=p.url_path, default=p.default)
    for p in pages
])
page.run()
