"""Where everything lives: one setting, UNIONKPI_HOME (default: data/ in the repository
root), read by the CLI, Dagster, dbt (through UNIONKPI_WAREHOUSE, which
dbt_resources.point_dbt_at sets) and the dashboard.

Kept free of heavy imports: the dashboard imports it too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


@dataclass(frozen=True)
class Home:
    root: Path

    @property
    def inbox(self) -> Path:  # files dropped here are received by the next load
        return self.root / "inbox"

    @property
    def archive(self) -> Path:  # every received file, byte for byte, by SHA-256
        return self.root / "archive"

    @property
    def warehouse(self) -> Path:  # the working DuckDB the pipeline writes
        return self.root / "warehouse.duckdb"

    @property
    def published(self) -> Path:  # the read-only copy dashboards and queries read
        return self.root / "published" / "warehouse.duckdb"

    @property
    def sample(self) -> Path:  # the generated sample district
        return self.root / "sample"

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster"

    @property
    def last_load_log(self) -> Path:  # dbt's output of the latest load
        return self.root / "logs" / "last_load.log"

    @property
    def dbt_run(self) -> Path:  # dbt's artifacts and log of the latest build (one at a time)
        return self.root / "logs" / "dbt_run"

    @property
    def load_lock(self) -> Path:
        return self.root / ".load.lock"

    def ensure(self) -> "Home":
        for folder in (self.root, self.inbox, self.archive, self.published.parent, self.dagster_home):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def current_home() -> Home:
    return Home(Path(os.environ.get("UNIONKPI_HOME", REPO_ROOT / "data")).resolve())
