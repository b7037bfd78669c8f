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


LOAD_OUTCOMES_SQL = (resources.files("orchestration") / "sql" / "load_outcomes.sql").read_text("utf-8")


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


@dataclass(frozen=True)
class LoadStart:
    """Where a load starts in the file log, so its report covers exactly its files."""

    first_seq: int  # the first received_seq of this load
    parsed_before: object  # the newest parse before it (a timestamp; None: none yet)


def receive_files(home: Home, files: list[Path]) -> LoadStart:
    """Archive and log the given files in the order given."""
    with duckdb.connect(str(home.warehouse)) as con:
        raw_store.ensure_schema(con)
        start = LoadStart(raw_store.next_received_seq(con), raw_store.last_parsed_at(con))
        intake.receive_many(con, home, files)
    return start


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
            outcome.first_errors = raw_store.first_errors(con, outcome.file_id, errors_per_file)
            outcome.ignored = raw_store.notes(con, outcome.file_id)
    return outcomes


def run_load(files: list[Path], home: Home | None = None) -> LoadReport:
    home = (home or current_home()).ensure()
    with load_lock(home):
        start = receive_files(home, files)
        success = run_job(home)
        try:
            outcomes = outcomes_since(home, start)
        except duckdb.Error:
            outcomes = []
    return LoadReport(success, [o for o in outcomes if not o.rechecked],
                      [o for o in outcomes if o.rechecked])
