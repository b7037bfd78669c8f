"""Data-quality checks as Dagster asset checks (Great Expectations suites come here)."""

from __future__ import annotations

import dagster as dg


def all_checks() -> list[dg.AssetChecksDefinition]:
    return []
