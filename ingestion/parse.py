"""Parse one received file: its kind, submitter and report month, the typed rows of
each known sheet, and every issue. Pure: no database, no file moves."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ingestion import template_spec as spec
from ingestion.headers import HeaderMatch, detect_by_header, find_header, type_from_sheet_name
from ingestion.normalize import is_blank, label_key, parse_month
from ingestion.reader import FileError, Sheet, check_envelope, read_sheets
from ingestion.validate import Issue, Reference, SheetRows, data_row_indices, validate_sheet


@dataclass
class Note:
    """Something ignored, listed in the load report: a sheet or a column of unknown name."""

    sheet: str
    column_header: str | None
    what: str  # ignored_sheet | ignored_column | duplicate_column | other_kind_sheet


@dataclass
class ParsedFile:
    file_name: str
    kind: str | None = None
    submitter: str | None = None
    report_month: dt.date | None = None
    sheets: list[SheetRows] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    status: str = "loaded"
    message: str | None = None

    @property
    def rows_loaded(self) -> int:
        return sum(s.rows_loaded for s in self.sheets)

    @property
    def rows_rejected(self) -> int:
        return sum(s.rows_rejected for s in self.sheets)

    @property
    def rows_warned(self) -> int:
        return sum(s.rows_warned for s in self.sheets)

    def reject(self, error: FileError) -> "ParsedFile":
        self.status = "rejected"
        self.message = str(error)
        self.sheets = []
        self.issues = [Issue(None, None, None, None, "error", error.rule, str(error))]
        return self


# Month and submitter are optional for the reference kinds whose meaning does not
# depend on them: a targets file names its own years; a street list is timeless.
MONTH_REQUIRED = {spec.MONTHLY: True, spec.REGISTRY: True, spec.TARGETS: False, spec.STREETS: False}


def parse_file(path: Path, file_name: str, reference: Reference,
               max_bytes: int = spec.MAX_FILE_BYTES,
               max_unpacked: int = spec.MAX_UNPACKED_BYTES) -> ParsedFile:
    parsed = ParsedFile(file_name)
    try:
        check_envelope(path, max_bytes, max_unpacked)
        sheets = read_sheets(path, csv_name=Path(file_name).stem)
        _parse_sheets(parsed, sheets, reference)
    except FileError as error:
        return parsed.reject(error)
    return parsed


def _parse_sheets(parsed: ParsedFile, sheets: list[Sheet], reference: Reference) -> None:
    labels = _labelled_values(sheets)
    matches = _classify(sheets, parsed.notes)
    if not matches:
        raise FileError("no_known_sheet")
    parsed.kind = _file_kind(matches)
    for sheet, match in list(matches):
        if match.sheet_type.kind != parsed.kind:
            parsed.notes.append(Note(sheet.name, None, "other_kind_sheet"))
            matches.remove((sheet, match))

    parsed.report_month = _report_month(labels, parsed.file_name)
    if parsed.report_month is None and MONTH_REQUIRED[parsed.kind]:
        raise FileError("no_month")
    parsed.submitter = _submitter(labels, parsed.file_name)
    if parsed.submitter is None and parsed.kind in (spec.MONTHLY, spec.REGISTRY):
        raise FileError("no_submitter")

    for sheet, match in matches:
        for name in match.unknown:
            parsed.notes.append(Note(sheet.name, name, "ignored_column"))
        for name in match.duplicates:
            parsed.notes.append(Note(sheet.name, name, "duplicate_column"))
        if match.missing:
            parsed.issues.extend(_missing_columns(sheet, match))
            rejected = len(data_row_indices(sheet, match.header_row))
            parsed.sheets.append(SheetRows(match.sheet_type, sheet.name, {},
                                           rows_rejected=rejected))
            continue
        rows, issues = validate_sheet(sheet, match, reference, parsed.report_month)
        parsed.sheets.append(rows)
        parsed.issues.extend(issues)

    has_errors = any(i.severity == "error" for i in parsed.issues)
    if has_errors and parsed.rows_loaded == 0:
        parsed.status = "rejected"
        first = next(i for i in parsed.issues if i.severity == "error")
        parsed.message = f"没有可导入的数据行：{first.message}"
        parsed.sheets = [SheetRows(s.sheet_type, s.sheet_name, {}, 0,
                                   s.rows_loaded + s.rows_rejected, 0) for s in parsed.sheets]
    elif has_errors:
        parsed.status = "loaded_with_errors"


def _missing_columns(sheet: Sheet, match: HeaderMatch) -> list[Issue]:
    return [
        Issue(sheet.name, None, column.name, None, "error", "missing_column",
              spec.MESSAGES["missing_column"].format(sheet=sheet.name, header=column.name))
        for column in match.missing
    ]


def _classify(sheets: list[Sheet], notes: list[Note]) -> list[tuple[Sheet, HeaderMatch]]:
    matches = []
    for sheet in sheets:
        if all(is_blank(v) for column in sheet.columns for v in column):
            # A blank sheet (an optional sheet cleared, an unused Sheet2) reports nothing.
            notes.append(Note(sheet.name, None, "ignored_sheet"))
            continue
        by_name = type_from_sheet_name(sheet.name) if sheet.name_gives_type else None
        if by_name is not None:
            matches.append((sheet, find_header(sheet, by_name)))
            continue
        by_header = detect_by_header(sheet, spec.SHEET_TYPES)
        if by_header is not None:
            matches.append((sheet, by_header))
        else:
            notes.append(Note(sheet.name, None, "ignored_sheet"))
    return matches


def _file_kind(matches: list[tuple[Sheet, HeaderMatch]]) -> str:
    kinds = [m.sheet_type.kind for _, m in matches]
    return spec.MONTHLY if spec.MONTHLY in kinds else kinds[0]


_LABELS = (*spec.MONTH_LABELS, *spec.SUBMITTER_LABELS)
# A label written inside a cell and followed by its colon, spaces allowed between its
# characters, maybe with a remark in brackets: '填报单位（盖章）：', '报 告 期:'.
_LABEL_WITH_COLON = re.compile(
    "(" + "|".join(r"\s*".join(map(re.escape, label)) for label in _LABELS) + ")"
    + r"\s*(?:[(（][^()（）]*[)）])?\s*[:：]")


def _labelled_values(sheets: list[Sheet]) -> dict[str, str]:
    """Label -> value from the top rows of every sheet (first occurrence wins)."""
    wanted = {label_key(l) for l in _LABELS}
    found: dict[str, str] = {}
    for sheet in sheets:
        for r in range(min(spec.LABEL_SEARCH_ROWS, sheet.n_rows)):
            cells = sheet.row(r)
            for c, cell in enumerate(cells):
                if is_blank(cell):
                    continue
                for label, value in _split_labels(cell):
                    if label not in wanted or label in found:
                        continue
                    if is_blank(value):
                        value = next((v for v in cells[c + 1:] if not is_blank(v)), None)
                    if not is_blank(value):
                        found[label] = value.strip()
    return found


# Any other "name：" after a space ends a label's value: '填报单位：东湖街道总工会　单位：人'.
_OTHER_LABEL = re.compile(r"\s[^\s:：]{1,10}[:：]")


def _split_labels(cell: str) -> list[tuple[str, str | None]]:
    """(label, value) pairs of a cell: '报告期：2026-04' gives the text after the colon, and
    a line holding several ('填报单位：东湖街道总工会　　报告期：2026年4月') gives each its
    own; a cell that is only a label ('报告期') has its value in the next cell."""
    matches = list(_LABEL_WITH_COLON.finditer(cell))
    if not matches:
        return [(label_key(cell), None)]
    ends = [m.start() for m in matches[1:]] + [len(cell)]
    pairs = []
    for match, end in zip(matches, ends):
        value = cell[match.end():end]
        other = _OTHER_LABEL.search(value)
        pairs.append((label_key(match.group(1)), value[:other.start()] if other else value))
    return pairs


def _report_month(labels: dict[str, str], file_name: str) -> dt.date | None:
    for label in spec.MONTH_LABELS:
        value = labels.get(label_key(label))
        if value is not None:
            month = parse_month(value)
            if month is not None:
                return month
    return parse_month(Path(file_name).stem)


def _submitter(labels: dict[str, str], file_name: str) -> str | None:
    for label in spec.SUBMITTER_LABELS:
        value = labels.get(label_key(label))
        if value:
            return value
    stem = Path(file_name).stem
    if "_" in stem:
        prefix = stem.split("_", 1)[0].strip()
        if prefix and parse_month(prefix) is None:
            return prefix
    return None
