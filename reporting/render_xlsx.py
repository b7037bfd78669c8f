"""The bulletin as an Excel workbook (xlsxwriter).

- sheet ``通报``: the title, the text of every section and the notes, one paragraph a
  row; where a table belongs, a link to its sheet;
- one sheet per table (each street ranking, the files, the units not reported): the
  title, Chinese headers, then the rows, numbers as numbers with formats that show the
  same figures as the text (``0.0%``, ``#,##0"家"``, gaps as
  ``"超序时进度"0.0"个百分点"``…).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import xlsxwriter

from reporting.bulletin import Bulletin, Cell, Paragraph, Table

TEXT_SHEET = "通报"
TEXT_WIDTH = 100  # characters of column A on the 通报 sheet
_ALIGN = {"L": "left", "C": "center", "R": "right"}


def xlsx_bytes(bulletin: Bulletin) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    _write(workbook, bulletin)
    workbook.close()
    return buffer.getvalue()


def write_xlsx(bulletin: Bulletin, path: str | Path) -> Path:
    path = Path(path)
    path.write_bytes(xlsx_bytes(bulletin))
    return path


class _Formats:
    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.workbook = workbook
        base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter"}
        self.base = base
        self.title = workbook.add_format({**base, "bold": True, "font_size": 16, "align": "center",
                                          "text_wrap": True})
        self.heading = workbook.add_format({**base, "bold": True, "font_size": 13})
        self.subheading = workbook.add_format({**base, "bold": True})
        self.text = workbook.add_format({**base, "text_wrap": True, "valign": "top"})
        self.note = workbook.add_format({**base, "text_wrap": True, "valign": "top", "font_size": 10,
                                         "font_color": "#555555"})
        self.link = workbook.add_format({**base, "font_color": "#1f5fbf", "underline": 1})
        self.right = workbook.add_format({**base, "align": "right"})
        self.table_title = workbook.add_format({**base, "bold": True, "font_size": 12})
        self.header = workbook.add_format({**base, "bold": True, "bg_color": "#EEEEEE", "border": 1,
                                           "align": "center", "text_wrap": True})
        self._cells: dict[tuple[str | None, str], object] = {}

    def cell(self, number_format: str | None, align: str) -> object:
        key = (number_format, align)
        if key not in self._cells:
            props = {**self.base, "border": 1, "align": _ALIGN.get(align, "left"), "text_wrap": True}
            if number_format:
                props["num_format"] = number_format
            self._cells[key] = self.workbook.add_format(props)
        return self._cells[key]


def _write(workbook: xlsxwriter.Workbook, bulletin: Bulletin) -> None:
    formats = _Formats(workbook)
    sheet = workbook.add_worksheet(TEXT_SHEET)
    sheet.set_column(0, 0, TEXT_WIDTH)
    sheet.hide_gridlines(2)
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)

    row = 0
    sheet.set_row(row, 42)
    sheet.write_string(row, 0, bulletin.title, formats.title)
    row += 2
    row = _paragraph(sheet, row, bulletin.intro, formats.text)
    for section in bulletin.sections:
        row += 1
        sheet.write_string(row, 0, section.heading, formats.heading)
        row += 1
        for block in section.blocks:
            if isinstance(block, Table):
                sheet.write_url(row, 0, f"internal:'{block.sheet_name}'!A1", formats.link,
                                string=f"{block.title}（见工作表“{block.sheet_name}”）")
                row += 1
            elif isinstance(block, Paragraph) and block.kind == "subheading":
                sheet.write_string(row, 0, block.text, formats.subheading)
                row += 1
            else:
                row = _paragraph(sheet, row, block.text, formats.text)
    if bulletin.notes:
        row += 1
        sheet.write_string(row, 0, "说明：", formats.subheading)
        row += 1
        for i, note in enumerate(bulletin.notes, start=1):
            row = _paragraph(sheet, row, f"{i}. {note}", formats.note)
    row += 1
    sheet.write_string(row, 0, bulletin.issuer, formats.right)
    sheet.write_string(row + 1, 0, bulletin.issued_on_text, formats.right)

    for table in bulletin.tables():
        _table_sheet(workbook, formats, table)


def _paragraph(sheet, row: int, text: str, cell_format) -> int:
    """A wrapped paragraph in one row, its height set for the lines it needs (Excel does
    not grow rows by itself for text written by a program)."""
    lines = max(1, math.ceil(_display_width(text) / (TEXT_WIDTH - 2)))
    sheet.set_row(row, 15 * lines + 3)
    sheet.write_string(row, 0, text, cell_format)
    return row + 1


def _display_width(text: str) -> int:
    """Columns the text takes: a Chinese character is two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(text))


def _table_sheet(workbook: xlsxwriter.Workbook, formats: _Formats, table: Table) -> None:
    sheet = workbook.add_worksheet(table.sheet_name)
    sheet.write_string(0, 0, table.title, formats.table_title)
    header_row = 2
    for c, column in enumerate(table.columns):
        sheet.write_string(header_row, c, column, formats.header)
    widths = [_display_width(c) + 4 for c in table.columns]
    for r, cells in enumerate(table.rows, start=header_row + 1):
        for c, cell in enumerate(cells):
            align = table.aligns[c] if c < len(table.aligns) else "L"
            _write_cell(sheet, r, c, cell, formats.cell(cell.number_format, align))
            widths[c] = max(widths[c], min(60, _display_width(cell.text) + 2))
    if not table.rows:
        sheet.write_string(header_row + 1, 0, table.empty_text)
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(header_row + 1, 0)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)


def _write_cell(sheet, row: int, col: int, cell: Cell, cell_format) -> None:
    value = cell.value
    if isinstance(value, bool) or value is None:
        sheet.write_string(row, col, cell.text, cell_format)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, cell_format)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, cell_format)
    else:
        sheet.write_string(row, col, str(value), cell_format)
