"""Open the published warehouse as a given user may see it.

Every reader (dashboard queries, ad-hoc SQL, downloads) opens the warehouse through
open_published(): an in-memory database that attaches the published file read-only.
An analyst reads it whole; for a street user or a clerk, the rows they may see are
copied into the in-memory database (sql/scope_*.sql) and the file is detached, so no
query can reach another street's rows, whatever it says.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import duckdb

from orchestration.access import Scope

SCOPE_SCRIPTS = {"street": "scope_street.sql", "clerk": "scope_clerk.sql"}


def _script(name: str) -> str:
    return resources.files("orchestration").joinpath("sql", name).read_text("utf-8")


def open_published(db_path: Path, scope: Scope | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"autoinstall_known_extensions": False,
                                 "autoload_known_extensions": False})
    con.execute("ATTACH ? AS published (READ_ONLY)", [str(db_path)])
    if scope is None or scope.is_everything:
        con.execute("USE published")
        return con
    con.execute("SET VARIABLE scope_street = ?", [scope.street])
    con.execute("SET VARIABLE scope_submitter = ?", [scope.submitter])
    con.execute("USE memory")
    present = {name for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'published' "
        "AND schema_name = 'marts' UNION SELECT view_name FROM duckdb_views() "
        "WHERE database_name = 'published' AND schema_name = 'marts'").fetchall()}
    for statement in _script(SCOPE_SCRIPTS[scope.role]).split(";"):
        # A file published by an older version lacks the newer marts: their copies are
        # left out (the dashboard asks queries.has_table before reading those).
        if statement.strip() and set(_PUBLISHED_MART.findall(statement)) <= present:
            con.execute(statement)
    con.execute("DETACH published")
    return con


_PUBLISHED_MART = re.compile(r"\bpublished\.marts\.(\w+)")
