"""Dashboard pages: one file per page in this folder, registered in ``PAGES``.

``dashboards/app.py`` builds ``st.navigation`` from ``PAGES``; to add a page, write
``app_pages/<name>.py`` (layout only: data from ``dashboards.queries``, text from
``dashboards.formatting``, figures from ``dashboards.charts``) and add one ``PageSpec``
line.

The sidebar (``app.py``) holds the period (year, month) and a street filter, each kept
in the URL's query parameters (``?year=2025&month=3&street=JD01``; no ``street`` means
全区); pages read them with ``selected_period()`` and ``selected_street()``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboards import formatting as fmt
from dashboards import queries

PAGES_DIR = Path(__file__).resolve().parent

#: Session-state keys of the sidebar's period selectors (also the query-parameter names).
YEAR_KEY = "year"
MONTH_KEY = "month"
#: Session-state key and query parameter of the sidebar's street filter.
STREET_KEY = "street"
DISTRICT = "ALL"


READERS = ("analyst", "street")  # roles that read KPIs (a street user: their street only)


@dataclass(frozen=True)
class PageSpec:
    file: str  # in app_pages/
    title: str
    icon: str
    url_path: str
    default: bool = False
    roles: tuple[str, ...] = READERS  # who sees the page (orchestration.access roles)
    needs_data: bool = True  # shown only once a warehouse is published

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview.py", "总览", ":material/dashboard:", "overview", default=True),
    PageSpec("ranking.py", "街道排名", ":material/leaderboard:", "ranking"),
    PageSpec("trends.py", "趋势", ":material/show_chart:", "trends"),
    PageSpec("units.py", "单位明细", ":material/apartment:", "units"),
    PageSpec("quality.py", "数据质量", ":material/fact_check:", "quality"),
    PageSpec("bulletin.py", "月度通报", ":material/campaign:", "bulletin", roles=("analyst",)),
    PageSpec("sql.py", "SQL 查询", ":material/terminal:", "sql"),
    PageSpec("submissions.py", "上报", ":material/upload_file:", "submit",
             roles=("analyst", "clerk"), needs_data=False),
)


def selected_period() -> tuple[int, int]:
    """The (year, month) chosen in the sidebar (set by app.py before the page runs)."""
    return int(st.session_state[YEAR_KEY]), int(st.session_state[MONTH_KEY])


def progress_box(row: Mapping[str, Any], month: int) -> None:
    """A KPI row's progress sentence, boxed in its status's tone (总览 and 趋势)."""
    box = getattr(st, fmt.sentence_tone(row.get("status")))
    box(fmt.progress_sentence(row, month), icon=":material/campaign:")


DEFAULT_KPI = "new_unions"


def kpi_selector(key: str, empty_message: str) -> str:
    """A KPI picked from ``marts.dim_kpi`` (新建工会数 first); stops the page when the
    catalog is empty."""
    kpis = queries.dim_kpi()
    if kpis.empty:
        st.info(empty_message)
        st.stop()
    codes = list(kpis["kpi_code"])
    names = dict(zip(kpis["kpi_code"], kpis["kpi_name"], strict=True))
    return st.selectbox(
        "指标", codes, index=codes.index(DEFAULT_KPI) if DEFAULT_KPI in codes else 0,
        format_func=lambda c: names.get(c, c), key=key,
    )


def pages_for(role: str, has_data: bool) -> list[PageSpec]:
    """The pages a role may open; without published data only those that need none.
    The first page is the default when the registry's default is not among them."""
    pages = [p for p in PAGES if role in p.roles and (has_data or not p.needs_data)]
    if pages and not any(p.default for p in pages):
        pages[0] = PageSpec(**{**pages[0].__dict__, "default": True})
    return pages


def home_org() -> str:
    """The organisation a page shows first: the district, or a street user's street."""
    viewer = st.session_state.get("viewer")
    if viewer is not None and viewer.role == "street":
        return str(viewer.street)
    return DISTRICT


def street_sidebar(orgs: pd.DataFrame) -> str:
    """The street filter (全区 or one street of ``queries.dim_org()``), defaulting to the
    URL's ``street``; returns the chosen org_code ('ALL' for 全区) and keeps it in the
    URL (no parameter for 全区). Used by 总览, 趋势 and 单位明细; 街道排名 always
    compares every street."""
    codes = [str(c) for c in orgs["org_code"]]
    if DISTRICT not in codes and home_org() == DISTRICT:  # a street user has no 全区
        codes.insert(0, DISTRICT)
    names = {str(c): str(n) for c, n in zip(orgs["org_code"], orgs["org_name"], strict=True)}
    names.setdefault(DISTRICT, "全区")
    state = st.session_state
    if STREET_KEY not in state:
        wanted = st.query_params.get(STREET_KEY)
        state[STREET_KEY] = wanted if wanted in codes else codes[0]
    if state[STREET_KEY] not in codes:  # a street gone from a republished registry
        state[STREET_KEY] = codes[0]
    with st.sidebar:
        st.selectbox("街道", codes, key=STREET_KEY, format_func=lambda c: names.get(c, c),
                     help=("“总览”“趋势”“单位明细”和“数据质量”的未上报单位按所选街道显示；"
                           "“街道排名”始终比较各街道"
                           if home_org() == DISTRICT else None))
    code = str(state[STREET_KEY])
    if code == DISTRICT:
        st.query_params.pop(STREET_KEY, None)
    else:
        st.query_params[STREET_KEY] = code
    return code


def selected_street() -> str:
    """The org_code chosen in the sidebar's street filter ('ALL' for 全区)."""
    return str(st.session_state.get(STREET_KEY, DISTRICT))


def street_name(code: str) -> str:
    """The name of an org_code of ``queries.dim_org()`` ('ALL': 全区)."""
    orgs = queries.dim_org()
    names = dict(zip(orgs["org_code"], orgs["org_name"], strict=True))
    return names.get(code, "全区" if code == DISTRICT else code)
