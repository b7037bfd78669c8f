"""Every dbt model, seed and test as Dagster assets and asset checks.

Heavy models are incremental by month (dbt_project/macros/incremental_months.sql);
when the dbt project itself, or the parser, has changed since the last successful
build, the build is a full refresh, so a changed model never leaves stale rows behind
(nor does a file a new parser read again: a street it now reads, intake's re-check).
"""

import hashlib
import shutil

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.dbt_resources import dbt_project
from orchestration.home import DBT_PROJECT_DIR, REPO_ROOT
from orchestration.progress import progress
from orchestration.resources import DataHome, LoadLock

FINGERPRINTED = ("models", "macros", "seeds", "tests")


def project_fingerprint() -> str:
    digest = hashlib.sha256((DBT_PROJECT_DIR / "dbt_project.yml").read_bytes())
    paths = [path for folder in FINGERPRINTED for path in sorted((DBT_PROJECT_DIR / folder).rglob("*"))]
    paths += sorted((REPO_ROOT / "ingestion").glob("*.py"))
    for path in paths:
        if path.is_file():
            digest.update(str(path.relative_to(REPO_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project)
def unionkpi_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource,
                        data_home: DataHome, load_lock: LoadLock):
    marker = data_home.home.root / "dbt_project.fingerprint"
    fingerprint = project_fingerprint()
    full_refresh = not marker.exists() or marker.read_text() != fingerprint
    progress.info("计算指标（dbt build：模型与测试"
                  + ("，全量重算" if full_refresh else "，按月增量") + "）……")
    # dbt writes its artifacts and log per build: under the data home, and only the
    # latest build's (a folder per build under the project would grow without end).
    run_dir = data_home.home.dbt_run
    shutil.rmtree(run_dir, ignore_errors=True)
    yield from dbt.cli(["build", *(["--full-refresh"] if full_refresh else [])],
                       context=context, target_path=run_dir).stream()
    marker.write_text(fingerprint)
