"""Merged cells and hidden columns of a legacy .xls (BIFF8) workbook, which the Excel
reader does not give.

The workbook stream lists each sheet (BOUNDSHEET: where its records start, and its
name); a sheet's MERGEDCELLS records hold its merged ranges, its COLINFO records its
columns' widths and whether they are hidden. Only these records are read, never the
cells. Anything unexpected (BIFF5 and older, which has no merges; a damaged stream)
gives none rather than an error: the cells were read already.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field

import olefile

_BOF, _EOF, _BOUNDSHEET, _MERGEDCELLS, _COLINFO = 0x0809, 0x000A, 0x0085, 0x00E5, 0x007D
_BIFF8 = 0x0600

Range = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based)


@dataclass
class BiffSheet:
    merges: list[Range] = field(default_factory=list)
    hidden_columns: set[int] = field(default_factory=set)


def sheets_by_name(data: bytes) -> dict[str, BiffSheet]:
    """Sheet name -> its merged ranges and hidden columns, for every sheet of an .xls
    workbook's bytes."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                return {}
            stream = ole.openstream(name).read()
        return {sheet: _sheet(stream, offset) for sheet, offset in _sheets(stream)}
    except Exception:  # olefile and struct raise a variety of errors on damaged files
        return {}


def _records(stream: bytes, pos: int):
    """(kind, body) of each record from pos (a BOF) to its own EOF record (or the stream's
    end): a chart embedded in a sheet is a BOF … EOF of its own inside it."""
    depth = 0
    while pos + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4:pos + 4 + size]
        yield kind, body
        depth += (kind == _BOF) - (kind == _EOF)
        if depth <= 0 and kind == _EOF:
            return
        pos += 4 + size


def _sheets(stream: bytes) -> list[tuple[str, int]]:
    """(name, offset of its BOF) of every sheet listed in the workbook globals."""
    records = _records(stream, 0)
    kind, body = next(records, (None, b""))
    if kind != _BOF or len(body) < 2 or struct.unpack_from("<H", body)[0] != _BIFF8:
        return []
    sheets = []
    for kind, body in records:
        if kind != _BOUNDSHEET or len(body) < 8:
            continue
        offset, chars, flags = struct.unpack_from("<IxxBB", body)
        text = body[8:]
        name = (text[:2 * chars].decode("utf-16-le") if flags & 1
                else text[:chars].decode("latin-1"))
        sheets.append((name, offset))
    return sheets


def _sheet(stream: bytes, offset: int) -> BiffSheet:
    sheet = BiffSheet()
    for kind, body in _records(stream, offset):
        if kind == _MERGEDCELLS and len(body) >= 2:
            count = min(struct.unpack_from("<H", body)[0], (len(body) - 2) // 8)
            for i in range(count):
                row0, row1, col0, col1 = struct.unpack_from("<HHHH", body, 2 + 8 * i)
                sheet.merges.append((row0, col0, row1, col1))
        elif kind == _COLINFO and len(body) >= 10:
            first, last, _width, _style, options = struct.unpack_from("<HHHHH", body)
            if options & 1:  # fHidden
                sheet.hidden_columns.update(range(first, min(last, 255) + 1))
    return sheet
