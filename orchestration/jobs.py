"""The one pipeline: ingest → dbt build → checks → publish. The CLI, the inbox sensor
and the monthly schedule all run this job."""

import dagster as dg

monthly_load_job = dg.define_asset_job(
    name="monthly_load",
    selection=dg.AssetSelection.all(),
    # One process for the whole run: the steps run one after another anyway (one
    # DuckDB writer), and the run's resources, the load lock among them, live as long
    # as the run.
    executor_def=dg.in_process_executor,
    description="Receive and parse submissions, build every dbt model and test, run the "
                "data-quality checks, publish the read-only warehouse.",
)
