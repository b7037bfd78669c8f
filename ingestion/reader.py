"""Read a received file into sheets of text cells, or say in Chinese why it cannot be read.

Every cell comes back as text (or None): one normalization path serves xlsx, xls and csv,
and the text of a cell is what a clerk typed (leading zeros kept; a date cell reads
'2026-03-05'). Row and column positions are absolute, so row numbers are those Excel
shows. Workbooks are checked (format, size, encryption, unpacked size) before they are
opened, and opened in a child process so that no file can take the intake down with it.
"""

from __future__ import annotations

import atexit
import csv
import io
import math
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import olefile
import pyarrow as pa
import pyarrow.compute as pc

from ingestion import template_spec as spec

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
SUPPORTED_SUFFIXES = (*EXCEL_SUFFIXES, ".csv")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_MIDNIGHT = r"^(\d{4}-\d{2}-\d{2}) 00:00:00$"


@dataclass
class Sheet:
    name: str
    columns: list[list[str | None]]  # column-major; columns[c][r]
    n_rows: int
    # A workbook sheet's name may give its type; a CSV's name is the file's, so a CSV's
    # type comes from its header row only.
    name_gives_type: bool = True

    def cell(self, row: int, col: int) -> str | None:
        column = self.columns[col]
        return column[row] if row < len(column) else None

    def row(self, row: int) -> list[str | None]:
        return [self.cell(row, c) for c in range(len(self.columns))]


class FileError(Exception):
    """The whole file is rejected; rule is a key of template_spec.MESSAGES."""

    def __init__(self, rule: str, **details: object):
        self.rule = rule
        self.details = details
        super().__init__(spec.MESSAGES[rule].format(**details))


def _human_size(size: int, round_up: bool = False) -> str:
    """In MB (KB below 1 MB), one decimal. A size over a limit is rounded up, so a file
    just over 20 MB never reads "20.0 MB 超过上限 20.0 MB"."""
    unit, scale = ("MB", 1024 * 1024) if size >= 1024 * 1024 else ("KB", 1024)
    tenths = size * 10 / scale
    tenths = math.ceil(tenths) if round_up else math.floor(tenths)
    return f"{tenths / 10:.1f} {unit}"


def check_envelope(path: Path, max_bytes: int, max_unpacked: int) -> None:
    """Reject by format, size, encryption or unpacked size, before any parsing."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise FileError("unsupported_format", suffix=suffix or "（无扩展名）")
    size = path.stat().st_size
    if size > max_bytes:
        raise FileError("too_large", size=_human_size(size, round_up=True),
                        limit=_human_size(max_bytes))
    if suffix == ".csv":
        return
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic == _OLE_MAGIC:
        _check_ole(path, suffix)
    elif magic[:4] == _ZIP_MAGIC:
        _check_zip(path, max_unpacked)
    else:
        raise FileError("unreadable", detail="文件内容不是 Excel 格式")


def _check_ole(path: Path, suffix: str) -> None:
    try:
        with olefile.OleFileIO(str(path)) as ole:
            # An encrypted xlsx is an OLE container holding EncryptionInfo.
            if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
                raise FileError("encrypted")
            if suffix != ".xls" and not ole.exists("Workbook") and not ole.exists("Book"):
                raise FileError("unreadable", detail="文件内容不是 Excel 格式")
            # A legacy .xls with an open password: a FILEPASS record in its globals.
            for stream in ("Workbook", "Book"):
                if ole.exists(stream) and _biff_has_filepass(ole.openstream(stream).read(1 << 16)):
                    raise FileError("encrypted")
    except FileError:
        raise
    except Exception as exc:  # olefile raises a variety of errors on junk
        raise FileError("unreadable", detail=type(exc).__name__) from None


_BIFF_FILEPASS, _BIFF_EOF, _BIFF_BOUNDSHEET = 0x002F, 0x000A, 0x0085


def _biff_has_filepass(stream: bytes) -> bool:
    """Walk the records of the workbook globals (up to their EOF or the first sheet
    entry that follows the FILEPASS position) looking for FILEPASS."""
    pos = 0
    while pos + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, pos)
        if kind == _BIFF_FILEPASS:
            return True
        if kind in (_BIFF_EOF, _BIFF_BOUNDSHEET):  # FILEPASS comes before either
            return False
        pos += 4 + size
    return False


def _check_zip(path: Path, max_unpacked: int) -> None:
    """Sum the declared sizes from the central directory: a zip bomb is caught unopened."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except Exception:  # BadZipFile, and NotImplementedError, ValueError, ... on junk
        raise FileError("unreadable", detail="压缩包结构损坏") from None
    if unpacked > max_unpacked:
        raise FileError("unpacked_too_large", limit=_human_size(max_unpacked))
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise FileError("unreadable", detail="不是 Excel 工作簿")


def read_sheets(path: Path, csv_name: str | None = None) -> list[Sheet]:
    """csv_name: the name a CSV's one sheet is reported under (the file name as received,
    not as archived); defaults to the path's stem."""
    if path.suffix.lower() == ".csv":
        return [_read_csv(path, csv_name or path.stem)]
    return _read_excel_isolated(path)


# --- workbooks are read in a child process ----------------------------------------------
# calamine (inside fastexcel) aborts the whole process on some corrupt files: a .xls
# whose DIMENSIONS record is inconsistent makes it request terabytes, and a Rust
# allocation failure cannot be caught. A valid but tiny workbook with one cell far away
# (XFD1048576) makes it build a dense range of billions of cells. Reading in a long-lived
# child process, under a memory cap and a time limit, turns both into an "unreadable"
# rejection of that one file instead of the end of the intake.
READ_TIMEOUT_SECONDS = 180
_START_TIMEOUT_SECONDS = 60
WORKER_MEMORY_BYTES = 4 * 1024**3
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


def _send(stream, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<Q", len(data)) + data)
    stream.flush()


def _receive(stream, timeout: float | None) -> object:
    if timeout is not None and not select.select([stream], [], [], timeout)[0]:
        raise TimeoutError
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


class _Worker:
    def __init__(self) -> None:
        env = dict(os.environ, RUST_BACKTRACE="0")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from ingestion.reader import serve; serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, env=env)
        try:  # the child says it is ready once it has imported the reader
            ready = _receive(self.process.stdout, _START_TIMEOUT_SECONDS) == "ready"
        except (TimeoutError, EOFError, OSError, pickle.UnpicklingError, struct.error):
            ready = False
        if not ready:
            self.stop()
            raise OSError("the workbook reader process did not start")

    def alive(self) -> bool:
        return self.process.poll() is None

    def read(self, path: Path) -> list[Sheet]:
        try:
            _send(self.process.stdin, str(path))
            status, payload = _receive(self.process.stdout, READ_TIMEOUT_SECONDS)
        except TimeoutError:
            self.stop()
            raise FileError("unreadable", detail="读取超时，文件可能已损坏或内容过多") from None
        except (EOFError, OSError, pickle.UnpicklingError, struct.error):  # the child died
            self.stop()
            raise FileError("unreadable", detail="文件结构异常或内容范围过大，读取中止") from None
        if status == "ok":
            return payload
        rule, details = payload
        raise FileError(rule, **details)

    def stop(self) -> None:
        try:
            self.process.stdin.close()  # the child's loop ends on EOF
            self.process.wait(2)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


def serve() -> None:
    """The child's loop: a path in, ("ok", sheets) or ("error", (rule, details)) out."""
    requests = sys.stdin.buffer
    # Nothing else may write into the reply stream, not even native code printing to
    # file descriptor 1: the replies get their own descriptor, and 1 becomes stderr.
    replies = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        import resource
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = WORKER_MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(hard, WORKER_MEMORY_BYTES)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):
        pass
    _send(replies, "ready")
    while True:
        try:
            request = _receive(requests, None)
        except EOFError:
            return
        try:
            reply = ("ok", _read_excel(Path(request)))
        except FileError as error:
            reply = ("error", (error.rule, error.details))
        _send(replies, reply)


_worker: _Worker | None = None
_worker_lock = threading.Lock()


def _read_excel_isolated(path: Path) -> list[Sheet]:
    global _worker
    if os.name != "posix":  # select() on pipes is POSIX only
        return _read_excel(path)
    with _worker_lock:
        if _worker is None or not _worker.alive():
            try:
                _worker = _Worker()
            except Exception:  # no child process here (a sandbox, an embedded Python):
                _worker = None  # read in this process, unprotected
                return _read_excel(path)
        return _worker.read(path)


@atexit.register
def _stop_worker() -> None:
    if _worker is not None and _worker.alive():
        _worker.stop()


def _read_excel(path: Path) -> list[Sheet]:
    try:
        # From the bytes (the size is checked already): the format is then sniffed from
        # the content, so a legacy .xls saved under .xlsx (or the reverse) still opens.
        reader = fastexcel.read_excel(path.read_bytes())
        sheets = []
        for index, name in enumerate(reader.sheet_names):
            sheets.append(_load_excel_sheet(reader, index, name))
        return sheets
    except (FileError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        # calamine's errors, and the Rust panics (pyo3's PanicException, a BaseException)
        # that some corrupt files still trigger inside it.
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise FileError("encrypted") from None
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:120]
        raise FileError("unreadable", detail=detail) from None


def _load_excel_sheet(reader: fastexcel.ExcelReader, index: int, name: str) -> Sheet:
    # An empty sheet loads as zero rows; a sheet that fails to load is a corrupt file.
    loaded = reader.load_sheet(index, header_row=None, skip_rows=0, dtypes="string")
    table = loaded.to_arrow()
    infos = loaded.available_columns()
    width = (max(i.absolute_index for i in infos) + 1) if infos else 0
    columns: list[list[str | None]] = [[] for _ in range(width)]
    n_rows = table.num_rows
    for info, column in zip(infos, table.columns, strict=True):
        # A date cell renders as '2026-03-05 00:00:00'; a person reads 2026-03-05.
        if column.type in (pa.string(), pa.large_string()):
            column = pc.replace_substring_regex(column, _MIDNIGHT, r"\1")
        columns[info.absolute_index] = column.to_pylist()
    for c in range(width):  # columns left of the used range
        if not columns[c]:
            columns[c] = [None] * n_rows
    return Sheet(name, columns, n_rows)


def decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError("csv_encoding")


def _read_csv(path: Path, name: str) -> Sheet:
    data = path.read_bytes()
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A workbook or other binary saved as .csv; a UTF-16 text is an encoding matter.
        raise FileError("unreadable", detail="CSV 中含有二进制内容")
    text = decode_csv(data)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise FileError("unreadable", detail=str(exc)) from None
    width = max((len(r) for r in rows), default=0)
    columns = [[(r[c] if c < len(r) and r[c] != "" else None) for r in rows] for c in range(width)]
    return Sheet(name, columns, len(rows), name_gives_type=False)
