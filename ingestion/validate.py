"""Validate the data rows of one sheet: typed values for the rows that load, and an
issue (Excel row, header as written, value, Chinese message) for every problem."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from ingestion import template_spec as spec
from ingestion.headers import HeaderMatch
from ingestion.normalize import (
    CellError, clean_text, compact, is_blank, month_end, parse_bool, parse_credit_code,
    parse_date, parse_enum, parse_int, parse_number,
)
from ingestion.reader import Sheet


@dataclass
class Issue:
    sheet: str | None
    row_number: int | None
    column_header: str | None
    value: str | None
    severity: str  # error | warning
    rule: str
    message: str


@dataclass
class Reference:
    """What the parser checks values against: the street registry and the KPI list."""

    streets: dict[str, str] = field(default_factory=dict)  # compact name or code -> code
    kpis: dict[str, str] = field(default_factory=dict)  # compact code or name -> code


@dataclass
class SheetRows:
    sheet_type: spec.SheetType
    sheet_name: str
    data: dict[str, list[Any]]  # field -> values of the loaded rows; also row_number, is_warned
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_warned: int = 0


def _format(rule: str, **values: object) -> str:
    return spec.MESSAGES[rule].format(**values)


_TOTAL_MARKERS = tuple(compact(m) for m in spec.TOTAL_ROW_MARKERS)
_FOOTER_MARKERS = tuple(compact(m) for m in spec.FOOTER_MARKERS)


def data_row_indices(sheet: Sheet, header_row: int) -> list[int]:
    """Rows below the header that hold data: not blank, not a totals row. The footer
    (填表人/审核人/联系电话 ...) ends the data: the lines after its first one (a date, a
    stamp) belong to it too."""
    rows = []
    for r in range(header_row + 1, sheet.n_rows):
        first = next((v for v in sheet.row(r) if not is_blank(v)), None)
        if first is None:
            continue
        key = compact(first)
        if key.startswith(_TOTAL_MARKERS):
            continue
        if key.startswith(_FOOTER_MARKERS):
            break
        rows.append(r)
    return rows


def _kpi_parser(reference: Reference) -> Callable[[str], str]:
    def parse(value: str) -> str:
        key = compact(value)
        code = reference.kpis.get(key) or reference.kpis.get(key.lower())
        if code is None:
            raise CellError("kpi")
        return code
    return parse


def _target(value: str) -> tuple[float, bool]:
    text = compact(value)
    is_percent = text.endswith("%")
    try:
        number = parse_number(text.rstrip("%"))
    except CellError:
        raise CellError("target") from None
    return number, is_percent


def _street_parser(reference: Reference, sheet_type: spec.SheetType) -> Callable[[str], str]:
    """Streets are stored folded ('ALL' for the district); dbt maps them to codes.
    With no street registry loaded yet, any name is accepted."""
    def parse(value: str) -> str:
        key = compact(value)
        if sheet_type.kind == spec.TARGETS and key in spec.DISTRICT_WORDS:
            return "ALL"
        if reference.streets and key not in reference.streets:
            raise CellError("street")
        return key
    return parse


def _cell_parser(column: spec.Column, sheet_type: spec.SheetType, reference: Reference):
    parsers: dict[str, Callable[[str], Any]] = {
        spec.TEXT: clean_text,
        spec.INT: parse_int,
        spec.NUMBER: parse_number,
        spec.DATE: parse_date,
        spec.BOOL: parse_bool,
        spec.CREDIT_CODE: parse_credit_code,
        spec.TARGET: _target,
    }
    if column.type == spec.ENUM:
        return lambda v: parse_enum(v, column.enum)
    if column.type == spec.STREET:
        return _street_parser(reference, sheet_type)
    if column.type == spec.KPI:
        return _kpi_parser(reference)
    return parsers[column.type]


class _RowProblems:
    def __init__(self, sheet_name: str, n: int):
        self.sheet_name = sheet_name
        self.issues: list[Issue] = []
        self.error_rows = [False] * n
        self.warn_rows = [False] * n

    def add(self, i: int, row_number: int, header: str | None, value: Any, severity: str,
            rule: str, **extra: object) -> None:
        shown = "" if value is None else str(value)
        message = _format(rule, row=row_number, header=header or "", value=shown, **extra)
        self.issues.append(Issue(self.sheet_name, row_number, header, shown or None, severity,
                                 rule, message))
        if severity == "error":
            self.error_rows[i] = True
        else:
            self.warn_rows[i] = True


def validate_sheet(sheet: Sheet, match: HeaderMatch, reference: Reference,
                   report_month: dt.date | None) -> tuple[SheetRows, list[Issue]]:
    sheet_type = match.sheet_type
    rows = data_row_indices(sheet, match.header_row)
    n = len(rows)
    problems = _RowProblems(sheet.name, n)
    numbers = [r + 1 for r in rows]  # as Excel shows them
    typed: dict[str, list[Any]] = {}
    raw: dict[str, list[str | None]] = {}

    for column in sheet_type.columns:
        if column.field not in match.columns:
            typed[column.field] = [None] * n
            raw[column.field] = [None] * n
            continue
        c, header = match.columns[column.field]
        cells = [sheet.cell(r, c) for r in rows]
        raw[column.field] = cells
        parse = _cell_parser(column, sheet_type, reference)
        cache: dict[str, Any] = {}
        values: list[Any] = []
        for i, cell in enumerate(cells):
            if is_blank(cell):
                values.append(None)
                continue
            result = cache.get(cell)
            if result is None:
                try:
                    result = (True, parse(cell))
                except CellError as err:
                    result = (False, err.rule)
                cache[cell] = result
            ok, value = result
            if ok:
                values.append(value)
                continue
            values.append(None)
            rule = value
            if rule == "street" and sheet_type.kind == spec.REGISTRY:
                # A registry enterprise outside the street list still counts for the district.
                problems.add(i, numbers[i], header, cell, "warning", "street_unknown_registry")
                values[-1] = compact(cell)
                continue
            extra = {"choices": "、".join(column.enum)} if rule == "enum" else {}
            problems.add(i, numbers[i], header, cell, "error", rule, **extra)
        typed[column.field] = values

    _check_required(sheet_type, match, typed, raw, numbers, problems)
    _check_rules(sheet_type, match, typed, raw, numbers, problems, report_month)

    keep = [i for i in range(n) if not problems.error_rows[i]]
    data: dict[str, list[Any]] = {}
    for column in sheet_type.columns:
        values = typed[column.field]
        if column.type == spec.TARGET:
            data["target_value"] = [values[i][0] if values[i] else None for i in keep]
            data["target_is_percent"] = [values[i][1] if values[i] else None for i in keep]
        else:
            data[column.field] = [values[i] for i in keep]
    data["row_number"] = [numbers[i] for i in keep]
    data["is_warned"] = [problems.warn_rows[i] for i in keep]
    result = SheetRows(
        sheet_type, sheet.name, data,
        rows_loaded=len(keep),
        rows_rejected=n - len(keep),
        rows_warned=sum(problems.warn_rows[i] for i in keep),
    )
    return result, problems.issues


def _check_required(sheet_type, match, typed, raw, numbers, problems) -> None:
    for column in sheet_type.columns:
        if not column.required or column.field not in match.columns:
            continue
        header = match.columns[column.field][1]
        for i, cell in enumerate(raw[column.field]):
            if not is_blank(cell):
                continue
            if column.required_unless:
                other_field, other_value = column.required_unless
                if typed[other_field][i] == other_value:
                    continue
                other = sheet_type.column(other_field)
                if typed[other_field][i] is None:  # its own problem is reported already
                    continue
                problems.add(i, numbers[i], header, None, "error", "required_unless",
                             other=other.name, other_value=typed[other_field][i])
                continue
            problems.add(i, numbers[i], header, None, "error", "required")


def _check_rules(sheet_type, match, typed, raw, numbers, problems, report_month) -> None:
    for rule in sheet_type.rules:
        if rule.field not in match.columns:
            continue
        header = match.columns[rule.field][1]
        values = typed[rule.field]
        others = typed.get(rule.other) if rule.other else None
        for i, value in enumerate(values):
            if value is None:
                continue
            other = others[i] if others is not None else None
            broken = False
            extra: dict[str, object] = {"other_value": other}
            if rule.kind == "le_field":  # an error or, by its severity, a warning
                broken = other is not None and value > other
            elif rule.kind == "after_field":
                broken = other is not None and value <= other
            elif rule.kind == "min_value":
                broken = value < rule.value
            elif rule.kind in ("not_after_month_end", "in_month") and report_month:
                end = month_end(report_month)
                extra = {"month_end": end.isoformat(), "month": report_month.strftime("%Y-%m")}
                if rule.kind == "not_after_month_end":
                    broken = value > end
                else:
                    broken = not (report_month <= value <= end)
            if broken:
                problems.add(i, numbers[i], header, raw[rule.field][i], rule.severity, rule.code,
                             **extra)
