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
    # (a superseded file's message says when its replacement was received)
    "marts.submission_files": "SELECT * EXCLUDE (received_at) REPLACE (regexp_replace("
                              "message, '（[0-9: -]+ 收到）', '') AS message) "
                              "FROM marts.submission_files ORDER BY ALL",
}


def snapshot(published, tables: dict[str, str] = TABLES) -> dict[str, list]:
    with duckdb.connect(str(published), read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in tables.items()}


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


def staging_views(warehouse) -> dict[str, str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return dict(con.execute("SELECT view_name, comment FROM duckdb_views() "
                                "WHERE schema_name = 'staging'").fetchall())


def test_staging_views_are_made_again_only_when_their_sql_changes(loaded, tmp_path):  # noqa: F811
    """macros/stable_view.sql: an unchanged view is left alone; a changed one is made
    again (and reads what its new SQL says)."""
    import os
    import shutil
    import subprocess

    from orchestration.dbt_resources import dbt_executable
    from orchestration.home import DBT_PROJECT_DIR

    _, home, _ = loaded
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(home.warehouse, warehouse)
    project = tmp_path / "project"
    shutil.copytree(DBT_PROJECT_DIR, project,
                    ignore=shutil.ignore_patterns("target", "logs", "*.duckdb*"))
    before = staging_views(warehouse)
    assert before and all(c.startswith("sql md5 ") for c in before.values()), before

    model = project / "models" / "staging" / "stg_streets.sql"
    model.write_text(model.read_text(encoding="utf-8").replace(
        "select", "select 'changed' as marker,", 1), encoding="utf-8")
    env = {**os.environ, "UNIONKPI_WAREHOUSE": str(warehouse),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    subprocess.run([dbt_executable(), "run", "--quiet", "--project-dir", str(project),
                    "--profiles-dir", str(project), "--target-path", str(tmp_path / "target"),
                    "--log-path", str(tmp_path / "logs"), "--select", "staging"],
                   check=True, env=env, timeout=300)

    after = staging_views(warehouse)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"stg_streets"}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT DISTINCT marker FROM staging.stg_streets").fetchall() == [
            ("changed",)]


def test_reports_loaded_before_the_street_list_end_as_one_full_load(loaded, tmp_path,  # noqa: F811
                                                                     monkeypatch):
    """The monthly reports first (their 所属街道 taken as written: no street list yet),
    then the references: the street list brings them back to be checked against it, and
    the numbers end exactly where one load of everything ends."""
    _, full_home, files = loaded
    monkeypatch.setenv("UNIONKPI_HOME", str(tmp_path / "home"))
    references, reports = tiny_district.RECEIVE_ORDER[:3], tiny_district.RECEIVE_ORDER[3:]
    assert run_load([files[k] for k in reports]).success
    report = run_load([files[k] for k in references])
    assert report.success
    assert [o.file_name for o in report.files] == [files[k].name for k in references]
    # Every report checked again (the last, a duplicate, only in its first copy).
    assert sorted(o.file_name for o in report.rechecked) == sorted(
        files[k].name for k in reports[:-1])
    numbers = {name: sql for name, sql in TABLES.items() if name.startswith("marts.kpi")
               or name == "marts.fct_unit_month"}
    late = snapshot(tmp_path / "home" / "published" / "warehouse.duckdb", numbers)
    assert late == snapshot(full_home.published, numbers)
