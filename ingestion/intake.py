"""The file lifecycle: received → archived (byte for byte, by SHA-256) → parsed → stored.

Crash safety: a file is archived (complete under its final name, and fsynced) before it
is logged, and removed from the inbox only after the log is committed; each batch of
parsed files is stored in one transaction. A load killed at any point therefore either finds the file still in
the inbox (received again, recognised by name, size, mtime and hash) or logged as
'received' (parsed by the next load).
"""

from __future__ import annotations

import ctypes
import fcntl
import datetime as dt
import hashlib
import os
import shutil
import tempfile
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from pathlib import Path
from typing import Callable, Iterator, Protocol

import duckdb

from ingestion import raw_store
from ingestion import template_spec as spec
from ingestion.kpi_catalog import kpi_names
from ingestion.normalize import compact
from ingestion.parse import ParsedFile, PreparedFile, finish
from ingestion.template_spec import MESSAGES
from ingestion.validate import Reference, knows_street
from ingestion.workers import Job, prepare_many


class Home(Protocol):
    """The data home's folders the lifecycle uses (orchestration.home.Home is one)."""

    @property
    def root(self) -> Path: ...

    @property
    def inbox(self) -> Path: ...


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_FOLDERS_MADE: set[str] = set()  # archive folders this process made or found


def _archive(home: Home, source: Path, size: int, sha256: str, link: bool) -> tuple[str, bool]:
    """Put the file under its hash; returns (archived path relative to the home, whether
    it was written now). (Plain strings: path objects cost more than the file system
    calls here, a thousand files at a time.)

    A file leaving the inbox is hard-linked (the same bytes, nothing copied: the inbox
    name is removed once logged); any other is copied. Either way it appears under its
    final name complete or not at all."""
    relative = f"archive/{sha256[:2]}/{sha256}{source.suffix.lower()}"
    target = os.path.join(home.root, relative)
    folder = os.path.dirname(target)
    if folder not in _FOLDERS_MADE:
        os.makedirs(folder, exist_ok=True)
        _FOLDERS_MADE.add(folder)
    if link:
        try:
            os.link(source, target)
            return relative, True
        except FileExistsError:  # archived before, or a truncated leftover of a crash
            pass
        except FileNotFoundError:
            if not os.path.isdir(folder):  # the folder went away since (a home made again)
                _FOLDERS_MADE.discard(folder)
                return _archive(home, source, size, sha256, link)
            raise
        except OSError:  # another file system, or links not allowed: copied below
            pass
    try:
        if os.stat(target).st_size == size:
            return relative, False
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    incoming = os.path.join(home.root, _INCOMING)  # (one folder: see _remove_incoming_copies)
    if incoming not in _FOLDERS_MADE:
        os.makedirs(incoming, exist_ok=True)
        _FOLDERS_MADE.add(incoming)
    with tempfile.NamedTemporaryFile(dir=incoming, delete=False) as tmp:
        with source.open("rb") as handle:
            shutil.copyfileobj(handle, tmp)
    os.replace(tmp.name, target)
    return relative, True


def _open_for_writing(path: Path) -> bool | None:
    """Whether some process holds the file open for writing: a copy into the inbox not
    finished, however long it pauses. Linux refuses a read lease on such a file. None
    where that cannot tell: no leases, a file of another owner (a Samba share's files),
    a network file system (whose client refuses leases it holds no oplock for)."""
    if not hasattr(fcntl, "F_SETLEASE") or _on_network_file_system(path):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
    except BlockingIOError:
        return True
    except OSError:
        return None
    else:
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_UNLCK)
        return False
    finally:
        os.close(fd)


_NETWORK_FILE_SYSTEMS = ("cifs", "smb3", "smbfs", "nfs", "nfs4", "9p", "ceph", "glusterfs",
                         "afs", "fuse")
_NETWORK_DEVICES: dict[int, bool] = {}


def _on_network_file_system(path: Path) -> bool:
    """Whether path's file system is a network one (by /proc/self/mounts)."""
    try:
        device = os.stat(path).st_dev
    except OSError:
        return False
    if device not in _NETWORK_DEVICES:
        real = os.path.realpath(path)
        longest, fs_type = "", ""  # the mount holding path: the longest point above it
        try:
            with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
                for line in mounts:
                    fields = line.split()
                    if len(fields) < 3:
                        continue
                    point = fields[1].replace("\\040", " ")
                    above = real == point or real.startswith(point.rstrip("/") + "/")
                    if above and len(point) >= len(longest):
                        longest, fs_type = point, fields[2]
        except OSError:
            pass
        _NETWORK_DEVICES[device] = fs_type.startswith(_NETWORK_FILE_SYSTEMS)
    return _NETWORK_DEVICES[device]


def _syncfs(folder: str) -> bool:
    """Flush the whole file system holding folder (Linux syncfs); False where unavailable."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open(folder, os.O_RDONLY)
    except (OSError, AttributeError):
        return False
    try:
        return hasattr(libc, "syncfs") and libc.syncfs(fd) == 0
    finally:
        os.close(fd)


def _sync(paths: list[str]) -> None:
    """Make archived files durable before they are logged: after all were written, one
    flush of their file system (far cheaper than an fsync per file), else an fsync each."""
    if not paths or _syncfs(os.path.dirname(paths[0])):
        return
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _source_key(stat: os.stat_result, file_name: str) -> str:
    """The inbox file itself: a copy sent again (cp -p keeps name, size and mtime) is
    another file, with another inode and change time, and is logged as a duplicate."""
    return f"{file_name}|{stat.st_size}|{stat.st_mtime_ns}|{stat.st_ino}|{stat.st_ctime_ns}"


def readable_name(name: str) -> str:
    """A file name as a person reads it. A name that is not UTF-8 (a zip made on Chinese
    Windows, unpacked here; a share mounted with another charset) comes from the file
    system with its bytes escaped; such bytes are most likely GBK."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def receive_many(con: duckdb.DuckDBPyConnection, home: Home, sources: list[Path],
                 file_names: list[str] | None = None,
                 remove_source: bool = False) -> list[str | None]:
    """Archive and log files, in the order given, with one log insert for all. Returns
    each file's id, or None when this very file was already received (a crash came
    between logging it and removing it from the inbox)."""
    logged = _receive(con, home, sources, file_names, remove_source)
    return [row["file_id"] if row else None for row in logged]


def _receive(con: duckdb.DuckDBPyConnection, home: Home, sources: list[Path],
             file_names: list[str] | None, remove_source: bool) -> list[dict | None]:
    """receive_many, returning each file's log row (None: received before). An inbox
    file still being written, or gone meanwhile (a clerk's safe-save renamed it), is
    left out: the former stays for the next load.

    An inbox file is hard-linked into the archive (nothing copied), so only when no
    process holds it open for writing (a writer going on would change the archived
    bytes under their logged hash); where that cannot be told, it is copied."""
    file_names = [readable_name(n) for n in (file_names or [p.name for p in sources])]
    looked = []  # (source, name, stat, sha256, may be hard-linked)
    for source, name in zip(sources, file_names):
        try:
            writing = _open_for_writing(source) if remove_source else None
            if writing:
                continue
            stat = source.stat()
            sha256 = sha256_of(source)
        except FileNotFoundError:
            if not remove_source:
                raise
            continue
        if remove_source and _changed_since(source, stat):
            continue
        looked.append((source, name, stat, sha256, remove_source and writing is False
                       and not source.is_symlink()))
    keys = [_source_key(stat, name) for _, name, stat, _, _ in looked]
    hashes = [sha256 for _, _, _, sha256, _ in looked]
    seen = raw_store.known_sources(con, list(zip(keys, hashes))) if remove_source else set()
    earlier = raw_store.first_by_sha(con, sorted(set(hashes)))
    seq = raw_store.next_received_seq(con)
    logged: list[dict | None] = []
    rows: list[dict] = []
    written: list[str] = []
    taken: list[Path] = []
    for (source, name, stat, sha256, link), key in zip(looked, keys):
        if (key, sha256) in seen:  # logged by a load stopped before it removed the file
            logged.append(None)
            taken.append(source)
            continue
        try:
            archived, new = _archive(home, source, stat.st_size, sha256, link)
            # The key as the file is left: a hard link changes its change time, and a
            # load stopped before removing it must know it again by this key.
            key = _source_key(source.stat(), name) if remove_source else key
        except FileNotFoundError:
            if not remove_source:
                raise
            continue
        if new:
            written.append(os.path.join(home.root, archived))
        file_id = f"F{seq:06d}"
        original = earlier.get(sha256)
        rows.append(dict(
            file_id=file_id, received_seq=seq, file_name=name, sha256=sha256,
            size_bytes=stat.st_size, received_at=dt.datetime.now(),  # its own, as archived
            archive_path=archived, source_key=key,
            parse_status="duplicate" if original else "received",
            duplicate_of=original[0] if original else None,
            message=MESSAGES["duplicate_file"].format(other=original[1]) if original else None))
        earlier.setdefault(sha256, (file_id, name))
        logged.append(rows[-1])
        taken.append(source)
        seq += 1
    _sync(written)
    raw_store.insert_files(con, rows)
    if remove_source:
        for source in taken:
            source.unlink(missing_ok=True)
    return logged


def _changed_since(path: Path, stat: os.stat_result) -> bool:
    """Written to while it was copied: its size or time is not what it was."""
    try:
        now = path.stat()
    except FileNotFoundError:
        return True
    return (now.st_size, now.st_mtime_ns) != (stat.st_size, stat.st_mtime_ns)


# A run the sensor or the schedule starts takes only inbox files unchanged this long: a
# file still being copied in is left for the next run, never received half-written.
INBOX_SETTLE_SECONDS = 10
# `unionkpi load` waits (at most this long) until no inbox file has changed for this
# long, then takes them all: the user just put them there.
CLI_SETTLE_SECONDS = 1.0


def inbox_files(home: Home, settle_seconds: float = 0) -> list[Path]:
    """Files waiting in the inbox and its folders, oldest first (hidden, lock, system
    and temporary files skipped); with settle_seconds, only those last modified at
    least that long ago."""
    return files_waiting_in(home.inbox, settle_seconds)


# Left in the inbox, never received: what Windows, macOS and office programs leave
# beside a clerk's files (thumbnail caches, folder settings, lock and save-temp files;
# a name starting with '.' is hidden, such as macOS's ._ copies of a file's metadata).
SKIPPED_NAMES = frozenset(("thumbs.db", "ehthumbs.db", "desktop.ini"))
SKIPPED_PREFIXES = (".", "~$", "~WRL")
SKIPPED_SUFFIXES = (".tmp", ".crdownload", ".part")


def skipped(name: str) -> bool:
    return name.startswith(SKIPPED_PREFIXES) or name.lower() in SKIPPED_NAMES \
        or name.lower().endswith(SKIPPED_SUFFIXES)


def files_waiting_in(folder: Path, settle_seconds: float = 0) -> list[Path]:
    """inbox_files of a folder: what a load there would receive. Files in its folders
    too (a folder per street), hidden folders aside."""
    now = time.time_ns()
    files, _ = _scan(folder)
    return [path for mtime, _, path in sorted(files)
            if not settle_seconds or not _still_written(mtime, now, settle_seconds)]


def _scan(folder: Path) -> tuple[list[tuple[int, str, Path]], list[Path]]:
    """The files a load would take from folder and its folders, as (mtime, path, Path),
    and the links to folders it does not enter (see linked_folders)."""
    files: list[tuple[int, str, Path]] = []
    linked: list[Path] = []
    folders = [str(folder)]
    while folders:
        try:
            listing = os.scandir(folders.pop())
        except OSError:  # a folder we may not read (lost+found): nothing of ours
            continue
        with listing as entries:  # one stat per file, not two
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith("."):
                        folders.append(entry.path)
                elif entry.is_dir():
                    if not entry.name.startswith("."):
                        linked.append(Path(entry.path))
                elif entry.is_file() and not skipped(entry.name):
                    files.append((entry.stat().st_mtime_ns, entry.path, Path(entry.path)))
    return files, linked


def linked_folders(home: Home) -> list[str]:
    """Links to folders in the inbox, which a load does not enter: files taken from the
    inbox are removed, and through a link that would remove a clerk's own files
    elsewhere (or, linked to the data home, the archive)."""
    return [inbox_name(home, path) for path in _scan(home.inbox)[1]]


def inbox_name(home: Home, path: Path) -> str:
    """The name a file in the inbox is logged under: in a folder of the inbox, with
    its folders (北苑街道/2026-03.xlsx), which may say who sent it."""
    try:
        parts = path.relative_to(home.inbox).parts
    except ValueError:
        parts = (path.name,)
    return "/".join(readable_name(part) for part in parts)


def settle(home: Home, settle_seconds: float) -> None:
    """Wait until every inbox file is unchanged for settle_seconds (at most that long):
    a file being copied in as a load starts is then taken whole, or left for the next."""
    now = time.time_ns()
    newest = max((mtime for mtime, _, _ in _scan(home.inbox)[0]), default=None)
    if newest is not None and _still_written(newest, now, settle_seconds):
        time.sleep(max(0.0, settle_seconds - (now - newest) / 1e9))


def _still_written(mtime_ns: int, now_ns: int, settle_seconds: float) -> bool:
    """Modified within the last settle_seconds. A time well in the future (a share's
    clock ahead of ours) says nothing about writing: such a file is taken."""
    age = (now_ns - mtime_ns) / 1e9
    return -60 <= age < settle_seconds


RECEIVE_CHUNK = 250  # files received at a time while earlier ones are being read
FIRST_CHUNK = 25  # the readers wait for the first chunk: it is small, the next grow


def _chunks(files: list[Path]) -> Iterator[list[Path]]:
    start, size = 0, FIRST_CHUNK
    while start < len(files):
        yield files[start:start + size]
        start, size = start + size, min(RECEIVE_CHUNK, size * 4)


def load_reference(con: duckdb.DuckDBPyConnection) -> Reference:
    streets: dict[str, str] = {}
    names: dict[str, str] = {}  # code -> its newest name
    for code, name in raw_store.street_names(con):  # oldest first: the newest name wins
        streets[compact(name)] = code
        streets[compact(code)] = code
        names[code] = name
    return Reference(streets=streets, kpis=kpi_names(), street_list=tuple(names.values()))


# Parsed files are validated and stored together, in one transaction, up to this many
# files or data rows: each batch has a fixed cost (a commit, a validation pass per sheet
# type), and the readers read ahead meanwhile.
BATCH_FILES = 250
# (Large files: a batch of ~2–3 of 20,000 rows is validated while the readers read the
# next, and the last one, which nothing overlaps, is small. 200,000 rows had left half
# the validating after the reading: ~6% longer on the bench's 20 large files.)
BATCH_ROWS = 50_000
# The readers are idle while the last batch is stored: the last files go in smaller ones.
TAIL_BATCH_FILES = 100


ProgressCallback = Callable[[int, int, str, ParsedFile], None]


def ingest_inbox(con: duckdb.DuckDBPyConnection, home: Home,
                 on_parsed: ProgressCallback | None = None,
                 settle_seconds: float = 0) -> tuple[list[str], list[str]]:
    """Receive the inbox and parse every pending file: first those an earlier load left
    received, then the inbox (its files unchanged for settle_seconds), a chunk at a
    time, each chunk received while the reader processes read the one before. Returns
    (ids received, ids parsed)."""
    received: list[str] = []
    _remove_incoming_copies(home)
    raw_store.reset_unchecked_streets(con)  # left by a load stopped before it re-parsed
    pending = raw_store.pending_files(con)
    files = inbox_files(home, settle_seconds)
    expected = [len(pending) + len(files)]  # less each file received as a duplicate

    def records() -> Iterator[raw_store.FileRecord]:
        yield from pending
        for chunk in _chunks(files):
            names = [inbox_name(home, path) for path in chunk]
            logged = [row for row in _receive(con, home, chunk, names, True) if row]
            received.extend(row["file_id"] for row in logged)
            new = [raw_store.FileRecord(row["file_id"], row["file_name"], row["sha256"],
                                        row["archive_path"], row["parse_status"],
                                        row["received_seq"], row["size_bytes"])
                   for row in logged if row["parse_status"] == "received"]
            expected[0] -= len(chunk) - len(new)
            yield from new

    parsed = _parse(con, home, records(), lambda: expected[0], on_parsed)
    # A street list came with this load: reports parsed before any was, and those with
    # rows refused for a street the list in force now has, are checked again.
    again = raw_store.reset_unchecked_streets(con) + _reset_streets_now_known(con)
    if again:
        parsed += _parse(con, home, iter(raw_store.pending_files(con)), lambda: len(again),
                         on_parsed)
    return received, parsed


def _reset_streets_now_known(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Files with rows refused for a street the street list in force now has (a report
    read before the list that added its street, in the same load or an earlier one) go
    back to 'received' to be parsed again. Files whose streets were all known are not,
    nor is one whose loaded rows name a street the list in force no longer has: a later
    list never rewrites what loaded (a street it drops keeps its rows, counted in 全区)."""
    reference = load_reference(con)
    if not reference.streets:
        return []
    refused: dict[str, set[str]] = {}  # file -> its streets refused (or, in a registry, warned)
    for file_id, written in raw_store.refused_streets(con):
        refused.setdefault(file_id, set()).add(compact(written))
    ids = {file_id for file_id, streets in refused.items()
           if any(knows_street(reference, street) for street in streets)}
    # (A registry's row keeps a street no list has, counted in 全区: no dropped street.)
    ids -= {file_id for file_id, street in raw_store.loaded_streets(con, sorted(ids))
            if street != "ALL" and compact(street) not in refused[file_id]
            and not knows_street(reference, street)}
    return raw_store.reset_to_received(con, sorted(ids))


# Copies on their way into the archive, in one folder of it: a load killed while copying
# leaves them there, and the next removes them without listing the whole archive.
_INCOMING = "archive/.incoming"


def _remove_incoming_copies(home: Home) -> None:
    """Copies a load killed while receiving left unfinished (never logged)."""
    folder = Path(home.root) / _INCOMING
    for leftover in folder.iterdir() if folder.is_dir() else ():
        leftover.unlink(missing_ok=True)


class _BackgroundStore:
    """Stores batches one at a time on a thread of its own, with its own cursor, while
    the loading thread validates the next batch: DuckDB inserts and commits (a disk
    flush) without holding the GIL."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.cursor = con.cursor()
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="unionkpi-store")
        self.storing: Future | None = None
        self.batch: list[tuple[str, ParsedFile]] = []

    def submit(self, batch: list[tuple[str, ParsedFile]]) -> list[tuple[str, ParsedFile]]:
        """Start storing batch; returns the batch stored before it, once it is."""
        stored = self.wait()
        self.storing = self.thread.submit(raw_store.store_parsed, self.cursor, batch)
        self.batch = batch
        return stored

    def wait(self) -> list[tuple[str, ParsedFile]]:
        """The batch being stored, once it is (its error raised here)."""
        if self.storing is None:
            return []
        try:
            self.storing.result()
        finally:
            self.storing = None
        stored, self.batch = self.batch, []
        return stored

    def close(self) -> None:
        if self.storing is not None:  # leaving on an error: let the store end first
            futures_wait([self.storing])
        self.thread.shutdown()
        self.cursor.close()


def _parse(con: duckdb.DuckDBPyConnection, home: Home, records: Iterator[raw_store.FileRecord],
           expected: Callable[[], int], on_parsed: ProgressCallback | None) -> list[str]:
    """Parse files as records yields them, in that order, storing them in batches;
    on_parsed(i, expected(), name, parsed) reports progress once a file is stored. The
    reader processes read ahead while a batch is validated, and a batch is validated
    while the one before is stored."""
    done: list[str] = []
    reference = load_reference(con)
    batch: list[tuple[str, PreparedFile]] = []
    rows = handed = 0  # handed: files validated and given to be stored
    taken: deque[raw_store.FileRecord] = deque()  # records sent to read, in order
    store = _BackgroundStore(con)

    def jobs() -> Iterator[Job]:
        for record in records:
            taken.append(record)
            yield Job(home.root / record.archive_path, record.file_name, size=record.size_bytes)

    def report(stored: list[tuple[str, ParsedFile]]) -> None:
        for file_id, p in stored:
            done.append(file_id)
            if on_parsed:
                on_parsed(len(done), expected(), p.file_name, p)

    def flush() -> None:
        nonlocal rows, handed
        parsed = finish([prepared for _, prepared in batch], reference)
        report(store.submit([(file_id, p) for (file_id, _), p in zip(batch, parsed)]))
        handed += len(batch)
        batch.clear()
        rows = 0

    try:
        for prepared in prepare_many(jobs()):
            record = taken.popleft()
            batch.append((record.file_id, prepared))
            rows += prepared.rows
            if prepared.kind == spec.STREETS:
                flush()  # later files are checked against the new street list
                report(store.wait())
                reference = load_reference(con)
            elif rows >= BATCH_ROWS or len(batch) >= (
                    BATCH_FILES if expected() - handed > BATCH_FILES else TAIL_BATCH_FILES):
                flush()
        if batch:
            flush()
        report(store.wait())
    finally:
        store.close()
    return done
