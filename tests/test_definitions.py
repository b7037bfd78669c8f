"""The Dagster graph `dagster dev` shows: a snapshot of asset keys, checks, jobs,
schedules and sensors, so an accidental change to the graph shows up here."""

from __future__ import annotations

import os
import time

import dagster as dg
import pytest

from ingestion import raw_store
from ingestion.intake import INBOX_SETTLE_SECONDS


@pytest.fixture
def defs(tmp_path, monkeypatch):
    monkeypatch.setenv("UNIONKPI_HOME", str(tmp_path / "home"))
    from orchestration.definitions import build_defs

    return build_defs()


def test_asset_graph_has_every_layer(defs):
    keys = {"/".join(k.path) for k in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {f"raw/{t}" for t in raw_store.RAW_TABLES} <= keys
    for model in ("staging/stg_org_units", "intermediate/int_unit_month_state",
                  "intermediate/int_kpi_actuals", "marts/kpi_monthly", "marts/submission_files",
                  "marts/load_issues", "marts/dim_org", "marts/dim_kpi", "staging/kpi_catalog"):
        assert model in keys
    assert "published_warehouse" in keys


def test_publish_waits_for_the_marts(defs):
    graph = defs.resolve_asset_graph()
    parents = {"/".join(k.path) for k in graph.get(dg.AssetKey("published_warehouse")).parent_keys}
    assert {"marts/kpi_monthly", "marts/submission_files", "marts/load_issues"} <= parents


def test_quality_checks_are_blocking_asset_checks(defs):
    checks = {("/".join(k.asset_key.path), k.name) for k in defs.resolve_asset_graph().asset_check_keys}
    for expected in [("raw/org_units", "raw_org_units_valid"), ("raw/files", "raw_files_accounted"),
                     ("marts/kpi_monthly", "kpi_monthly_consistent"),
                     ("marts/kpi_monthly", "kpi_every_org_every_month"),
                     ("marts/kpi_monthly", "kpi_district_recomputed")]:
        assert expected in checks
    # dbt tests arrive as asset checks too.
    assert ("marts/kpi_monthly", "unique_combination_kpi_monthly_year__month__org_code__kpi_code") in checks


def test_job_schedule_and_sensor(defs):
    job = defs.resolve_job_def("monthly_load")
    assert job is not None
    schedule = defs.resolve_schedule_def("monthly_after_deadline")
    assert schedule.cron_schedule == "0 6 8 * *"
    assert schedule.execution_timezone == "Asia/Shanghai"
    assert defs.resolve_sensor_def("inbox_sensor").job_name == "monthly_load"


def test_inbox_sensor_requests_a_run_only_when_files_wait(defs, tmp_path):
    from orchestration.home import current_home
    from orchestration.resources import DataHome
    from orchestration.sensors import inbox_sensor

    home = current_home().ensure()
    context = dg.build_sensor_context(resources={"data_home": DataHome(root=str(home.root))})
    assert isinstance(inbox_sensor(context), dg.SkipReason)
    waiting = home.inbox / "东湖街道_2026-03.xlsx"
    waiting.write_bytes(b"placeholder")
    # Just written: it may still be being copied in; the sensor waits for it to settle.
    assert "仍在写入" in inbox_sensor(context).skip_message
    settled = time.time() - INBOX_SETTLE_SECONDS - 1
    os.utime(waiting, (settled, settled))
    request = inbox_sensor(context)
    assert isinstance(request, dg.RunRequest)
    # The same waiting files give the same run key: one run, not one per tick.
    assert inbox_sensor(context).run_key == request.run_key


def test_every_run_holds_the_load_lock_from_start_to_end(defs):
    """The job runs in one process, so its resources, the load lock among them, live as
    long as the run; every asset asks for the lock, so any selection of them takes it."""
    for job in (defs.resolve_job_def("monthly_load"),
                defs.resolve_implicit_global_asset_job_def()):  # the UI's "Materialize"
        assert job.executor_def is dg.in_process_executor, job.name
        for node in job.graph.node_defs:
            assert "load_lock" in node.required_resource_keys, node.name
