"""Small workbooks built inside tests: each sheet is a list of rows, written as is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]],
               merges: dict[str, list[tuple[str, Any]]] | None = None) -> Path:
    """Write rows verbatim: str stays text, int/float are number cells, dates are date
    cells, None leaves a cell empty. merges: sheet -> [(range like 'A1:A2', value)]."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, (dt.date, dt.datetime)):
                    sheet.write_datetime(r, c, value if isinstance(value, dt.datetime)
                                         else dt.datetime.combine(value, dt.time()), date_format)
                elif isinstance(value, str):
                    sheet.write_string(r, c, value)
                else:
                    sheet.write(r, c, value)
        for cell_range, value in (merges or {}).get(name, []):
            sheet.merge_range(cell_range, value)
    workbook.close()
    return path


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8") -> Path:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows([["" if v is None else v for v in row] for row in rows])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path
