"""dbt wired once: the project, the CLI resource, and the manifest Dagster reads.

The warehouse path reaches dbt's profile through UNIONKPI_WAREHOUSE, derived from
UNIONKPI_HOME, so dbt and the Python side always open the same file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.home import DBT_PROJECT_DIR, Home

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_executable() -> str:
    beside_python = Path(sys.executable).parent / "dbt"
    return str(beside_python) if beside_python.exists() else (shutil.which("dbt") or "dbt")


def point_dbt_at(home: Home) -> None:
    os.environ["UNIONKPI_WAREHOUSE"] = str(home.warehouse)


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR),
                          dbt_executable=dbt_executable())


def _newest_source_mtime() -> float:
    watched = [DBT_PROJECT_DIR / "dbt_project.yml"]
    for folder in ("models", "macros", "seeds", "tests"):
        watched += [p for p in (DBT_PROJECT_DIR / folder).rglob("*") if p.is_file()]
    return max(p.stat().st_mtime for p in watched)


def ensure_manifest() -> Path:
    """Run `dbt parse` when the manifest is missing or older than the project files
    (a fresh clone, or an edited model); otherwise reuse it."""
    manifest = dbt_project.manifest_path
    if not manifest.exists() or manifest.stat().st_mtime < _newest_source_mtime():
        subprocess.run(
            [dbt_executable(), "parse", "--quiet", "--project-dir", str(DBT_PROJECT_DIR),
             "--profiles-dir", str(DBT_PROJECT_DIR)],
            check=True, env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"},
        )
    return manifest
