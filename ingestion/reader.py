"""Read a received file into sheets of text cells, or say in Chinese why it cannot be read.

Every cell comes back as text (or None): one normalization path serves xlsx, xls and csv,
and the text of a cell is what a clerk typed (leading zeros kept; a date cell reads
'2026-03-05'). Row and column positions are absolute, so row numbers are those Excel
shows. Workbooks are checked (format, size, encryption, unpacked size) before they are
opened; ingestion.workers opens them in child processes, so that no file can take the
intake down with it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import re
import struct
import zipfile
from pathlib import Path
from typing import Callable, Iterator

import fastexcel
import numpy as np
import olefile
import pyarrow as pa
import pyarrow.compute as pc

from ingestion import template_spec as spec
from ingestion.columns import blank_cells, bools, mask
from ingestion.normalize import is_blank
from ingestion.sheet_xml import WorkbookXml, number_cells, without_macro_sheets
from ingestion.zip_directory import ZIP64_SIZE, read_directory

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_MIDNIGHT = r"^(\d{4}-\d{2}-\d{2}) 00:00:00$"


# Rows of a sheet kept as Python lists up front: labels and headers live there.
HEAD_ROWS = max(spec.LABEL_SEARCH_ROWS, spec.HEADER_SEARCH_ROWS) + 1


class Sheet:
    """One sheet's cells as text: Arrow string columns (absolute positions), with Python
    access to single cells for the few places that read cell by cell (labels, headers,
    the first cell of each row)."""

    def __init__(self, name: str, arrays: list[pa.Array], n_rows: int,
                 name_gives_type: bool = True,
                 numbers: Callable[[int, list[int]], dict[int, str]] | None = None,
                 merges: Callable[[], list[tuple[int, int, int, int]]] | None = None,
                 hidden: bool = False,
                 hidden_columns: Callable[[], set[int]] | None = None,
                 uncalculated: Callable[..., str | None] | None = None,
                 money_formats: Callable[[], bool] | None = None,
                 dates_1904: Callable[[], bool] | None = None):
        self.name = name
        # A hidden sheet is not read (no cells): a person opening the workbook does not
        # see it (often last month's sheets, hidden rather than deleted).
        self.hidden = hidden
        self.arrays = arrays
        self.n_rows = n_rows
        # The first row of this table: 0, or, for a second table below another's data
        # (parse._tables), the row its title starts.
        self.top = 0
        # A workbook sheet's name may give its type; a CSV's name is the file's, so a
        # CSV's type comes from its header row only.
        self.name_gives_type = name_gives_type
        self._numbers = numbers
        self._merges = merges
        self._hidden_columns = hidden_columns
        self._uncalculated = uncalculated
        self._money_formats = money_formats
        self._dates_1904 = dates_1904
        # The top rows, row by row (labels and headers are read across a row).
        self.head: list[tuple[str | None, ...]] = list(
            zip(*(a.slice(0, HEAD_ROWS).to_pylist() for a in arrays)))
        self._full: dict[int, list[str | None]] = {}

    @property
    def width(self) -> int:
        return len(self.arrays)

    def column(self, col: int) -> list[str | None]:
        if col not in self._full:
            self._full[col] = self.arrays[col].to_pylist()
        return self._full[col]

    def cell(self, row: int, col: int) -> str | None:
        if row < len(self.head):
            return self.head[row][col]
        column = self.column(col)
        return column[row] if row < len(column) else None

    def row(self, row: int) -> tuple[str | None, ...]:
        if row < len(self.head):
            return self.head[row]
        return tuple(self.cell(row, c) for c in range(self.width))

    def number_cells(self, col: int, rows: list[int]) -> dict[int, str]:
        """Of the given rows of column col, those whose cell holds a number rather than
        text, each with its number format (ingestion.sheet_xml); none in a CSV, where
        every cell is text."""
        return self._numbers(col, rows) if self._numbers and rows else {}

    def merged_ranges(self) -> list[tuple[int, int, int, int]]:
        """(first row, first column, last row, last column) of each merged range
        (ingestion.sheet_xml); none in a CSV."""
        return self._merges() if self._merges else []

    def hidden_columns(self) -> set[int]:
        """The sheet's hidden columns (ingestion.sheet_xml); none in a CSV."""
        return self._hidden_columns() if self._hidden_columns else set()

    def uncalculated_formula(self, wanted: Callable[[int, int], bool] = lambda r, c: True,
                             also_unstored: Callable[[int, int], bool] | None = None) -> str | None:
        """The reference of a formula cell whose result the file does not hold (its
        workbook asks Excel to calculate on opening), of the cells wanted (row, column)
        holds, or also_unstored where a program stored nothing (ingestion.sheet_xml):
        "" where cells have no references; None when every value read is what a person
        sees."""
        return self._uncalculated(wanted, also_unstored) if self._uncalculated else None

    def shows_money_units(self) -> bool:
        """Whether the workbook has a number format showing a money unit or scaling the
        digits (a number cell may then show 35,000元 or 3.5000 where the reader gives
        35000); never in a CSV."""
        return self._money_formats() if self._money_formats else False

    def uses_1904_dates(self) -> bool:
        """Whether the workbook counts date serials from 1904 (a Mac workbook): a date
        cell the reader left as its serial number is then 1,462 days later."""
        return self._dates_1904() if self._dates_1904 else False

    def replace_cells(self, col: int, texts: dict[int, str]) -> None:
        """Read the given cells of column col (row -> text) as these texts instead."""
        values = list(self.column(col))
        for row, text in texts.items():
            values[row] = text
        self.arrays[col] = pa.array(values, pa.string())
        self._full[col] = values
        for row in (r for r in texts if r < len(self.head)):
            cells = list(self.head[row])
            cells[col] = texts[row]
            self.head[row] = tuple(cells)

    def is_empty(self) -> bool:
        return all(a.null_count == len(a) for a in self.arrays) or all(
            is_blank(v) for c in range(self.width) for v in self.column(c))


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


def check_envelope(path: Path, max_bytes: int, max_unpacked: int) -> bytes:
    """Reject by format, size, encryption or unpacked size, before any parsing; returns
    the file's bytes (read once, after the size check)."""
    suffix = path.suffix.lower()
    if suffix not in spec.FILE_SUFFIXES:
        raise FileError("unsupported_format", suffix=suffix or "（无扩展名）")
    with open(path, "rb") as handle:  # (one open for the size and the bytes)
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            raise FileError("too_large", size=_human_size(size, round_up=True),
                            limit=_human_size(max_bytes))
        data = handle.read()
    # By content, whatever the name says: a workbook saved as .csv, a CSV saved as .xlsx.
    if data[:8] == _OLE_MAGIC:
        _check_ole(path, suffix)
    elif data[:4] == _ZIP_MAGIC:
        _check_zip(data, max_unpacked)
    elif not data.lstrip(b"\xef\xbb\xbf \t\r\n"):  # nothing, a BOM, blank lines
        raise FileError("unreadable", detail="文件为空（没有任何内容），可能未保存完或未传完")
    elif _SPREADSHEET_2003.search(data[:4096]):
        raise FileError("unreadable", detail="文件是旧版“XML 电子表格 2003”格式；"
                                             "请用 Excel 打开后另存为 Excel 工作簿再上传")
    elif (other := next((kind for magic, kind in _OTHER_FORMATS if data.startswith(magic)), None)):
        raise FileError("unreadable", detail=f"文件实际是 {other}，并非 Excel 或 CSV 文件；请上传报表文件")
    elif (page := _web_page(data)) is not None:
        raise FileError("unreadable", detail=f"文件实际是{page}格式，并非 Excel 文件；"
                                             "请用 Excel 打开后另存为 Excel 工作簿再上传")
    elif suffix != ".csv" and b"\x00" in data[:4096]:
        raise FileError("unreadable", detail="文件内容不是 Excel 格式")
    return data


# Files sent by mistake under a spreadsheet's name, known by their first bytes.
_OTHER_FORMATS = (
    (b"%PDF", "PDF 文档"), (b"\x89PNG", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"), (b"Rar!", "RAR 压缩包"), (b"7z\xbc\xaf", "7z 压缩包"),
    (b"{\\rtf", "RTF 文档"),
)
# Zip files that are no workbook: what a clerk is told instead (a member naming the kind).
_OTHER_ZIPS = (
    ("word/document.xml", "文件实际是 Word 文档，并非 Excel 工作簿；请上传报表文件"),
    ("ppt/presentation.xml", "文件实际是 PowerPoint 演示文稿，并非 Excel 工作簿；请上传报表文件"),
    ("content.xml", "文件是 OpenDocument 格式（.ods 等），请用 WPS、Excel 或 LibreOffice "
                    "另存为 Excel 工作簿（.xlsx）再上传"),
)
# Excel 2003's XML spreadsheet, often saved under .xls by export tools.
_SPREADSHEET_2003 = re.compile(rb"urn:schemas-microsoft-com:office:spreadsheet|<\?mso-application progid=\"Excel\.Sheet\"")
# A web page saved under a spreadsheet's name (a web system's "Excel" export, Excel's
# own 网页): after blank space, any comments and an XML declaration, a DOCTYPE or one of
# these tags opens it. Only these: a CSV whose first cell starts with '<' is still a CSV.
_WEB_PAGE_TAGS = (b"html", b"head", b"body", b"meta", b"title", b"style", b"link", b"table", b"div")
_HTML = re.compile(rb"\s*(?:(?:<!--.*?-->|<\?xml\s[^>]*\?>)\s*)*"
                   rb"<(?:!doctype\s+html\b|(?:" + b"|".join(_WEB_PAGE_TAGS) + rb")[\s/>])",
                   re.I | re.S)
# Excel's 单个文件网页 (MHTML, .mht) saved under .xls: a mail message's header lines, one
# of them MIME-Version, then an HTML page inside.
_MHTML = re.compile(rb"\s*(?:[A-Za-z0-9-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?MIME-Version:", re.I)
_MHTML_PAGE = re.compile(rb"multipart/related|text/html", re.I)
_SNIFF_BYTES = 4096


def _web_page(data: bytes) -> str | None:
    """What kind of web page the file is, for its message; None for any other file."""
    head = _sniffed_text(data[:_SNIFF_BYTES])
    if _HTML.match(head):
        return "网页"
    if _MHTML.match(head) and _MHTML_PAGE.search(head):
        return "“单个文件网页”"
    return None


def _sniffed_text(head: bytes) -> bytes:
    """A file's first bytes without a UTF-8 BOM, and as UTF-8 when a BOM says UTF-16
    (Excel's and Notepad's 'Unicode')."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return head.decode("utf-16", errors="ignore").encode("utf-8")
    return head.removeprefix(b"\xef\xbb\xbf")


def is_workbook(data: bytes) -> bool:
    """Whether the bytes are a workbook (zip or OLE); anything else is read as CSV."""
    return data[:4] == _ZIP_MAGIC or data[:8] == _OLE_MAGIC


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
        raise _unreadable(f"ole: {type(exc).__name__}: {exc}") from None


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


def _check_zip(data: bytes, max_unpacked: int) -> None:
    """Sum the declared sizes from the central directory: a zip bomb is caught unopened."""
    listing = zip_listing(data)
    if listing is None:  # not the plain layout: zipfile reads it (or says it is broken)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                infos = archive.infolist()
                listing = (sum(i.file_size for i in infos), {i.filename for i in infos})
        except Exception:  # BadZipFile, and NotImplementedError, ValueError, ... on junk
            raise FileError("unreadable", detail="压缩包结构损坏") from None
    unpacked, names = listing
    if unpacked > max_unpacked:
        if not _local_sizes_agree(data):  # a size field garbled by damage, not a bomb
            raise FileError("unreadable", detail="压缩包结构损坏")
        raise FileError("unpacked_too_large", limit=_human_size(max_unpacked))
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise FileError("unreadable", detail=next(
            (detail for member, detail in _OTHER_ZIPS if member in names), "不是 Excel 工作簿"))


_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # a member's local header, 30 bytes + name ...


def _local_sizes_agree(data: bytes) -> bool:
    """Whether each member's unpacked size in the central directory is the one its local
    header states (a zip bomb's are; a damaged file's often are not). Nothing unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.flag_bits & 0x08:  # sizes in a data descriptor after the data
                    continue
                header = _LOCAL_HEADER.unpack_from(data, info.header_offset)
                if header[0] != b"PK\x03\x04" or (header[8] != info.file_size
                                                    and header[8] != ZIP64_SIZE):
                    return False
    except Exception:  # BadZipFile, struct.error ...: the directory is damaged
        return False
    return True



def zip_listing(data: bytes) -> tuple[int, set[str]] | None:
    """(total unpacked size, entry names) read straight from a zip's central directory
    (ingestion.zip_directory): what zipfile gives, a tenth of a millisecond a file
    sooner. None unless the layout is the plain one: zipfile handles the rest."""
    directory = read_directory(data)
    return None if directory is None else (directory[0], set(directory[1]))


def read_sheets(path: Path, data: bytes, csv_name: str | None = None) -> list[Sheet]:
    """Read in this process (ingestion.workers reads in child processes) the file's
    bytes, as check_envelope returned them.

    csv_name: the name a CSV's one sheet is reported under (the file name as received,
    not as archived); defaults to the path's stem."""
    if not is_workbook(data):
        return [_read_csv(data, csv_name or path.stem)]
    return _read_excel(data)


@contextlib.contextmanager
def _as_file_errors() -> Iterator[None]:
    """calamine's errors, and the Rust panics (pyo3's PanicException, a BaseException)
    that some corrupt files still trigger inside it, as a file error."""
    try:
        yield
    except (FileError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise FileError("encrypted") from None
        raise _unreadable((str(exc).strip().splitlines() or [type(exc).__name__])[0]) from None


# The reading libraries' words (English) -> what a clerk is told: (words in the
# lower-cased text, Chinese). The first match wins; the library's own words are kept as
# the value, for whoever investigates.
_LIBRARY_WORDS = (
    (("xml",), "工作表内容不完整或已损坏"),
    (("zip", "archive", "deflate", "crc", "invalid checksum"), "压缩包结构损坏"),
    (("ole:", "cfb", "xls error", "biff"), "旧版 Excel（.xls）文件结构损坏"),
    (("unexpected end", "end of stream", "eof", "truncated"), "文件内容不完整（可能未保存完或未传完）"),
)


def _unreadable(words: str) -> FileError:
    lowered = words.lower()
    detail = next((chinese for needles, chinese in _LIBRARY_WORDS
                   if any(n in lowered for n in needles)), "文件结构损坏")
    return FileError("unreadable", detail=detail, technical=words[:200])


def _read_excel(data: bytes) -> list[Sheet]:
    with _as_file_errors():
        # From the bytes (the size is checked already): the format is then sniffed from
        # the content, so a legacy .xls saved under .xlsx (or the reverse) still opens.
        try:
            reader = fastexcel.read_excel(data)
        except Exception as exc:
            # An Excel 4.0 macro sheet in an .xlsm: the reader cannot open the workbook
            # with it, so it is read without (its macros never run here either).
            readable = without_macro_sheets(data)
            if readable is None:
                raise exc from None
            reader, data = fastexcel.read_excel(readable), readable
        if not reader.sheet_names:  # every workbook has one: its list is damaged
            raise FileError("unreadable", detail="工作簿结构损坏，读不到任何工作表")
        workbook = WorkbookXml(data)  # read only if a sheet needs it
        return [_load_excel_sheet(workbook, reader, index, name)
                for index, name in enumerate(reader.sheet_names)]


def _load_excel_sheet(workbook: WorkbookXml, reader: fastexcel.ExcelReader, index: int,
                      name: str) -> Sheet:
    # An empty sheet loads as zero rows; a sheet that fails to load is a corrupt file.
    loaded = reader.load_sheet(index, header_row=None, skip_rows=0, dtypes="string")
    if loaded.visible != "visible":  # 'hidden' or 'veryhidden'
        return Sheet(name, [], 0, hidden=True)
    table, cell_errors = loaded.to_arrow_with_errors()
    infos = loaded.available_columns()
    width = (max(i.absolute_index for i in infos) + 1) if infos else 0
    n_rows = table.num_rows
    columns: list[pa.Array] = [pa.nulls(n_rows, pa.string())] * width  # left of the used range
    for info, column in zip(infos, table.columns, strict=True):
        # (A date cell renders as '2026-03-05 00:00:00': see without_midnight.)
        columns[info.absolute_index] = column if column.type == pa.string() \
            else column.cast(pa.string())
    names = {i.absolute_index: i.name for i in infos}
    errors = _error_values(infos, cell_errors.errors if cell_errors else [])
    if n_rows * width > _TRIM_CELLS:
        columns, n_rows = _without_blank_margins(columns, n_rows, errors)

    # Asked later, while the sheet is prepared: the sheet is read again, and may fail.
    def numbers(col: int, rows: list[int]) -> dict[int, str]:
        if col not in names:
            return {}
        with _as_file_errors():
            return number_cells(workbook, reader, index, name, names[col], col, rows)

    def merges() -> list[tuple[int, int, int, int]]:
        with _as_file_errors():
            return workbook.merged_ranges(name)

    def hidden_columns() -> set[int]:
        with _as_file_errors():
            return workbook.hidden_columns(name)

    def uncalculated(wanted: Callable[[int, int], bool],
                     also_unstored: Callable[[int, int], bool] | None) -> str | None:
        with _as_file_errors():
            return workbook.uncalculated_formula(name, wanted, also_unstored)

    def money_formats() -> bool:
        with _as_file_errors():
            return workbook.shows_money_units()

    def dates_1904() -> bool:
        with _as_file_errors():
            return workbook.uses_1904_dates()

    sheet = Sheet(name, columns, n_rows, numbers=numbers, merges=merges,
                  hidden_columns=hidden_columns, uncalculated=uncalculated,
                  money_formats=money_formats, dates_1904=dates_1904)
    for col, shown in errors.items():
        sheet.replace_cells(col, shown)
    return sheet


# A sheet of more cells than this loses its blank margins first: a space typed at
# AMJ65536 (or a format over whole columns) makes the used range the whole grid, and
# every row would be looked at across 1,024 columns (a 3-row report took 25 s).
_TRIM_CELLS = 2_000_000


def _without_blank_margins(columns: list[pa.Array], n_rows: int,
                           errors: dict[int, dict[int, str]]) -> tuple[list[pa.Array], int]:
    """The columns up to the last that holds a cell that is not blank (or an error
    value), cut after the last such row: (columns, rows). Positions are unchanged."""
    filled_rows = np.zeros(n_rows, dtype=bool)
    last_col = max(errors, default=-1)
    for col, cells in enumerate(columns):
        if cells.null_count == len(cells):
            continue
        filled = ~blank_cells(cells)
        if filled.any():
            filled_rows |= filled
            last_col = max(last_col, col)
    rows = np.flatnonzero(filled_rows)
    last_row = max(int(rows[-1]) if len(rows) else -1,
                   max((row for shown in errors.values() for row in shown), default=-1))
    return [cells.slice(0, last_row + 1) for cells in columns[:last_col + 1]], last_row + 1


# calamine's names of Excel's error values, and how Excel shows them.
_EXCEL_ERRORS = {"Div0": "#DIV/0!", "NA": "#N/A", "Name": "#NAME?", "Null": "#NULL!",
                 "Num": "#NUM!", "Ref": "#REF!", "Value": "#VALUE!",
                 "GettingData": "#GETTING_DATA"}
_ERROR_DETAIL = re.compile(r"Error\((\w+)\)")


def _error_values(infos: list, errors: list) -> dict[int, dict[int, str]]:
    """A formula whose cached result is an error (#DIV/0!) reads as text would give
    nothing: column -> {row: the error as Excel shows it}, for validation to reject."""
    by_column: dict[int, dict[int, str]] = {}
    for error in errors:
        row, position = error.position
        found = _ERROR_DETAIL.search(error.detail or "")
        shown = _EXCEL_ERRORS.get(found.group(1), "#VALUE!") if found else "#VALUE!"
        by_column.setdefault(infos[position].absolute_index, {})[row] = shown
    return by_column


def without_midnight(cells: pa.Array) -> pa.Array:
    """A date cell renders as '2026-03-05 00:00:00'; a person reads 2026-03-05. (Done
    for many sheets' cells at once, as validation takes them: each call costs.)"""
    ends = pc.ends_with(cells, " 00:00:00")
    if not pc.any(ends).as_py():  # the cheap check first
        return cells
    if cells.type != pa.string():
        return pc.if_else(pc.match_substring_regex(cells, _MIDNIGHT),
                          pc.utf8_slice_codeunits(cells, 0, 10), cells)
    # _MIDNIGHT checked on the bytes (a regex over a date column costs ~4× this): 19
    # bytes, digits but for the two dashes, then the midnight.
    n = len(cells)
    offsets = np.frombuffer(cells.buffers()[1], dtype=np.int32)[cells.offset:cells.offset + n + 1]
    candidates = np.flatnonzero(mask(ends) & (np.diff(offsets) == 19))
    head = np.frombuffer(cells.buffers()[2], dtype=np.uint8)[offsets[candidates][:, None] + _DATE_BYTES]
    dated = np.zeros(n, dtype=bool)
    dated[candidates[np.all((head >= _DATE_LOW) & (head <= _DATE_HIGH), axis=1)]] = True
    if not dated.any():
        return cells
    return pc.if_else(bools(dated), pc.utf8_slice_codeunits(cells, 0, 10), cells)


_DATE_BYTES = np.arange(10)
_DATE_LOW = np.frombuffer(b"0000-00-00", dtype=np.uint8)  # each byte's range in 2026-03-05
_DATE_HIGH = np.frombuffer(b"9999-99-99", dtype=np.uint8)


def decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError("csv_encoding")


def _read_csv(data: bytes, name: str) -> Sheet:
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A workbook or other binary saved as .csv; a UTF-16 text is an encoding matter.
        raise FileError("unreadable", detail="CSV 中含有二进制内容")
    text = decode_csv(data)
    # Excel's 'sep=;' first line names the separator and is not shown; without it, the
    # separator is the one of comma, tab and semicolon most used in the first lines (a
    # tab-separated file saved as .csv; a European Excel's semicolons).
    separator = _SEPARATOR_LINE.match(text)
    if separator:
        delimiter, text = separator.group(1), text[separator.end():]
    else:
        head = text[:4096]
        delimiter = max(",\t;", key=head.count)  # (a tie: the first, the comma)
    try:
        # newline='': lines end in \n, \r\n or a lone \r (old Mac Excel), as csv expects.
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileError("unreadable", detail="CSV 格式错误（如引号不成对）", technical=str(exc)) from None
    width = max((len(r) for r in rows), default=0)
    columns = [pa.array([_csv_cell(r[c]) if c < len(r) else None for r in rows],
                        type=pa.string()) for c in range(width)]
    return Sheet(name, columns, len(rows), name_gives_type=False)


_SEPARATOR_LINE = re.compile(r'"?sep=([,;\t|])"?[^\S\r\n]*(?:\r\n|\r|\n)')
_EXCEL_TEXT = re.compile(r'="(.*)"', re.S)


def _csv_cell(text: str) -> str | None:
    """A CSV cell as Excel shows it: ="00123", Excel's way of keeping a code as text
    in a CSV, shows 00123."""
    if not text:
        return None
    if text.startswith('="'):
        shown = _EXCEL_TEXT.fullmatch(text)
        if shown:
            return shown.group(1).replace('""', '"') or None
    return text
