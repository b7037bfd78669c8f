"""A load runs while the dashboard is open: the load never fails because of readers,
readers never see a half-finished load, and a newly published month shows up."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest

from orchestration.pipeline import run_load
from orchestration.safe_sql import run_query
from tests import tiny_district
from tests.test_browser import browser, serve, shoot  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow

FIRST = ["streets", "registry", "targets", "s1_2025_12", "s2_2025_12", "s1_2026_01", "s2_2026_01"]
SECOND = ["s1_2026_02", "s2_2026_02"]
ROWS_PER_MONTH = 3 * 23  # ALL + two streets, 23 KPIs


def read_published_months(published: Path) -> dict[int, int]:
    frame = run_query(published, "SELECT month, count(*) AS n FROM marts.kpi_monthly "
                                 "WHERE year = 2026 GROUP BY month").frame
    return dict(zip(frame["month"], frame["n"]))


def watch_while_loading(loader: threading.Thread, published: Path, page) -> list[dict[int, int]]:
    """Query the published copy and reload the dashboard until the load ends."""
    seen = []
    while loader.is_alive():
        seen.append(read_published_months(published))
        page.reload()
        page.get_by_text("总览").first.wait_for(timeout=30_000)
        assert page.locator('[data-testid="stException"]').count() == 0
    return seen


def test_load_while_dashboard_and_queries_are_open(tmp_path, monkeypatch, browser):  # noqa: F811
    home = tmp_path / "home"
    monkeypatch.setenv("UNIONKPI_HOME", str(home))
    files = tiny_district.build(tmp_path / "incoming")
    assert run_load([files[k] for k in FIRST]).success
    published = home / "published" / "warehouse.duckdb"

    process, url = serve(home)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    held = duckdb.connect(str(published), read_only=True)  # a reader open for the whole load
    try:
        page.goto(f"{url}/?year=2026&month=1")
        page.get_by_text("总览 · 2026年1月").wait_for(timeout=30_000)
        outcome = {}
        loader = threading.Thread(target=lambda: outcome.update(
            report=run_load([files[k] for k in SECOND])))
        loader.start()
        try:
            seen = watch_while_loading(loader, published, page)
        finally:
            loader.join()  # never leave a load running past the test

        assert outcome["report"].success
        # Every copy read during the load was whole: the old one or the new one.
        for months in seen:
            assert months in ({1: ROWS_PER_MONTH}, {1: ROWS_PER_MONTH, 2: ROWS_PER_MONTH})
        assert read_published_months(published) == {1: ROWS_PER_MONTH, 2: ROWS_PER_MONTH}
        # The reader opened before the load still reads the copy it opened.
        assert held.execute("SELECT max(month) FROM marts.kpi_monthly "
                            "WHERE year = 2026").fetchone()[0] == 1

        page.goto(f"{url}/?year=2026&month=2")
        page.get_by_text("截至2月底，全区新建工会2家").wait_for(timeout=30_000)
        shoot(page, "after-load-while-open")
    finally:
        held.close()
        page.close()
        process.terminate()
        process.wait(timeout=20)
