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
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import struct
import zipfile

import deflate
import fastexcel
import pyarrow.compute as pc

from ingestion.sheet_biff import BiffWorkbook

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_TYPES = (b"s", b"str", b"inlineStr")  # shared, formula and inline strings
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:]+)\s*=\s*["']([^"']*)["']""")
_COLUMN = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")


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
        self._archive: zipfile.ZipFile | None = None
        self._parts: dict[str, str] | None = None
        self._sheets: dict[str, bytes | bytearray | None] = {}
        self._formats: list[str] | None = None
        self._biff = BiffWorkbook(data)  # an .xls file's records, read when asked

    def sheet(self, name: str) -> bytes | bytearray | None:
        if name not in self._sheets:
            self._sheets[name] = self._read_sheet(name)
        return self._sheets[name]

    def _read_sheet(self, name: str) -> bytes | bytearray | None:
        if self.data[:4] != _ZIP_MAGIC:
            return None
        try:
            if self._archive is None:
                self._archive = zipfile.ZipFile(io.BytesIO(self.data))
                self._parts = _sheet_parts(self._archive)
            part = self._parts.get(name)
            return None if part is None else _member_bytes(self.data, self._archive, part)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError,
                RuntimeError, struct.error):  # an encrypted member; a header past the end
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

    def number_format(self, style: int) -> str:
        """The number format code of a cell style ("" for General or unknown)."""
        if self._formats is None:
            self._formats = self._read_formats()
        return self._formats[style] if 0 <= style < len(self._formats) else ""

    def _read_formats(self) -> list[str]:
        """Each cell style's number format code, from xl/styles.xml (read only when a
        number cell is found: rarely)."""
        try:
            styles = self._archive.read("xl/styles.xml") if self._archive else b""
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
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


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... name and extra field lengths


def _member_bytes(data: bytes, archive: zipfile.ZipFile, part: str) -> bytes | bytearray:
    """A member's bytes, a deflated one inflated in one call (libdeflate, into the size
    the directory declares, which the unpacked-size check has bounded): a quarter of
    what zipfile's stream with its CRC pass costs for a large sheet. The reader has
    read the same member already, so a damaged one never gets here unnoticed; anything
    unusual goes through zipfile."""
    info = archive.getinfo(part)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    if signature == _ZIP_MAGIC and not info.flag_bits & 1:  # bit 0: encrypted
        start = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
        packed = data[start:start + info.compress_size]
        if info.compress_type == zipfile.ZIP_STORED and len(packed) == info.file_size:
            return packed
        if info.compress_type == zipfile.ZIP_DEFLATED:
            try:
                unpacked = deflate.deflate_decompress(packed, info.file_size)
            except deflate.DeflateError:
                pass
            else:
                if len(unpacked) == info.file_size:
                    return unpacked
    return archive.read(part)


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    # Keyed by local name: r:id and id alike would collide only in malformed files.
    return {name.split(b":")[-1]: value for name, value in _ATTRIBUTE.findall(tag)}


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the archive path of its XML."""
    try:
        workbook = archive.read("xl/workbook.xml")
        relations = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for match in _RELATIONSHIP.finditer(relations):
        attributes = _attributes(match.group(1))
        target = attributes.get(b"Target", b"").decode("utf-8", "replace")
        targets[attributes.get(b"Id")] = target.lstrip("/") if target.startswith("/") \
            else posixpath.normpath(posixpath.join("xl", target))
    parts = {}
    for match in _SHEET.finditer(workbook):
        attributes = _attributes(match.group(1))
        name = html.unescape(attributes.get(b"name", b"").decode("utf-8", "replace"))
        if attributes.get(b"id") in targets:
            parts.setdefault(name, targets[attributes[b"id"]])
    return parts


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
