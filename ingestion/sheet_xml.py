"""What a workbook sheet says beyond its cells' text: which cells hold numbers, and which
cells are merged. The reader (fastexcel) gives neither; parse asks here, only when a
sheet needs it, since it costs unzipping the sheet's XML a second time.

Cell types: a credit code typed into a number cell has lost its last digits, yet its
text (the double's digits, 911101084318157952) may still pass the check digit. For the
few cells whose text could be such a number, the cell's type attribute is found by its
reference (B7) in the XML of an .xlsx/.xlsm, or its record in an .xls (through
ingestion.sheet_biff), with its number format; otherwise (XML written without cell
references, a damaged .xls) the column is loaded again with a type only numbers
convert to.

Merged cells: a merged range's value is in its top-left cell only, the others read
empty; a person reads the value in every cell of the range (.xlsx/.xlsm from the XML,
.xls from its BIFF records through ingestion.sheet_biff).

Formulas: the reader gives a formula cell's result as the file stored it. A workbook
written by a program (xlsxwriter stores 0, openpyxl nothing) asks Excel to calculate
every formula on opening (fullCalcOnLoad): what a person sees is not in the file.
"""

from __future__ import annotations

import functools
import html
import io
import posixpath
import re
import struct
import zipfile

from types import MappingProxyType
from typing import Callable, Iterator, Mapping

import fastexcel
import pyarrow.compute as pc

from ingestion.normalize import format_shows_money_otherwise
from ingestion.sheet_biff import BiffWorkbook
from ingestion.zip_directory import Member, member_bytes, read_directory

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_TYPES = (b"s", b"str", b"inlineStr")  # shared, formula and inline strings
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:]+)\s*=\s*["']([^"']*)["']""")
_COLUMN = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_CALCULATION = re.compile(rb"<(?:\w+:)?calcPr\b([^>]*)>")
_WORKBOOK_PROPERTIES = re.compile(rb"<(?:\w+:)?workbookPr\b([^>]*)>")
_AFTER_TAG_NAME = frozenset(b" >/\t\n\r")  # byte values
_LESS_THAN, _COLON = ord("<"), ord(":")
# An encrypted member; a header past the end; a broken zip.
_DAMAGED = (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError,
            RuntimeError, struct.error)


def column_letters(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class WorkbookXml:
    """One workbook's XML parts, opened once and only when first asked for: the sheets
    of a file share it, and a sheet's XML is unzipped once for every question about it.
    Every answer is None (or empty) where the XML cannot say: an .xls, a broken zip."""

    def __init__(self, data: bytes):
        self.data = data
        self._members: dict[str, Member] | None = None  # the plain layout, read directly
        self._archive: zipfile.ZipFile | None = None  # any other, through zipfile
        self._parts: Mapping[str, str] | None = None
        self._recalculates: bool | None = None
        self._sheets: dict[str, bytes | bytearray | None] = {}
        self._formats: list[str] | None = None
        self._styles_part = "xl/styles.xml"  # where the workbook's relationships say
        self._workbook_xml: bytes | bytearray | None = None
        self._biff = BiffWorkbook(data)  # an .xls file's records, read when asked

    def sheet(self, name: str) -> bytes | bytearray | None:
        if name not in self._sheets:
            self._sheets[name] = self._read_sheet(name)
        return self._sheets[name]

    def _read_sheet(self, name: str) -> bytes | bytearray | None:
        if self.data[:4] != _ZIP_MAGIC:
            return None
        try:
            part = self._workbook_parts().get(name)
            return None if part is None else self._member(part)
        except _DAMAGED:
            return None

    def _workbook_parts(self) -> Mapping[str, str]:
        """Each sheet's part (and the styles' part), from the workbook's relationships."""
        if self._parts is None:
            self._parts, self._styles_part = _workbook_parts(self._workbook(), self._member)
        return self._parts

    def _workbook(self) -> bytes | bytearray:
        """xl/workbook.xml, the archive opened first (KeyError when there is none)."""
        if self._workbook_xml is None:
            directory = read_directory(self.data)
            if directory is None:
                self._archive = zipfile.ZipFile(io.BytesIO(self.data))
            else:
                self._members = directory[1]
            self._workbook_xml = self._member("xl/workbook.xml")
        return self._workbook_xml

    def _member(self, part: str) -> bytes | bytearray:
        """A part's bytes (KeyError when there is none)."""
        if self._members is not None:
            found = member_bytes(self.data, self._members[part])
            if found is not None:
                return found
            self._archive = self._archive or zipfile.ZipFile(io.BytesIO(self.data))
            return self._archive.read(part)
        return _member_bytes(self.data, self._archive, part)

    def recalculates_on_open(self) -> bool:
        """Whether the workbook asks to have every formula calculated on opening, its
        stored results not being what a person will see (a program wrote it)."""
        if self._recalculates is None:  # (asked of each sheet)
            self._recalculates = self._workbook_flag(_CALCULATION, b"fullCalcOnLoad")  # (Excel never sets it)
        return self._recalculates

    def uses_1904_dates(self) -> bool:
        """Whether the workbook counts its dates from 1904 (Excel for Mac's old default:
        <workbookPr date1904="1"/>, or an .xls's DATEMODE)."""
        if self.data[:8] == _OLE_MAGIC:
            return self._biff.uses_1904_dates()
        return self._workbook_flag(_WORKBOOK_PROPERTIES, b"date1904")

    def _workbook_flag(self, element: re.Pattern, flag: bytes) -> bool:
        """Whether xl/workbook.xml sets the flag attribute of its element (found only
        when the flag's name is in it at all)."""
        if self.data[:4] != _ZIP_MAGIC:
            return False
        try:
            workbook = self._workbook()
        except _DAMAGED:
            return False
        if flag not in workbook:
            return False
        found = element.search(workbook)
        return found is not None and _attributes(found.group(1)).get(flag) in (b"1", b"true")

    def uncalculated_formula(self, name: str, wanted: Callable[[int, int], bool] = lambda r, c: True,
                             also_unstored: Callable[[int, int], bool] | None = None) -> str | None:
        """The reference (D3, or "" unknown) of a formula cell of the sheet that wanted
        (row, column) holds, whose stored result is not what a person opening the workbook
        sees; None when there is none. also_unstored: more cells looked at in a workbook
        asking to be calculated, whose program stored no result at all (a row of such
        formulas reads blank); not in an .xls, whose empty result is also what Excel
        stores for a formula showing "" (a spare row's =IF(B6="","",…))."""
        if self.data[:8] == _OLE_MAGIC:
            return next((f"{column_letters(c)}{r + 1}" for r, c in self._biff.sheet(name).uncalculated
                         if wanted(r, c)), None)
        if not self.recalculates_on_open():
            return None
        return self.first_formula(name, wanted if also_unstored is None else (
            lambda r, c: wanted(r, c) or also_unstored(r, c)))

    def first_formula(self, name: str, wanted: Callable[[int, int], bool] = lambda r, c: True
                      ) -> str | None:
        """The reference (D3) of the sheet's first formula cell holding no result or 0
        (_result_unknown) of those wanted (row, column) holds, "" when its cells have no
        references; None without one."""
        xml = self.sheet(name)
        if xml is None:
            return None
        end = xml.rfind(b"sheetData>")  # the end of the cells: after it, <xm:f> of
        if end < 0:                      # sparklines and data bars are no cells
            return None
        at = _formula_at(xml, max(0, xml.find(b"<sheetData")), end)
        while at >= 0:
            cell = max(xml.rfind(b"<c ", 0, at), xml.rfind(b":c ", 0, at))
            if cell < 0:
                return ""
            if _result_unknown(xml, at, end):
                reference = _attributes(xml[cell:xml.find(b">", cell)]).get(b"r", b"").decode(
                    "ascii", "replace")
                where = _A1_REFERENCE.fullmatch(reference)
                if where is None or wanted(int(where.group(2)) - 1, column_index(where.group(1))):
                    return reference
            tag_end = xml.find(b">", at, end)
            if tag_end < 0:
                return None
            at = _formula_at(xml, tag_end, end)
        return None

    def merged_ranges(self, name: str) -> list[tuple[int, int, int, int]]:
        """The sheet's merged ranges as (first row, first column, last row, last column),
        0-based (of a legacy .xls too, from its BIFF records: ingestion.sheet_biff)."""
        if self.data[:8] == _OLE_MAGIC:
            return self._biff.sheet(name).merges
        xml = self.sheet(name)
        if xml is None:
            return []
        # They follow the cells: look from the end of the cells on.
        start = xml.find(b"mergeCell", max(0, xml.rfind(b"sheetData>")))
        if start < 0:
            return []
        return [(int(r0) - 1, column_index(c0.decode()), int(r1) - 1, column_index(c1.decode()))
                for c0, r0, c1, r1 in _MERGE.findall(xml, max(0, start - 8))]

    def hidden_columns(self, name: str) -> set[int]:
        """The sheet's hidden columns, 0-based (of a legacy .xls too)."""
        if self.data[:8] == _OLE_MAGIC:
            return self._biff.sheet(name).hidden_columns
        xml = self.sheet(name)
        if xml is None:
            return set()
        # <cols><col min="2" max="2" hidden="1"/></cols> come before the cells.
        end = xml.find(b"<sheetData")
        hidden: set[int] = set()
        for match in _COLUMN.finditer(xml, 0, end if end >= 0 else len(xml)):
            attributes = _attributes(match.group(0))
            if attributes.get(b"hidden") in (b"1", b"true") and attributes.get(b"min", b"").isdigit():
                first = int(attributes[b"min"])
                last = int(attributes.get(b"max", b"")) if attributes.get(b"max", b"").isdigit() else first
                hidden.update(range(first - 1, min(last, 16384)))
        return hidden

    def number_cells(self, name: str, col: int, rows: list[int]) -> dict[int, str] | None:
        """Of the given rows of column col, those whose cell's type is a number, each with
        its number format ("" for General); None when the file does not answer for
        every row (XML without cell references, a damaged .xls)."""
        if self.data[:8] == _OLE_MAGIC:
            return self._biff.number_cells(name, col, rows)
        xml = self.sheet(name)
        if xml is None:
            return None
        letters = column_letters(col).encode()
        found: dict[int, str] = {}
        position = 0
        for row in sorted(rows):
            reference = b' r="' + letters + str(row + 1).encode() + b'"'
            at = xml.find(reference, position)
            if at < 0:
                at = xml.find(reference)  # cells out of order
                if at < 0:
                    return None
            start, end = xml.rfind(b"<", 0, at), xml.find(b">", at)
            if start < 0 or end < 0:
                return None
            attributes = _attributes(xml[start:end])
            cell_type = attributes.get(b"t", b"n")
            if cell_type == b"n":
                found[row] = self.number_format(int(attributes.get(b"s", b"0") or 0))
            elif cell_type not in _TEXT_TYPES and cell_type not in (b"b", b"e", b"d"):
                return None  # a type we do not know: let the reader decide
            position = end
        return found

    def shows_money_units(self) -> bool:
        """Whether any cell style's number format shows a money unit ('#,##0"元"') or
        scales the digits ('0!.0000'): only then are a money column's number cells
        looked up."""
        formats = self._biff.formats() if self.data[:8] == _OLE_MAGIC else self.formats()
        return any(format_shows_money_otherwise(f) for f in set(formats) if f)

    def formats(self) -> list[str]:
        """Each cell style's number format code ("" for General or unknown), read once."""
        if self._formats is None:
            self._formats = self._read_formats()
        return self._formats

    def number_format(self, style: int) -> str:
        """The number format code of a cell style ("" for General or unknown)."""
        formats = self.formats()
        return formats[style] if 0 <= style < len(formats) else ""

    def _read_formats(self) -> list[str]:
        """Each cell style's number format code, from xl/styles.xml (read only when a
        number cell is found: rarely)."""
        if self.data[:4] != _ZIP_MAGIC:
            return []
        try:
            self._workbook_parts()  # (where the styles are: asked before any sheet was)
            styles = self._member(self._styles_part)
        except _DAMAGED:
            return []
        codes = dict(_BUILTIN_FORMATS)
        for match in _NUMBER_FORMAT.finditer(styles):
            attributes = _attributes(match.group(1))
            if attributes.get(b"numFmtId", b"").isdigit():
                codes[int(attributes[b"numFmtId"])] = html.unescape(
                    attributes.get(b"formatCode", b"").decode("utf-8", "replace"))
        cell_styles = _CELL_STYLES.search(styles)
        if cell_styles is None:
            return []
        formats = []
        for match in _STYLE.finditer(cell_styles.group(0)):
            number_format = _attributes(match.group(1)).get(b"numFmtId", b"0")
            formats.append(codes.get(int(number_format), "") if number_format.isdigit() else "")
        return formats


def number_cells(workbook: WorkbookXml, reader: fastexcel.ExcelReader, sheet_index: int,
                 sheet_name: str, column_name: str, col: int, rows: list[int]) -> dict[int, str]:
    """Of the given rows (0-based, as the reader numbers them) of column col, those whose
    cell holds a number, each with its number format ("" for General, or where the
    file does not say). column_name: fastexcel's name of that column."""
    if not rows:
        return {}
    found = workbook.number_cells(sheet_name, col, rows)
    if found is not None:
        return found
    flags = reader.load_sheet(sheet_index, header_row=None, skip_rows=0,
                              use_columns=[column_name], dtypes={column_name: "boolean"})
    # Numbers convert to a boolean; text does not (it stays null).
    valid = pc.is_valid(flags.to_arrow().column(0)).to_pylist()
    return {r: "" for r in rows if r < len(valid) and valid[r]}


def _member_bytes(data: bytes, archive: zipfile.ZipFile, part: str) -> bytes | bytearray:
    """A member's bytes, inflated in one call where the quick path can (a quarter of
    what zipfile's stream with its CRC pass costs for a large sheet); anything unusual
    goes through zipfile."""
    info = archive.getinfo(part)
    found = member_bytes(data, Member(info.flag_bits, info.compress_type, info.compress_size,
                                      info.file_size, info.header_offset))
    return archive.read(part) if found is None else found


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    # Keyed by local name: r:id and id alike would collide only in malformed files.
    return {name.split(b":")[-1]: value for name, value in _ATTRIBUTE.findall(tag)}


_A1_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]+)")


def _result_unknown(xml: bytes | bytearray, formula: int, end: int) -> bool:
    """Whether the formula at formula (its tag) holds no result or 0, what a program
    writes when it leaves the calculating to Excel (xlsxwriter: 0, openpyxl: none); a
    result it did compute (<v>10</v>) is what Excel shows after calculating it too."""
    close = xml.find(b"c>", formula, end)  # the end of the cell: </c> or </x:c>
    close = end if close < 0 else close
    value = xml.find(b"v>", formula, close)
    if value < 0:
        return True
    stop = xml.find(b"<", value + 2, close)
    text = bytes(xml[value + 2:stop if stop >= 0 else close]).strip()
    return text in (b"", b"0")


def _formula_at(xml: bytes | bytearray, start: int, end: int) -> int:
    """Where the first formula tag (<f>, <f t="shared" .../>, <x:f>) after start
    begins, or -1. Found through the letter f, rare in a sheet's XML, which memchr
    skips to: a search for '<f' or a regex stops at every tag and costs ten times as
    much on a sheet without formulas."""
    at = xml.find(b"f", max(start, 1), end)
    while 0 < at < end:
        if xml[at + 1] in _AFTER_TAG_NAME:
            before = xml[at - 1]
            if before == _LESS_THAN:
                return at - 1
            if before == _COLON:  # a prefixed name: <x:f>
                opening = xml.rfind(b"<", 0, at)
                if opening >= 0 and xml[opening + 1:at - 1].isalnum():
                    return opening
        at = xml.find(b"f", at + 1, end)
    return -1


def _workbook_parts(workbook: bytes | bytearray,
                    read: Callable[[str], bytes | bytearray]) -> tuple[Mapping[str, str], str]:
    """Sheet name -> the archive path of its XML; the styles part's path."""
    try:
        relations = read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return MappingProxyType({}), "xl/styles.xml"
    return _parts_named(bytes(workbook), bytes(relations))


# The same workbook structure (a template's sheets) comes in file after file.
@functools.lru_cache(maxsize=256)
def _parts_named(workbook: bytes, relations: bytes) -> tuple[Mapping[str, str], str]:
    targets, styles = {}, "xl/styles.xml"
    for match in _RELATIONSHIP.finditer(relations):
        attributes = _attributes(match.group(1))
        target = attributes.get(b"Target", b"").decode("utf-8", "replace")
        if target.startswith("/"):
            target = target.lstrip("/")
        else:
            target = "xl/" + target
            if "./" in target or "//" in target:
                target = posixpath.normpath(target)  # '../x', './x': rare, and slower
        targets[attributes.get(b"Id")] = target
        if attributes.get(b"Type", b"").endswith(b"/styles"):
            styles = target
    parts = {}
    for match in _SHEET.finditer(workbook):
        attributes = _attributes(match.group(1))
        name = attributes.get(b"name", b"").decode("utf-8", "replace")
        name = html.unescape(name) if "&" in name else name
        if attributes.get(b"id") in targets:
            parts.setdefault(name, targets[attributes[b"id"]])
    return MappingProxyType(parts), styles


def far_used_range(data: bytes, cells: int) -> tuple[str, str] | None:
    """(sheet name, the last cell of its used range) of the first sheet of an .xlsx
    whose used range (its <dimension>) spans more than this many cells: one stray cell
    far from the data (a space typed at XFD1048576) makes the reader allocate the whole
    range. Read from each sheet's first bytes, streamed; None if no sheet says so."""
    if data[:4] != _ZIP_MAGIC:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts, _ = _workbook_parts(archive.read("xl/workbook.xml"), archive.read)
            for name, part in parts.items():
                for last_col, last_row in _used_range_ends(archive, part):
                    if last_row * (column_index(last_col) + 1) > cells:
                        return name, f"{last_col}{last_row}"
    except _DAMAGED:
        return None
    return None


def _used_range_ends(archive: zipfile.ZipFile, part: str) -> Iterator[tuple[str, int]]:
    """(last column, last row) of a sheet's used range as its <dimension> states it,
    then as its cells do (no <dimension>, or one too small: the sheet is read whole, on
    a failure's path; a sheet too large to scan here is left unsaid)."""
    with archive.open(part) as sheet:
        found = _DIMENSION.search(sheet.read(4096))
    if found and found.group(3):
        yield found.group(3).decode(), int(found.group(4))
    if archive.getinfo(part).file_size > _SCANNED_BYTES:
        return
    references = _CELL_REFERENCE.findall(archive.read(part))
    if references:
        yield (max((c.decode() for c, _ in references), key=lambda c: (len(c), c)),
               max(int(r) for _, r in references))


def without_macro_sheets(data: bytes) -> bytes | None:
    """The workbook with its Excel 4.0 macro sheets and dialog sheets left out of its
    sheet list (the reader cannot open them; they are never report sheets, and their
    macros never run here); None when it has none."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            relations = (_attributes(m.group(1)) for m in
                         _RELATIONSHIP.finditer(archive.read("xl/_rels/workbook.xml.rels")))
            dropped = {r.get(b"Id") for r in relations
                       if r.get(b"Type", b"").endswith(_MACRO_SHEET_TYPES)}
            if not dropped:
                return None
            workbook = _SHEET.sub(lambda m: b"" if _attributes(m.group(1)).get(b"id") in dropped
                                  else m.group(0), archive.read("xl/workbook.xml"))
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
                for info in archive.infolist():
                    copy.writestr(info.filename, workbook if info.filename == "xl/workbook.xml"
                                  else archive.read(info))
            return out.getvalue()
    except _DAMAGED:
        return None


_DIMENSION = re.compile(rb"""<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*["']([A-Z]+)(\d+)?(?::([A-Z]+)(\d+))?["']""")
_SCANNED_BYTES = 64 * 1024 * 1024
_CELL_REFERENCE = re.compile(rb"""<(?:\w+:)?c\b[^>]*?\br\s*=\s*["']([A-Z]+)(\d+)["']""")
_MACRO_SHEET_TYPES = (b"/xlMacrosheet", b"/macrosheet", b"/dialogsheet", b"/xlIntlMacrosheet")


# Excel's built-in formats that show a long number otherwise than General does.
_BUILTIN_FORMATS = {1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00"}
_NUMBER_FORMAT = re.compile(rb"<(?:\w+:)?numFmt\b([^>]*)>")
_CELL_STYLES = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_STYLE = re.compile(rb"<(?:\w+:)?xf\b([^>]*)>")
_MERGE = re.compile(rb"""<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([A-Z]+)(\d+):([A-Z]+)(\d+)["']""")


def column_index(letters: str) -> int:
    """A → 0, Z → 25, AA → 26."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1
