"""What a workbook sheet says beyond its cells' text: which cells hold numbers, and which
cells are merged. The reader (fastexcel) gives neither; parse asks here, only when a
sheet needs it, since it costs unzipping the sheet's XML a second time.

Cell types: a credit code typed into a number cell has lost its last digits, yet its
text (the double's digits, 911101084318157952) may still pass the check digit. For the
few cells whose text could be such a number, the cell's type attribute is found by its
reference (B7) in the XML of an .xlsx/.xlsm; otherwise (.xls, or XML written without
cell references) the column is loaded again with a type only numbers convert to.

Merged cells: a merged range's value is in its top-left cell only, the others read
empty; a person reads the value in every cell of the range (.xlsx/.xlsm only).
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile

import fastexcel
import pyarrow.compute as pc

_ZIP_MAGIC = b"PK\x03\x04"
_TEXT_TYPES = (b"s", b"str", b"inlineStr")  # shared, formula and inline strings
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:]+)\s*=\s*["']([^"']*)["']""")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")


def column_letters(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def number_cells(data: bytes, reader: fastexcel.ExcelReader, sheet_index: int,
                 sheet_name: str, column_name: str, col: int, rows: list[int]) -> set[int]:
    """Of the given rows (0-based, as the reader numbers them) of column col, those whose
    cell holds a number. column_name: fastexcel's name of that column."""
    if not rows:
        return set()
    found = _from_xml(data, sheet_name, col, rows)
    if found is not None:
        return found
    flags = reader.load_sheet(sheet_index, header_row=None, skip_rows=0,
                              use_columns=[column_name], dtypes={column_name: "boolean"})
    # Numbers convert to a boolean; text does not (it stays null).
    valid = pc.is_valid(flags.to_arrow().column(0)).to_pylist()
    return {r for r in rows if r < len(valid) and valid[r]}


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    # Keyed by local name: r:id and id alike would collide only in malformed files.
    return {name.split(b":")[-1]: value for name, value in _ATTRIBUTE.findall(tag)}


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The archive path of the named sheet's XML."""
    try:
        workbook = archive.read("xl/workbook.xml")
        relations = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    wanted = None
    for match in _SHEET.finditer(workbook):
        attributes = _attributes(match.group(1))
        if html.unescape(attributes.get(b"name", b"").decode("utf-8", "replace")) == sheet_name:
            wanted = attributes.get(b"id")
            break
    if wanted is None:
        return None
    for match in _RELATIONSHIP.finditer(relations):
        attributes = _attributes(match.group(1))
        if attributes.get(b"Id") == wanted:
            target = attributes.get(b"Target", b"").decode("utf-8", "replace")
            return target.lstrip("/") if target.startswith("/") \
                else posixpath.normpath(posixpath.join("xl", target))
    return None


def _sheet_xml(data: bytes, sheet_name: str) -> bytes | None:
    if data[:4] != _ZIP_MAGIC:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = _sheet_part(archive, sheet_name)
            return None if part is None else archive.read(part)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError):
        return None


_MERGE = re.compile(rb"""<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([A-Z]+)(\d+):([A-Z]+)(\d+)["']""")


def column_index(letters: str) -> int:
    """A → 0, Z → 25, AA → 26."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def merged_ranges(data: bytes, sheet_name: str) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as (first row, first column, last row, last column),
    0-based; none where the XML cannot say (.xls)."""
    xml = _sheet_xml(data, sheet_name)
    if xml is None:
        return []
    return [(int(r0) - 1, column_index(c0.decode()), int(r1) - 1, column_index(c1.decode()))
            for c0, r0, c1, r1 in _MERGE.findall(xml)]


def _from_xml(data: bytes, sheet_name: str, col: int, rows: list[int]) -> set[int] | None:
    """None when the XML cannot answer for every row (no such part, no references)."""
    xml = _sheet_xml(data, sheet_name)
    if xml is None:
        return None
    letters = column_letters(col).encode()
    found: set[int] = set()
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
        cell_type = _attributes(xml[start:end]).get(b"t", b"n")
        if cell_type == b"n":
            found.add(row)
        elif cell_type not in _TEXT_TYPES and cell_type not in (b"b", b"e", b"d"):
            return None  # a type we do not know: let the reader decide
        position = end
    return found
