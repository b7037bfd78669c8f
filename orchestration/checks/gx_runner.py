"""Run a declared suite with Great Expectations 1.x on a pandas frame read from DuckDB.

GX's SQL path over duckdb-engine reads results after the connection closes, so frames
are read here and validated in memory with an ephemeral context.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import duckdb
import pandas as pd

from orchestration.checks.suites import Suite

MAX_FAILING_ROWS = 20


@dataclass
class ExpectationOutcome:
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int
    failing_rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SuiteOutcome:
    suite: Suite
    rows_checked: int
    outcomes: list[ExpectationOutcome]

    @property
    def passed(self) -> bool:
        return all(o.success for o in self.outcomes)

    @property
    def failing_rows(self) -> int:
        return sum(o.unexpected_count for o in self.outcomes)


def frame_sql(name: str) -> str:
    return resources.files("orchestration.checks").joinpath("sql", f"{name}.sql").read_text("utf-8")


def read_frame(con: duckdb.DuckDBPyConnection, suite: Suite) -> pd.DataFrame:
    return con.execute(frame_sql(suite.frame_sql)).df()


@functools.cache
def _batch_definition():
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    return (context.data_sources.add_pandas("warehouse")
            .add_dataframe_asset("frame")
            .add_batch_definition_whole_dataframe("whole_frame"))


def _expectation(declared):
    import great_expectations.expectations as gxe

    kwargs = dict(declared.kwargs)
    if declared.where:
        kwargs.update(row_condition=declared.where, condition_parser="pandas")
    return getattr(gxe, declared.kind)(**kwargs)


def validate(suite: Suite, frame: pd.DataFrame) -> SuiteOutcome:
    batch = _batch_definition().get_batch(batch_parameters={"dataframe": frame})
    outcomes = []
    # One validation per expectation: GX neither keeps a suite's order in its results
    # nor gives unsaved expectations ids to match them by.
    for declared in suite.expectations:
        item = batch.validate(_expectation(declared), result_format={"result_format": "COMPLETE"})
        details = item.result or {}
        indexes = details.get("unexpected_index_list") or []
        rows = frame.loc[[i for i in indexes[:MAX_FAILING_ROWS] if i in frame.index]]
        outcomes.append(ExpectationOutcome(
            expectation=declared.kind,
            column=declared.kwargs.get("column") or declared.kwargs.get("column_A"),
            success=bool(item.success),
            unexpected_count=int(details.get("unexpected_count") or 0),
            failing_rows=_records(rows),
        ))
    return SuiteOutcome(suite, len(frame), outcomes)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    clean = frame.astype(object).where(frame.notna(), None)
    return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}
            for r in clean.to_dict("records")]


def run_suite(con: duckdb.DuckDBPyConnection, suite: Suite) -> SuiteOutcome:
    return validate(suite, read_frame(con, suite))
