"""Dashboard pages: one file per page in this folder, registered in ``PAGES``.

``dashboards/app.py`` builds ``st.navigation`` from ``PAGES``; to add a page, write
``app_pages/<name>.py`` (layout only: data from ``dashboards.queries``, text from
``dashboards.formatting``) and add one ``PageSpec`` line. Planned: 街道排名 (ranking.py),
趋势 (trends.py), 单位明细 (units.py), 数据质量 (quality.py), 上报 (submissions.py),
SQL 查询 (sql.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

PAGES_DIR = Path(__file__).resolve().parent

#: Session-state keys of the sidebar's period selectors (also the query-parameter names).
YEAR_KEY = "year"
MONTH_KEY = "month"


@dataclass(frozen=True)
class PageSpec:
    file: str  # in app_pages/
    title: str
    icon: str
    url_path: str
    default: bool = False

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview.py", "总览", ":material/dashboard:", "overview", default=True),
)


def selected_period() -> tuple[int, int]:
    """The (year, month) chosen in the sidebar (set by app.py before the page runs)."""
    return int(st.session_state[YEAR_KEY]), int(st.session_state[MONTH_KEY])
