"""The file lifecycle: received → archived (byte for byte, by SHA-256) → parsed → stored.

Crash safety: a file is archived (written, fsynced, renamed) before it is logged, and
removed from the inbox only after the log is committed; each parsed file is stored in
one transaction. A load killed at any point therefore either finds the file still in
the inbox (received again, recognised by name, size, mtime and hash) or logged as
'received' (parsed by the next load).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

import duckdb

from ingestion import raw_store
from ingestion.normalize import compact
from ingestion.template_spec import MESSAGES
from ingestion.parse import ParsedFile, parse_file
from ingestion.validate import Reference
from orchestration.home import DBT_PROJECT_DIR, Home

KPI_SEED = DBT_PROJECT_DIR / "seeds" / "kpi_catalog.csv"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _archive(home: Home, source: Path, sha256: str) -> Path:
    target = home.archive / sha256[:2] / f"{sha256}{source.suffix.lower()}"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, prefix=".incoming-") as tmp:
        with source.open("rb") as handle:
            shutil.copyfileobj(handle, tmp)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, target)
    return target


def _source_key(path: Path, file_name: str) -> str:
    stat = path.stat()
    return f"{file_name}|{stat.st_size}|{stat.st_mtime_ns}"


def receive(con: duckdb.DuckDBPyConnection, home: Home, source: Path,
            file_name: str | None = None, remove_source: bool = False) -> str | None:
    """Archive and log one file. Returns its file id, or None when this very file was
    already received (a crash came between logging it and removing it from the inbox)."""
    file_name = file_name or source.name
    sha256 = sha256_of(source)
    source_key = _source_key(source, file_name)
    if remove_source and raw_store.has_source_key(con, source_key, sha256):
        source.unlink(missing_ok=True)
        return None
    archived = _archive(home, source, sha256)
    seq = raw_store.next_received_seq(con)
    file_id = f"F{seq:06d}"
    earlier = raw_store.find_by_sha(con, sha256)
    status, message = "received", None
    if earlier is not None:
        status, message = "duplicate", MESSAGES["duplicate_file"].format(other=earlier.file_name)
    raw_store.insert_file(
        con, file_id=file_id, received_seq=seq, file_name=file_name, sha256=sha256,
        size_bytes=source.stat().st_size, received_at=dt.datetime.now(),
        archive_path=str(archived.relative_to(home.root)), source_key=source_key,
        parse_status=status, duplicate_of=earlier.file_id if earlier else None, message=message)
    if remove_source:
        source.unlink(missing_ok=True)
    return file_id


def inbox_files(home: Home) -> list[Path]:
    """Files waiting in the inbox, oldest first (hidden and temporary files skipped)."""
    files = [p for p in home.inbox.iterdir()
             if p.is_file() and not p.name.startswith((".", "~$"))]
    return sorted(files, key=lambda p: (p.stat().st_mtime_ns, p.name))


def receive_inbox(con: duckdb.DuckDBPyConnection, home: Home) -> list[str]:
    received = []
    for path in inbox_files(home):
        file_id = receive(con, home, path, remove_source=True)
        if file_id:
            received.append(file_id)
    return received


def kpi_names() -> dict[str, str]:
    """Every way a targets sheet may name a KPI: its code, its Chinese name, and the
    name without the part in brackets."""
    names: dict[str, str] = {}
    with KPI_SEED.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["kpi_code"]
            for name in (code, row["kpi_name"], row["short_name"]):
                names[compact(name)] = code
                names[compact(name).lower()] = code
    return names


def load_reference(con: duckdb.DuckDBPyConnection) -> Reference:
    streets: dict[str, str] = {}
    for code, name in raw_store.latest_streets(con):
        streets[compact(name)] = code
        streets[compact(code)] = code
    return Reference(streets=streets, kpis=kpi_names())


BATCH_FILES = 100  # parsed files stored per transaction


def parse_pending(con: duckdb.DuckDBPyConnection, home: Home,
                  on_parsed: Callable[[int, int, str, ParsedFile], None] | None = None) -> list[str]:
    """Parse every received-but-unparsed file in received order, storing them in batches;
    on_parsed(i, n, name, parsed) reports progress once a file is stored."""
    done: list[str] = []
    reference = load_reference(con)
    pending = raw_store.pending_files(con)
    batch: list[tuple[str, ParsedFile]] = []

    def flush() -> None:
        raw_store.store_parsed(con, batch)
        for file_id, parsed in batch:
            done.append(file_id)
            if on_parsed:
                on_parsed(len(done), len(pending), parsed.file_name, parsed)
        batch.clear()

    for record in pending:
        parsed = parse_file(home.root / record.archive_path, record.file_name, reference)
        batch.append((record.file_id, parsed))
        if parsed.kind == "streets" and parsed.status != "rejected":
            flush()  # later files are checked against the new street list
            reference = load_reference(con)
        elif len(batch) >= BATCH_FILES:
            flush()
    if batch:
        flush()
    return done
