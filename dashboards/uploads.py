"""The 上报 page's logic, outside the page so it can be tested: save an uploaded file
into the inbox (the next load receives it) and check a copy at once with the parser.

Nothing here loads anything: the file waits in ``UNIONKPI_HOME/inbox`` for the inbox
sensor or ``unionkpi load``; the preview only tells the submitter what the load will
find (kind, submitter, month, status and the row errors).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ingestion import template_spec as spec

ACCEPTED_TYPES = tuple(suffix.lstrip(".") for suffix in spec.FILE_SUFFIXES)
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')


@dataclass(frozen=True)
class UploadPreview:
    """What the parser found in an uploaded file (the file itself is in the inbox)."""

    saved_name: str | None  # None: not saved (a clerk's upload for another 填报单位)
    kind: str | None
    submitter: str | None
    report_month: dt.date | None
    status: str
    message: str | None
    rows_loaded: int
    rows_rejected: int
    rows_warned: int
    issues: pd.DataFrame = field(compare=False)
    # A file already received, or waiting in the inbox, with the very same bytes: the
    # load will record this one as its duplicate (it adds nothing, supersedes nothing).
    same_as: "EarlierCopy | None" = None


@dataclass(frozen=True)
class EarlierCopy:
    file_name: str
    received_at: dt.datetime | None  # None: still waiting in the inbox
    status: str | None


def safe_file_name(name: str) -> str:
    """The name to save an upload under: its last path part, without characters a file
    name cannot hold, and not hidden (the inbox skips names starting with '.' or '~$')."""
    base = Path(str(name).replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).strip().lstrip(".")
    if base.startswith("~$"):
        base = base[2:]
    return base or "上报文件"


def save_to_inbox(data: bytes, file_name: str, inbox: Path) -> Path:
    """Write ``data`` into ``inbox`` under ``file_name``, or 'name(2).xlsx', 'name(3).xlsx'
    ... when that name is taken: never over an existing file. The bytes are written to a
    hidden temporary file first and then linked under the final name, so a load never
    sees half a file and two uploads of one name cannot overwrite each other."""
    inbox = Path(inbox)
    inbox.mkdir(parents=True, exist_ok=True)
    name = safe_file_name(file_name)
    stem, suffix = Path(name).stem, Path(name).suffix
    with tempfile.NamedTemporaryFile(dir=inbox, prefix=".upload-", delete=False) as tmp:
        tmp.write(data)
        tmp.flush()
        os.fsync(tmp.fileno())
    try:
        for n in range(1, 10_000):
            target = inbox / (name if n == 1 else f"{stem}({n}){suffix}")
            try:
                os.link(tmp.name, target)
            except FileExistsError:
                continue
            return target
        raise FileExistsError(f"收件箱中同名文件过多：{name}")
    finally:
        os.unlink(tmp.name)


def build_reference(orgs: pd.DataFrame):
    """The parser's ``Reference``: the streets of the published ``marts.dim_org``
    (compact name → code and code → code) and every name of every KPI."""
    from ingestion.kpi_catalog import kpi_names
    from ingestion.normalize import compact
    from ingestion.validate import Reference

    streets: dict[str, str] = {}
    for code, name, level in zip(orgs["org_code"], orgs["org_name"], orgs["org_level"], strict=True):
        if level != "street":
            continue
        streets[compact(str(name))] = str(code)
        streets[compact(str(code))] = str(code)
    return Reference(streets=streets, kpis=kpi_names())


def preview(data: bytes, file_name: str, reference) -> UploadPreview:
    """Parse a private copy of the uploaded bytes as the load will (``parse_file``)."""
    from ingestion.parse import parse_file

    suffix = Path(file_name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="unionkpi-upload-") as folder:
        copy = Path(folder) / f"upload{suffix}"
        copy.write_bytes(data)
        parsed = parse_file(copy, file_name, reference)
    issues = pd.DataFrame(
        [{"sheet": i.sheet, "row_number": i.row_number, "column_header": i.column_header,
          "value": i.value, "severity": i.severity, "rule": i.rule, "message": i.message}
         for i in parsed.issues],
        columns=["sheet", "row_number", "column_header", "value", "severity", "rule", "message"],
    )
    return UploadPreview(
        saved_name=file_name,
        kind=parsed.kind,
        submitter=parsed.submitter,
        report_month=parsed.report_month,
        status=parsed.status,
        message=parsed.message,
        rows_loaded=parsed.rows_loaded,
        rows_rejected=parsed.rows_rejected,
        rows_warned=parsed.rows_warned,
        issues=issues,
    )


def identical_in_inbox(data: bytes, inbox: Path, except_name: str) -> str | None:
    """The name of a file waiting in the inbox with exactly these bytes (other than
    except_name, the upload itself), or None. Sizes first: most files differ there."""
    from ingestion.intake import files_waiting_in

    try:
        candidates = [p for p in files_waiting_in(Path(inbox)) if p.name != except_name]
    except OSError:
        return None
    for path in candidates:
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                return path.name
        except OSError:  # taken by a load meanwhile
            continue
    return None


def earlier_copy(data: bytes, saved_name: str, inbox: Path,
                 received: Callable[[str], dict | None]) -> EarlierCopy | None:
    """The received file (``received``: sha256 -> its row of ``marts.submission_files``,
    or None) or the file waiting in the inbox that this upload repeats byte for byte."""
    row = received(hashlib.sha256(data).hexdigest())
    if row is not None:
        return EarlierCopy(str(row["file_name"]), row["received_at"], row["status"])
    waiting = identical_in_inbox(data, inbox, saved_name)
    return EarlierCopy(waiting, None, None) if waiting else None


def receive_upload(data: bytes, file_name: str, inbox: Path, orgs: pd.DataFrame,
                   own_submitter: str | None = None,
                   received: Callable[[str], dict | None] | None = None) -> UploadPreview:
    """Save the upload into the inbox, then preview it under the name it was saved as
    (the name the load will receive it under).

    own_submitter: a clerk's 填报单位. A clerk sends their own unit's reports only: a
    file naming another 填报单位 is previewed and not saved (saved_name None), as it
    would load under that unit's name. (A file naming none is saved: it is rejected
    with its reason, and kept, as every file received.)

    received: sha256 -> the received file with those bytes (see earlier_copy); given,
    an upload repeating a received or waiting file says so (``same_as``)."""
    reference = build_reference(orgs)
    checked = None
    if own_submitter is not None:
        checked = preview(data, file_name, reference)
        if checked.submitter is not None and checked.submitter != own_submitter:
            return dataclasses.replace(checked, saved_name=None)
    saved = save_to_inbox(data, file_name, inbox)
    if checked is None or saved.name != checked.saved_name:  # else read under that name already
        checked = preview(data, saved.name, reference)
    if received is None:
        return checked
    return dataclasses.replace(checked, same_as=earlier_copy(data, saved.name, inbox, received))


def waiting_in_inbox(home, names: set[str] | None = None) -> pd.DataFrame:
    """Files waiting in ``home``'s inbox for the next load, oldest first (names given:
    only those): file_name, size_bytes, saved_at."""
    from ingestion.intake import inbox_files

    rows = []
    try:
        paths = inbox_files(home) if home.inbox.is_dir() else []
    except OSError:
        paths = []
    for path in paths:
        if names is not None and path.name not in names:
            continue
        try:
            stat = path.stat()
        except OSError:  # taken by a load meanwhile
            continue
        rows.append({"file_name": path.name, "size_bytes": stat.st_size,
                     "saved_at": dt.datetime.fromtimestamp(stat.st_mtime)})
    return pd.DataFrame(rows, columns=["file_name", "size_bytes", "saved_at"])


def dropzone_words() -> tuple[str, str]:
    """The uploader's button and hint in Chinese: (button, hint). The limit is the
    template's (a larger file is still received, and rejected with its reason)."""
    limit_mb = spec.MAX_FILE_BYTES // (1024 * 1024)
    return "选择文件", f"或将文件拖到此处 · 单个文件不超过 {limit_mb} MB · {'、'.join(ACCEPTED_TYPES)}"

