"""The raw layer of the warehouse: the file log, the issues, and one table per sheet type.

This is the only module that writes SQL for the raw schema; table shapes come from the
template spec, so a column added there appears here. Identifiers are the spec's own
names, never input; values are always bound parameters or registered Arrow tables.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, Iterator

import duckdb
import numpy as np
import pyarrow as pa

from ingestion import template_spec as spec
from ingestion.parse import ParsedFile

_DUCK_TYPES = {
    spec.TEXT: "VARCHAR", spec.ENUM: "VARCHAR", spec.CREDIT_CODE: "VARCHAR",
    spec.STREET: "VARCHAR", spec.KPI: "VARCHAR", spec.INT: "BIGINT",
    spec.NUMBER: "DOUBLE", spec.DATE: "DATE", spec.BOOL: "BOOLEAN",
}
_ARROW_TYPES = {
    "VARCHAR": pa.string(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
    "DATE": pa.date32(), "BOOLEAN": pa.bool_(), "INTEGER": pa.int32(),
    "TIMESTAMP": pa.timestamp("us"),
}

FILES_COLUMNS = (
    ("file_id", "VARCHAR PRIMARY KEY"), ("received_seq", "BIGINT"), ("file_name", "VARCHAR"),
    ("sha256", "VARCHAR"), ("size_bytes", "BIGINT"), ("received_at", "TIMESTAMP"),
    ("archive_path", "VARCHAR"), ("source_key", "VARCHAR"), ("parse_status", "VARCHAR"),
    ("kind", "VARCHAR"), ("submitter", "VARCHAR"), ("report_month", "DATE"),
    ("rows_loaded", "INTEGER"), ("rows_rejected", "INTEGER"), ("rows_warned", "INTEGER"),
    ("message", "VARCHAR"), ("duplicate_of", "VARCHAR"), ("parsed_at", "TIMESTAMP"),
    ("streets_checked", "BOOLEAN"),  # parsed against a street list (NULL: not known)
)
ISSUE_COLUMNS = (
    ("file_id", "VARCHAR"), ("issue_seq", "INTEGER"), ("sheet", "VARCHAR"),
    ("row_number", "INTEGER"), ("column_header", "VARCHAR"), ("value", "VARCHAR"),
    ("severity", "VARCHAR"), ("rule", "VARCHAR"), ("message", "VARCHAR"),
    ("credit_code", "VARCHAR"),  # the row's unit, as read
)
NOTE_COLUMNS = (("file_id", "VARCHAR"), ("sheet", "VARCHAR"), ("column_header", "VARCHAR"),
                ("what", "VARCHAR"))
# Each loaded sheet's columns as headed in the file: a warning the warehouse finds later
# (an outlier, a unit two submitters reported) names the column as the clerk wrote it.
HEADER_COLUMNS = (("file_id", "VARCHAR"), ("sheet", "VARCHAR"), ("field", "VARCHAR"),
                  ("column_header", "VARCHAR"))
ROW_META_COLUMNS = (("file_id", "VARCHAR"), ("sheet", "VARCHAR"), ("row_number", "INTEGER"),
                    ("is_warned", "BOOLEAN"))


def sheet_table_columns(sheet_type: spec.SheetType) -> tuple[tuple[str, str], ...]:
    columns: list[tuple[str, str]] = list(ROW_META_COLUMNS)
    for column in sheet_type.columns:
        if column.type == spec.TARGET:
            columns += [("target_value", "DOUBLE"), ("target_is_percent", "BOOLEAN")]
        else:
            columns.append((column.field, _DUCK_TYPES[column.type]))
    return tuple(columns)


RAW_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "files": FILES_COLUMNS,
    "issues": ISSUE_COLUMNS,
    "notes": NOTE_COLUMNS,
    "headers": HEADER_COLUMNS,
    **{s.key: sheet_table_columns(s) for s in spec.SHEET_TYPES},
}
SHEET_TABLES = tuple(s.key for s in spec.SHEET_TYPES)


def _create_sql(table: str, columns: tuple[tuple[str, str], ...]) -> str:
    body = ", ".join(f"{name} {kind}" for name, kind in columns)
    return f"CREATE TABLE IF NOT EXISTS raw.{table} ({body})"


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for table, columns in RAW_TABLES.items():
        con.execute(_create_sql(table, columns))
    # A warehouse made by an earlier version gains the columns added since.
    present = set(con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'raw'").fetchall())
    for table, columns in RAW_TABLES.items():
        for name, kind in columns:
            if (table, name) not in present:
                with _transaction(con):  # the column and its values, or neither
                    con.execute(f"ALTER TABLE raw.{table} ADD COLUMN {name} {kind.split()[0]}")
                    if (table, name) in _BACKFILLS:
                        con.execute(_BACKFILLS[table, name])


@contextlib.contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """All of the block's writes commit together, or none does."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except Exception:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


# What a column added to an existing warehouse holds for the rows already there. A file
# parsed by a version that did not record streets_checked was checked when a street list
# had been received before it (files are parsed in received order, each street list
# before the files after it).
_BACKFILLS = {("files", "streets_checked"): """
    UPDATE raw.files AS f SET streets_checked = EXISTS (
        SELECT 1 FROM raw.files AS s
        WHERE s.kind = 'streets' AND s.parse_status IN ('loaded', 'loaded_with_errors')
            AND s.received_seq < f.received_seq)
    WHERE f.parse_status <> 'received'"""}


def _arrow(columns: tuple[tuple[str, str], ...], data: dict[str, list[Any]]) -> pa.Table:
    schema = pa.schema([(name, _ARROW_TYPES[kind.split()[0]]) for name, kind in columns])
    return pa.table({name: pa.array(data[name], type=schema.field(name).type)
                     for name, _ in columns}, schema=schema)


def _insert(con: duckdb.DuckDBPyConnection, table: str, arrow_table: pa.Table) -> None:
    if arrow_table.num_rows == 0:
        return
    con.register("incoming_rows", arrow_table)
    try:
        con.execute(f"INSERT INTO raw.{table} BY NAME SELECT * FROM incoming_rows")
    finally:
        con.unregister("incoming_rows")


# --- the file log ----------------------------------------------------------------------
@dataclass
class FileRecord:
    file_id: str
    file_name: str
    sha256: str
    archive_path: str
    parse_status: str
    received_seq: int
    size_bytes: int


def next_received_seq(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT coalesce(max(received_seq), 0) + 1 FROM raw.files").fetchall()[0][0]


def first_by_sha(con: duckdb.DuckDBPyConnection, hashes: list[str]) -> dict[str, tuple[str, str]]:
    """sha256 -> (file_id, file_name) of the first file received with that content."""
    if not hashes:
        return {}
    rows = con.execute(
        "SELECT sha256, arg_min(file_id, received_seq), arg_min(file_name, received_seq) "
        "FROM raw.files WHERE sha256 IN (SELECT unnest(?)) GROUP BY sha256", [hashes]).fetchall()
    return {sha: (file_id, name) for sha, file_id, name in rows}


def known_sources(con: duckdb.DuckDBPyConnection,
                  sources: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which (source_key, sha256) pairs are logged already."""
    if not sources:
        return set()
    rows = con.execute(
        "SELECT source_key, sha256 FROM raw.files WHERE source_key IN (SELECT unnest(?))",
        [[key for key, _ in sources]]).fetchall()
    return set(rows) & set(sources)


_LOG_COLUMNS = ("file_id", "received_seq", "file_name", "sha256", "size_bytes", "received_at",
                "archive_path", "source_key", "parse_status", "duplicate_of", "message")


def insert_files(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """Log received files, all in one insert (one commit)."""
    if not rows:
        return
    kinds = dict(FILES_COLUMNS)
    log = _arrow(tuple((name, kinds[name]) for name in _LOG_COLUMNS),
                 {name: [row[name] for row in rows] for name in _LOG_COLUMNS})
    zeros = pa.array(np.zeros(len(rows), dtype=np.int32))
    for name in ("rows_loaded", "rows_rejected", "rows_warned"):
        log = log.append_column(name, zeros)
    _insert(con, "files", log)


def last_parsed_at(con: duckdb.DuckDBPyConnection):
    """When the newest parse so far was stored (None: nothing parsed yet)."""
    return con.execute("SELECT max(parsed_at) FROM raw.files").fetchall()[0][0]


def pending_files(con: duckdb.DuckDBPyConnection) -> list[FileRecord]:
    """Files received and not yet parsed, in received order."""
    rows = con.execute(
        "SELECT file_id, file_name, sha256, archive_path, parse_status, received_seq, "
        "size_bytes FROM raw.files WHERE parse_status = 'received' ORDER BY received_seq").fetchall()
    return [FileRecord(*r) for r in rows]


def _repeated(values: list[str], counts: list[int]) -> pa.Array:
    """values[i] repeated counts[i] times, as one dictionary-encoded column."""
    indices = np.repeat(np.arange(len(values), dtype=np.int32), counts)
    return pa.DictionaryArray.from_arrays(pa.array(indices), pa.array(values, pa.string()))


def _sheet_rows(batch: list[tuple[str, ParsedFile]]) -> dict[str, pa.Table]:
    """The loaded rows of the batch, one table per sheet type, with file id and sheet."""
    parts: dict[str, tuple[list[pa.Table], list[str], list[str], list[int]]] = {}
    for file_id, parsed in batch:
        for rows in parsed.sheets:
            if rows.table is None or not rows.rows_loaded:
                continue
            tables, ids, sheets, counts = parts.setdefault(rows.sheet_type.key, ([], [], [], []))
            tables.append(rows.table)
            ids.append(file_id)
            sheets.append(rows.sheet_name)
            counts.append(rows.rows_loaded)
    # One chunk per table: DuckDB scans many small chunks slowly.
    return {key: pa.concat_tables(tables, promote_options="default").combine_chunks()
            .append_column("file_id", _repeated(ids, counts))
            .append_column("sheet", _repeated(sheets, counts))
            for key, (tables, ids, sheets, counts) in parts.items()}


def _issue_rows(batch: list[tuple[str, ParsedFile]]) -> tuple[pa.Table, pa.Table, pa.Table]:
    """The batch's issues, notes and loaded sheets' headers."""
    issues: dict[str, list] = {name: [] for name, _ in ISSUE_COLUMNS}
    notes: dict[str, list] = {name: [] for name, _ in NOTE_COLUMNS}
    headers: dict[str, list] = {name: [] for name, _ in HEADER_COLUMNS}
    for file_id, parsed in batch:
        for rows in parsed.sheets:
            if rows.rows_loaded:
                for field, header in rows.headers.items():
                    for name, value in zip(("file_id", "sheet", "field", "column_header"),
                                           (file_id, rows.sheet_name, field, header)):
                        headers[name].append(value)
        for seq, issue in enumerate(parsed.issues, start=1):
            issues["file_id"].append(file_id)
            issues["issue_seq"].append(seq)
            for name, _ in ISSUE_COLUMNS[2:]:
                issues[name].append(getattr(issue, name))
        for note in parsed.notes:
            notes["file_id"].append(file_id)
            for name, _ in NOTE_COLUMNS[1:]:
                notes[name].append(getattr(note, name))
    return _arrow(ISSUE_COLUMNS, issues), _arrow(NOTE_COLUMNS, notes), _arrow(HEADER_COLUMNS, headers)


def store_parsed(con: duckdb.DuckDBPyConnection, batch: list[tuple[str, ParsedFile]]) -> None:
    """Write a batch of parsed files in one transaction, one insert per raw table: a
    crash leaves every file of the batch either whole or still 'received'. (A received
    file has no rows yet: rows and status commit together, so nothing is deleted first.)"""
    tables = _sheet_rows(batch)
    tables["issues"], tables["notes"], tables["headers"] = _issue_rows(batch)
    statuses = pa.table({
        "file_id": [file_id for file_id, _ in batch],
        "parse_status": [p.status for _, p in batch],
        "kind": pa.array([p.kind for _, p in batch], type=pa.string()),
        "submitter": pa.array([p.submitter for _, p in batch], type=pa.string()),
        "report_month": pa.array([p.report_month for _, p in batch], type=pa.date32()),
        "rows_loaded": pa.array([p.rows_loaded for _, p in batch], type=pa.int32()),
        "rows_rejected": pa.array([p.rows_rejected for _, p in batch], type=pa.int32()),
        "rows_warned": pa.array([p.rows_warned for _, p in batch], type=pa.int32()),
        "message": pa.array([p.message for _, p in batch], type=pa.string()),
        "streets_checked": pa.array([p.streets_checked for _, p in batch], type=pa.bool_()),
    })
    with _transaction(con):
        for table, rows in tables.items():
            _insert(con, table, rows)
        con.register("parsed_statuses", statuses)
        try:
            con.execute(
                "UPDATE raw.files SET parse_status = s.parse_status, kind = s.kind, "
                "submitter = s.submitter, report_month = s.report_month, "
                "rows_loaded = s.rows_loaded, rows_rejected = s.rows_rejected, "
                "rows_warned = s.rows_warned, message = s.message, "
                "parsed_at = current_timestamp, streets_checked = s.streets_checked "
                "FROM parsed_statuses AS s WHERE raw.files.file_id = s.file_id")
        finally:
            con.unregister("parsed_statuses")


def reset_unchecked_streets(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Once a street list is loaded, the monthly reports, registries and targets parsed
    before any was (their streets accepted as written) go back to 'received', their rows and
    issues removed in one transaction, to be parsed again against it: the result does
    not depend on which came first. Returns the ids reset."""
    if next(street_names(con), None) is None:
        return []
    return reset_to_received(con, [file_id for (file_id,) in con.execute(
        "SELECT file_id FROM raw.files WHERE parse_status IN ('loaded', 'loaded_with_errors') "
        "AND kind IN (?, ?, ?) AND NOT coalesce(streets_checked, false) ORDER BY received_seq",
        [spec.MONTHLY, spec.REGISTRY, spec.TARGETS]).fetchall()])


def refused_streets(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(file_id, street as written) of each street a parsed file's rows were refused (or,
    in a registry, counted for the district only) for, not being in the street list."""
    return con.execute(
        "SELECT DISTINCT i.file_id, i.value FROM raw.issues AS i JOIN raw.files AS f USING (file_id) "
        "WHERE i.rule IN ('street', 'street_unknown_registry') AND i.value IS NOT NULL "
        "AND f.parse_status IN ('loaded', 'loaded_with_errors', 'rejected')").fetchall()


# The sheets whose rows name a street (所属街道): a monthly sheet's, a registry's, a targets'.
_STREET_TABLES = tuple(s.key for s in spec.SHEET_TYPES
                       if any(c.type == spec.STREET for c in s.columns))


def loaded_streets(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[tuple[str, str]]:
    """(file_id, street as stored) of the streets the files' loaded rows name."""
    if not ids:
        return []
    union = " UNION ".join(f"SELECT file_id, street FROM raw.{table} WHERE street IS NOT NULL "
                           "AND file_id IN (SELECT unnest($ids))" for table in _STREET_TABLES)
    return con.execute(union, {"ids": ids}).fetchall()


def reset_to_received(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[str]:
    """Files back to 'received', their rows and issues removed in one transaction, to be
    parsed again (their archived bytes are unchanged). Returns the ids."""
    if not ids:
        return []
    with _transaction(con):
        for table in ("issues", "notes", "headers", *SHEET_TABLES):
            con.execute(f"DELETE FROM raw.{table} WHERE file_id IN (SELECT unnest(?))", [ids])
        con.execute(
            "UPDATE raw.files SET parse_status = 'received', kind = NULL, submitter = NULL, "
            "report_month = NULL, rows_loaded = 0, rows_rejected = 0, rows_warned = 0, "
            "message = NULL, parsed_at = NULL, streets_checked = NULL "
            "WHERE file_id IN (SELECT unnest(?))", [ids])
    return ids


def street_names(con: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, str]]:
    """(code, name) of the streets of the newest loaded street list, with the names
    earlier lists gave them (a street renamed keeps its old name's files), oldest list
    first: the parser checks streets against them (models/intermediate/int_street_lookup
    maps them the same way)."""
    rows = con.execute(
        "WITH lists AS (SELECT file_id, received_seq FROM raw.files WHERE kind = 'streets' "
        "AND parse_status IN ('loaded', 'loaded_with_errors')), "
        "current AS (SELECT street_code FROM raw.streets WHERE file_id = "
        "(SELECT file_id FROM lists ORDER BY received_seq DESC LIMIT 1)) "
        "SELECT s.street_code, s.street_name FROM raw.streets s JOIN lists USING (file_id) "
        "WHERE s.street_code IN (SELECT street_code FROM current) "
        "ORDER BY lists.received_seq, s.row_number").fetchall()
    yield from rows


def file_counts(con: duckdb.DuckDBPyConnection, since_seq: int) -> list[tuple]:
    return con.execute(
        "SELECT file_id, file_name, parse_status, rows_loaded, rows_rejected, rows_warned, "
        "message FROM raw.files WHERE received_seq >= ? ORDER BY received_seq",
        [since_seq]).fetchall()


def first_errors(con: duckdb.DuckDBPyConnection, file_id: str, limit: int) -> list[str]:
    """A file's first problems, errors before warnings, sheet by sheet in the file's
    order, row by row; a row's message is headed by its sheet."""
    rows = con.execute(
        "SELECT sheet, row_number, message FROM raw.issues WHERE file_id = ? "
        "ORDER BY severity, min(issue_seq) OVER (PARTITION BY sheet), row_number NULLS FIRST, "
        "issue_seq LIMIT ?", [file_id, limit]).fetchall()
    return problem_lines(rows)


def problem_lines(rows: list[tuple[str | None, int | None, str]]) -> list[str]:
    """(sheet, row, message) as the load report prints them: a row's headed by its sheet."""
    return [f"{sheet}：{message}" if row is not None else message for sheet, row, message in rows]


def notes(con: duckdb.DuckDBPyConnection, file_id: str) -> list[str]:
    """What was ignored in a file, in Chinese (template_spec.NOTE_MESSAGES)."""
    rows = con.execute("SELECT sheet, column_header, what FROM raw.notes WHERE file_id = ?",
                       [file_id]).fetchall()
    return [spec.note_message(what, sheet, column) for sheet, column, what in rows]


def status_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(con.execute(
        "SELECT parse_status, count(*) FROM raw.files GROUP BY parse_status").fetchall())
