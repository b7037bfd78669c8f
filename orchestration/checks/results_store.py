"""Check results land in quality.check_results so the dashboard can show them (the
published copy carries the table). The only SQL that writes the quality schema."""

from __future__ import annotations

import datetime as dt
import json

import duckdb

from orchestration.checks.gx_runner import SuiteOutcome

DDL = (
    "CREATE SCHEMA IF NOT EXISTS quality",
    "CREATE TABLE IF NOT EXISTS quality.check_results ("
    " checked_at TIMESTAMP, run_id VARCHAR, check_name VARCHAR, asset VARCHAR,"
    " description VARCHAR, passed BOOLEAN, rows_checked INTEGER, failing_rows INTEGER,"
    " details VARCHAR)",
)


def record(con: duckdb.DuckDBPyConnection, outcome: SuiteOutcome, run_id: str) -> None:
    for statement in DDL:
        con.execute(statement)
    details = [
        {"expectation": o.expectation, "column": o.column, "success": o.success,
         "unexpected_count": o.unexpected_count, "failing_rows": o.failing_rows}
        for o in outcome.outcomes
    ]
    con.execute(
        "INSERT INTO quality.check_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [dt.datetime.now(), run_id, outcome.suite.name, "/".join(outcome.suite.asset),
         outcome.suite.description, outcome.passed, outcome.rows_checked,
         outcome.failing_rows, json.dumps(details, ensure_ascii=False, default=str)])
