"""Ad-hoc SQL that cannot hurt: read-only, on the published copy, no file or network
access, no ATTACH/COPY/INSTALL/SET, one SELECT at a time, a time limit and a row limit."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from orchestration.access import Scope
from orchestration.scoping import open_published
from orchestration.sql_errors import explain

ALLOWED_STATEMENTS = {duckdb.StatementType.SELECT}
DEFAULT_TIMEOUT_S = 20.0
DEFAULT_ROW_LIMIT = 100_000


class QueryRefused(Exception):
    """The query was refused or failed; the message is for the analyst (Chinese). When
    DuckDB said why, its words are kept apart too (detail: with a caret under the place
    in the query, to be shown in a fixed-width font)."""

    def __init__(self, message: str, summary: str | None = None, detail: str | None = None):
        super().__init__(message)
        self.summary = summary or message
        self.detail = detail


@dataclass
class QueryResult:
    frame: pd.DataFrame
    truncated: bool


def _connect(db_path: Path, scope: Scope | None) -> duckdb.DuckDBPyConnection:
    """The published file as this user may see it (scoping.open_published: an in-memory
    database that attaches it read-only, so it coexists with other readers in this
    process); then external access off and the configuration locked, so nothing can
    reach another file, the network or a setting."""
    if not db_path.exists():
        raise QueryRefused("尚无已发布的数据：请先运行 unionkpi load 导入报表")
    con = open_published(db_path, scope)
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def _check_statements(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise _failed(exc) from None
    if len(statements) != 1:
        raise QueryRefused("一次只能执行一条 SELECT 查询")
    if statements[0].type not in ALLOWED_STATEMENTS:
        raise QueryRefused(
            f"只允许只读查询（SELECT）；已拒绝 {statements[0].type.name} 语句")


def _failed(exc: duckdb.Error) -> QueryRefused:
    """DuckDB's error: what it means in Chinese, then DuckDB's own words."""
    summary = f"查询失败：{explain(str(exc))}"
    return QueryRefused(f"{summary}\n{exc}", summary, str(exc))


def run_query(db_path: Path, sql: str, timeout_s: float = DEFAULT_TIMEOUT_S,
              row_limit: int = DEFAULT_ROW_LIMIT, scope: Scope | None = None) -> QueryResult:
    """Run one SELECT as `scope` may see the warehouse (None: everything, the CLI's case)."""
    con = _connect(db_path, scope)
    timer = threading.Timer(timeout_s, con.interrupt)
    try:
        _check_statements(con, sql)
        timer.start()
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchmany(row_limit + 1)
    except duckdb.InterruptException:
        raise QueryRefused(f"查询超过 {timeout_s:g} 秒时限，已终止；请缩小范围") from None
    except duckdb.PermissionException as exc:
        summary = "已拒绝：不允许访问文件、网络或修改设置"
        raise QueryRefused(f"{summary}（{exc}）", summary, str(exc)) from None
    except duckdb.Error as exc:
        raise _failed(exc) from None
    finally:
        timer.cancel()
        con.close()
    truncated = len(rows) > row_limit
    # Values as DuckDB gives them (object columns): a frame would otherwise turn an
    # INTEGER column holding a NULL into floats (2.0) and the NULL into NaN.
    return QueryResult(pd.DataFrame(rows[:row_limit], columns=columns, dtype=object), truncated)
