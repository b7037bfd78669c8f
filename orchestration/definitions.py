"""The Dagster definitions: `dagster dev` loads `defs`; `unionkpi load` builds the same
definitions with build_defs() and runs them in-process."""

from __future__ import annotations

import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration.dbt_resources import dbt_resource, ensure_manifest, point_dbt_at
from orchestration.home import Home, current_home
from orchestration.resources import DataHome, LoadLock

ensure_manifest()  # a fresh clone has no manifest yet; @dbt_assets needs one at import

from orchestration.assets import dbt_models, ingestion, publish  # noqa: E402
from orchestration.checks import quality_checks  # noqa: E402
from orchestration.jobs import monthly_load_job  # noqa: E402
from orchestration.schedules import monthly_schedule  # noqa: E402
from orchestration.sensors import inbox_sensor  # noqa: E402


def build_defs(home: Home | None = None) -> dg.Definitions:
    home = (home or current_home()).ensure()
    point_dbt_at(home)
    return dg.Definitions(
        assets=[ingestion.ingest_submissions, dbt_models.unionkpi_dbt_models,
                publish.published_warehouse],
        asset_checks=quality_checks.all_checks(),
        jobs=[monthly_load_job],
        # Every run in one process, the UI's "Materialize" too: the load lock (a
        # resource) then lives from a run's first step to its last.
        executor=dg.in_process_executor,
        schedules=[monthly_schedule],
        sensors=[inbox_sensor],
        resources={
            "warehouse": DuckDBResource(database=str(home.warehouse)),
            "dbt": dbt_resource(),
            "data_home": DataHome(root=str(home.root)),
            "load_lock": LoadLock(root=str(home.root)),
        },
    )


defs = build_defs()
