"""The dbt unit tests (dbt_project/models/*/_unit_tests_*.yml): each KPI rule of
kpi-catalog.md on a few hand-made rows, with the expected rows worked out in comments.

dbt reads the column types of a model's inputs from the warehouse, so the tests run
against a copy of the tiny district's working warehouse after a full load (the `loaded`
fixture of the end-to-end test). Unit tests are switched off in ordinary builds and
switched on here with a var; dbt writes its target and logs to a temporary folder, so
the project folder is left as it was.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from orchestration.dbt_resources import dbt_executable
from orchestration.home import DBT_PROJECT_DIR
from tests.test_pipeline_end_to_end import loaded  # noqa: F401  (module fixture: one full load)

pytestmark = pytest.mark.slow

ENABLE_UNIT_TESTS = "{unionkpi_unit_tests: true}"
# A unit test with this tag pins a place where a model disagrees with the specs; it is
# expected to fail until the model is fixed (see its description).
# Models whose rules the catalog makes binding; each must keep at least one unit test.
MODELS_UNDER_TEST = {
    "int_file_status", "int_unit_month_state", "int_kpi_units", "int_kpi_registry",
    "int_kpi_flows", "int_kpi_contracts", "int_kpi_reporting", "kpi_monthly", "kpi_report",
    "submission_files", "stg_streets",
}
# The deliberately wrong expectation: the rank-ties test expecting DENSE_RANK's 3 where
# the catalog's RANK() gives 4.
WRONG_OF = "kpi_monthly_rank_ties_share_and_skip"
WRONG_NAME = f"{WRONG_OF}__wrong_expectation"


def defined_unit_tests(project_dir: Path) -> dict[str, dict]:
    """Every unit test the project defines, by name, as written in its YAML."""
    tests: dict[str, dict] = {}
    for path in sorted((project_dir / "models").rglob("_unit_tests_*.yml")):
        for test in yaml.safe_load(path.read_text(encoding="utf-8")).get("unit_tests") or []:
            assert test["name"] not in tests, f"unit test {test['name']} defined twice"
            tests[test["name"]] = test
    return tests


def run_unit_tests(project_dir: Path, warehouse: Path, out: Path, *selection: str):
    """`dbt test` with unit tests switched on; returns the process and, per unit test
    name, its entry of run_results.json."""
    command = [
        dbt_executable(), "test", "--project-dir", str(project_dir),
        "--profiles-dir", str(project_dir), "--target-path", str(out / "target"),
        "--log-path", str(out / "logs"), "--vars", ENABLE_UNIT_TESTS, "--no-use-colors",
        *selection,
    ]
    env = {**os.environ, "UNIONKPI_WAREHOUSE": str(warehouse),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    process = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    results_file = out / "target" / "run_results.json"
    results = {}
    if results_file.exists():
        for result in json.loads(results_file.read_text(encoding="utf-8"))["results"]:
            if result["unique_id"].startswith("unit_test."):
                results[result["unique_id"].rsplit(".", 1)[-1]] = result
    return process, results


def explain(process, results) -> str:
    failed = [f"--- {name}: {r['status']}\n{r.get('message') or ''}"
              for name, r in sorted(results.items()) if r["status"] != "pass"]
    return "\n".join(failed) or process.stdout[-4000:] + process.stderr[-2000:]


@pytest.fixture(scope="module")
def warehouse_copy(loaded, tmp_path_factory) -> Path:  # noqa: F811
    _, home, _ = loaded
    copy = tmp_path_factory.mktemp("dbt_unit_warehouse") / "warehouse.duckdb"
    shutil.copyfile(home.warehouse, copy)
    wal = home.warehouse.with_name(home.warehouse.name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
    return copy


@pytest.fixture(scope="module")
def side_run(warehouse_copy, tmp_path_factory):
    """A throwaway copy of the project with one wrong expectation added, running that test."""
    root = tmp_path_factory.mktemp("dbt_unit_side")
    project = root / "project"
    shutil.copytree(DBT_PROJECT_DIR, project,
                    ignore=shutil.ignore_patterns("target", "logs", "dbt_packages", "*.duckdb*"))

    wrong = dict(defined_unit_tests(project)[WRONG_OF], name=WRONG_NAME)
    expect = dict(wrong["expect"])
    rows = list(csv.DictReader(io.StringIO(expect["rows"])))
    (s4,) = [row for row in rows if row["org_code"] == "S4"]
    assert s4["rank"] == "4", "the rank-ties test changed; update WRONG_OF's mutation"
    s4["rank"] = "3"
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    wrong["expect"] = {**expect, "rows": text.getvalue()}
    (project / "models" / "marts" / "_unit_tests_wrong_expectation.yml").write_text(
        yaml.safe_dump({"version": 2, "unit_tests": [wrong]}, allow_unicode=True, sort_keys=False),
        encoding="utf-8")

    process, results = run_unit_tests(project, warehouse_copy, root / "out", "--select",
                                      WRONG_NAME)
    return process, results, defined_unit_tests(DBT_PROJECT_DIR)


def test_every_unit_test_passes(warehouse_copy, tmp_path):
    defined = defined_unit_tests(DBT_PROJECT_DIR)
    expected = set(defined)
    assert MODELS_UNDER_TEST <= {test["model"] for test in defined.values()}

    process, results = run_unit_tests(DBT_PROJECT_DIR, warehouse_copy, tmp_path, "--select",
                                      "test_type:unit")

    assert process.returncode == 0, explain(process, results)
    passed = {name for name, result in results.items() if result["status"] == "pass"}
    assert passed == set(results) == expected, explain(process, results)
    assert len(passed) == len(expected)
    assert not (DBT_PROJECT_DIR / "models" / "marts" / "_unit_tests_wrong_expectation.yml").exists()


def test_a_wrong_expectation_fails(side_run):
    process, results, _ = side_run
    assert process.returncode != 0
    wrong = results[WRONG_NAME]
    assert wrong["status"] == "fail", explain(process, results)
    # dbt shows the differing cell as expected→actual.
    assert "differs from" in wrong["message"] and "3→4" in wrong["message"], wrong["message"]
