"""Reader processes: files are read and prepared (ingestion.parse.prepare_file) in
long-lived child processes, several at once, while the loading process validates and
stores what came back.

Why processes: calamine (inside fastexcel) aborts the whole process on some corrupt
files: a .xls whose DIMENSIONS record is inconsistent makes it request terabytes, and a
Rust allocation failure cannot be caught; a tiny workbook with one cell far away
(XFD1048576) makes it build a dense range of billions of cells. In a child, under a
memory cap and a time limit, either becomes an "unreadable" rejection of that one file.
Why several: reading is most of the work of a load, and each reader keeps a core busy.

Each reader answers its requests in order, so when one dies the file it was on is
known: that file is rejected, the reader is replaced, and its other files are sent again.
"""

from __future__ import annotations

import atexit
import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyarrow as pa

from ingestion import template_spec as spec
from ingestion.memory_cap import cap_address_space
from ingestion.parse import PreparedFile, cells_schema, prepare_file
from ingestion.sheet_xml import far_used_range

READ_TIMEOUT_SECONDS = 180
_START_TIMEOUT_SECONDS = 60
WORKER_MEMORY_BYTES = 4 * 1024**3
READERS = max(1, min(4, os.cpu_count() or 1))
# Requests in flight at each reader (sent, not yet answered): enough to keep it busy
# while the loader validates and stores a batch of small files. What waits in memory
# (in flight, or answered and not yet taken by the loader) is bounded in files' bytes.
WINDOW = 128
WINDOW_BYTES = 64 * 1024**2
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


@dataclass(frozen=True)
class Job:
    path: Path
    file_name: str
    max_bytes: int = spec.MAX_FILE_BYTES
    max_unpacked: int = spec.MAX_UNPACKED_BYTES
    size: int | None = None  # the file's size when the caller knows it (the file log does)


def _prepare(job: Job) -> PreparedFile:
    return prepare_file(Path(job.path), job.file_name, job.max_bytes, job.max_unpacked)


# A sheet whose used range spans more cells than this, when a reader died on it, is
# what killed it (the reader allocates the whole range: ~40 bytes a cell).
FAR_RANGE_CELLS = 20_000_000


def _why_reading_failed(job: Job) -> str:
    """What a clerk is told of a file that killed its reader."""
    try:
        far = far_used_range(job.path.read_bytes(), FAR_RANGE_CELLS)
    except Exception:  # a damaged file's zip or deflate errors: the plain message then
        far = None
    if far is None:
        return "文件结构异常或内容范围过大，读取中止"
    sheet, cell = far
    return (f"工作表“{sheet}”的使用范围一直延伸到 {cell} 单元格（远离数据的单元格中有空格等内容），"
            "范围过大无法读取；请在 Excel 中按 Ctrl+End 找到该单元格，删除数据以外多余的行和列后保存，再重新上传")


def _rejected(job: Job, detail: str) -> PreparedFile:
    return PreparedFile(job.file_name, error=("unreadable", {"detail": detail}))


# --- the wire: length-prefixed pickles; Arrow batches travel as bare IPC messages ------
# (their schema follows from the sheet type: parse.cells_schema)
def _to_wire(prepared: PreparedFile) -> PreparedFile:
    for sheet in prepared.sheets:
        sheet.cells.cells = sheet.cells.cells.serialize().to_pybytes()
    return prepared


def _from_wire(prepared: PreparedFile) -> PreparedFile:
    for sheet in prepared.sheets:
        schema = cells_schema(spec.sheet_type(sheet.cells.sheet_type_key))
        sheet.cells.cells = pa.ipc.read_record_batch(pa.py_buffer(sheet.cells.cells), schema)
    return prepared


def _send(stream, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<Q", len(data)) + data)
    stream.flush()


def _receive(stream) -> object:
    size = struct.unpack("<Q", _read_exactly(stream, 8))[0]
    return pickle.loads(_read_exactly(stream, size))


def _read_exactly(stream, size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


_CHILD_DIED = (EOFError, OSError, pickle.UnpicklingError, struct.error)
_PIPE_BYTES = 1 << 20


def _widen(pipe) -> None:
    """Let a reader write answers well ahead of the loader taking them (Linux pipes hold
    64 KB, a few small files' answers): the threads taking answers share the loading
    process's GIL, so they do not always read at once."""
    try:
        import fcntl
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # not Linux, or over the system's cap
        pass


class _Reader:
    """One child process and the jobs sent to it, answered in order. A thread takes
    the answers off the pipe as they come, so the child never waits for the loader."""

    def __init__(self, answers: queue.SimpleQueue) -> None:
        env = dict(os.environ, RUST_BACKTRACE="0")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
        # The Excel library prints its complaints (a chart sheet is "not a valid
        # worksheet", a panic's message) to stderr: what a reader says reaches the
        # loader as answers, and the clerk's console stays clean (UNIONKPI_DEBUG keeps it).
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from ingestion.workers import serve; serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, env=env,
            stderr=None if os.environ.get("UNIONKPI_DEBUG") else subprocess.DEVNULL)
        _widen(self.process.stdout)
        self.queued: deque[int] = deque()  # indexes of the jobs sent, oldest first
        self.sizes: deque[int] = deque()  # and their files' sizes
        self.queued_bytes = 0
        self.sent = self.answered = 0
        self.since = time.monotonic()  # when the oldest job started
        self.answers = answers  # shared by the readers of a pool: (reader, answer or None)
        ready = False
        try:  # the child says it is ready once it has imported the parser
            if select.select([self.process.stdout], [], [], _START_TIMEOUT_SECONDS)[0]:
                ready = _receive(self.process.stdout) == "ready"
        except _CHILD_DIED:
            pass
        if not ready:
            self.stop()
            raise OSError("the workbook reader process did not start")
        threading.Thread(target=self._take_answers, daemon=True).start()

    def _take_answers(self) -> None:
        while True:
            try:
                answer = _receive(self.process.stdout)
                self.answered += 1  # (only this thread writes it)
                self.answers.put((self, answer))
            except (*_CHILD_DIED, ValueError):  # ValueError: the pipe was closed by stop()
                self.answers.put((self, None))  # the child died (or was stopped)
                return

    def alive(self) -> bool:
        return self.process.poll() is None

    def in_flight(self) -> int:
        """Jobs sent and not yet answered (answers waiting for the loader do not count)."""
        return self.sent - self.answered

    def full(self) -> bool:
        return self.in_flight() >= WINDOW or self.queued_bytes >= WINDOW_BYTES

    def send(self, index: int, job: Job) -> None:
        if not self.queued:
            self.since = time.monotonic()
        _send(self.process.stdin, job)
        self.sent += 1
        self.queued.append(index)
        size = job.size
        if size is None:
            try:
                size = os.stat(job.path).st_size
            except OSError:  # gone: the reader says so
                size = 0
        self.sizes.append(size)
        self.queued_bytes += size

    def accept(self, answer: tuple[str, object]) -> tuple[int, PreparedFile]:
        """The answer to the oldest job."""
        status, payload = answer
        index = self.queued.popleft()
        self.queued_bytes -= self.sizes.popleft()
        self.since = time.monotonic()
        if status == "bug":
            raise RuntimeError(f"reading a file failed in the reader process:\n{payload}")
        return index, _from_wire(payload)

    def stop(self) -> None:
        try:
            self.process.stdin.close()  # the child's loop ends on EOF
            self.process.wait(2)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


def serve() -> None:
    """The child's loop: a Job in, ("ok", PreparedFile) out."""
    requests = sys.stdin.buffer
    # Nothing else may write into the reply stream, not even native code printing to
    # file descriptor 1: the replies get their own descriptor, and 1 becomes stderr.
    replies = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    cap_address_space(WORKER_MEMORY_BYTES)
    # pyarrow imports pandas on its first array conversion: pay that before the first file.
    pa.array(range(1))
    _send(replies, "ready")
    while True:
        try:
            job = _receive(requests)
        except EOFError:
            return
        try:
            reply = ("ok", _to_wire(_prepare(job)))
        except Exception:  # a bug of ours, not a bad file: the loader reports it
            import traceback
            reply = ("bug", traceback.format_exc())
        _send(replies, reply)


class _Pool:
    def __init__(self, size: int):
        self.size = size
        self.readers: list[_Reader] = []
        self.answers: queue.SimpleQueue = queue.SimpleQueue()
        self.jobs: list[Job] = []  # of the current prepare_many, in the order taken
        self.source: Iterator[Job] = iter(())

    def _fresh(self) -> None:
        self.readers = [r for r in self.readers if r.alive()]
        while len(self.readers) < self.size:
            self.readers.append(_Reader(self.answers))

    def prepare_many(self, jobs: Iterator[Job]) -> Iterator[PreparedFile]:
        """jobs are taken from the iterator only as readers have room for them, so the
        caller may still be producing them (receiving files) while the first are read."""
        self.jobs = []
        self.source = jobs
        self._fresh()
        pending: deque[int] = deque()  # jobs taken and to be sent (again, if a reader died)
        done: dict[int, PreparedFile] = {}
        next_index = 0
        try:
            while True:
                while next_index not in done:
                    self._top_up(pending)
                    if next_index >= len(self.jobs):  # the source has no more jobs
                        return
                    self._collect(pending, done)
                yield done.pop(next_index)
                next_index += 1
        finally:
            # Left early (the caller stopped, or failed): answers still on their way
            # would be taken for another call's, so those readers go.
            for reader in [r for r in self.readers if r.queued]:
                reader.stop()
                self.readers.remove(reader)

    def _top_up(self, pending: deque[int]) -> None:
        """Send jobs, each to the reader with the fewest queued: first those to send
        again, then new ones from the source."""
        while self.readers:
            reader = min(self.readers, key=_Reader.in_flight)
            if reader.full():
                return
            if pending:
                index = pending.popleft()
            else:
                job = next(self.source, None)
                if job is None:
                    return
                self.jobs.append(job)
                index = len(self.jobs) - 1
            try:
                reader.send(index, self.jobs[index])
            except _CHILD_DIED:  # its death is reported by its answer thread
                pending.appendleft(index)
                return

    def _collect(self, pending: deque[int], done: dict[int, PreparedFile]) -> None:
        """Take the next answer of any reader; a reader that died or hangs on its oldest
        job is replaced."""
        busy = [r for r in self.readers if r.queued]
        if not busy:
            return
        oldest = min(r.since for r in busy)
        try:
            reader, answer = self.answers.get(
                timeout=max(0.0, oldest + READ_TIMEOUT_SECONDS - time.monotonic()))
        except queue.Empty:
            for reader in busy:
                if time.monotonic() - reader.since >= READ_TIMEOUT_SECONDS:
                    self._replace(reader, pending, done, "读取超时，文件可能已损坏或内容过多")
            return
        if reader not in self.readers:  # the last word of a reader already replaced
            return
        if answer is None:
            self._replace(reader, pending, done, _why_reading_failed)
            return
        index, prepared = reader.accept(answer)
        done[index] = prepared

    def _replace(self, reader: _Reader, pending: deque[int], done: dict[int, PreparedFile],
                 detail: str | Callable[[Job], str]) -> None:
        """The reader died or hung on its oldest job: reject that file, send the rest again."""
        reader.stop()
        self.readers.remove(reader)
        if reader.queued:
            culprit, *others = reader.queued
            job = self.jobs[culprit]
            done[culprit] = _rejected(job, detail if isinstance(detail, str) else detail(job))
            pending.extendleft(reversed(others))
        self.readers.append(_Reader(self.answers))

    def stop(self) -> None:
        for reader in self.readers:
            if reader.alive():
                reader.stop()
        self.readers = []


_pool: _Pool | None = None
_pool_lock = threading.Lock()


def _the_pool() -> _Pool:
    """The process's pool of readers (call with _pool_lock held)."""
    global _pool
    if _pool is None:
        _pool = _Pool(READERS)
    return _pool


def prepare_many(jobs: Iterable[Job]) -> Iterator[PreparedFile]:
    """Prepare files in reader processes, yielding results in the order of the jobs.
    Where no child process can start (a sandbox, an embedded Python), files are read in
    this process, unprotected."""
    global _pool
    jobs = iter(jobs)
    given = 0
    with _pool_lock:
        if os.name == "posix":  # select() on pipes is POSIX only
            try:
                for prepared in _the_pool().prepare_many(jobs):
                    yield prepared
                    given += 1
                return
            except OSError:  # no reader process could start: read here what is left
                taken = _pool.jobs if _pool is not None else []
                if _pool is not None:
                    _pool.stop()
                _pool = None
                for job in taken[given:]:
                    yield _prepare(job)
        for job in jobs:
            yield _prepare(job)


def start_readers() -> None:
    """Start the reader processes now rather than at the first file (they take a moment
    to import the reader)."""
    with _pool_lock:
        if os.name == "posix":
            _the_pool()._fresh()


@atexit.register
def _stop_readers() -> None:
    if _pool is not None:
        _pool.stop()
