"""The declared suites as blocking Dagster asset checks: raw checks gate the dbt build,
mart checks gate publishing, so a dashboard never shows data that failed them."""


import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration.checks import results_store
from orchestration.checks.gx_runner import SuiteOutcome, run_suite
from orchestration.checks.suites import SUITES, Suite
from orchestration.progress import progress
from orchestration.resources import LoadLock


def check_result(outcome: SuiteOutcome) -> dg.AssetCheckResult:
    failed = [o for o in outcome.outcomes if not o.success]
    metadata: dict[str, dg.RawMetadataValue] = {
        "rows_checked": outcome.rows_checked,
        "failing_rows": outcome.failing_rows,
        "expectations": len(outcome.outcomes),
        "failed_expectations": ", ".join(f"{o.expectation}({o.column})" for o in failed) or "none",
    }
    sample = [row for o in failed for row in o.failing_rows][:20]
    if sample:
        metadata["failing_rows_sample"] = dg.MetadataValue.json(sample)
    return dg.AssetCheckResult(passed=outcome.passed, metadata=metadata,
                               severity=dg.AssetCheckSeverity.ERROR)


def build_check(suite: Suite) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=dg.AssetKey(list(suite.asset)), name=suite.name,
                    description=suite.description, blocking=True)
    def _check(context: dg.AssetCheckExecutionContext, warehouse: DuckDBResource,
               load_lock: LoadLock):
        with warehouse.get_connection() as con:
            outcome = run_suite(con, suite)
            results_store.record(con, outcome, context.op_execution_context.run_id)
        verdict = "通过" if outcome.passed else f"未通过（{outcome.failing_rows} 行）"
        progress.info(f"数据质量检查 {suite.name}：{verdict}")
        return check_result(outcome)

    return _check


def all_checks() -> list[dg.AssetChecksDefinition]:
    return [build_check(suite) for suite in SUITES]
