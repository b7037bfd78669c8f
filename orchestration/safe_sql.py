"""Ad-hoc SQL that cannot hurt: read-only, on the published copy, no file or network
access, no ATTACH/COPY/INSTALL/SET, one SELECT at a time, within a time limit and a
memory limit, with results capped in rows and in bytes.

Each query runs in a child process of its own (`python -m orchestration.safe_sql`):
DuckDB cannot interrupt some work (one list function over a huge list), and a query's
memory must not become the server's. In the child, DuckDB has a memory limit and no
temporary directory (nothing spills to disk, and nothing in the working directory is
readable), and the process an address-space cap above it; the parent kills the child
when the time limit has passed. Fetching the rows happens inside the time limit too.
"""

from __future__ import annotations

import os
import pickle
import re
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from orchestration.access import Scope

if TYPE_CHECKING:  # pandas is imported where a frame is built: the child does without it
    import pandas as pd

ALLOWED_STATEMENTS = {duckdb.StatementType.SELECT}
# DuckDB's own PIVOT without an IN list runs as several statements (it looks up the
# pivot's values first): still one read.
_MULTI_READ = re.compile(r"(?:un)?pivot\b", re.IGNORECASE)
DEFAULT_TIMEOUT_S = 20.0
DEFAULT_ROW_LIMIT = 100_000
RESULT_BYTES_LIMIT = 64 * 1024**2
DUCKDB_MEMORY_LIMIT = "3GB"
CHILD_ADDRESS_SPACE = 8 * 1024**3
# The child starts (imports, opens the file) before its own timer runs: the parent
# waits this much longer before it kills it.
_KILL_AFTER_EXTRA_S = 5.0
_FETCH_ROWS = 2_000
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)

NO_QUERY = "请先输入查询语句"
ONE_STATEMENT = "一次只能执行一条 SELECT 查询"


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
    limit_note: str | None = None  # why the rows shown are not all of them (Chinese)

    @property
    def truncated(self) -> bool:
        return self.limit_note is not None


@dataclass(frozen=True)
class _Request:
    db_path: str
    sql: str
    timeout_s: float
    row_limit: int
    byte_limit: int
    memory_limit: str
    scope: Scope | None


def _out_of_memory(limit: str) -> QueryRefused:
    return QueryRefused(f"查询所需内存超过上限（{limit}），已终止；请缩小范围（如加 WHERE 条件或 LIMIT）")


def _timed_out(timeout_s: float) -> QueryRefused:
    return QueryRefused(f"查询超过 {timeout_s:g} 秒时限，已终止；请缩小范围")


# --- the parent: one child per query ----------------------------------------------------

def run_query(db_path: Path, sql: str, timeout_s: float = DEFAULT_TIMEOUT_S,
              row_limit: int = DEFAULT_ROW_LIMIT, scope: Scope | None = None,
              byte_limit: int = RESULT_BYTES_LIMIT,
              memory_limit: str = DUCKDB_MEMORY_LIMIT) -> QueryResult:
    """Run one SELECT as `scope` may see the warehouse (None: everything, the CLI's case)."""
    if not db_path.exists():
        raise QueryRefused("尚无已发布的数据：请先运行 unionkpi load 导入报表")
    request = _Request(str(db_path), sql, timeout_s, row_limit, byte_limit, memory_limit, scope)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    child = subprocess.Popen([sys.executable, "-m", "orchestration.safe_sql"], env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = child.communicate(pickle.dumps(request), timeout=timeout_s + _KILL_AFTER_EXTRA_S)
    except subprocess.TimeoutExpired:
        raise _timed_out(timeout_s) from None
    finally:  # also on KeyboardInterrupt: the query stops with the one who asked for it
        if child.poll() is None:
            child.kill()
            child.communicate()
    if child.returncode != 0 or not out:
        # Killed for memory (the kernel, or the address-space cap aborting DuckDB).
        if child.returncode in (-signal.SIGKILL, -signal.SIGABRT) or b"MemoryError" in err \
                or b"bad_alloc" in err:
            raise _out_of_memory(memory_limit)
        raise QueryRefused("查询进程意外退出，未得到结果；请缩小范围后重试",
                           detail=err.decode("utf-8", "replace")[-2000:] or None)
    answer = pickle.loads(out)
    if answer[0] == "refused":
        _, message, summary, detail = answer
        raise QueryRefused(message, summary, detail)
    _, columns, chunks, limit_note = answer
    import pandas as pd

    rows = [row for chunk in chunks for row in pickle.loads(chunk)]
    # Values as DuckDB gives them (object columns): a frame would otherwise turn an
    # INTEGER column holding a NULL into floats (2.0) and the NULL into NaN.
    return QueryResult(pd.DataFrame(rows, columns=columns, dtype=object), limit_note)


# --- the child: connect, check, run, fetch ------------------------------------------------

def _connect(db_path: Path, scope: Scope | None, memory_limit: str) -> duckdb.DuckDBPyConnection:
    """The published file as this user may see it (scoping.open_published); then the
    limits, external access off and the configuration locked, so nothing can reach
    another file, the network or a setting. Unqualified names read the marts."""
    from orchestration.scoping import open_published

    con = open_published(db_path, scope)
    (database,) = con.execute("SELECT current_database()").fetchone()
    try:
        con.execute(f'USE "{database}".marts')
    except duckdb.Error:  # a warehouse without marts yet: names are qualified anyway
        pass
    con.execute("SET memory_limit = ?", [memory_limit])
    con.execute("SET temp_directory = ''")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


_LEADING_COMMENTS = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.DOTALL)


def _check_statements(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise _failed(exc) from None
    if not statements:
        raise QueryRefused(NO_QUERY)
    if len(statements) != 1:
        raise QueryRefused(ONE_STATEMENT)
    statement = statements[0]
    text = _LEADING_COMMENTS.sub("", statement.query)
    if statement.type in ALLOWED_STATEMENTS or (
            statement.type == duckdb.StatementType.MULTI and _MULTI_READ.match(text)):
        return
    # The word typed (INSTALL, USE), not DuckDB's name for its kind (LOAD, SET).
    word = text.split(None, 1)[0].upper() if text.strip() else statement.type.name
    raise QueryRefused(f"只允许只读查询（SELECT）；已拒绝 {word} 语句")


def _failed(exc: duckdb.Error) -> QueryRefused:
    """DuckDB's error: what it means in Chinese, then DuckDB's own words."""
    from orchestration.sql_errors import explain

    summary = f"查询失败：{explain(str(exc))}"
    return QueryRefused(f"{summary}\n{exc}", summary, str(exc))


def _execute(request: _Request) -> tuple:
    """("rows", columns, pickled chunks of rows, limit note or None)."""
    con = _connect(Path(request.db_path), request.scope, request.memory_limit)
    timer = threading.Timer(request.timeout_s, con.interrupt)
    try:
        _check_statements(con, request.sql)
        timer.start()
        cursor = con.execute(request.sql)
        columns = [d[0] for d in cursor.description]
        return ("rows", columns, *_fetch(cursor, request.row_limit, request.byte_limit))
    except duckdb.InterruptException:
        raise _timed_out(request.timeout_s) from None
    except duckdb.OutOfMemoryException:
        raise _out_of_memory(request.memory_limit) from None
    except duckdb.PermissionException as exc:
        summary = "已拒绝：不允许访问文件、网络或修改设置"
        raise QueryRefused(f"{summary}（{exc}）", summary, str(exc)) from None
    except duckdb.Error as exc:
        raise _failed(exc) from None
    finally:
        timer.cancel()
        con.close()


def _fetch(cursor: duckdb.DuckDBPyConnection, row_limit: int, byte_limit: int
           ) -> tuple[list[bytes], str | None]:
    """The rows, pickled in chunks (as they travel), up to row_limit rows and byte_limit
    bytes; and why they stop short, if they do."""
    chunks: list[bytes] = []
    rows = size = 0
    while rows < row_limit:
        chunk = cursor.fetchmany(min(_FETCH_ROWS, row_limit - rows))
        if not chunk:
            return chunks, None
        data = pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL)
        if size + len(data) > byte_limit:
            kept = 0  # the rows of this chunk that still fit, one by one
            for row in chunk:
                size += len(pickle.dumps(row, pickle.HIGHEST_PROTOCOL))
                if size > byte_limit:
                    break
                kept += 1
            chunks.append(pickle.dumps(chunk[:kept], pickle.HIGHEST_PROTOCOL))
            return chunks, (f"结果超过 {_size(byte_limit)}，"
                            f"只显示前 {rows + kept:,} 行；请缩小范围或只选需要的列。")
        chunks.append(data)
        rows += len(chunk)
        size += len(data)
    if cursor.fetchmany(1):
        return chunks, f"结果超过 {row_limit:,} 行，只显示前 {row_limit:,} 行。"
    return chunks, None


def _size(size: int) -> str:
    return f"{size // 1024**2} MB" if size >= 1024**2 else f"{max(1, size // 1024)} KB"


def _serve_one() -> None:
    """The child: one request on stdin, its answer (pickled) on stdout."""
    # Nothing else may write into the answer, not even native code printing to file
    # descriptor 1: the answer gets its own descriptor, and 1 becomes stderr.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    from ingestion.memory_cap import cap_address_space

    cap_address_space(CHILD_ADDRESS_SPACE)
    request = pickle.load(sys.stdin.buffer)
    try:
        answer = _execute(request)
    except QueryRefused as refusal:
        answer = ("refused", str(refusal), refusal.summary, refusal.detail)
    except MemoryError:
        refusal = _out_of_memory(request.memory_limit)
        answer = ("refused", str(refusal), refusal.summary, None)
    pickle.dump(answer, answers, pickle.HIGHEST_PROTOCOL)
    answers.flush()


if __name__ == "__main__":
    _serve_one()
