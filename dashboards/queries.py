"""The dashboards' one query module: cached, read-only queries on the published warehouse.

- The SQL lives in ``dashboards/sql/<name>.sql``; parameters are bound with ``?``, never
  formatted into the text.
- Every public function takes an optional ``db_path``; by default it is
  ``current_home().published`` (``UNIONKPI_HOME``), so the functions work the same in
  Streamlit, in tests and in a plain Python shell.
- Results are pandas DataFrames cached with ``st.cache_data(ttl=...)``; the connection is
  cached with ``st.cache_resource``. Both caches are keyed on the file's *version*
  (path, mtime_ns, size, inode), so a newly published file is read on the next call,
  without waiting for the TTL.

Why not ``duckdb.connect(path, read_only=True)``: DuckDB keeps one database instance per
path in a process, so while any connection to the old file is alive, connecting again to
the same path returns the *old* instance and the old data (even after the publisher has
replaced the file). Instead each version gets its own in-memory DuckDB instance with the
file ATTACHed ``READ_ONLY``: the file is opened afresh, and the dashboard still cannot write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from ingestion.template_spec import FILE_STATUSES
from orchestration.access import LOCAL_ANALYST, Scope, users_file
from orchestration.home import current_home
from orchestration.scoping import open_published

SQL_DIR = Path(__file__).resolve().parent / "sql"
#: Seconds a query result is kept. A republished file is picked up at once anyway
#: (the cache key holds the file's version); the TTL bounds memory and staleness of
#: anything the version does not capture.
DATA_TTL_SECONDS = 600

_SQL_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class WarehouseMissing(FileNotFoundError):
    """The published warehouse file does not exist (nothing has been loaded yet)."""


@dataclass(frozen=True)
class WarehouseVersion:
    """Identifies one published file: a republished file has a new mtime (and inode)."""

    path: str
    mtime_ns: int
    size: int
    inode: int


# --------------------------------------------------------------------------- files


def published_path() -> Path:
    """The read-only warehouse dashboards read: ``current_home().published``."""
    return current_home().published


def _resolve(db_path: str | Path | None) -> Path:
    return Path(db_path) if db_path is not None else published_path()


def warehouse_exists(db_path: str | Path | None = None) -> bool:
    return _resolve(db_path).is_file()


def warehouse_version(db_path: str | Path | None = None) -> WarehouseVersion:
    path = _resolve(db_path).resolve()
    try:
        stat = path.stat()
    except FileNotFoundError as exc:
        raise WarehouseMissing(f"尚无数据：找不到已发布的数据仓库 {path}") from exc
    return WarehouseVersion(str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino)


@lru_cache(maxsize=None)
def load_sql(name: str) -> str:
    """The text of ``dashboards/sql/<name>.sql``. Names are code constants, not input."""
    if not _SQL_NAME.match(name):
        raise ValueError(f"invalid SQL name: {name!r}")
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise ValueError(f"no such query: {name!r} (looked for {path})")
    return path.read_text(encoding="utf-8")


def sql_names() -> list[str]:
    return sorted(p.stem for p in SQL_DIR.glob("*.sql"))


# --------------------------------------------------------------------------- cached layer


def current_scope() -> Scope:
    """What the viewer of this session may read. Outside a Streamlit session (the CLI's
    bulletin, tests) the caller is the local analyst; inside one, a users file means
    nothing is read before a login."""
    viewer = st.session_state.get("viewer") if st.runtime.exists() else None
    if viewer is not None:
        return viewer.scope
    if st.runtime.exists() and users_file().exists():
        raise PermissionError("未登录")
    return LOCAL_ANALYST.scope


@st.cache_resource(max_entries=16, show_spinner=False)
def _connection(version: WarehouseVersion, scope: Scope) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB instance holding this version of the warehouse as
    `scope` may see it (orchestration.scoping): the whole file attached read-only for
    an analyst, only their rows for a street user or clerk.

    Old versions fall out of the cache (max_entries) and are closed when the last
    query using them is done (no explicit close: another session may still be reading).
    """
    return open_published(Path(version.path), scope)


@st.cache_data(ttl=DATA_TTL_SECONDS, max_entries=512, show_spinner=False)
def _fetch(name: str, params: tuple, version: WarehouseVersion, scope: Scope) -> pd.DataFrame:
    sql = load_sql(name)
    # A cursor is a separate connection to the same instance: safe across the threads
    # Streamlit runs sessions in. USE is per connection, so set it on each cursor.
    with _connection(version, scope).cursor() as cur:
        cur.execute("USE published" if scope.is_everything else "USE memory")
        return cur.execute(sql, list(params)).df()


def run(name: str, params: tuple = (), db_path: str | Path | None = None,
        scope: Scope | None = None) -> pd.DataFrame:
    """Run the named query of ``dashboards/sql`` with bound parameters (cached per
    warehouse version and viewer scope, so no result crosses from one scope to another)."""
    return _fetch(name, tuple(params), warehouse_version(db_path), scope or current_scope())


def clear_caches() -> None:
    _fetch.clear()
    _connection.clear()


# --------------------------------------------------------------------------- queries


def available_periods(db_path: str | Path | None = None) -> list[tuple[int, int]]:
    """(year, month) pairs present in ``marts.kpi_monthly`` from the first to the last
    month of their year with an imported monthly report (``marts.report_years``), newest
    first. (kpi_monthly runs on to a later 企业名录 snapshot's month, whose flows no
    report stands behind yet.)"""
    frame = run("available_periods", (), db_path)
    periods = [(int(y), int(m)) for y, m in zip(frame["year"], frame["month"], strict=True)]
    ranges = _reported_month_ranges(db_path)
    if ranges is None:
        return periods
    return [(y, m) for y, m in periods if y in ranges and ranges[y][0] <= m <= ranges[y][1]]


def _reported_month_ranges(db_path: str | Path | None = None) -> dict[int, tuple[int, int]] | None:
    """Year -> (first, last) month with an imported monthly report; None for a file
    published before marts.report_years existed."""
    if not has_table("marts", "report_years", db_path):
        return None
    frame = run("first_report_months", (), db_path)
    return {int(y): (int(f), int(last)) for y, f, last in
            zip(frame["year"], frame["first_month"], frame["last_month"], strict=True)}


def first_report_months(db_path: str | Path | None = None) -> dict[int, int] | None:
    """Year -> the first month with an imported monthly report (``marts.report_years``,
    the same for every viewer). The months of a year before it are in
    ``marts.kpi_monthly`` with counts of 0, as the KPI catalog says; the dashboard
    neither offers nor draws them, since no report stands behind them. None for a file
    published before the table existed: every month is shown."""
    ranges = _reported_month_ranges(db_path)
    return None if ranges is None else {year: first for year, (first, _) in ranges.items()}


def kpi_cards(
    year: int, month: int, org_code: str = "ALL", db_path: str | Path | None = None
) -> pd.DataFrame:
    """One row per KPI of one organisation and month (``marts.kpi_report``: every
    ``kpi_monthly`` column with the KPI's names, kind, unit, format and order), in
    catalog order."""
    return run("kpi_cards", (int(year), int(month), str(org_code)), db_path)


def street_table(year: int, month: int, db_path: str | Path | None = None) -> pd.DataFrame:
    """Every street's KPI rows of one month and the district's (long format,
    ``marts.kpi_report``), in ``dim_org`` order (全区 first), KPIs in catalog order."""
    return run("street_table", (int(year), int(month)), db_path)


def dim_kpi(db_path: str | Path | None = None) -> pd.DataFrame:
    """The KPI catalog (``marts.dim_kpi``) in display order."""
    return run("dim_kpi", (), db_path)


def dim_org(db_path: str | Path | None = None) -> pd.DataFrame:
    """The district (``ALL``, first) and the streets (``marts.dim_org``) in display order."""
    return run("dim_org", (), db_path)


def street_ranking(
    year: int, month: int, kpi_code: str, db_path: str | Path | None = None
) -> pd.DataFrame:
    """Every street's row of one KPI and month (``marts.kpi_report``), best first:
    ranked streets by ``rank``, then the unranked ones (no target, no data)."""
    return run("street_ranking", (int(year), int(month), str(kpi_code)), db_path)


def kpi_trend(
    year: int, month: int, org_code: str, kpi_code: str, db_path: str | Path | None = None
) -> pd.DataFrame:
    """One KPI of one organisation for the months of ``year`` through ``month`` from
    the year's first imported monthly report on (``first_report_months``), with
    ``elapsed_target`` (the mart's target × month/12, the 序时进度 line)."""
    rows = run("kpi_trend", (int(year), int(month), str(org_code), str(kpi_code)), db_path)
    return rows[rows["month"] >= first_month_shown(year, month, db_path)].reset_index(drop=True)


def first_month_shown(year: int, month: int, db_path: str | Path | None = None) -> int:
    """The first month of ``year`` the dashboard draws through ``month``: that of the
    year's first monthly report (``month + 1``, nothing, for a year without one; 1 for
    a file published before ``marts.report_years``)."""
    firsts = first_report_months(db_path)
    return 1 if firsts is None else firsts.get(int(year), int(month) + 1)


def like_pattern(text: str | None) -> str:
    """An ILIKE pattern matching ``text`` anywhere; the user's % and _ match themselves
    (escaped with a backslash, as the SQL's ``escape '\\'`` says)."""
    text = (text or "").strip()
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_units(
    text: str | None, org_code: str = "ALL", db_path: str | Path | None = None
) -> pd.DataFrame:
    """Units (``fct_unit_month``) whose name or credit code contains ``text``
    (case-insensitive; all units when empty), in the street ``org_code`` unless 'ALL';
    at most 50, with their latest name and street."""
    return run("unit_search", (like_pattern(text), str(org_code)), db_path)


def unit_history(
    credit_code: str, year: int, month: int, db_path: str | Path | None = None
) -> pd.DataFrame:
    """One unit's monthly states (``fct_unit_month``) up to (year, month), oldest first."""
    return run("unit_history", (str(credit_code), int(year), int(month)), db_path)


def unit_issues(credit_code: str, db_path: str | Path | None = None) -> pd.DataFrame:
    """Load issues of this unit's rows (whatever the column), newest file first."""
    return run("unit_issues", (str(credit_code),), db_path)


def submission_files(db_path: str | Path | None = None) -> pd.DataFrame:
    """Every received file (``marts.submission_files``), newest first."""
    return run("submission_files", (), db_path)


def received_file_by_sha256(sha256: str, db_path: str | Path | None = None) -> dict | None:
    """The first received file with these bytes (file_name, received_at, status), or None
    (within the viewer's scope: a clerk sees their own files only)."""
    frame = run("received_file_by_sha256", (sha256,), db_path)
    return None if frame.empty else frame.iloc[0].to_dict()


def file_status_counts(db_path: str | Path | None = None) -> pd.DataFrame:
    """(status, files): how many received files are in each status."""
    return run("file_status_counts", (list(FILE_STATUSES),), db_path)


def missing_reports(year: int, month: int, db_path: str | Path | None = None,
                    org_code: str = "ALL") -> pd.DataFrame:
    """Units unionized in the month before (year, month) with no 组建与会员 row reported
    for (year, month), in street order (of one street, or 'ALL')."""
    return run("missing_reports", (int(year), int(month), str(org_code)), db_path)


# --------------------------------------------------------------------------- bulletin (月度通报)


def bulletin_period(year: int, month: int, db_path: str | Path | None = None) -> dict[str, int]:
    """Whether (year, month) has data for the monthly bulletin: ``kpi_rows`` (its rows in
    ``kpi_monthly``) and ``effective_monthly_files`` (loaded monthly files of the year up
    to the month)."""
    frame = run("bulletin_period", (int(year), int(month)), db_path)
    return {column: int(frame[column].iloc[0]) for column in frame.columns}


def bulletin_files(year: int, month: int, db_path: str | Path | None = None) -> pd.DataFrame:
    """The files received for the report month (every status), in the order received."""
    return run("bulletin_files", (int(year), int(month)), db_path)


def bulletin_file_status(year: int, month: int, db_path: str | Path | None = None) -> pd.DataFrame:
    """(status, files, rows_loaded, rows_rejected, rows_warned) of the files received for
    the report month, in the usual status order."""
    return run("bulletin_file_status", (int(year), int(month), list(FILE_STATUSES)), db_path)


def load_issues(
    severity: str | None = None, file_id: str | None = None, db_path: str | Path | None = None
) -> pd.DataFrame:
    """Load issues (``marts.load_issues`` with the file's report month and submitter),
    newest file first; only one ``severity`` ('error'/'warning') or ``file_id`` if given."""
    return run("load_issues", (severity or None, file_id or None), db_path)


def load_notes(file_id: str | None = None, db_path: str | Path | None = None) -> pd.DataFrame:
    """Sheets and columns left out of files (``marts.load_notes``), newest file first;
    only one ``file_id``'s if given."""
    return run("load_notes", (file_id or None,), db_path)


def published_tables(db_path: str | Path | None = None) -> frozenset[tuple[str, str]]:
    """(schema, table) of every table and view in the published file."""
    frame = run("published_tables", (), db_path)
    return frozenset(zip(frame["schema_name"], frame["table_name"], strict=True))


def has_table(schema: str, table: str, db_path: str | Path | None = None) -> bool:
    """Whether the published file has ``schema.table`` (old files lack the newer ones,
    such as ``quality.check_results`` or ``marts.fct_unit_month``)."""
    return (schema, table) in published_tables(db_path)


def latest_check_results(db_path: str | Path | None = None) -> pd.DataFrame | None:
    """The latest result of every data-quality check, failed ones first; None when the
    published file has no ``quality.check_results`` (published before the checks)."""
    if not has_table("quality", "check_results", db_path):
        return None
    return run("check_results_latest", (), db_path)


def schema_columns(db_path: str | Path | None = None) -> pd.DataFrame:
    """Every column of the published file's tables and views (schema_name, table_name,
    column_name, data_type, column_index), for the schema browser."""
    return run("schema_columns", (), db_path)


SCHEMA_DOCS_PATH = Path(__file__).resolve().parent / "schema_docs.yml"


@lru_cache(maxsize=1)
def schema_docs() -> dict:
    """Descriptions of the contract tables and their columns, and the SQL page's
    example queries, from ``dashboards/schema_docs.yml``::

        {"tables": {"marts.kpi_monthly": {"description": ..., "columns": {...}}},
         "examples": [{"title": ..., "sql": ...}]}
    """
    import yaml

    with SCHEMA_DOCS_PATH.open(encoding="utf-8") as handle:
        docs = yaml.safe_load(handle) or {}
    docs.setdefault("tables", {})
    docs.setdefault("examples", [])
    return docs


# --------------------------------------------------------------------------- periods


def months_of(periods: list[tuple[int, int]], year: int) -> list[int]:
    """The months of ``year`` in ``periods``, newest first."""
    return sorted({m for y, m in periods if y == year}, reverse=True)


def pick_period(
    periods: list[tuple[int, int]], year: object = None, month: object = None
) -> tuple[int, int] | None:
    """The period to show: (year, month) if present; else the year's latest month;
    else the latest period. ``year``/``month`` may be strings from the URL.
    None when there are no periods."""
    if not periods:
        return None
    y, m = _as_int(year), _as_int(month)
    if y is not None and m is not None and (y, m) in periods:
        return (y, m)
    if y is not None:
        months = months_of(periods, y)
        if months:
            return (y, months[0])
    return max(periods)


def _as_int(value: object) -> int | None:
    if isinstance(value, list):  # a repeated query parameter
        value = value[-1] if value else None
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None
