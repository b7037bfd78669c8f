"""The CLI's entry to the pipeline: receive files, run the Dagster job in-process,
report what happened to each file."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import duckdb

from ingestion import intake, raw_store
from orchestration.home import Home, current_home
from orchestration.load_lock import load_lock
from orchestration.progress import progress


def _sql(name: str) -> str:
    return (resources.files("orchestration") / "sql" / name).read_text("utf-8")


LOAD_OUTCOMES_SQL = _sql("load_outcomes.sql")
FIRST_PROBLEMS_SQL = _sql("first_problems.sql")
SUPERSEDED_FILES_SQL = _sql("superseded_files.sql")


@dataclass
class FileOutcome:
    file_id: str
    file_name: str
    status: str
    rows_loaded: int
    rows_rejected: int
    rows_warned: int
    message: str | None
    rechecked: bool = False  # received by an earlier load, parsed in this one
    first_errors: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # sheets and columns left out


@dataclass
class LoadReport:
    success: bool
    files: list[FileOutcome]  # received by this load
    rechecked: list[FileOutcome] = field(default_factory=list)  # earlier files parsed now
    # Earlier files this load's files superseded: their rows no longer count.
    replaced: list[FileOutcome] = field(default_factory=list)


@dataclass(frozen=True)
class LoadStart:
    """Where a load starts in the file log, so its report covers exactly its files."""

    first_seq: int  # the first received_seq of this load
    parsed_before: object  # the newest parse before it (a timestamp; None: none yet)
    superseded_before: frozenset[str] = frozenset()  # files superseded before it


def receive_files(home: Home, files: list[Path]) -> LoadStart:
    """Archive and log the given files in the order given."""
    with duckdb.connect(str(home.warehouse)) as con:
        raw_store.ensure_schema(con)
        first_seq = raw_store.next_received_seq(con)
        start = LoadStart(first_seq, raw_store.last_parsed_at(con),
                          frozenset(outcome.file_id for outcome in _superseded(con, first_seq)))
        intake.receive_many(con, home, files)
    return start


def _superseded(con: duckdb.DuckDBPyConnection, before_seq: int) -> list[FileOutcome]:
    """The files received before before_seq that are superseded as the warehouse stands
    (none before its first build)."""
    try:
        return [FileOutcome(*row) for row in con.execute(SUPERSEDED_FILES_SQL, [before_seq]).fetchall()]
    except duckdb.CatalogException:
        return []


# The CLI shows progress lines; Dagster's and dbt's own logs stay in the run's event
# log (see them with `dagster dev`), except errors.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


def run_job(home: Home) -> bool:
    import dagster as dg

    from orchestration.assets.ingestion import CLI_TRIGGER, TRIGGER_TAG
    from orchestration.definitions import build_defs

    defs = build_defs(home)
    job = defs.resolve_job_def("monthly_load")
    instance = dg.DagsterInstance.from_config(str(home.dagster_home))
    # dagster-dbt echoes dbt's log on stdout (Dagster's compute log): keep it in a file.
    home.last_load_log.parent.mkdir(parents=True, exist_ok=True)
    with instance, home.last_load_log.open("w", encoding="utf-8") as log, \
            contextlib.redirect_stdout(log):
        result = job.execute_in_process(instance=instance, raise_on_error=False,
                                        run_config=QUIET_RUN_CONFIG,
                                        tags={TRIGGER_TAG: CLI_TRIGGER})
    if not result.success:
        tail = home.last_load_log.read_text(encoding="utf-8").splitlines()[-15:]
        progress.error("导入流程失败，dbt 日志末尾（全文见 %s）：\n%s",
                       home.last_load_log, "\n".join(tail))
    return result.success


def outcomes_since(home: Home, start: LoadStart, errors_per_file: int = 3) -> list[FileOutcome]:
    """Each file's final status from marts.submission_files (supersession included), or
    from the raw log when the build did not get that far."""
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        try:
            rows = con.execute(LOAD_OUTCOMES_SQL, [start.first_seq, start.parsed_before]).fetchall()
        except duckdb.CatalogException:
            rows = raw_store.file_counts(con, start.first_seq)
        outcomes = [FileOutcome(*row) for row in rows]
        for outcome in outcomes:
            outcome.first_errors = _first_problems(con, outcome.file_id, errors_per_file)
            outcome.ignored = raw_store.notes(con, outcome.file_id)
    return outcomes


def _first_problems(con: duckdb.DuckDBPyConnection, file_id: str, limit: int) -> list[str]:
    """A file's first problems from marts.load_issues, the warehouse's own warnings
    included (a unit another submitter reported too: its month may count twice); from
    the parser's alone when the build did not get that far."""
    try:
        rows = con.execute(FIRST_PROBLEMS_SQL, [file_id, limit]).fetchall()
    except duckdb.CatalogException:
        rows = []
    if not rows:  # (none there: or a build that stopped before publishing its issues)
        return raw_store.first_errors(con, file_id, limit)
    return raw_store.problem_lines(rows)


def replaced_since(home: Home, start: LoadStart) -> list[FileOutcome]:
    """Files received before the load that it superseded."""
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        return [outcome for outcome in _superseded(con, start.first_seq)
                if outcome.file_id not in start.superseded_before]


def run_load(files: list[Path], home: Home | None = None) -> LoadReport:
    home = (home or current_home()).ensure()
    with load_lock(home):
        start = receive_files(home, files)
        success = run_job(home)
        try:
            outcomes = outcomes_since(home, start)
            replaced = replaced_since(home, start)
        except duckdb.Error:
            outcomes, replaced = [], []
    return LoadReport(success, [o for o in outcomes if not o.rechecked],
                      [o for o in outcomes if o.rechecked], replaced)
