"""Every dbt model, seed and test as Dagster assets and asset checks."""

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.dbt_resources import dbt_project
from orchestration.progress import progress

@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project)
def unionkpi_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    progress.info("计算指标（dbt build：模型与测试）……")
    yield from dbt.cli(["build"], context=context).stream()
