"""Each dashboard page's queries, timed uncached against a published warehouse.

The pages only lay out what dashboards.queries returns, so a page's data time is the
sum of its queries. Every page is timed with the caches cleared (a first visit after a
load), several times; the median is reported.

    .venv/bin/python -m bench.pages_bench [--db data/published/warehouse.duckdb] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time
from pathlib import Path

from dashboards import queries
from orchestration.home import current_home

OUT = Path(__file__).resolve().parent / "out"


def page_queries(db: Path) -> dict[str, callable]:
    year, month = queries.available_periods(db)[0]
    street = str(queries.dim_org(db)["org_code"].iloc[1])
    some_unit = queries.search_units("", street, db)
    code = str(some_unit["credit_code"].iloc[0]) if len(some_unit) else ""
    return {
        "总览": lambda: (queries.available_periods(db), queries.dim_org(db),
                        queries.kpi_cards(year, month, "ALL", db), queries.street_table(year, month, db)),
        "街道排名": lambda: (queries.dim_kpi(db), queries.street_ranking(year, month, "new_unions", db)),
        "趋势": lambda: queries.kpi_trend(year, month, street, "new_unions", db),
        "单位明细": lambda: (queries.search_units("公司", street, db),
                          queries.unit_history(code, year, month, db), queries.unit_issues(code, db)),
        "数据质量": lambda: (queries.file_status_counts(db), queries.submission_files(db),
                          queries.missing_reports(year, month, db), queries.load_issues(None, None, db),
                          queries.latest_check_results(db)),
        "SQL 查询": lambda: (queries.schema_columns(db), queries.published_tables(db)),
    }


def run(db: Path, runs: int) -> dict[str, float]:
    timings: dict[str, list[float]] = {}
    for page, load in page_queries(db).items():
        for _ in range(runs):
            queries.clear_caches()
            start = time.perf_counter()
            load()
            timings.setdefault(page, []).append((time.perf_counter() - start) * 1000)
    return {page: statistics.median(values) for page, values in timings.items()}


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=current_home().published)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--label", default="district")
    args = parser.parse_args()
    medians = run(args.db, args.runs)
    OUT.mkdir(exist_ok=True)
    (OUT / f"pages-{args.label}.json").write_text(json.dumps(medians, ensure_ascii=False, indent=2),
                                                  encoding="utf-8")
    print(f"page queries, uncached, median of {args.runs} ({args.label}: {args.db}):")
    for page, ms in medians.items():
        print(f"  {page:<8} {ms:7.1f} ms   (target < 200 ms at district scale)")


if __name__ == "__main__":
    main()
