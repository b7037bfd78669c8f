"""Month-by-month loads build incrementally (only the months touched are recomputed)
and must end exactly where one full load ends."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.pipeline import run_load
from tests import tiny_district
from tests.test_pipeline_end_to_end import loaded  # noqa: F401  (the full load, once)

pytestmark = pytest.mark.slow

STEPS = [tiny_district.RECEIVE_ORDER[:5],   # references and December 2025
         tiny_district.RECEIVE_ORDER[5:7],  # January: a month appended
         tiny_district.RECEIVE_ORDER[7:]]   # February, its supersession, a duplicate

TABLES = {
    "marts.kpi_monthly": "SELECT * FROM marts.kpi_monthly ORDER BY ALL",
    "marts.fct_unit_month": "SELECT * FROM marts.fct_unit_month ORDER BY ALL",
    "marts.load_issues": "SELECT * EXCLUDE (received_seq) FROM marts.load_issues ORDER BY ALL",
    "marts.submission_files": "SELECT * EXCLUDE (received_at) FROM marts.submission_files ORDER BY ALL",
}


def snapshot(published) -> dict[str, list]:
    with duckdb.connect(str(published), read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in TABLES.items()}


def test_stepwise_incremental_loads_equal_one_full_load(loaded, tmp_path, monkeypatch):  # noqa: F811
    _, full_home, files = loaded
    home = tmp_path / "home"
    monkeypatch.setenv("UNIONKPI_HOME", str(home))
    for step in STEPS:
        assert run_load([files[k] for k in step]).success
    stepwise, full = snapshot(home / "published" / "warehouse.duckdb"), snapshot(full_home.published)
    for name in TABLES:
        assert stepwise[name] == full[name], name
    # The later loads were incremental: the marks record what each model has seen.
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        marks = dict(con.execute("SELECT model, max_seq FROM intermediate.build_marks").fetchall())
    assert marks["int_unit_month_state"] == len(tiny_district.RECEIVE_ORDER)
