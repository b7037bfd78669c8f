"""Merged cells, hidden columns and number cells' formats of a legacy .xls (BIFF8)
workbook, which the Excel reader does not give.

The workbook stream lists each sheet (BOUNDSHEET: where its records start, and its
name); a sheet's MERGEDCELLS records hold its merged ranges, its COLINFO records its
columns' widths and whether they are hidden. A number cell (NUMBER, RK, MULRK, or a
FORMULA with a number result) names its style (XF), whose format code a FORMAT record
of the workbook globals holds. Only these records are read; the reader read the cells
already, so anything unexpected (BIFF5 and older, a damaged stream) gives nothing
rather than an error.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field

import olefile

_BOF, _EOF, _BOUNDSHEET, _MERGEDCELLS, _COLINFO = 0x0809, 0x000A, 0x0085, 0x00E5, 0x007D
_FORMAT, _XF = 0x041E, 0x00E0
_DATEMODE = 0x0022  # 1: the 1904 date system (a Mac workbook)
_NUMBER, _RK, _MULRK, _FORMULA = 0x0203, 0x027E, 0x00BD, 0x0006
_BIFF8 = 0x0600
# Excel's built-in number formats that show digits plainly (the rest: as General).
_BUILTIN_FORMATS = {1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00"}

Range = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based)


@dataclass
class BiffSheet:
    merges: list[Range] = field(default_factory=list)
    hidden_columns: set[int] = field(default_factory=set)
    # The formula cells (row, column) when no formula holds a result: a program (xlwt)
    # wrote the formulas, and Excel would calculate them on opening. (Excel stores an
    # empty text result so too: a check column =IF(…,"",…) whose every check passed; the
    # parser looks only at the sheet's data cells.)
    uncalculated: list[tuple[int, int]] = field(default_factory=list)


class BiffWorkbook:
    """One .xls file's workbook stream, read when first asked about, and what its
    globals say (its sheets, its styles' formats), each worked out once."""

    def __init__(self, data: bytes):
        self.data = data
        self._stream: bytes | None = None
        self._offsets: dict[str, int] | None = None
        self._sheets: dict[str, BiffSheet] = {}
        self._formats: list[str] | None = None

    @property
    def stream(self) -> bytes:
        if self._stream is None:
            self._stream = _workbook_stream(self.data)
        return self._stream

    def _offset(self, name: str) -> int | None:
        if self._offsets is None:
            try:
                self._offsets = dict(_sheets(self.stream))
            except Exception:  # struct raises a variety of errors on damaged streams
                self._offsets = {}
        return self._offsets.get(name)

    def sheet(self, name: str) -> BiffSheet:
        """The sheet's merged ranges and hidden columns (none where the stream cannot say)."""
        if name not in self._sheets:
            offset = self._offset(name)
            try:
                self._sheets[name] = BiffSheet() if offset is None else _sheet(self.stream, offset)
            except Exception:  # struct raises a variety of errors on damaged streams
                self._sheets[name] = BiffSheet()
        return self._sheets[name]

    def formats(self) -> list[str]:
        """Each cell style's number format code (none where the stream cannot say)."""
        if self._formats is None:
            try:
                self._formats = _style_formats(self.stream)
            except Exception:  # struct raises a variety of errors on damaged streams
                self._formats = []
        return self._formats

    def uses_1904_dates(self) -> bool:
        """Whether the workbook counts its dates from 1904 (its DATEMODE record)."""
        try:
            return any(kind == _DATEMODE and body[:2] == b"\x01\x00"
                       for kind, body in _records(self.stream, 0))
        except Exception:  # struct raises a variety of errors on damaged streams
            return False

    def number_cells(self, name: str, col: int, rows: list[int]) -> dict[int, str] | None:
        """Of the given rows of column col, those whose cell holds a number, each with
        its number format code ("" for General); None when the stream cannot say."""
        offset = self._offset(name)
        if offset is None:
            return None
        try:
            return _number_cells(self.stream, offset, self.formats(), col, set(rows))
        except Exception:  # struct raises a variety of errors on damaged streams
            return None


def _workbook_stream(data: bytes) -> bytes:
    """The workbook stream of an .xls file's bytes (empty when there is none)."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            return ole.openstream(name).read() if name is not None else b""
    except Exception:  # olefile raises a variety of errors on damaged files
        return b""


def _number_cells(stream: bytes, offset: int, formats: list[str], col: int,
                  wanted: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for kind, body in _records(stream, offset):
        if kind in (_NUMBER, _RK, _FORMULA) and len(body) >= 6:
            row, column, style = struct.unpack_from("<HHH", body)
            is_number = kind != _FORMULA or (len(body) >= 14 and body[12:14] != b"\xff\xff")
            if column == col and row in wanted and is_number:
                found[row] = formats[style] if style < len(formats) else ""
        elif kind == _MULRK and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body)
            if row in wanted and first <= col < first + (len(body) - 6) // 6:
                (style,) = struct.unpack_from("<H", body, 4 + 6 * (col - first))
                found[row] = formats[style] if style < len(formats) else ""
    return found


def _style_formats(stream: bytes) -> list[str]:
    """Each cell style's (XF's) number format code, from the workbook globals."""
    codes = dict(_BUILTIN_FORMATS)
    styles: list[int] = []
    for kind, body in _records(stream, 0):
        if kind == _FORMAT and len(body) >= 5:
            number, chars, flags = struct.unpack_from("<HHB", body)
            codes[number] = _text(body[5:], chars, flags, errors="replace")
        elif kind == _XF and len(body) >= 4:
            styles.append(struct.unpack_from("<H", body, 2)[0])
    return [codes.get(number, "") for number in styles]


def _text(data: bytes, chars: int, flags: int, errors: str = "strict") -> str:
    """A BIFF8 string of chars characters: UTF-16 when flags' first bit is set, else
    one byte a character."""
    return data[:2 * chars].decode("utf-16-le", errors) if flags & 1 else data[:chars].decode("latin-1")


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
        sheets.append((_text(body[8:], chars, flags), offset))
    return sheets


def _sheet(stream: bytes, offset: int) -> BiffSheet:
    sheet = BiffSheet()
    formulas: list[tuple[int, int]] = []
    every_result_empty = True
    for kind, body in _records(stream, offset):
        if kind == _FORMULA and len(body) >= 14:
            if every_result_empty:
                formulas.append(struct.unpack_from("<HH", body))
            # The result: a number, or (its last two bytes FFFF) a type in its first
            # byte; 3 is an empty text.
            every_result_empty &= body[6] == 3 and body[12:14] == b"\xff\xff"
        if kind == _MERGEDCELLS and len(body) >= 2:
            count = min(struct.unpack_from("<H", body)[0], (len(body) - 2) // 8)
            for i in range(count):
                row0, row1, col0, col1 = struct.unpack_from("<HHHH", body, 2 + 8 * i)
                sheet.merges.append((row0, col0, row1, col1))
        elif kind == _COLINFO and len(body) >= 10:
            first, last, _width, _style, options = struct.unpack_from("<HHHHH", body)
            if options & 1:  # fHidden
                sheet.hidden_columns.update(range(first, min(last, 255) + 1))
    if every_result_empty:
        sheet.uncalculated = formulas
    return sheet
