"""Write drafted files as real workbooks (xlsxwriter) or CSV, the way a clerk lays them
out: a title row, a 填报单位/报告期 line, a one- or two-row header, data rows, and
optionally blank rows, a totals row and a footer. Output is byte-for-byte reproducible.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter

from ingestion import template_spec as spec

Render = Callable[[Any, int], Any]  # (typed value, row index) -> the cell as written


@dataclass
class Column:
    header: str  # as written in the file
    field: str | None = None  # template field; None for a column the template does not know
    over: str | None = None  # upper header cell of a two-row header: a group label or 其中
    render: Render | None = None
    extra: Callable[[dict, int], Any] | None = None  # value of an unknown column
    width: float = 12


@dataclass(frozen=True)
class Plant:
    """A cell deliberately written wrong: the parser must report `rule` on it."""

    row: int  # index into the sheet's rows
    field: str
    cell: Any
    rule: str
    severity: str = "error"


@dataclass
class SheetDraft:
    sheet_type: spec.SheetType
    name: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    blank_row_every: int = 0
    totals_row: bool = False
    footer: list[str] = field(default_factory=list)
    plants: list[Plant] = field(default_factory=list)

    def column(self, field_name: str) -> Column:
        return next(c for c in self.columns if c.field == field_name)


@dataclass
class FileDraft:
    file_name: str
    kind: str
    submitter: str
    month_label: Any  # what the 报告期 cell says
    created: dt.datetime
    sheets: list[SheetDraft]
    month_label_name: str = "报告期"
    label_style: str = "inline"  # inline: '报告期：2026-03'; split: the value in the next cell
    notes_sheet: tuple[str, list[str]] | None = None  # instructions the loader ignores
    csv_encoding: str | None = None  # write a CSV (one sheet) in this encoding

    def sheet(self, key: str) -> SheetDraft | None:
        return next((s for s in self.sheets if s.sheet_type.key == key), None)


@dataclass(frozen=True)
class PlantedIssue:
    file_name: str
    sheet: str
    row_number: int  # as Excel shows it
    column_header: str
    rule: str
    severity: str


def default_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def write(draft: FileDraft, out_dir: Path) -> tuple[Path, list[PlantedIssue]]:
    path = out_dir / draft.file_name
    if draft.csv_encoding:
        return path, _write_csv(draft, path)
    return path, _write_xlsx(draft, path)


# --- the grid both formats share ------------------------------------------------------
@dataclass
class _Grid:
    """Cells by (row, col), merges, and where the header and data sit."""

    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int, str]] = field(default_factory=list)
    header_rows: tuple[int, ...] = ()
    n_rows: int = 0


def _layout(draft: FileDraft, sheet: SheetDraft) -> tuple[_Grid, list[PlantedIssue]]:
    grid = _Grid()
    width = len(sheet.columns)
    grid.merges.append((0, 0, 0, max(width - 1, 1), sheet.title))
    _labels(draft, grid, width)
    first_data = _header(sheet, grid)
    planted = _data(draft, sheet, grid, first_data)
    return grid, planted


def _labels(draft: FileDraft, grid: _Grid, width: int) -> None:
    if draft.label_style == "inline":
        grid.cells[(1, 0)] = f"填报单位：{draft.submitter}"
        grid.cells[(1, max(2, width - 3))] = f"{draft.month_label_name}：{draft.month_label}"
    else:
        grid.cells[(1, 0)] = "填报单位："
        grid.cells[(1, 1)] = draft.submitter
        month_col = max(2, width - 4)
        grid.cells[(1, month_col)] = draft.month_label_name
        grid.cells[(1, month_col + 1)] = draft.month_label


def _header(sheet: SheetDraft, grid: _Grid) -> int:
    """Write the header at row 2 (and 3); return the first data row."""
    columns = sheet.columns
    if not any(c.over for c in columns):
        for c, column in enumerate(columns):
            grid.cells[(2, c)] = column.header
        grid.header_rows = (2,)
        return 3
    c = 0
    while c < len(columns):
        over = columns[c].over
        if over is None:
            grid.merges.append((2, c, 3, c, columns[c].header))
            c += 1
            continue
        end = c
        while end + 1 < len(columns) and columns[end + 1].over == over:
            end += 1
        if end == c:
            grid.cells[(2, c)] = over
        else:
            grid.merges.append((2, c, 2, end, over))
        for k in range(c, end + 1):
            grid.cells[(3, k)] = columns[k].header
        c = end + 1
    grid.header_rows = (2, 3)
    return 4


def _data(draft: FileDraft, sheet: SheetDraft, grid: _Grid, first_row: int) -> list[PlantedIssue]:
    plants = {(p.row, p.field): p for p in sheet.plants}
    planted = []
    r = first_row
    for i, row in enumerate(sheet.rows):
        if sheet.blank_row_every and i and i % sheet.blank_row_every == 0:
            r += 1
        for c, column in enumerate(sheet.columns):
            plant = plants.get((i, column.field)) if column.field else None
            if plant is not None:
                cell = plant.cell
                planted.append(PlantedIssue(draft.file_name, sheet.name, r + 1, column.header,
                                            plant.rule, plant.severity))
            elif column.field is None:
                cell = column.extra(row, i) if column.extra else None
            else:
                value = row.get(column.field)
                if column.render and value is not None:
                    cell = column.render(value, i)
                else:
                    cell = default_cell(value)
            if cell is not None and cell != "":
                grid.cells[(r, c)] = cell
        r += 1
    if sheet.totals_row:
        grid.cells[(r, 0)] = "合计"
        for c, column in enumerate(sheet.columns):
            if column.field and _is_count(sheet.sheet_type, column.field):
                grid.cells[(r, c)] = sum(row.get(column.field) or 0 for row in sheet.rows)
        r += 1
    if sheet.footer:
        r += 1
        for k, text in enumerate(sheet.footer):
            grid.cells[(r, k * 3)] = text
        r += 1
    grid.n_rows = r
    return planted


def _is_count(sheet_type: spec.SheetType, field_name: str) -> bool:
    column = next((c for c in sheet_type.columns if c.field == field_name), None)
    return column is not None and column.type in (spec.INT, spec.NUMBER)


# --- xlsx ---------------------------------------------------------------------------------
def _write_xlsx(draft: FileDraft, path: Path) -> list[PlantedIssue]:
    workbook = xlsxwriter.Workbook(str(path), {"in_memory": True})
    workbook.set_properties({
        "title": Path(draft.file_name).stem,
        "author": draft.submitter,
        "company": draft.submitter,
        "created": draft.created,
    })
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 14, "align": "center"}),
        "header": workbook.add_format({"bold": True, "align": "center", "valign": "vcenter",
                                       "text_wrap": True, "border": 1, "bg_color": "#DDEBF7"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
    }
    planted: list[PlantedIssue] = []
    for sheet in draft.sheets:
        worksheet = workbook.add_worksheet(sheet.name)
        grid, sheet_planted = _layout(draft, sheet)
        planted += sheet_planted
        _fill_worksheet(worksheet, sheet, grid, formats)
    if draft.notes_sheet:
        name, lines = draft.notes_sheet
        worksheet = workbook.add_worksheet(name)
        worksheet.set_column(0, 0, 90)
        for r, line in enumerate(lines):
            worksheet.write_string(r, 0, line)
    workbook.close()
    return planted


def _fill_worksheet(worksheet, sheet: SheetDraft, grid: _Grid, formats: dict) -> None:
    for c, column in enumerate(sheet.columns):
        worksheet.set_column(c, c, column.width)
    for r1, c1, r2, c2, text in grid.merges:
        style = formats["title"] if r1 == 0 else formats["header"]
        worksheet.merge_range(r1, c1, r2, c2, text, style)
    for (r, c), cell in sorted(grid.cells.items()):
        style = formats["header"] if r in grid.header_rows else None
        _write_cell(worksheet, r, c, cell, style, formats["date"])
    worksheet.freeze_panes(grid.header_rows[-1] + 1, 0)


def _write_cell(worksheet, r: int, c: int, cell: Any, style, date_format) -> None:
    if isinstance(cell, dt.datetime):
        worksheet.write_datetime(r, c, cell, date_format)
    elif isinstance(cell, dt.date):
        worksheet.write_datetime(r, c, dt.datetime.combine(cell, dt.time()), date_format)
    elif isinstance(cell, (int, float)) and not isinstance(cell, bool):
        worksheet.write_number(r, c, cell, style)
    else:
        worksheet.write_string(r, c, str(cell), style)


# --- csv --------------------------------------------------------------------------------
def _write_csv(draft: FileDraft, path: Path) -> list[PlantedIssue]:
    (sheet,) = draft.sheets
    grid, planted = _layout(draft, sheet)
    for r1, c1, _, _, text in grid.merges:  # a CSV has no merges: the text sits top-left
        grid.cells[(r1, c1)] = text
    width = max(c for _, c in grid.cells) + 1
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for r in range(grid.n_rows):
        writer.writerow([_csv_text(grid.cells.get((r, c))) for c in range(width)])
    path.write_bytes(buffer.getvalue().encode(draft.csv_encoding))
    return planted


def _csv_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)
