"""A tiny published warehouse with hand-written numbers, for dashboard tests.

Two streets (S01 城关街道, S02 东湖镇) and the district (ALL 全区), two months (2025-02,
2025-03), five KPIs. The numbers are written out, not computed, so tests can assert the
exact text the dashboard shows, for example (2025-03, 全区):

- new_unions 52 of target 200 → '52家', '26.0%', '超序时进度1.0个百分点' (ahead)
- union_formation_rate 0.953 of 0.95 → '95.3%', '高于目标0.3个百分点' (met)
- members 39,200, no target → '3.92万人' (no_target)
- membership_rate 0.82 of 0.90 → '82.0%', '低于目标8.0个百分点' (behind)
- assistance_amount 12.345 of 50 → '12.35万元', '落后序时进度0.3个百分点' (behind)

and for the streets: S01 new_unions 30 (30.0%, 超序时进度), S02 new_unions 20 (20.0%,
落后序时进度5.0个百分点), S02 members 8,123, S02 membership_rate no data.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

DDL = """
create schema marts;

create table marts.dim_kpi (
    kpi_code varchar, kpi_name varchar, short_name varchar, kind varchar, unit varchar,
    display_format varchar, direction varchar, sort_order integer, is_key boolean
);

create table marts.dim_org (
    org_code varchar, org_name varchar, org_level varchar, street_type varchar,
    sort_order integer
);

create table marts.kpi_monthly (
    year integer, month integer, org_code varchar, org_name varchar, org_level varchar,
    kpi_code varchar, actual double, numerator double, denominator double, target double,
    progress_pct double, time_elapsed_pct double, gap_pp double, status varchar,
    rank integer, yoy_change double, mom_change double
);
"""

DIM_KPI = [
    ("new_unions", "新建工会数", "新建工会数", "count_ytd", "家", "int", "higher", 1, True),
    ("union_formation_rate", "建会率（数据库正常经营企业建会率）", "建会率", "rate", "%", "pct1", "higher", 2, True),
    ("members", "会员人数", "会员人数", "stock", "人", "int", "higher", 4, False),
    ("membership_rate", "职工入会率", "职工入会率", "rate", "%", "pct1", "higher", 5, True),
    ("assistance_amount", "帮扶金额（万元）", "帮扶金额", "flow_ytd", "万元", "dec2", "higher", 22, False),
]

DIM_ORG = [
    ("ALL", "全区", "district", None, 0),
    ("S01", "城关街道", "street", "街道", 1),
    ("S02", "东湖镇", "street", "镇", 2),
]

ORG = {code: (name, level) for code, name, level, _, _ in DIM_ORG}

# (year, month, org_code, kpi_code, actual, numerator, denominator, target,
#  progress_pct, gap_pp, status, rank, yoy_change, mom_change)
KPI_ROWS = [
    # ---- 2025-03, 全区
    (2025, 3, "ALL", "new_unions", 52, None, None, 200, 0.26, 1.0, "ahead", None, 10, 18),
    (2025, 3, "ALL", "union_formation_rate", 0.953, 953, 1000, 0.95, 0.953 / 0.95, 0.3, "met", None, 0.012, 0.004),
    (2025, 3, "ALL", "members", 39200, None, None, None, None, None, "no_target", None, 1500, 320),
    (2025, 3, "ALL", "membership_rate", 0.82, 20500, 25000, 0.90, 0.82 / 0.90, -8.0, "behind", None, None, -0.01),
    (2025, 3, "ALL", "assistance_amount", 12.345, None, None, 50, 0.2469, -0.31, "behind", None, None, 4.1),
    # ---- 2025-03, 城关街道
    (2025, 3, "S01", "new_unions", 30, None, None, 100, 0.30, 5.0, "ahead", 1, 6, 10),
    (2025, 3, "S01", "union_formation_rate", 0.962, 481, 500, 0.95, 0.962 / 0.95, 1.2, "met", 1, None, 0.002),
    (2025, 3, "S01", "members", 21000, None, None, None, None, None, "no_target", None, None, 200),
    (2025, 3, "S01", "membership_rate", 0.8125, 13000, 16000, 0.90, 0.8125 / 0.90, -8.75, "behind", 1, None, None),
    (2025, 3, "S01", "assistance_amount", 9.145, None, None, 30, 0.30483, 5.48, "ahead", 1, None, 3.0),
    # ---- 2025-03, 东湖镇
    (2025, 3, "S02", "new_unions", 20, None, None, 100, 0.20, -5.0, "behind", 2, 4, 6),
    (2025, 3, "S02", "union_formation_rate", 0.944, 472, 500, 0.95, 0.944 / 0.95, -0.6, "behind", 2, None, 0.006),
    (2025, 3, "S02", "members", 8123, None, None, None, None, None, "no_target", None, None, 120),
    (2025, 3, "S02", "membership_rate", None, 0, 0, 0.90, None, None, "no_data", None, None, None),
    (2025, 3, "S02", "assistance_amount", 3.2, None, None, None, None, None, "no_target", None, None, 1.1),
    # ---- 2025-02, 全区
    (2025, 2, "ALL", "new_unions", 34, None, None, 200, 0.17, 0.17 * 100 - 200 / 12, "ahead", None, None, 20),
    (2025, 2, "ALL", "union_formation_rate", 0.949, 949, 1000, 0.95, 0.949 / 0.95, -0.1, "behind", None, None, None),
    (2025, 2, "ALL", "members", 38880, None, None, None, None, None, "no_target", None, None, None),
    (2025, 2, "ALL", "membership_rate", 0.83, 20750, 25000, 0.90, 0.83 / 0.90, -7.0, "behind", None, None, None),
    (2025, 2, "ALL", "assistance_amount", 8.245, None, None, 50, 0.1649, 0.1649 * 100 - 200 / 12, "behind", None, None, None),
    # ---- 2025-02, 城关街道
    (2025, 2, "S01", "new_unions", 20, None, None, 100, 0.20, 20 - 200 / 12, "ahead", 1, None, None),
    (2025, 2, "S01", "union_formation_rate", 0.960, 480, 500, 0.95, 0.96 / 0.95, 1.0, "met", 1, None, None),
    (2025, 2, "S01", "members", 20800, None, None, None, None, None, "no_target", None, None, None),
    (2025, 2, "S01", "membership_rate", 0.82, 13120, 16000, 0.90, 0.82 / 0.90, -8.0, "behind", 1, None, None),
    (2025, 2, "S01", "assistance_amount", 6.145, None, None, 30, 0.20483, 20.483 - 200 / 12, "ahead", 1, None, None),
    # ---- 2025-02, 东湖镇
    (2025, 2, "S02", "new_unions", 14, None, None, 100, 0.14, 14 - 200 / 12, "behind", 2, None, None),
    (2025, 2, "S02", "union_formation_rate", 0.938, 469, 500, 0.95, 0.938 / 0.95, -1.2, "behind", 2, None, None),
    (2025, 2, "S02", "members", 8003, None, None, None, None, None, "no_target", None, None, None),
    (2025, 2, "S02", "membership_rate", None, 0, 0, 0.90, None, None, "no_data", None, None, None),
    (2025, 2, "S02", "assistance_amount", 2.1, None, None, None, None, None, "no_target", None, None, None),
]


def build_published_warehouse(home: Path) -> Path:
    """Write the fixture warehouse to ``home/published/warehouse.duckdb`` (the path
    ``Home(home).published``) and return that path."""
    path = Path(home) / "published" / "warehouse.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_warehouse(path, KPI_ROWS)
    return path


def write_warehouse(path: Path, kpi_rows: list[tuple]) -> Path:
    """Write a warehouse with the fixture's dimensions and the given kpi_monthly rows
    (replacing any file at ``path``, as a publisher would: write aside, then rename)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        con.execute(DDL)
        con.executemany("insert into marts.dim_kpi values (?, ?, ?, ?, ?, ?, ?, ?, ?)", DIM_KPI)
        con.executemany("insert into marts.dim_org values (?, ?, ?, ?, ?)", DIM_ORG)
        if kpi_rows:
            con.executemany(
                "insert into marts.kpi_monthly values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_kpi_row(r) for r in kpi_rows],
            )
    finally:
        con.close()
    tmp.replace(path)
    return path


def _kpi_row(row: tuple) -> tuple:
    year, month, org, kpi, actual, num, den, target, progress, gap, status, rank, yoy, mom = row
    name, level = ORG[org]
    return (year, month, org, name, level, kpi, actual, num, den, target, progress,
            month / 12, gap, status, rank, yoy, mom)
