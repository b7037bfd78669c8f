"""Province-scale dbt build: a full build and a one-new-month load, side by side.

Generates getvariable-driven raw tables (bench/sql/province_raw.sql) straight into a
scratch warehouse — 200,000 units × 36 months by default, with contracts, cards and
training in proportion — then times `dbt build` over the first 35 months (full) and
again after adding month 36 (the monthly load; median of --repeat runs from the same
state).

    .venv/bin/python -m bench.build_bench [--units 200000] [--months 36] [--streets 120]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import duckdb

from ingestion import raw_store
from orchestration.dbt_resources import dbt_executable, ensure_manifest
from orchestration.home import DBT_PROJECT_DIR

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def add_raw(warehouse: Path, units: int, streets: int, from_month: int, months: int) -> float:
    script = (HERE / "sql" / "province_raw.sql").read_text(encoding="utf-8")
    start = time.perf_counter()
    with duckdb.connect(str(warehouse)) as con:
        raw_store.ensure_schema(con)
        for name, value in {"units": units, "streets": streets, "first_year": 2024,
                            "from_month": from_month, "months": months}.items():
            con.execute(f"SET VARIABLE {name} = {int(value)}")
        con.execute(script)
    return time.perf_counter() - start


def dbt_build(warehouse: Path, target: Path) -> float:
    env = {**os.environ, "UNIONKPI_WAREHOUSE": str(warehouse),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    start = time.perf_counter()
    subprocess.run([dbt_executable(), "build", "--quiet", "--project-dir", str(DBT_PROJECT_DIR),
                    "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(target)],
                   check=True, env=env)
    return time.perf_counter() - start


def slowest_nodes(target: Path, top: int = 8) -> list[tuple[str, float]]:
    """The dbt nodes that took longest in the last build (from run_results.json)."""
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    timed = sorted(((r["unique_id"].split(".", 2)[-1], r["execution_time"]) for r in results),
                   key=lambda item: -item[1])
    return [(name, round(seconds, 2)) for name, seconds in timed[:top]]


def row_counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("raw.org_units", "raw.service_cards", "raw.contracts",
                          "raw.trainings", "marts.kpi_monthly", "marts.fct_unit_month")}


def run(units: int, months: int, streets: int, keep: Path | None = None,
        repeat: int = 3) -> dict:
    ensure_manifest()
    with tempfile.TemporaryDirectory() as scratch:
        warehouse = Path(scratch) / "province.duckdb"
        before = Path(scratch) / "before-new-month.duckdb"
        target = Path(scratch) / "target"
        generate_s = add_raw(warehouse, units, streets, 0, months - 1)
        full_s = dbt_build(warehouse, target)
        slowest = slowest_nodes(target)
        # The new month, `repeat` times from the same state; the median counts (a shared
        # machine has slow spells).
        shutil.copyfile(warehouse, before)
        monthly_runs = []
        for _ in range(repeat):
            shutil.copyfile(before, warehouse)
            add_raw(warehouse, units, streets, months - 1, months)
            monthly_runs.append(dbt_build(warehouse, target))
        monthly_s = statistics.median(monthly_runs)
        slowest_new_month = slowest_nodes(target)
        counts = row_counts(warehouse)
        if keep:  # e.g. for bench.pages_bench at province scale
            keep.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(warehouse, keep)
    return {"units": units, "months": months, "streets": streets, "generate_s": generate_s,
            "full_build_s": full_s, "new_month_build_s": monthly_s,
            "new_month_build_runs_s": monthly_runs,
            "new_month_over_full": monthly_s / full_s, "rows": counts,
            "slowest_nodes_full_build": slowest,
            "slowest_nodes_new_month": slowest_new_month}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--streets", type=int, default=120)
    parser.add_argument("--keep", type=Path, help="copy the built warehouse here")
    parser.add_argument("--repeat", type=int, default=3, help="new-month builds (median)")
    args = parser.parse_args()
    results = run(args.units, args.months, args.streets, args.keep, args.repeat)
    OUT.mkdir(exist_ok=True)
    (OUT / "build.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"{results['units']:,} units × {results['months']} months "
          f"({results['rows']['raw.org_units']:,} unit rows, "
          f"{results['rows']['marts.kpi_monthly']:,} KPI rows)")
    print(f"  full build         {results['full_build_s']:7.1f} s   (target < 60 s)")
    runs = ", ".join(f"{r:.1f}" for r in results["new_month_build_runs_s"])
    print(f"  one new month      {results['new_month_build_s']:7.1f} s   (target < 10 s; "
          f"median of {runs})")
    print(f"  new month / full   {results['new_month_over_full']:7.2f}")
    print("  slowest nodes of the full build:")
    for name, seconds in results["slowest_nodes_full_build"]:
        print(f"    {seconds:6.1f} s  {name}")
    print("  slowest nodes of the new-month build:")
    for name, seconds in results["slowest_nodes_new_month"]:
        print(f"    {seconds:6.1f} s  {name}")


if __name__ == "__main__":
    main()
