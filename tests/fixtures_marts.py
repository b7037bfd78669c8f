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

Beside the KPIs, the operational marts the other pages read:

- ``marts.fct_unit_month``: four units in 2025-02 and 2025-03. 城关机械有限公司 (UNIT_A, S01)
  reports both months (120/100 then 125/110 职工/会员); 东湖食品有限公司 (UNIT_B, S02) is
  联合建会 in February and does not report March (carried forward: the one unit
  missing from March's reports); 城关物流有限公司 (UNIT_C, S01) is 未建会 in February
  and 单独建会 on 2025-03-10; 东湖电子有限公司 (UNIT_D, S02) reports both months.
- ``marts.submission_files``: six files, one of each status but superseded, with
  counts by status loaded 3, loaded_with_errors 1, rejected 1, duplicate 1.
- ``marts.report_years``: made by the real model from those files: 2025, months 2–3.
- ``marts.load_notes``: 城关街道_2025-03.xlsx's ignored sheet 填表说明 and column 备注.
- ``marts.load_issues``: four issues; the warning on UNIT_A's row (value = its code)
  says '第5行 单位 “…” 在同一报告期已由其他单位填报（东湖镇总工会），请核实'; the error
  on UNIT_D's row is about its 会员人数.
- ``quality.check_results``: two runs of two checks; in the latest run
  ``kpi_monthly_suite`` failed with 2 failing rows and ``raw_files_suite`` passed.
  ``write_warehouse(..., with_quality=False)`` leaves the schema out, as in old files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import duckdb

from ingestion.normalize import credit_code_check_char
from orchestration.home import DBT_PROJECT_DIR

MARTS_MODELS = DBT_PROJECT_DIR / "models" / "marts"

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

create table marts.submission_files (
    file_id varchar, file_name varchar, sha256 varchar, received_at timestamp,
    submitter varchar, report_month date, kind varchar, status varchar,
    rows_loaded integer, rows_rejected integer, rows_warned integer, message varchar,
    received_seq bigint, size_bytes bigint, archive_path varchar, duplicate_of varchar,
    org_code varchar
);

create table marts.load_issues (
    file_id varchar, file_name varchar, sheet varchar, row_number integer,
    column_header varchar, value varchar, severity varchar, rule varchar, message varchar,
    received_seq bigint, issue_seq integer, credit_code varchar
);

create table marts.load_notes (
    file_id varchar, file_name varchar, received_seq bigint, sheet varchar,
    column_header varchar, what varchar
);

create table marts.fct_unit_month (
    year integer, month integer, credit_code varchar, unit_name varchar, org_code varchar,
    org_name varchar, unit_type varchar, workers bigint, members bigint,
    migrant_members bigint, union_form varchar, union_date date, is_unionized boolean,
    workers_congress boolean, openness boolean, legal_person boolean, state_month date,
    reported_this_month boolean
);
"""

QUALITY_DDL = """
create schema quality;

create table quality.check_results (
    checked_at timestamp, run_id varchar, check_name varchar, asset varchar,
    description varchar, passed boolean, rows_checked integer, failing_rows integer,
    details varchar
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




def _code(n: int) -> str:
    body = f"91110108MA0{n:06d}"
    return body + credit_code_check_char(body)


UNIT_A, UNIT_B, UNIT_C, UNIT_D = (_code(n) for n in (101, 102, 103, 104))

# (year, month, credit_code, unit_name, org_code, unit_type, workers, members,
#  migrant_members, union_form, union_date, workers_congress, openness, legal_person,
#  state_month)
UNIT_ROWS = [
    (2025, 2, UNIT_A, "城关机械有限公司", "S01", "企业", 120, 100, 10, "单独建会", dt.date(2018, 4, 1), True, True, True, dt.date(2025, 2, 1)),
    (2025, 2, UNIT_B, "东湖食品有限公司", "S02", "企业", 40, 30, 5, "联合建会", dt.date(2020, 9, 1), False, True, False, dt.date(2025, 2, 1)),
    (2025, 2, UNIT_C, "城关物流有限公司", "S01", "企业", 20, 0, 0, "未建会", None, False, False, False, dt.date(2025, 2, 1)),
    (2025, 2, UNIT_D, "东湖电子有限公司", "S02", "企业", 60, 50, 8, "单独建会", dt.date(2019, 6, 1), True, True, True, dt.date(2025, 2, 1)),
    (2025, 3, UNIT_A, "城关机械有限公司", "S01", "企业", 125, 110, 12, "单独建会", dt.date(2018, 4, 1), True, True, True, dt.date(2025, 3, 1)),
    (2025, 3, UNIT_B, "东湖食品有限公司", "S02", "企业", 40, 30, 5, "联合建会", dt.date(2020, 9, 1), False, True, False, dt.date(2025, 2, 1)),
    (2025, 3, UNIT_C, "城关物流有限公司", "S01", "企业", 22, 15, 0, "单独建会", dt.date(2025, 3, 10), False, False, False, dt.date(2025, 3, 1)),
    (2025, 3, UNIT_D, "东湖电子有限公司", "S02", "企业", 61, 52, 8, "单独建会", dt.date(2019, 6, 1), True, True, True, dt.date(2025, 3, 1)),
]

DUPLICATE_MESSAGE = f"第5行 单位 “{UNIT_A}” 在同一报告期已由其他单位填报（东湖镇总工会），请核实"
REJECTED_MESSAGE = "没有可导入的数据行：第4行 “统一社会信用代码” 不能为空"

# (file_id, file_name, received_at, submitter, report_month, kind, status, rows_loaded,
#  rows_rejected, rows_warned, message, duplicate_of)
FILE_ROWS = [
    ("F000001", "区总工会_年度目标_2025.xlsx", dt.datetime(2025, 1, 20, 9, 0), None, None, "targets", "loaded", 15, 0, 0, None, None),
    ("F000002", "城关街道_2025-02.xlsx", dt.datetime(2025, 3, 3, 10, 15), "城关街道总工会", dt.date(2025, 2, 1), "monthly", "loaded", 2, 0, 0, None, None),
    ("F000003", "东湖镇_2025-02.xlsx", dt.datetime(2025, 3, 4, 14, 30), "东湖镇总工会", dt.date(2025, 2, 1), "monthly", "loaded", 2, 0, 0, None, None),
    ("F000004", "城关街道_2025-03.xlsx", dt.datetime(2025, 4, 2, 8, 45), "城关街道总工会", dt.date(2025, 3, 1), "monthly", "loaded_with_errors", 2, 1, 1, None, None),
    ("F000005", "东湖镇_补报_2025-03.xlsx", dt.datetime(2025, 4, 3, 16, 5), "东湖镇总工会", dt.date(2025, 3, 1), "monthly", "rejected", 0, 1, 0, REJECTED_MESSAGE, None),
    ("F000006", "城关街道_2025-03(2).xlsx", dt.datetime(2025, 4, 3, 17, 0), "城关街道总工会", dt.date(2025, 3, 1), "monthly", "duplicate", 0, 0, 0, "与已收到的文件“城关街道_2025-03.xlsx”内容相同，未重复导入", "F000004"),
]

# (file_id, sheet, row, column, value, severity, rule, message, the row's unit)
ISSUE_ROWS = [
    ("F000004", "组建与会员", 5, "统一社会信用代码", UNIT_A, "warning", "duplicate_unit_report", DUPLICATE_MESSAGE, UNIT_A),
    ("F000004", "组建与会员", 7, "会员人数", "-3", "error", "int_negative", "第7行 “会员人数” 值 “-3” 不能为负数", UNIT_D),
    ("F000005", "组建与会员", 4, "统一社会信用代码", None, "error", "required", "第4行 “统一社会信用代码” 不能为空", None),
    ("F000006", None, None, None, None, "warning", "duplicate_file", "与已收到的文件“城关街道_2025-03.xlsx”内容相同，未重复导入", None),
]

# (file_id, sheet, column_header, what)
NOTE_ROWS = [
    ("F000004", "填表说明", None, "ignored_sheet"),
    ("F000004", "组建与会员", "备注", "ignored_column"),
]

CHECK_FAILURE_DETAILS = [
    {"expectation": "ExpectColumnValuesToNotBeNull", "column": "org_name", "success": False,
     "unexpected_count": 2, "failing_rows": 2},
    {"expectation": "ExpectColumnValuesToBeInSet", "column": "status", "success": True,
     "unexpected_count": 0, "failing_rows": 0},
]

# (checked_at, run_id, check_name, asset, description, passed, rows_checked, failing_rows, details)
CHECK_ROWS = [
    (dt.datetime(2025, 4, 2, 9, 0), "run-1", "kpi_monthly_suite", "marts/kpi_monthly", "KPI 月度表完整性", True, 30, 0, "[]"),
    (dt.datetime(2025, 4, 2, 9, 0), "run-1", "raw_files_suite", "raw/files", "收到的文件登记完整", True, 5, 0, "[]"),
    (dt.datetime(2025, 4, 3, 18, 0), "run-2", "kpi_monthly_suite", "marts/kpi_monthly", "KPI 月度表完整性", False, 30, 2,
     json.dumps(CHECK_FAILURE_DETAILS, ensure_ascii=False)),
    (dt.datetime(2025, 4, 3, 18, 0), "run-2", "raw_files_suite", "raw/files", "收到的文件登记完整", True, 6, 0, "[]"),
]


def build_published_warehouse(home: Path) -> Path:
    """Write the fixture warehouse to ``home/published/warehouse.duckdb`` (the path
    ``Home(home).published``) and return that path."""
    path = Path(home) / "published" / "warehouse.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_warehouse(path, KPI_ROWS)
    return path


def write_warehouse(path: Path, kpi_rows: list[tuple], *, with_quality: bool = True,
                    more_files: list[tuple] = ()) -> Path:
    """Write a warehouse with the fixture's dimensions, the given kpi_monthly rows and
    the fixture's files (and more_files, shaped like FILE_ROWS), issues and units
    (replacing any file at ``path``, as a publisher would: write aside, then rename).
    ``with_quality=False`` leaves out ``quality.check_results``, as in files published
    before the checks existed."""
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
        con.execute(f"create table marts.kpi_report as {model_sql('kpi_report')}")
        con.executemany(
            "insert into marts.submission_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_file_row(i, r) for i, r in enumerate([*FILE_ROWS, *more_files], start=1)],
        )
        con.execute(f"create table marts.report_years as {model_sql('report_years')}")
        con.executemany(
            "insert into marts.load_issues values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_issue_row(i, r) for i, r in enumerate(ISSUE_ROWS, start=1)],
        )
        con.executemany(
            "insert into marts.load_notes values (?, ?, ?, ?, ?, ?)",
            [(f, _FILE_NAME[f], _FILE_SEQ[f], sheet, column, what)
             for f, sheet, column, what in NOTE_ROWS],
        )
        con.executemany(
            "insert into marts.fct_unit_month values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_unit_row(r) for r in UNIT_ROWS],
        )
        if with_quality:
            con.execute(QUALITY_DDL)
            con.executemany("insert into quality.check_results values (?, ?, ?, ?, ?, ?, ?, ?, ?)", CHECK_ROWS)
    finally:
        con.close()
    tmp.replace(path)
    return path


def model_sql(model: str) -> str:
    """A dbt model of the marts with its refs pointing at the fixture's marts: the pages
    are tested on what the real model makes of the fixture's rows."""
    sql = re.sub(r"\{\{\s*ref\('(\w+)'\)\s*\}\}", r"marts.\1",
                 (MARTS_MODELS / f"{model}.sql").read_text(encoding="utf-8"))
    assert "{{" not in sql and "{%" not in sql, f"{model}.sql uses more Jinja than refs"
    return sql


def _kpi_row(row: tuple) -> tuple:
    year, month, org, kpi, actual, num, den, target, progress, gap, status, rank, yoy, mom = row
    name, level = ORG[org]
    return (year, month, org, name, level, kpi, actual, num, den, target, progress,
            month / 12, gap, status, rank, yoy, mom)


def _file_row(seq: int, row: tuple) -> tuple:
    file_id, name, received_at, submitter, month, kind, status, loaded, rejected, warned, message, dup = row
    sha = f"{seq:02d}" * 32
    org_code = {"城关街道总工会": "S01", "东湖镇总工会": "S02"}.get(submitter)
    return (file_id, name, sha, received_at, submitter, month, kind, status, loaded, rejected,
            warned, message, seq, 10_000 + seq, f"archive/{sha[:2]}/{sha}.xlsx", dup, org_code)


_FILE_SEQ = {row[0]: seq for seq, row in enumerate(FILE_ROWS, start=1)}
_FILE_NAME = {row[0]: row[1] for row in FILE_ROWS}


def _issue_row(seq: int, row: tuple) -> tuple:
    file_id, sheet, row_number, header, value, severity, rule, message, unit = row
    return (file_id, _FILE_NAME[file_id], sheet, row_number, header, value, severity, rule,
            message, _FILE_SEQ[file_id], seq, unit)


def _unit_row(row: tuple) -> tuple:
    (year, month, code, name, org, unit_type, workers, members, migrant, form, union_date,
     congress, openness, legal, state_month) = row
    return (year, month, code, name, org, ORG[org][0], unit_type, workers, members, migrant,
            form, union_date, form in ("单独建会", "联合建会"), congress, openness, legal,
            state_month, state_month == dt.date(year, month, 1))
