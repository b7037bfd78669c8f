"""The one pipeline: ingest → dbt build → checks → publish. The CLI, the inbox sensor
and the monthly schedule all run this job."""

import dagster as dg

monthly_load_job = dg.define_asset_job(
    name="monthly_load",
    selection=dg.AssetSelection.all(),
    description="Receive and parse submissions, build every dbt model and test, run the "
                "data-quality checks, publish the read-only warehouse.",
)
