"""Ingestion throughput, side by side in one run (issue: ingest every submission fast).

(a) read floor: fastexcel reading the same sheets into Arrow, no validation, 2 threads;
(b) naive: a loop of pandas.read_excel(engine="openpyxl");
(c) ours: from the inbox, receive (archive + log) + parse + validate + store into the
    DuckDB raw tables (the reader processes started beforehand, as in a running service);
(c0) our reading stage alone: the reader processes reading and preparing the same files,
    nothing archived, validated or stored (how much of (c) is reading).

    .venv/bin/python -m bench.ingest_bench [--small 1000] [--large 20] [--large-rows 20000]

Each measure runs --repeat times (3), interleaved, and its median counts. Prints files/s
and rows/s and the ratios; writes bench/out/ingest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import fastexcel
import xlsxwriter

from ingestion import intake, raw_store, workers
from ingestion.normalize import credit_code_check_char
from orchestration.home import Home

OUT = Path(__file__).resolve().parent / "out"
UNIT_HEADER = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", "农民工人数",
               "会员人数", "建会形式", "建会日期", "职代会建制"]
CARD_HEADER = ["统一社会信用代码", "本月采集会员信息数", "本月办卡数"]
TRAINING_HEADER = ["统一社会信用代码", "培训类别", "开班日期", "参训人次"]


def code(n: int) -> str:
    body = f"91330100{n:09d}"
    return body + credit_code_check_char(body)


def write_workbook(path: Path, rng: random.Random, rows: int, small: bool) -> int:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    units = workbook.add_worksheet("组建与会员")
    units.write_row(0, 0, ["填报单位：东湖街道总工会"])
    units.write_row(1, 0, ["报告期：2026-03"])
    units.write_row(2, 0, UNIT_HEADER)
    for r in range(rows):
        workers = rng.randint(5, 800)
        units.write_row(r + 3, 0, [code(r), f"单位{r}", "东湖街道", "企业"])
        units.write_row(r + 3, 4, [workers, workers // 3, workers * 3 // 4, "单独建会"])
        units.write_datetime(r + 3, 8, dt.datetime(2015, 1, 1) + dt.timedelta(days=r % 3000), date)
        units.write_string(r + 3, 9, "是")
    written = rows
    if small:
        cards = workbook.add_worksheet("服务卡")
        cards.write_row(0, 0, CARD_HEADER)
        trainings = workbook.add_worksheet("培训")
        trainings.write_row(0, 0, TRAINING_HEADER)
        for r in range(rows):
            cards.write_row(r + 1, 0, [code(r), rng.randint(0, 30), rng.randint(0, 20)])
            trainings.write_row(r + 1, 0, [code(r), "职工技能培训", "2026-03-10", rng.randint(5, 60)])
        written += 2 * rows
    workbook.close()
    return written


def generate(folder: Path, count: int, rows: int, small: bool) -> tuple[list[Path], int]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    paths, total = [], 0
    for i in range(count):
        path = folder / f"东湖街道{i:04d}_2026-03.xlsx"
        total += write_workbook(path, rng, rows, small)
        paths.append(path)
    return paths, total


def read_floor(paths: list[Path]) -> float:
    def read(path: Path) -> int:
        reader = fastexcel.read_excel(path)
        return sum(reader.load_sheet(i, header_row=None).to_arrow().num_rows
                   for i in range(len(reader.sheet_names)))

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(read, paths))
    return time.perf_counter() - start


def naive_pandas(paths: list[Path]) -> float:
    import pandas as pd

    start = time.perf_counter()
    for path in paths:
        pd.read_excel(path, sheet_name=None, engine="openpyxl")
    return time.perf_counter() - start


def our_ingest(paths: list[Path]) -> float:
    """The files arrive in the inbox (copied there untimed, as an upload would), then
    one timed ingest: receive (archive by hash + log), read, validate, store."""
    with tempfile.TemporaryDirectory() as root:
        home = Home(Path(root)).ensure()
        con = duckdb.connect(str(home.warehouse))
        raw_store.ensure_schema(con)
        for path in paths:
            shutil.copy2(path, home.inbox / path.name)
        start = time.perf_counter()
        intake.ingest_inbox(con, home)
        elapsed = time.perf_counter() - start
        loaded = con.execute("SELECT count(*) FROM raw.files WHERE parse_status = 'loaded'").fetchone()[0]
        con.close()
    assert loaded == len(paths), f"only {loaded} of {len(paths)} files loaded"
    return elapsed


def our_reading(paths: list[Path]) -> float:
    start = time.perf_counter()
    for _ in workers.prepare_many(workers.Job(path, path.name) for path in paths):
        pass
    return time.perf_counter() - start


def median_times(measures: dict[str, tuple], repeat: int) -> dict[str, float]:
    """Each measure run `repeat` times, interleaved (a slow spell of a shared machine
    then hits every measure alike), and its median time."""
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(repeat):
        for name, (measure, paths) in measures.items():
            times[name].append(measure(paths))
    return {name: statistics.median(values) for name, values in times.items()}


def run(small: int, large: int, large_rows: int, repeat: int = 3) -> dict:
    results: dict = {"machine_cores": 2, "repeat": repeat}
    workers.start_readers()  # as in a running service: the reader processes are up
    with tempfile.TemporaryDirectory() as scratch:
        small_paths, small_rows = generate(Path(scratch) / "small", small, 50, small=True)
        large_paths, large_total = generate(Path(scratch) / "large", large, large_rows, small=False)
        times = median_times({
            "floor_small": (read_floor, small_paths), "naive_small": (naive_pandas, small_paths),
            "ours_small": (our_ingest, small_paths), "reading_small": (our_reading, small_paths),
            "floor_large": (read_floor, large_paths), "ours_large": (our_ingest, large_paths),
            "reading_large": (our_reading, large_paths)}, repeat)
    floor_small, naive_small, ours_small = (times[k] for k in ("floor_small", "naive_small", "ours_small"))
    floor_large, ours_large = times["floor_large"], times["ours_large"]
    results["small"] = {
        "files": small, "rows": small_rows,
        "read_floor_files_per_s": small / floor_small,
        "naive_pandas_files_per_s": small / naive_small,
        "ours_files_per_s": small / ours_small,
        "ours_vs_floor_time_ratio": ours_small / floor_small,
        "ours_speedup_over_naive": naive_small / ours_small,
        "reading_stage_files_per_s": small / times["reading_small"],
        "reading_stage_vs_floor_time_ratio": times["reading_small"] / floor_small,
    }
    results["large"] = {
        "files": large, "rows": large_total,
        "read_floor_rows_per_s": large_total / floor_large,
        "ours_rows_per_s": large_total / ours_large,
        "ours_vs_floor_time_ratio": ours_large / floor_large,
        "reading_stage_rows_per_s": large_total / times["reading_large"],
        "reading_stage_vs_floor_time_ratio": times["reading_large"] / floor_large,
    }
    return results


def report(results: dict) -> str:
    s, l = results["small"], results["large"]
    return "\n".join([
        f"small workbooks ({s['files']} × 3 sheets × 50 rows):",
        f"  (a) read floor      {s['read_floor_files_per_s']:8.0f} files/s",
        f"  (b) naive pandas    {s['naive_pandas_files_per_s']:8.0f} files/s",
        f"  (c) ours            {s['ours_files_per_s']:8.0f} files/s",
        f"  (c)/(a) time ratio  {s['ours_vs_floor_time_ratio']:8.2f}×   (target ≤ 1.5×)",
        f"  (b)/(c) speed-up    {s['ours_speedup_over_naive']:8.1f}×   (target ≥ 20×)",
        f"  (c0) reading stage  {s['reading_stage_files_per_s']:8.0f} files/s, "
        f"{s['reading_stage_vs_floor_time_ratio']:.2f}× the floor",
        f"large workbooks ({l['files']} × {l['rows'] // max(l['files'], 1)} rows):",
        f"  (a) read floor      {l['read_floor_rows_per_s']:8.0f} rows/s",
        f"  (c) ours            {l['ours_rows_per_s']:8.0f} rows/s",
        f"  (c)/(a) time ratio  {l['ours_vs_floor_time_ratio']:8.2f}×   (target ≤ 1.5×)",
        f"  (c0) reading stage  {l['reading_stage_rows_per_s']:8.0f} rows/s, "
        f"{l['reading_stage_vs_floor_time_ratio']:.2f}× the floor",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=20)
    parser.add_argument("--large-rows", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure (median)")
    args = parser.parse_args()
    results = run(args.small, args.large, args.large_rows, args.repeat)
    OUT.mkdir(exist_ok=True)
    (OUT / "ingest.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report(results))


if __name__ == "__main__":
    main()
