"""Publish: the read-only copy dashboards and ad-hoc queries read.

The working warehouse is checkpointed and copied next to the published file, then
swapped in with one atomic rename: a reader keeps the copy it opened, never sees a
half-written one, and never blocks a load.
"""

import os
import shutil
import tempfile

import dagster as dg
import duckdb
from dagster_dbt import get_asset_key_for_model

from orchestration.assets.dbt_models import unionkpi_dbt_models
from orchestration.home import Home
from orchestration.progress import progress
from orchestration.resources import DataHome, LoadLock

PUBLISHED_MARTS = ("kpi_monthly", "kpi_report", "submission_files", "load_issues", "load_notes",
                   "dim_org", "dim_kpi", "fct_unit_month", "report_years")


def publish(home: Home) -> None:
    with duckdb.connect(str(home.warehouse)) as con:
        con.execute("CHECKPOINT")
    home.published.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=home.published.parent, delete=False,
                                     prefix=".publishing-", suffix=".duckdb") as tmp:
        with home.warehouse.open("rb") as source:
            shutil.copyfileobj(source, tmp)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, home.published)

@dg.asset(
    name="published_warehouse",
    group_name="publish",
    deps=[get_asset_key_for_model([unionkpi_dbt_models], m) for m in PUBLISHED_MARTS],
    kinds={"duckdb"},
)
def published_warehouse(context: dg.AssetExecutionContext, data_home: DataHome,
                        load_lock: LoadLock) -> dg.MaterializeResult:
    """The read-only copy of the warehouse that the dashboard and `unionkpi query` read."""
    home = data_home.home
    progress.info("发布只读数据副本……")
    publish(home)
    return dg.MaterializeResult(metadata={
        "path": str(home.published),
        "bytes": home.published.stat().st_size,
    })
