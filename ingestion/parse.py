"""Parse received files: their kind, submitter and report month, the typed rows of
each known sheet, and every issue. Pure: no database, no file moves.

Parsing has two steps: prepare_file (per file, in a reader process: read, recognise
sheets and headers, find the data rows) and finish (per batch, in the loading
process: validate the cells of many files at once, decide each file's status)."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import decimal
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ingestion import template_spec as spec
from ingestion.columns import SMALL_SHEET_ROWS, digits_of_a_double, mask
from ingestion.headers import (
    HeaderMatch, another_table, detect_by_header, find_header, nearly_matching_header,
    other_types_of_the_header, type_from_sheet_name,
)
from ingestion.kpi_catalog import kpi_names, kpi_units
from ingestion.normalize import (
    LABEL_PREFIX, LIST_MARKER, MONTH_RANGE, NUMBER_DIGITS, as_excel_shows_number, compact,
    count_as_shown, fold, header_remarks, header_unit, is_blank, is_digits_of_a_double,
    is_valid_credit_code, label_key, money_as_shown, names_a_change, names_money_otherwise, names_other_period, one_of,
    parse_month, placeholder, reads_as_credit_code, serial_as_date, shows_decimals,
    submitter_key, without_invisible, without_list_mark, without_period_words, without_senders, zero_padded,
)
from ingestion.reader import FileError, Sheet, check_envelope, read_sheets
from ingestion.sheet_xml import column_letters
from ingestion.validate import (
    ALNUM, DataColumns, Issue, Reference, SheetCells, SheetRows, data_row_indices, is_text_line,
    validate_sheets,
)


@dataclass
class Note:
    """Something ignored, listed in the load report: a sheet or a column of unknown name."""

    sheet: str
    column_header: str | None
    what: str  # a key of template_spec.NOTE_MESSAGES


@dataclass
class FileFacts:
    """What a file is, found when it is prepared and kept when it is validated: its
    name as received, its kind, who sent it and for which month."""

    file_name: str
    kind: str | None = None
    submitter: str | None = None
    report_month: dt.date | None = None


@dataclass
class ParsedFile(FileFacts):
    sheets: list[SheetRows] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    status: str = "loaded"
    message: str | None = None
    streets_checked: bool = False  # see raw_store.reset_unchecked_streets

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
        # (The value: the reading library's own words, when it gave any.)
        self.issues = [Issue(None, None, None, error.details.get("technical"), "error",
                             error.rule, str(error))]
        return self


@dataclass
class PreparedSheet:
    """A recognised sheet: its data rows as text, or, when required columns are
    missing, the issues saying so and how many data rows that rejects."""

    cells: SheetCells
    missing: list[Issue] = field(default_factory=list)
    rows_unvalidated: int = 0


@dataclass
class PreparedFile(FileFacts):
    """A file read and understood but not yet validated: what a reader process returns.
    Validation needs the street registry and runs over many files at once (finish)."""

    sheets: list[PreparedSheet] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    error: tuple[str, dict] | None = None  # a file error: (rule, details)
    month_as_written: str | None = None  # a 报告期 label's value no month was read from

    @property
    def rows(self) -> int:
        return sum(s.cells.cells.num_rows for s in self.sheets)


# Month and submitter are optional for the reference kinds whose meaning does not
# depend on them: a targets file names its own years; a street list is timeless.
MONTH_REQUIRED = {spec.MONTHLY: True, spec.REGISTRY: True, spec.TARGETS: False, spec.STREETS: False}


def parse_file(path: Path, file_name: str, reference: Reference,
               max_bytes: int = spec.MAX_FILE_BYTES,
               max_unpacked: int = spec.MAX_UNPACKED_BYTES) -> ParsedFile:
    """Read (in a reader process), understand and validate one file."""
    from ingestion import workers  # the reader processes run prepare_file

    job = workers.Job(path, file_name, max_bytes, max_unpacked)
    prepared = next(workers.prepare_many([job]))
    return finish([prepared], reference)[0]


def prepare_file(path: Path, file_name: str, max_bytes: int = spec.MAX_FILE_BYTES,
                 max_unpacked: int = spec.MAX_UNPACKED_BYTES) -> PreparedFile:
    """Everything that needs only the file: format checks, reading, sheet types,
    headers, report month, submitter and the data rows."""
    prepared = PreparedFile(file_name)
    try:
        data = check_envelope(path, max_bytes, max_unpacked)
        sheets = read_sheets(path, data, csv_name=Path(file_name).stem)
        _prepare_sheets(prepared, sheets)
    except FileError as error:
        prepared.error = (error.rule, error.details)
        prepared.sheets, prepared.notes = [], []
        # A rejected file still says who sent it, and for when, as far as can be read:
        # from its labels when it was read, else from its name.
        prepared.report_month = prepared.report_month or _report_month({}, file_name)
        prepared.submitter = prepared.submitter or _submitter({}, file_name)
    return prepared


def _prepare_sheets(prepared: PreparedFile, sheets: list[Sheet]) -> None:
    matches = _classify(sheets, prepared.notes)
    if not matches:
        _read_labels(prepared, [], sheets)  # a rejected file still says who sent it
        if hidden := [sheet.name for sheet in sheets
                      if sheet.hidden and type_from_sheet_name(sheet.name) is not None]:
            # (The report sheets hidden, a cover left visible: the clerk sees no reason.
            # A hidden list of drop-down values is no report.)
            raise FileError("hidden_report_sheets", sheets="、".join(f"“{name}”" for name in hidden))
        raise FileError("no_known_sheet")
    prepared.kind = _file_kind(matches)
    for sheet, match in list(matches):
        if match.sheet_type.kind != prepared.kind:
            prepared.notes.append(Note(sheet.name, None, "other_kind_sheet"))
            matches.remove((sheet, match))
    located = []  # (sheet, match, its data rows)
    read_as = {}  # id(sheet) -> headers as written of the columns read, by any of its types
    for sheet, match in matches:
        read_as.setdefault(id(sheet), set()).update(header for _, header in match.columns.values())
    for sheet, match in matches:
        # (With no header found, its best guess's other cells are no columns: labels.)
        for name in match.unknown if match.columns else ():
            if name not in read_as[id(sheet)] and not (  # (another type's of a sheet of two)
                    match.sheet_type.kind == spec.TARGETS and label_key(name) in _TARGET_UNIT_HEADERS):
                prepared.notes.append(Note(sheet.name, name, "ignored_column"))
        for name in match.other_period:
            prepared.notes.append(Note(sheet.name, name, "other_period_column"))
        for other_field, names in match.other_period_only.items():
            if not match.sheet_type.column(other_field).required:  # (a required one: missing)
                prepared.notes += [Note(sheet.name, name, "other_period_only_column") for name in names]
        if match.duplicates:
            match = _visible_of_same_name(sheet, match, prepared.notes)
        located += _tables(sheet, match)
    _read_labels(prepared, [sheet for sheet, _, _ in located], sheets,
                 empty={id(sheet) for sheet, _, rows in located if not rows})
    located, of_other_period = _without_other_periods(prepared, located)
    located = _without_other_months(prepared, located)
    located = _corrections_replace(prepared, located)
    located = _summaries_without_reported_units(prepared, located)
    # Units added or changed first: where the month's own sheet lists one too, its row counts.
    located.sort(key=lambda found: not _lists_units_added(found[0], found[1].sheet_type))
    for sheet, match, rows in located:
        # In a data row's template column: not in a check column beside the table, a
        # totals row (never loaded) or a spare row whose formula shows "" (=IF(B6="","",…)).
        # Where a program stored no result, a row that reads blank whose unit's code is
        # a formula too: a row of formulas alone (=数据!A2) is a unit the clerk sees.
        data_columns = {c for c, _ in match.columns.values()}
        data_rows = set(rows)
        key = match.columns["credit_code"][0] if "credit_code" in match.columns else None
        if (cell := sheet.uncalculated_formula(
                lambda r, c, columns=data_columns: r in data_rows and c in columns,
                lambda r, c, below=match.header_row, key_columns={key} if key is not None else data_columns,
                of=sheet: r > below and c in key_columns and r not in data_rows
                and all(is_blank(of.cell(r, col)) for col in range(of.width)))) is not None:
            # A program's workbook holds 0 or nothing where Excel would show the result.
            raise FileError("formula_not_calculated", sheet=sheet.name,
                            cell=f"的 {cell} 单元格" if cell else "")
    if not any(rows or match.missing for _, match, rows in located):
        # A blank template with its labels filled: no report of nothing (it would open
        # its month with every unit unreported), and the clerk most likely sent the
        # wrong file. (A sheet missing a column says so instead.)
        raise FileError("no_data_rows", sheets="、".join(f"“{s.name}”" for s, _, _ in located))

    if prepared.report_month is None and MONTH_REQUIRED[prepared.kind]:
        if prepared.month_as_written:
            raise FileError("month_unreadable", value=prepared.month_as_written)
        raise FileError("no_month")
    if prepared.submitter is None and prepared.kind in (spec.MONTHLY, spec.REGISTRY):
        example, file_name = spec.SUBMITTER_EXAMPLES[prepared.kind]
        raise FileError("no_submitter", example=example, file_name=file_name)

    for sheet, match, rows in located:
        title = _titled_for_another_period(sheet, match)
        if match.missing or id(sheet) in of_other_period or title is not None:
            cells = SheetCells(match.sheet_type.key, sheet.name, {},
                               _row_cells(sheet, match.sheet_type, {}, []))
            issues = _missing_columns(sheet, match) if match.missing else [Issue(
                sheet.name, None, None, None, "error", "other_period_sheet",
                spec.MESSAGES["other_period_sheet"].format(sheet=sheet.name))] if title is None else [
                Issue(sheet.name, sheet.top + 1, None, title, "error", "other_period_table",
                      spec.MESSAGES["other_period_table"].format(sheet=sheet.name, row=sheet.top + 1,
                                                                 title=title))]
            prepared.sheets.append(PreparedSheet(cells, issues, _rows_not_read(sheet, match, rows)))
            continue
        headers = {f: header for f, (_, header) in match.columns.items()}
        columns = {f: c for f, (c, _) in match.columns.items()}
        if match.sheet_type.kind == spec.TARGETS:
            _targets_in_stated_units(sheet, match, rows)
        divisors = _money_divisors(sheet, match, headers, prepared.notes)
        merged_numbers = _fill_merged_cells(sheet, match.sheet_type, columns, rows)
        _dates_left_as_serials(sheet, match.sheet_type, columns, rows)
        _show_number_cells(sheet, match.sheet_type, columns, rows, _CODES_STORED_AS_NUMBERS)
        _show_number_cells(sheet, match.sheet_type, columns, rows, _ZERO_PADDED_NUMBERS)
        _show_number_cells(sheet, match.sheet_type, columns, rows, _COUNTS_SHOWN_ROUNDED)
        # (Digits scaled without a unit, '0!.0000', are read as shown only in a column in
        # 万元: under a 元 header the amount typed is the 元 the header says.)
        money_shown = _show_number_cells(
            sheet, match.sheet_type, columns, rows, _MONEY_SHOWN_WITH_UNIT,
            keep=lambda field, text: _shown_unit(text) is not None or divisors.get(field, 1) == 1)
        for money_field, shown in money_shown.items():
            # A cell showing another unit than its column's header (3.50元 under 帮扶金额
            # （万元））: read as shown, and said, so a copied format is caught.
            header_divisor = divisors.get(money_field, 1)
            if any(spec.MONEY_UNIT_DIVISORS[unit] != header_divisor
                   for unit in map(_shown_unit, shown.values()) if unit is not None):
                prepared.notes.append(Note(sheet.name, headers[money_field], "cell_format_unit"))
        prepared.sheets.append(PreparedSheet(SheetCells(
            match.sheet_type.key, sheet.name, headers,
            _row_cells(sheet, match.sheet_type, columns, rows), divisors, merged_numbers)))


def _data_columns(match: HeaderMatch) -> DataColumns:
    code = match.columns.get("credit_code")  # (column, header as written)
    return DataColumns(tuple(c for c, _ in match.columns.values()), code[0] if code else None,
                       match.columns["street"][0] if match.sheet_type.kind == spec.TARGETS
                       and "street" in match.columns else None)


def _tables(sheet: Sheet, match: HeaderMatch) -> list[tuple[Sheet, HeaderMatch, list[int]]]:
    """(sheet, match, data rows) of the sheet's table, and of a second table of another
    monthly type below its data (a 劳动争议 table under the 服务卡 rows, with its own
    title and header): read as a sheet of its own name, its rows where they are, its
    title lines (Sheet.top on) its own. Its rows had been read as the first table's."""
    columns = _data_columns(match)
    rows = data_row_indices(sheet, match.header_row, columns)
    if match.sheet_type.kind != spec.MONTHLY or columns.code is None or not rows:
        return [(sheet, match, rows)]
    second = another_table(sheet, match, _rows_without_code(sheet, columns.code, rows),
                           _MONTHLY_TYPES)
    if second is None:
        return [(sheet, match, rows)]
    # Its title and upper header rows: the lines of text only right above its header
    # (blank rows between); a unit's row without its code, a number in it, stays the first's.
    data = set(rows)
    top = second.header_row
    while top - 1 > match.header_row and (top - 1 not in data or is_text_line(sheet, top - 1)):
        top -= 1
    while top < second.header_row and all(is_blank(v) for v in sheet.row(top)):
        top += 1  # (its title's row, not the blank ones above it)
    below = copy.copy(sheet)  # (the same cells and name: Excel's row numbers stay)
    below.top = top
    return [(sheet, match, [r for r in rows if r < top]), *_tables(below, second)]


def _titled_for_another_period(sheet: Sheet, match: HeaderMatch) -> str | None:
    """A second table's title naming another period ('劳动争议情况（本年累计）'): the
    title as written, else None."""
    if not sheet.top:
        return None
    titles = [v.strip() for r in range(sheet.top, match.header_row) for v in sheet.row(r)
              if not is_blank(v)]
    title = " ".join(titles)
    return title if titles and names_other_period(compact(title), match.sheet_type.counts_flows) else None


def _rows_without_code(sheet: Sheet, col: int, rows: list[int]) -> list[int]:
    """The rows whose code cell does not start as a code does (a letter or digit): a
    title's, a header's, a note's. (Found for the whole column at once on a long sheet.)"""
    if len(rows) <= SMALL_SHEET_ROWS:
        texts = sheet.column(col)
        return [r for r in rows if texts[r] is None or texts[r][:1] not in ALNUM]
    starts = mask(pc.match_substring_regex(sheet.arrays[col], "^[0-9A-Za-z]").fill_null(False))
    return _in_rows(np.flatnonzero(~starts), rows)


# A month in a sheet's name: '组建与会员（2月）', '服务卡-2026年2月', '培训 2026.02', '202602'
# — not a day ('4月2日修改', '2026.4.1报': when it was edited or sent) nor a range
# ('1月-3月'). Months in words ('二月', 'Feb') are read as their numbers first.
_MONTH_IN_NAME = re.compile(
    r"(?<![\d.])(?:(\d{4})\s*[年.\-/]\s*)?(\d{1,2})\s*月(?!\s*\d|份?\s*[-~～至到—])"
    r"|(?<![\d.])(\d{4})[.\-/](\d{1,2})(?![\d.\-/])"
    r"|(?<!\d)(20\d\d)(0[1-9]|1[0-2])(?!\d)")
# A month in words ('三月', '元月', not '五月花酒店': what follows 月 is no name's), and a
# year in words ('二〇二五年').
_CHINESE_MONTH = re.compile(
    r"(?:(?<![一二三四五六七八九十〇零\u4e00-\u9fff])元|(?<=年)元|(?<![一二三四五六七八九十〇零])(十[一二]?|[一二三四五六七八九]))"
    r"(?=\s*月份?(?:$|[^\u4e00-\u9fff]|[报表数末底补]|"
    + one_of(n[:2] for t in spec.SHEET_TYPES for n in t.all_names) + "))")  # (会员, 服务: a type's)
_CHINESE_MONTH_NUMBERS = {None: 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                          "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
_CHINESE_YEAR = re.compile(r"[一二三四五六七八九〇零]{4}(?=\s*年)")
_CHINESE_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
                   "september", "october", "november", "december")
_ENGLISH_MONTH = re.compile(r"(?<![a-z])(" + "|".join(
    (*_ENGLISH_MONTHS, *(m[:3] for m in _ENGLISH_MONTHS), "sept")) + r")\.?(?![a-z\u4e00-\u9fff])",
    re.IGNORECASE)

def _months_as_numbers(text: str) -> str:
    """'三月份' as '3月份', '元月' as '1月', 'Mar' as '3月', '二〇二五年' as '2025年'."""
    text = _CHINESE_YEAR.sub(lambda m: m.group(0).translate(_CHINESE_DIGITS), text)
    text = _CHINESE_MONTH.sub(lambda m: str(_CHINESE_MONTH_NUMBERS[m.group(1)]), text)
    return _ENGLISH_MONTH.sub(
        lambda m: f"{[n[:3] for n in _ENGLISH_MONTHS].index(m.group(1)[:3].lower()) + 1}月", text)


@functools.lru_cache(maxsize=4096)  # (the same sheet names come in file after file)
def _names_other_month(name: str, month: dt.date) -> str | None:
    """The month a sheet's name names, as written, when it is not the file's; else None."""
    text = _months_as_numbers(fold(name))
    if MONTH_RANGE.search(text):  # (a quarter's or a year's sheet so far)
        return None
    found = _MONTH_IN_NAME.search(text)
    if found is None:
        return None
    year = found.group(1) or found.group(3) or found.group(5)
    number = int(found.group(2) or found.group(4) or found.group(6))
    if number == month.month and (year is None or int(year) == month.year):
        return None
    return found.group(0)


def _without_other_periods(prepared: PreparedFile, located: list) -> tuple[list, set[int]]:
    """A report sheet named for another period than the month's own ('服务卡（累计）',
    '组建与会员（上月）') is left out, and listed, when a sheet of its type named for no
    other period remains: the year so far or last month is not this month's report.
    Alone, a sheet of one row per unit's month is refused (returned: ids of the sheets
    whose rows are not read), as a lone such column is; a sheet of classes or contracts
    is read (template_spec.SheetType.rows_are_unit_months). Only a name that is its
    type's with a period added counts: '季度集中培训' is a class."""
    other = {id(sheet): why for sheet, match, _ in located
             if (why := _gives_way(sheet, match.sheet_type)) is not None}
    if not other:
        return located, set()
    own_types = {match.sheet_type.key for sheet, match, _ in located if id(sheet) not in other}
    # (A comparison gives way only to a sheet with rows: beside an empty tab it is read.)
    filled_types = {match.sheet_type.key for sheet, match, rows in located
                    if id(sheet) not in other and rows}
    kept, refused = [], set()
    for sheet, match, rows in located:
        why = other.get(id(sheet))
        if why is not None and match.sheet_type.key in (
                filled_types if why == "comparison_sheet" else own_types):
            prepared.notes.append(Note(sheet.name, None, why))
            continue
        if why == "other_period_sheet" and match.sheet_type.rows_are_unit_months \
                and _for_another_period(_without_dated_years(sheet.name), match.sheet_type):
            refused.add(id(sheet))
        kept.append((sheet, match, rows))
    return kept, refused


def _gives_way(sheet: Sheet, sheet_type: spec.SheetType) -> str | None:
    """Why a report sheet gives way to another of its type in the file (a note's rule),
    or None. A CSV's name is its file's: never."""
    return _name_gives_way(sheet.name, sheet_type.key) if sheet.name_gives_type else None


@functools.lru_cache(maxsize=4096)
def _name_gives_way(name: str, type_key: str) -> str | None:
    """The name names another period ('服务卡（累计）'; '上月更正说明', read as 服务卡 by
    its header), or, naming no type, it explains ('更正说明': corrections, listed beside
    the month's sheet)."""
    if _for_another_period(name, spec.sheet_type(type_key)):
        return "other_period_sheet"
    if type_from_sheet_name(name) is None and _EXPLANATION_SHEET.search(name) \
            and _says_nothing_else(name):
        return "explanation_sheet"
    remark = _without_type_names(without_senders(without_list_mark(compact(fold(name))))[-1], type_key)
    if _INSTRUCTIONS_SHEET.search(remark) and not _EXPLANATION_WORDS.sub("", without_period_words(remark)):
        return "explanation_sheet"  # (named for its type: '服务卡（更正说明）'; not 指南针社区服务卡)
    if _COMPARISON_SHEET.search(remark) and spec.sheet_type(type_key).rows_are_unit_months \
            and not _COMPARISON_NAME.sub("", without_period_words(remark)):
        return "comparison_sheet"  # ('同期对比', '服务卡环比分析'; a class is a class)
    return None


_COMPARISON_SHEET = re.compile(one_of(spec.COMPARISON_SHEET_WORDS))
_COMPARISON_NAME = re.compile(one_of((*spec.COMPARISON_SHEET_WORDS, *spec.COMPARISON_NAME_FILLERS))
                              + r"|[()\[\]【】_\-—~、，,.]")


def _for_another_period(name: str, sheet_type: spec.SheetType) -> bool:
    """A sheet's name names another period: its type's name with one, or, a name of no
    type (read by its header) where a row is a unit's month, a past one and nothing else
    ('上月更正说明', '东湖街道上月数据'; not '往年建会单位', which names its units, nor the
    year so far: '本年新建工会服务卡', '季度集中培训' a class)."""
    if _names_its_type_for_another_period(name, sheet_type):
        return True
    return sheet_type.rows_are_unit_months and type_from_sheet_name(name) is None \
        and names_other_period(without_list_mark(compact(fold(name))), flows=False) \
        and _says_nothing_else(name)


def _says_nothing_else(name: str) -> bool:
    """Whether a name, its sender, periods, filler words (数据, 表, 更正…) and words of
    explanation (说明, 填报…) aside, is empty: '上月更正说明', '填报说明', '数据更正'; not
    '往年建会单位', '指南针科技', '华夏说明书印刷厂' (a unit's own sheet)."""
    return any(not _EXPLANATION_WORDS.sub("", without_period_words(text))
               for text in without_senders(without_list_mark(compact(fold(name)))))


_EXPLANATION_WORDS = re.compile(one_of((*spec.EXPLANATION_SHEET_WORDS, "填报", "填表", "如下")))
_CORRECTION = re.compile(one_of(spec.CORRECTION_SHEET_WORDS))


def _corrections_replace(prepared: PreparedFile, located: list) -> list:
    """A correction ('服务卡（更正）', '秋月社区服务卡更正') of a sheet of one row per unit's
    month replaces its original's rows of the units it lists (and an earlier
    correction's: '（二次更正）' after '（更正）'): they are left out, and the sheet is
    listed. The original is the sheet of the same name without the correction's word;
    when its name gives none ('服务卡（4月2日修改）' beside several 社区 sheets), each other
    sheet of its type loses its rows of those units. The originals' other units stay (a
    correction may list only what changed). 补报 and 新增 sheets are never originals, and
    beside a named original no other sheet is touched (another 社区's)."""
    def plain(sheet, match) -> bool:
        return sheet.name_gives_type and match.sheet_type.rows_are_unit_months \
            and not _is_a_correction(sheet.name) and "补报" not in sheet.name \
            and not _lists_units_added(sheet, match.sheet_type)
    located = _without_copies_before(prepared, located, plain)
    originals = {_sheet_key(_BEFORE_CORRECTION.sub("", sheet.name)): (sheet, match)
                 for sheet, match, _ in located if plain(sheet, match)}
    replaced: dict[int, set[str]] = {}  # id(sheet) -> the units later corrections list
    for sheet, match, rows in located:
        code = match.columns.get("credit_code")
        if not sheet.name_gives_type or not match.sheet_type.rows_are_unit_months \
                or not _is_a_correction(sheet.name) or code is None:
            continue
        named = originals.get(_sheet_key(_CORRECTION_AFTER.sub("", sheet.name)))
        if named is not None and named[1].sheet_type.key == match.sheet_type.key:
            corrected = [named[0]]
        else:  # (its name gives none: each sheet of its type holding the units it lists)
            corrected = [s for s, m in originals.values() if m.sheet_type.key == match.sheet_type.key]
        units = {_code_key(sheet.cell(r, code[0])) for r in rows}
        for original in corrected:
            for earlier in (original, *_earlier_corrections(located, sheet, original, match)):
                replaced.setdefault(id(earlier), set()).update(units)
    return _without_units(prepared, located, replaced, "corrected_sheet")


def _without_copies_before(prepared: PreparedFile, located: list, plain) -> list:
    """A copy kept from before a change ('服务卡（修改前）', '（更正前）') beside the same
    sheet unmarked ('服务卡') with rows gives way whole, listed: the unmarked sheet is the
    report. (Beside a correction, '服务卡（修改后）', it is the original the correction
    replaces rows of; beside an empty sheet, or alone, it is the report.)"""
    unmarked = {(_sheet_key(sheet.name), match.sheet_type.key) for sheet, match, rows in located
                if rows and plain(sheet, match) and not _BEFORE_CORRECTION.search(sheet.name)}
    kept = []
    for sheet, match, rows in located:
        if plain(sheet, match) and _COPY_BEFORE.search(sheet.name) and (
                _sheet_key(_COPY_BEFORE.sub("", sheet.name)), match.sheet_type.key) in unmarked:
            prepared.notes.append(Note(sheet.name, None, "before_correction_sheet"))
            continue
        kept.append((sheet, match, rows))
    return kept


_COPY_BEFORE = re.compile("(?:" + "|".join(spec.CORRECTION_SHEET_WORDS) + ")前")


def _without_units(prepared: PreparedFile, located: list, units_of: dict[int, set[str]],
                   why: str) -> list:
    """Each sheet (by id) without its rows of the units given for it; a sheet that lost
    rows is listed (why: the note's rule)."""
    kept = []
    for sheet, match, rows in located:
        units = units_of.get(id(sheet))
        if units and "credit_code" in match.columns:
            code = match.columns["credit_code"][0]
            left = [r for r in rows if _code_key(sheet.cell(r, code)) not in units]
            if len(left) < len(rows):
                prepared.notes.append(Note(sheet.name, None, why))
            rows = left
        kept.append((sheet, match, rows))
    return kept


def _earlier_corrections(located: list, correction: Sheet, original: Sheet, match: HeaderMatch) -> list:
    """The corrections of the same original before this one in the file."""
    earlier = []
    for sheet, other, _ in located:
        if sheet is correction:
            break
        if sheet is not original and _is_a_correction(sheet.name) \
                and other.sheet_type.key == match.sheet_type.key:
            earlier.append(sheet)
    return earlier


# A correction's words in its name ('（更正）', '更正后', '（最终修改版）'), taken off to
# find its original.
_CORRECTION_AFTER = re.compile("(?:二次|再次|最终)?(?:" + "|".join(spec.CORRECTION_SHEET_WORDS)
                               + ")[后版稿]?|(?:" + "|".join(spec.CORRECTED_AFTER_WORDS) + ")后")
_NAME_MARKS = re.compile(r"[()（）\[\]【】_\-—~～、，,.．]")


def _is_a_correction(name: str) -> bool:
    """'服务卡（更正）', '服务卡（调整后）'; not '服务卡（修改前）' (the original), nor 补报."""
    return (_CORRECTION.search(name) is not None or _ADJUSTED.search(name) is not None) \
        and not _BEFORE_CORRECTION.search(name) and "补报" not in name


_BEFORE_CORRECTION = re.compile(
    "(?:" + "|".join((*spec.CORRECTION_SHEET_WORDS, *spec.CORRECTED_AFTER_WORDS)) + ")前")
_ADJUSTED = re.compile("(?:" + "|".join(spec.CORRECTED_AFTER_WORDS) + ")后")


def _sheet_key(name: str) -> str:
    """A sheet's name as compared with its correction's: '服务卡（更正）' less its word."""
    return _NAME_MARKS.sub("", compact(fold(name)))


def _code_key(value: str | None) -> str:
    return compact(value).upper() if value else ""


# What a name says of the year's date rather than of a period: '2026年度服务卡' (the
# 2026 series), '服务卡（截至3月31日）' (as of the month's end). Such a sheet gives way to
# one of its type named for no period, but alone it is the month's.
_DATED_YEAR = re.compile(r"\d{4}\s*年度|(?:截至|截止)\s*(?:\d{4}\s*年)?\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?[底末]?")


def _without_dated_years(name: str) -> str:
    return _DATED_YEAR.sub("", fold(name))


def _names_its_type_for_another_period(name: str, sheet_type: spec.SheetType) -> bool:
    return _names_type_for_another_period(name, sheet_type.key)


@functools.lru_cache(maxsize=4096)
def _names_type_for_another_period(name: str, type_key: str) -> bool:
    """(A stock's change, 组建与会员（本年减少）, is another figure than its state too.)"""
    text = without_list_mark(compact(fold(name)))
    flows = spec.sheet_type(type_key).counts_flows
    # (With the sender's name before it or not: '东湖街道服务卡（累计）', '甲公司工会服务卡（上月）'.)
    names = {without_period_words(name) for name in without_senders(text)}
    sheet_type = spec.sheet_type(type_key)
    rest = _without_type_names(text, type_key)
    if _lists_units(sheet_type) and _names_a_figure(rest) and (
            names_a_change(text) or _CHANGE_WORD.search(rest)):
        # the members' change ('组建与会员（新增会员数）', '会员增加情况', '（会员增加）'), a figure
        return True
    return ((names_other_period(text, flows) or (
                not flows and names_a_change(text)
                and not (_lists_units(sheet_type) and _names_units_added(text, type_key))))
            and not names.isdisjoint(_TYPE_NAMES_WITHOUT_PERIODS[type_key]))


def _names_units_added(text: str, type_key: str) -> bool:
    """'组建与会员（新增）', '（新增单位）', '（变动）': units added or changed; not
    '（新增会员数）', '（会员增加）' (its members' increase, a figure)."""
    text = _without_type_names(text, type_key)
    return _UNITS_ADDED.search(text) is not None and not _names_a_figure(text) \
        and not _DECREASE.search(text)


def _without_type_names(text: str, type_key: str) -> str:
    """A sheet's name without its type's names."""
    text = without_list_mark(compact(fold(text)))
    for name in spec.sheet_type(type_key).all_names:
        text = text.replace(name, "")
    return text


def _names_a_figure(text: str) -> bool:
    """'新增会员数', '会员增加', '新增户数': the members' count; not '新增会员单位',
    '新增单位及人数' (units, with their figures)."""
    return _A_FIGURE.search(text) is not None and "单位" not in text


_A_FIGURE = re.compile("会员|人数|户数")  # (not 人 alone: 人民路社区)
_CHANGE_WORD = re.compile(one_of(spec.STOCK_CHANGE_WORDS))
_DECREASE = re.compile("减少|流失|增减|净增")


_UNITS_ADDED = re.compile(one_of(spec.UNITS_ADDED_WORDS))


def _lists_units(sheet_type: spec.SheetType) -> bool:
    """A row is a unit's state in the month (组建与会员): not a flow, nor a contract."""
    return sheet_type.rows_are_unit_months and not sheet_type.counts_flows


def _lists_units_added(sheet: Sheet, sheet_type: spec.SheetType) -> bool:
    """A 组建与会员 sheet named for units added or changed ('组建与会员（新增）')."""
    return _lists_units(sheet_type) and sheet.name_gives_type \
        and _name_lists_units_added(sheet.name, sheet_type.key)


@functools.lru_cache(maxsize=4096)
def _name_lists_units_added(name: str, type_key: str) -> bool:
    return _names_units_added(name, type_key)


# Each type's names as a sheet's name is compared: no list mark ('3.服务卡'), no period,
# no filler word (组建情况 without 情况); what else it says stays ('培训（季度集中培训）').
_TYPE_NAMES_WITHOUT_PERIODS = {t.key: {without_period_words(n) for n in t.all_names} - {""}
                               for t in spec.SHEET_TYPES}


def _without_other_months(prepared: PreparedFile, located: list) -> list:
    """A report sheet named for another month than the file's ('组建与会员（2月）' in
    March's file: last month's sheet kept beside this month's) and stating no month of
    its own is left out, and listed, when a sheet of its type remains; alone, its month
    conflicts with the file's (conflicting_months)."""
    month = prepared.report_month
    if month is None:
        return located
    other = [(entry, named) for entry in located
             if (named := _names_other_month(entry[0].name, month)) is not None
             and _labelled_month(_labelled_values(entry[0])) is None]
    if not other:
        return located
    left_out = {id(entry[0]) for entry, _ in other}
    kept = [entry for entry in located if id(entry[0]) not in left_out]
    kept_types = {match.sheet_type.key for _, match, _ in kept}
    for (sheet, match, _), named in other:
        if match.sheet_type.key not in kept_types:
            raise FileError("conflicting_months", months=(
                f"“{sheet.name}”的名称为{named}，本文件报告期为{month.year}年{month.month}月"))
        prepared.notes.append(Note(sheet.name, None, "other_month_sheet"))
    return kept


def _visible_of_same_name(sheet: Sheet, match: HeaderMatch, notes: list[Note]) -> HeaderMatch:
    """Of columns with the same name, the one a person sees: the first that is not
    hidden (last month's column hidden beside this month's), else the first. The others
    are listed in the load report."""
    hidden = sheet.hidden_columns()
    columns = dict(match.columns)
    for key, col, name in match.duplicates:
        chosen_col, chosen_name = columns[key]
        if chosen_col in hidden and col not in hidden:
            columns[key] = (col, name)
            notes.append(Note(sheet.name, chosen_name, "hidden_duplicate_column"))
        else:
            notes.append(Note(sheet.name, name, "hidden_duplicate_column" if col in hidden
                              else "duplicate_column"))
    return dataclasses.replace(match, columns=MappingProxyType(columns))


# A money unit stated above a table ('金额单位：元', '单位：元', a group label
# '帮扶情况（金额单位：元）'); '单位：人' is a unit of counting, and 填报单位 a label.
# Several units in one line ('单位：人、元', '单位：人；金额：元'): the money one.
_STATED_MONEY_UNIT = re.compile(
    r"(?<!填报)(?<!填表)(?:(?:金额|计量)?单位|金额)\s*[:：]\s*(?:(?:" + one_of(spec.COUNT_UNITS)
    + r")\s*[、，,/／;；\s]\s*)*(?:(?:" + one_of(spec.CURRENCY_WORDS) + r")\s*[(（])?("
    + one_of((*spec.MONEY_UNITS, *spec.MONEY_UNIT_ALIASES)) + r")(?![\u4e00-\u9fff/／])")


def unit_divisor(header: str | None, sheet_unit: str | None = None) -> int | None:
    """What a money column's values are divided by to be in 万元, by the unit its header
    names, else the unit stated above the sheet's header (template_spec.MONEY_UNIT_DIVISORS):
    1 for 万元 or no unit; None for a money unit not known (元/人, 美元), read as 万元
    with a note asking to check."""
    unit = (header_unit(header) if header else None) or sheet_unit
    if unit is None:
        return None if header and names_money_otherwise(header) else 1
    if unit in spec.MONEY_UNIT_DIVISORS:
        return spec.MONEY_UNIT_DIVISORS[unit]
    return None if "元" in unit else 1


_TARGET_UNIT_HEADERS = frozenset(label_key(h) for h in spec.TARGET_UNIT_HEADERS)
_TARGET_UNIT = re.compile("万?(?:" + one_of((*spec.COUNT_UNITS, *spec.MONEY_UNITS)) + ")")
_BARE_NUMBER = re.compile(r"\s*[-+]?[\d,.]+\s*")


def _targets_in_stated_units(sheet: Sheet, match: HeaderMatch, rows: list[int]) -> None:
    """A target typed as a bare number in a unit its row's 计量单位 states, or its header
    (目标值（元）) for the rows whose KPI counts in that kind of unit (money, or people and
    things), reads with that unit (300000 元 is 30 万元, 1.2 万人 12,000): the unit is
    added to the cell, which validation reads by the row's KPI (refusing a count in 元).
    A row's 计量单位 saying anything else ('%': 95 of a rate is 95%) adds nothing, and the
    header's unit is not used for it. They had loaded as 300000 万元 and 1.2 members.
    个百分点 is added too: a change, which validation refuses (it had loaded as 2%)."""
    target_col, header = match.columns.get("target_value", (None, None))
    if target_col is None or not rows:
        return
    remark = header_remarks(header).strip("()（） ")
    header_unit_ = remark if _TARGET_UNIT.fullmatch(remark) else None
    points = remark.endswith(spec.TARGET_POINTS_WORDS)  # 目标值（个百分点）: every row's
    unit_col = next((c for c, cell in enumerate(sheet.row(match.header_row))
                     if cell and label_key(cell) in _TARGET_UNIT_HEADERS), None)
    kpi_col = match.columns.get("kpi_code", (None,))[0]
    merged_units = _merged_values(sheet, unit_col) if unit_col is not None else {}
    stated = {}
    for row in rows:
        text = sheet.cell(row, target_col)
        if text is None or not _BARE_NUMBER.fullmatch(text):
            continue
        written = compact(sheet.cell(row, unit_col) or merged_units.get(row, "")) \
            if unit_col is not None else ""
        if written.endswith(spec.TARGET_POINTS_WORDS) or (points and not written):
            unit = written or remark  # (refused by validation: a change, not the target)
        elif written:
            unit = written if _TARGET_UNIT.fullmatch(written) else None
        elif header_unit_ and _kpi_counts_in(sheet.cell(row, kpi_col) if kpi_col is not None else None,
                                             header_unit_):
            unit = header_unit_
        else:
            unit = None
        if unit:
            stated[row] = text.strip() + unit
    if stated:
        sheet.replace_cells(target_col, stated)


def _kpi_counts_in(kpi: str | None, unit: str) -> bool:
    """Whether a KPI as written (a code or a name) counts in a unit's kind: money for
    元/万元, its own unit of counting for 人/万人 (新建工会数 counts 家, not 人)."""
    key = compact(kpi or "")
    kpi_unit = kpi_units().get(kpi_names().get(key) or kpi_names().get(key.lower()) or "")
    if kpi_unit is None or kpi_unit == "%":
        return False
    if unit.endswith(spec.MONEY_UNITS):
        return kpi_unit in spec.MONEY_UNITS
    return unit.removeprefix("万") == kpi_unit


def _merged_values(sheet: Sheet, col: int) -> dict[int, str]:
    """row -> the value of a merge over a column's cell it covers below its top row."""
    values = {}
    for top, left, bottom, right in sheet.merged_ranges():
        if left <= col <= right and (value := sheet.cell(top, left)) is not None:
            values.update({row: value for row in range(top + 1, bottom + 1)})
    return values


def _money_divisors(sheet: Sheet, match: HeaderMatch, headers: dict[str, str],
                    notes: list[Note]) -> dict[str, int]:
    """field -> divisor of each money column not in 万元 (SheetCells.divisors), each
    noted: converted, or a unit not known (read as 万元)."""
    money = [c.field for c in match.sheet_type.columns if c.unit is not None and c.field in headers]
    if not money:
        return {}
    stated = _stated_money_unit(sheet, match.header_row)
    divisors: dict[str, int] = {}
    for name in money:
        divisor = unit_divisor(headers[name], stated)
        if divisor is None:
            notes.append(Note(sheet.name, headers[name], "unknown_unit"))
        elif divisor != 1:
            notes.append(Note(sheet.name, headers[name], "converted_unit"))
            divisors[name] = divisor
    return divisors


def _stated_money_unit(sheet: Sheet, header_row: int) -> str | None:
    """The money unit stated in the rows above a sheet's header (its table's: from
    Sheet.top), for its money columns whose header names none: a 金额单位 anywhere, or a
    单位 that starts a cell or a part of a line — not another column's own unit
    (人均工资（单位：元）)."""
    for cells in map(sheet.row, range(sheet.top, header_row)):
        for cell in cells:
            if cell and "单位" in cell:
                for found in _STATED_MONEY_UNIT.finditer(cell):
                    before = cell[:found.start()]
                    if found.group(0).startswith(("金额", "计量")) or not before.strip() \
                            or before[-1:].isspace():
                        unit = found.group(1)
                        return spec.MONEY_UNIT_ALIASES.get(unit, unit)
    return None


def _fill_merged_cells(sheet: Sheet, sheet_type: spec.SheetType, columns: dict[str, int],
                       rows: list[int]) -> dict[str, dict[int, str]]:
    """A data cell merged over several rows (所属街道 merged down a street's units) holds
    its value in the top cell only; a person reads it in every row of the merge that
    holds anything of its own (a merge down a pre-numbered form's unused rows leaves
    them blank). Merges are looked up only when a template column has an empty cell
    among the data rows: where none is empty, no merge can hide a value.
    A count or amount merged over several units' rows (a joint union's 25 members) is
    no one unit's: returned, field -> {Excel row: the merge, 'H4:H6'}, for each row of it
    (template_spec.SPLIT_MERGED_NUMBERS), to be rejected rather than counted per row."""
    if not rows:
        return {}
    span = rows[-1] - rows[0] + 1
    known = set(columns.values())
    if not any(sheet.arrays[col].slice(rows[0], span).null_count for col in known):
        return {}
    additive = {columns[c.field]: c.field for c in sheet_type.columns
                if c.field in columns and c.type in (spec.INT, spec.NUMBER)
                and sheet_type.kind in spec.SPLIT_MERGED_NUMBERS
                and c.field not in spec.MERGED_NUMBERS_PER_ROW}
    merged_numbers: dict[str, dict[int, str]] = {}
    own: dict[int, bool] = {}  # row -> whether it holds a value of its own

    def holds_values(row: int) -> bool:
        if row not in own:
            own[row] = any(not is_blank(sheet.cell(row, col)) for col in known)
        return own[row]

    fills: dict[int, dict[int, str]] = {}
    for first_row, first_col, last_row, last_col in sheet.merged_ranges():
        value = sheet.cell(first_row, first_col) if first_col < sheet.width else None
        if value is None:
            continue
        held = [row for row in range(first_row, min(last_row, sheet.n_rows - 1) + 1)
                if holds_values(row)]
        # Over several units' rows, or over several of the template's columns in one row
        # (采集数 and 办卡数 merged): whose is the figure? (0 or — is every row's and column's.)
        shared = held and not _is_nothing(value) and (
            len(held) > 1 or len(known.intersection(range(first_col, last_col + 1))) > 1)
        for col in range(first_col, min(last_col, sheet.width - 1) + 1):
            if col not in known:
                continue
            for row in held:
                if (row, col) != (first_row, first_col):
                    fills.setdefault(col, {})[row] = value
            if col in additive and shared:
                merge = (f"{column_letters(first_col)}{first_row + 1}:"
                         f"{column_letters(last_col)}{last_row + 1}")
                merged_numbers.setdefault(additive[col], {}).update(
                    (row + 1, merge) for row in held)
    for col, texts in fills.items():
        sheet.replace_cells(col, texts)
    return merged_numbers


def _is_nothing(text: str) -> bool:
    """0, or a placeholder (—, /, 无): every row's, merged or not."""
    if placeholder(text) is not None:
        return True
    try:
        return float(text) == 0
    except ValueError:
        return False


@dataclass(frozen=True)
class _NumberCells:
    """Cells of one column type whose text may be a number cell's, shown otherwise than
    the reader gives them: which texts could be (one cell; a whole column), and how the
    cell's number format shows it (None: as read)."""

    applies: Callable[[spec.Column], bool]
    could_be: Callable[[str | None], bool]
    could_be_column: Callable[[pa.Array], np.ndarray]
    shown: Callable[[str, str], str | None]
    # Whether the workbook may hold such cells at all (asked before any cell is looked up).
    may_hold: Callable[[Sheet], bool] = lambda sheet: True
    # A byte every such cell's text holds: a column whose bytes lack it holds none (one
    # search of its data, quicker than looking at its cells one by one).
    byte: bytes | None = None


def _holds_byte(array: pa.Array, byte: bytes) -> bool:
    """Whether a text column's data holds the byte (its cells' bytes, sliced off ones too)."""
    if isinstance(array, pa.ChunkedArray) or not pa.types.is_string(array.type):
        return True
    data = array.buffers()[2]
    return data is not None and byte in data.to_pybytes()


def _dates_left_as_serials(sheet: Sheet, sheet_type: spec.SheetType, columns: dict[str, int],
                           rows: list[int]) -> None:
    """A date cell the reader left as its serial (a format it does not know as a date:
    Chinese Excel's built-in ones, yyyy"年"m"月"d"日"), read as its date: in a year
    column (46023 is 2026-01-01, its year 2026, not the year 46023), and, in a workbook
    counting from 1904, in a date column (1,462 days after the 1900 system's date;
    the workbook is asked only when a column holds such a serial)."""
    for column in sheet_type.columns:
        if (column.type != spec.DATE and not column.date_is_year) or column.field not in columns:
            continue
        col = columns[column.field]
        cells = sheet.column(col)
        # (A date cell the reader knows reads '2020-05-01': passed over at once.)
        serials = [r for r in rows if (cell := cells[r]) is not None and cell[4:5] != "-"
                   and serial_as_date(cell) is not None]
        if not serials:
            continue
        if (from_1904 := sheet.uses_1904_dates()) or column.date_is_year:
            sheet.replace_cells(col, {r: serial_as_date(cells[r], from_1904).isoformat() for r in serials})


def _show_number_cells(sheet: Sheet, sheet_type: spec.SheetType, columns: dict[str, int],
                       rows: list[int], cells: _NumberCells,
                       keep: Callable[[str, str], bool] | None = None) -> dict[str, dict[int, str]]:
    """The cells read as shown (those keep(field, text) allows), field -> {row: text}."""
    found: dict[str, dict[int, str]] = {}
    if not rows:
        return found
    for column in sheet_type.columns:
        if not cells.applies(column) or column.field not in columns or not cells.may_hold(sheet):
            continue
        col = columns[column.field]
        if cells.byte is not None and not _holds_byte(sheet.arrays[col], cells.byte):
            continue
        if len(rows) <= SMALL_SHEET_ROWS:  # quicker in Python than in compute calls
            texts = sheet.column(col)
            suspects = [r for r in rows if cells.could_be(texts[r])]
        else:
            suspects = _in_rows(np.flatnonzero(cells.could_be_column(sheet.arrays[col])), rows)
        shown = {r: text for r, number_format in sheet.number_cells(col, suspects).items()
                 if (text := cells.shown(sheet.cell(r, col), number_format)) is not None
                 and (keep is None or keep(column.field, text))}
        if shown:
            sheet.replace_cells(col, shown)
            found[column.field] = shown
    return found


def _shown_number(digits: str, number_format: str) -> str:
    """The number cell's value as its format shows it; but validation knows a number
    cell only by its text, and a shown value that is itself a valid code (15 kept digits
    then zeros: by chance about 1 in 31) would load as another unit's code, so such a
    cell is shown as General shows it."""
    shown = as_excel_shows_number(digits, number_format)
    return as_excel_shows_number(digits) if is_valid_credit_code(shown) else shown


def _short_whole_number(text: str | None) -> bool:
    return text is not None and text.isdigit() and text.isascii() and len(text) < NUMBER_DIGITS[0]


# A credit code typed into a number cell has lost its last digits, yet its text (the
# double's digits) may still pass the check digit. Such a cell reads as Excel shows a
# long number, 9.13301E+17, which validation rejects as stored as a number.
_CODES_STORED_AS_NUMBERS = _NumberCells(
    lambda column: column.type == spec.CREDIT_CODE, is_digits_of_a_double, digits_of_a_double, _shown_number)
# A code typed as a number in a cell formatted 000 shows 001, and a person reads 001
# (a 合同编号, a 街道代码); the reader gives 1. Rarely looked up: names and codes are
# seldom all digits.
_ZERO_PADDED_NUMBERS = _NumberCells(
    lambda column: column.type == spec.TEXT, _short_whole_number,
    lambda cells: mask(pc.match_substring_regex(cells, f"^[0-9]{{1,{NUMBER_DIGITS[0] - 1}}}$")),
    zero_padded)
# A count a formula left with a fraction (=B4*0.67 gives 2.01) in a cell formatted 0
# shows 2, and a person reads 2; the reader gives 2.01, which is no count.
_FRACTION = re.compile(r"-?[0-9]+\.[0-9]+")
_COUNTS_SHOWN_ROUNDED = _NumberCells(
    lambda column: column.type == spec.INT,
    lambda text: text is not None and "." in text and _FRACTION.fullmatch(text) is not None,
    lambda cells: mask(pc.match_substring_regex(cells, f"^{_FRACTION.pattern}$").fill_null(False)),
    count_as_shown, byte=b".")


def _shown_unit(text: str) -> str | None:
    """The money unit a cell read as shown ends with (万 is 万元); None: the column's."""
    unit = next((u for u in (*spec.MONEY_UNITS, *spec.MONEY_CELL_UNITS) if text.endswith(u)), None)
    return spec.MONEY_CELL_UNITS.get(unit, unit) if unit is not None else None


# An amount in a cell formatted '#,##0"元"' shows 35,000元, in '0!.0000"万"' 3.5000万: a
# person reads 3.5万元 where the reader gives 35000 (in the column's 万元); in '0!.0000'
# or '#,##0.0,' (scaled, no unit) 3.5000 or 35.0, in the column's unit.
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_MONEY_SHOWN_WITH_UNIT = _NumberCells(
    lambda column: column.unit is not None,
    lambda text: text is not None and _PLAIN_NUMBER.fullmatch(text) is not None,
    lambda cells: mask(pc.match_substring_regex(cells, f"^{_PLAIN_NUMBER.pattern}$")),
    money_as_shown, may_hold=lambda sheet: sheet.shows_money_units())


def _in_rows(found: np.ndarray, rows: list[int]) -> list[int]:
    """The found row indices that are among rows (sorted)."""
    if rows[-1] - rows[0] == len(rows) - 1:  # one run of rows, as usual
        return found[(found >= rows[0]) & (found <= rows[-1])].tolist()
    return np.intersect1d(found, rows).tolist()


def cells_schema(sheet_type: spec.SheetType) -> pa.Schema:
    """The shape of a sheet type's cells: one text column per field, then row_number."""
    return _CELL_SCHEMAS[sheet_type.key]


_CELL_SCHEMAS = {
    t.key: pa.schema([*((c.field, pa.string()) for c in t.columns), ("row_number", pa.int32())])
    for t in spec.SHEET_TYPES
}


def _row_cells(sheet: Sheet, sheet_type: spec.SheetType, columns: dict[str, int],
               rows: list[int]) -> pa.RecordBatch:
    """The given rows, one text column per field of the sheet type (empty where the
    sheet lacks it: every sheet of a type has the same shape), with row_number."""
    one_run = bool(rows) and rows[-1] - rows[0] == len(rows) - 1
    if one_run:  # a zero-copy slice
        pick = lambda array: array.slice(rows[0], len(rows))  # noqa: E731
    else:
        indices = pa.array(np.asarray(rows, dtype=np.int64))
        pick = lambda array: array.take(indices)  # noqa: E731
    absent = pa.nulls(len(rows), pa.string())
    arrays = [pick(sheet.arrays[columns[c.field]]) if c.field in columns else absent
              for c in sheet_type.columns]
    # Row numbers as Excel shows them. (From numpy: pyarrow imports pandas, slowly, the
    # first time it converts a Python list.)
    arrays.append(pa.array(np.arange(rows[0] + 1, rows[-1] + 2, dtype=np.int32) if one_run
                           else np.asarray(rows, dtype=np.int32) + 1))
    return pa.RecordBatch.from_arrays(arrays, schema=cells_schema(sheet_type))


def finish(prepared: list[PreparedFile], reference: Reference) -> list[ParsedFile]:
    """Validate the sheets of many files together (one pass per sheet type) and decide
    each file's status."""
    parsed = [ParsedFile(p.file_name, p.kind, p.submitter, p.report_month, notes=p.notes,
                         streets_checked=bool(reference.streets))
              for p in prepared]
    by_type: dict[str, list[tuple[int, int]]] = {}
    for f, file in enumerate(prepared):
        if file.error is None:
            for s, sheet in enumerate(file.sheets):
                if not sheet.missing:
                    by_type.setdefault(sheet.cells.sheet_type_key, []).append((f, s))
    validated: dict[tuple[int, int], tuple[SheetRows, list[Issue]]] = {}
    for key, places in by_type.items():
        results = validate_sheets(
            spec.sheet_type(key), [prepared[f].sheets[s].cells for f, s in places],
            [prepared[f].report_month for f, _ in places], reference, [f for f, _ in places])
        validated.update(zip(places, results))
    for f, (file, out) in enumerate(zip(prepared, parsed)):
        if file.error is not None:
            rule, details = file.error
            out.reject(FileError(rule, **details))
            continue
        for s, sheet in enumerate(file.sheets):
            if sheet.missing:
                out.issues.extend(sheet.missing)
                out.sheets.append(SheetRows(sheet.cells.sheet_type, sheet.cells.sheet_name, None,
                                            rows_rejected=sheet.rows_unvalidated))
                continue
            rows, issues = validated[(f, s)]
            out.sheets.append(rows)
            out.issues.extend(issues)
        _decide_status(out)
    return parsed


def _decide_status(parsed: ParsedFile) -> None:
    has_errors = any(i.severity == "error" for i in parsed.issues)
    if has_errors and parsed.rows_loaded == 0:
        parsed.status = "rejected"
        first = next(i for i in parsed.issues if i.severity == "error")
        parsed.message = f"没有可导入的数据行：{first.message}"
        parsed.sheets = [SheetRows(s.sheet_type, s.sheet_name, None, 0,
                                   s.rows_loaded + s.rows_rejected, 0) for s in parsed.sheets]
    elif has_errors:
        parsed.status = "loaded_with_errors"


def _rows_not_read(sheet: Sheet, match: HeaderMatch, rows: list[int]) -> int:
    """How many data rows a sheet missing a column does not load. With no header found
    at all, which rows are data is a guess: those naming a unit by a valid credit code,
    when its type has that column (a title, a note or the header itself is no unit)."""
    if match.columns or not any(c.field == "credit_code" for c in match.sheet_type.columns):
        return len(rows)
    columns = [sheet.column(c) for c in range(sheet.width)]
    return sum(any(column[row] is not None and reads_as_credit_code(column[row]) for column in columns)
               for row in range(sheet.n_rows))


def _missing_columns(sheet: Sheet, match: HeaderMatch) -> list[Issue]:
    if not match.columns:  # no template column anywhere: the header itself is missing
        headers = "、".join(f"“{column.name}”" for column in match.missing)
        return [Issue(sheet.name, None, None, None, "error", "header_not_found",
                      spec.MESSAGES["header_not_found"].format(
                          sheet=sheet.name, rows=spec.HEADER_SEARCH_ROWS, headers=headers))]
    return [_missing_column(sheet, match, column) for column in match.missing]


def _missing_column(sheet: Sheet, match: HeaderMatch, column: spec.Column) -> Issue:
    if column.field in match.split:
        group, parts = match.split[column.field]
        return Issue(sheet.name, None, column.name, None, "error", "group_without_total",
                     spec.MESSAGES["group_without_total"].format(
                         sheet=sheet.name, group=group, parts="、".join(f"“{p}”" for p in parts)))
    message = spec.MESSAGES["missing_column"].format(sheet=sheet.name, header=column.name)
    if column.field in match.other_period_only:
        message = spec.MISSING_COLUMN_OTHER_PERIOD.format(
            sheet=sheet.name, header=column.name,
            written="、".join(f"“{name}”" for name in match.other_period_only[column.field]))
    return Issue(sheet.name, None, column.name, None, "error", "missing_column", message)


def _classify(sheets: list[Sheet], notes: list[Note]) -> list[tuple[Sheet, HeaderMatch]]:
    matches = []
    also = []  # a flat sheet's other types: (its index in matches, sheet, match)
    for sheet in sheets:
        if sheet.hidden:
            notes.append(Note(sheet.name, None, "hidden_sheet"))
            continue
        if sheet.is_empty():
            # A blank sheet (an optional sheet cleared, an unused Sheet2) reports nothing.
            notes.append(Note(sheet.name, None, "ignored_sheet"))
            continue
        by_name = type_from_sheet_name(sheet.name) if sheet.name_gives_type else None
        match = find_header(sheet, by_name) if by_name is not None else (
            detect_by_header(sheet, spec.SHEET_TYPES) or nearly_matching_header(sheet, spec.SHEET_TYPES))
        if match is None:
            notes.append(Note(sheet.name, None, "ignored_sheet"))
            continue
        matches.append((sheet, match))
        if by_name is None and match.sheet_type.kind == spec.MONTHLY:
            also += [(len(matches), sheet, other)
                     for other in other_types_of_the_header(sheet, match, _MONTHLY_TYPES)]
    # A summary beside a report of its type is no report (alone, it is told what it lacks).
    summaries = {id(sheet) for sheet, match in matches  # (another period's: below)
                 if sheet.name_gives_type and _is_a_summary(sheet.name, match)
                 and _gives_way(sheet, match.sheet_type) is None}
    # The reports a summary may sum: not another summary, a sheet that gives way (another
    # period's, an explanation) nor one of units added.
    reports = [(sheet, match) for sheet, match in matches if id(sheet) not in summaries
               and not _lists_units_added(sheet, match.sheet_type)
               and _gives_way(sheet, match.sheet_type) is None]
    left_out = set()
    for sheet, match in matches:
        if id(sheet) in summaries and _sums(sheet, match, [
                (s, m) for s, m in reports if m.sheet_type.key == match.sheet_type.key]):
            notes.append(Note(sheet.name, None, "summary_sheet"))
            left_out.add(id(sheet))
    # A sheet named for its type (its other columns are information), or a type with a
    # sheet of its own (not another period's: 服务卡（累计）), is not read from a flat
    # sheet too.
    own_types = {match.sheet_type.key for sheet, match in matches
                 if _gives_way(sheet, match.sheet_type) is None and id(sheet) not in left_out}
    for at, sheet, other in reversed(also):
        if other.sheet_type.key not in own_types:
            matches.insert(at, (sheet, other))
    return [(sheet, match) for sheet, match in matches if id(sheet) not in left_out]


_MONTHLY_TYPES = tuple(t for t in spec.SHEET_TYPES if t.kind == spec.MONTHLY)
_SUMMARY_SHEET = re.compile(one_of(spec.SUMMARY_SHEET_WORDS))
_BREAKDOWN_SHEET = re.compile(one_of(spec.BREAKDOWN_SHEET_WORDS))


def _sums(summary: Sheet, match: HeaderMatch, reports: list[tuple[Sheet, HeaderMatch]]) -> bool:
    """Whether a summary beside reports of its type adds nothing at all: it has no column
    of units' codes (counts per 社区). One with codes loses only its rows of units on
    those reports, later (_summaries_without_reported_units)."""
    return bool(reports) and "credit_code" not in match.columns


def _summaries_without_reported_units(prepared: PreparedFile, located: list) -> list:
    """A summary's rows of units on a report of its type beside it are left out, and the
    summary listed: a street's 社区 sheets and their 汇总 (its units had counted twice).
    Its rows of units on no report stay (it is their report)."""
    summaries = [(sheet, match) for sheet, match, _ in located
                 if sheet.name_gives_type and "credit_code" in match.columns
                 and _SUMMARY_SHEET.search(sheet.name) and _gives_way(sheet, match.sheet_type) is None]
    if not summaries:
        return located
    ids = {id(sheet) for sheet, _ in summaries}
    reported: dict[str, set[str]] = {}  # type -> units on its reports (not its summaries)
    for sheet, match, rows in located:
        if id(sheet) not in ids and "credit_code" in match.columns:
            col = match.columns["credit_code"][0]
            reported.setdefault(match.sheet_type.key, set()).update(
                _code_key(sheet.cell(r, col)) for r in rows)
    return _without_units(prepared, located, {
        id(sheet): reported.get(match.sheet_type.key, set()) for sheet, match in summaries},
        "summary_sheet")


def _is_a_summary(name: str, match: HeaderMatch) -> bool:
    """A sheet named as its type's total ('服务卡（汇总）'), or as a breakdown with no column
    of units' codes ('服务卡（分社区）': counts per 社区). Named '组建与会员 汇总' with
    no code column it was already no type's sheet."""
    return _SUMMARY_SHEET.search(name) is not None or (
        _BREAKDOWN_SHEET.search(name) is not None
        and any(column.field == "credit_code" for column in match.missing))


def _file_kind(matches: list[tuple[Sheet, HeaderMatch]]) -> str:
    kinds = [m.sheet_type.kind for _, m in matches]
    return spec.MONTHLY if spec.MONTHLY in kinds else kinds[0]


_LABELS = (*spec.MONTH_LABELS, *spec.SUBMITTER_LABELS)
# A label written inside a cell and followed by its colon, spaces allowed between its
# characters, maybe with a remark in brackets: '填报单位（盖章）：', '报 告 期:'.
_LABEL_WITH_COLON = re.compile(
    "(" + "|".join(r"\s*".join(map(re.escape, label)) for label in _LABELS) + ")"
    + r"\s*(?:[(（][^()（）]*[)）])?\s*[:：]")


# (A bracket too: '（单位：张）填报单位：…', and a title's '…（报告期：2026年3月）'.)
_BEFORE_LABEL = frozenset(" \t\r\n\u3000\u00a0，,；;。（()）")
_LIST_MARKER = re.compile(LIST_MARKER)  # a form's marks before a label ('*', '1.', '（2）')
# A cell holding a label holds the label's first character (most cells do not: skip them).
_LABEL_START = re.compile("[" + "".join(sorted({label[0] for label in _LABELS})) + "]")


def _read_labels(prepared: PreparedFile, report_sheets: list[Sheet], sheets: list[Sheet],
                 empty: set[int] = frozenset()) -> None:
    """The file's 报告期 and 填报单位: from the report sheets' labels first, then from
    other sheets' (a cover; never an instructions sheet's, whose '填报单位：各街道总工会'
    says how to fill it), then from the file name. Report sheets with data stating
    different months are a file error: one file is one month, and picking one would
    file the others' numbers under it. (A report sheet left empty may still show last
    month: its month counts only when no sheet with data states one.)"""
    months: dict[dt.date, list[str]] = {}
    empty_months: dict[dt.date, list[str]] = {}
    submitters: dict[str, str] = {}  # submitter_key -> as written, of sheets with data
    labels: dict[str, str] = {}
    for sheet in report_sheets:
        own = _labelled_values(sheet)
        month = _labelled_month(own)
        if month is not None:
            (empty_months if id(sheet) in empty else months).setdefault(month, []).append(sheet.name)
        if id(sheet) not in empty:
            for key in own.keys() & _SUBMITTER_KEYS:
                submitters.setdefault(submitter_key(own[key]), own[key])
        labels = own | labels  # the first sheet's label wins
    months = months or empty_months
    if len(submitters) > 1:
        # Sheets copied in from several units' own files ('填报单位：甲公司工会', '乙公司
        # 工会'): none of them is the file's submitter; a cover's label or the file name
        # says who sent it.
        labels = {k: v for k, v in labels.items() if k not in _SUBMITTER_KEYS}
    if not months or not labels.keys() & _SUBMITTER_KEYS:
        for sheet in sheets:
            if sheet not in report_sheets and not _INSTRUCTIONS_SHEET.search(sheet.name):
                labels = _labelled_values(sheet) | labels
    prepared.submitter = _submitter(labels, prepared.file_name)
    if prepared.submitter is None and len(submitters) > 1:
        raise FileError("conflicting_submitters", names="、".join(
            f"“{name}”" for name in submitters.values()))
    if len(months) > 1:
        raise FileError("conflicting_months", months="，".join(
            "、".join(f"“{name}”" for name in names) + f"为{month.year}年{month.month}月"
            for month, names in sorted(months.items())))
    prepared.report_month = next(iter(months), None) or _report_month(labels, prepared.file_name)
    if prepared.report_month is None:
        prepared.month_as_written = next(
            (v.strip() for label in spec.MONTH_LABELS
             if not is_blank(v := labels.get(label_key(label)))), None)


_WANTED_LABELS = frozenset(label_key(label) for label in _LABELS)
_SUBMITTER_KEYS = frozenset(label_key(label) for label in spec.SUBMITTER_LABELS)


def _labelled_values(sheet: Sheet) -> dict[str, str]:
    """Label -> value from the top rows of a sheet (first occurrence wins)."""
    found: dict[str, str] = {}
    for r, cells in enumerate(sheet.head[:spec.LABEL_SEARCH_ROWS]):
        joined = "\n".join(filter(None, cells))
        if "截" in joined and _AS_OF_MONTH not in found and (as_of := _as_of(joined)) is not None:
            # A title's date as of which it reports ('企业名录（截至2026年1月31日）'): a
            # snapshot's month, after the lines', the file name's and a title's 报告期.
            found[_AS_OF_MONTH] = as_of
        if not _LABEL_START.search(joined):
            continue  # one search for the row: most rows hold no label
        for c, cell in enumerate(cells):
            if cell is None or not _LABEL_START.search(cell):
                continue
            for label, value, bracketed in _split_labels(cell):
                if bracketed:
                    # (A title's '（填报单位：各街道总工会）' is the template's, never the
                    # file's; its month may be a convention's, '（报告期：上月26日至本月25日）':
                    # only a month read counts, after the lines' and the file name's.)
                    if label in _MONTH_KEYS and value and parse_month(value) is not None:
                        found.setdefault(_TITLE_MONTH, without_invisible(value).strip())
                    continue
                if label not in _WANTED_LABELS or label in found:
                    continue
                if value is not None and _NOT_A_VALUE.fullmatch(value):
                    value = None  # a fill line after the colon: '填报单位：________'
                if is_blank(value):
                    at = next((i for i in range(c + 1, len(cells)) if not is_blank(cells[i])), None)
                    value = None if at is None else cells[at]
                    if value is not None and _is_label_cell(value, _WANTED_LABELS):
                        value = None  # the label was left blank: the next is another's
                    elif value is not None and label in _MONTH_KEYS:
                        value = _month_as_shown(sheet, r, at, value)
                if not is_blank(value) and not _INSTRUCTION.search(value):
                    found[label] = without_invisible(value).strip()
    return found


# '截至2026年1月31日', '截止2026-01-31', '截至2026年1月': a date with its year, as of
# which the file reports — not a deadline ('截止日期：2026-04-05', '报送截止2026年4月5日',
# '…2026-04-05前报送').
_AS_OF = re.compile(r"(?<!填报)(?<!报送)(?<!上报)(?<!提交)(?:截至|截止)(?!日期|时间)\s*"
                    r"(\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?)")
_AS_OF_MONTH = "(as of)报告期"


def _as_of(text: str) -> str | None:
    for found in _AS_OF.finditer(text):
        if not text[found.end():].lstrip().startswith(("前", "以前", "之前")):
            return found.group(1)
    return None


_MONTH_KEYS = frozenset(label_key(label) for label in spec.MONTH_LABELS)
_TITLE_MONTH = "(title)报告期"  # (no label's key: a title's month, after the file name's)
_SHORT_DECIMAL = re.compile(r"\d{4}\.\d")


def _month_as_shown(sheet: Sheet, row: int, col: int, value: str) -> str:
    """A 报告期 cell's value as the cell shows it: a number as its format shows it
    (_month_number_as_shown), a date a Mac workbook's reader left as its serial as
    that date counted from 1904."""
    if _SHORT_DECIMAL.fullmatch(value):
        return _month_number_as_shown(sheet, row, col, value)
    if serial_as_date(value) is not None and sheet.uses_1904_dates():
        return serial_as_date(value, from_1904=True).isoformat()
    return value


def _month_number_as_shown(sheet: Sheet, row: int, col: int, value: str) -> str:
    """2026.1 as its cell shows it: the number 2026.10 formatted 0.00 is October, not
    January (the reader gives the number's shortest digits). What shows no month
    (2026.3 formatted 0.00 shows 2026.30) is read as typed: March."""
    decimals = shows_decimals(sheet.number_cells(col, [row]).get(row) or "")
    if decimals is None or decimals <= 1:
        return value
    shown = f"{decimal.Decimal(value):.{decimals}f}"
    return shown if parse_month(shown) is not None else value


# How to fill a label, as an instructions sheet says it ('填报单位：填写本单位全称',
# '报告期：请填写统计月份，格式如2026年3月', '统计月份，如2026-03'): never its value.
_INSTRUCTION = re.compile(r"^\s*(?:请|填写|填入|按照|例如)|格式如|例如|如：|[，,]\s*如")
_INSTRUCTIONS_SHEET = re.compile(one_of(spec.INSTRUCTION_SHEET_WORDS))
_EXPLANATION_SHEET = re.compile(one_of(spec.EXPLANATION_SHEET_WORDS))


# Any other "name：" after a space or a closing bracket ends a label's value:
# '填报单位：东湖街道总工会　单位：人', '填报单位：东湖街道总工会（盖章）单位：张'.
_OTHER_LABEL = re.compile(r"(?:\s|(?<=[)）]))[^\s:：()（）]{1,10}[:：]")
# What a form prints beside a label that was left blank, never a value: a fill line
# ('__________'), a remark in brackets ('（盖章）'), or another of the form's words,
# bare or followed by its own value ('填表日期 2026年4月3日', '单位').
_NOT_A_VALUE = re.compile(r"(?:[\s_＿—\-.．…]|[(（][^()（）]*(?:盖章|签字|签章|签名|公章)[^()（）]*[)）])*")
_FORM_WORDS = tuple(sorted({*spec.FOOTER_MARKERS, *spec.MONTH_LABELS, *spec.SUBMITTER_LABELS,
                            *spec.FORM_WORDS}, key=len, reverse=True))


def _is_label_cell(cell: str, labels: set[str]) -> bool:
    """Whether a cell is not the value of a label to its left that was left blank
    ('填报单位：' then '报告期：2026-03', '（盖章）' or '__________'): another label (ours,
    bare, or any "name："), a fill line, a bracketed remark, or another form word."""
    if LABEL_PREFIX.match(cell) or label_key(cell) in labels or _NOT_A_VALUE.fullmatch(cell):
        return True
    # A form word alone, or before a space and its own value ('填表日期 2026年4月3日');
    # not a name that merely starts like one ('单位工会联合会').
    text = cell.strip()
    return any(text == word or (text.startswith(word) and text[len(word):][:1].isspace())
               for word in _FORM_WORDS)


@functools.lru_cache(maxsize=4096)  # the same title lines come in file after file
def _split_labels(cell: str) -> tuple[tuple[str, str | None, bool], ...]:
    """(label, value) pairs of a cell: '报告期：2026-04' gives the text after the colon, and
    a line holding several ('填报单位：东湖街道总工会　　报告期：2026年4月') gives each its
    own; a cell that is only a label ('报告期') has its value in the next cell."""
    # A label starts its cell, or follows a space, a separator or a form's mark ('*',
    # '1、'); after anything else it is inside a sentence ('本表由填报单位：…').
    # In a title's brackets ('…月报表（报告期：2026年3月）'), up to the closing one.
    matches = [m for m in _LABEL_WITH_COLON.finditer(cell)
               if m.start() == 0 or cell[m.start() - 1] in _BEFORE_LABEL
               or _LIST_MARKER.fullmatch(cell, 0, m.start())]
    if not matches:
        return ((label_key(cell), None, False),)
    ends = [m.start() for m in matches[1:]] + [len(cell)]
    pairs = []
    for match, end in zip(matches, ends):
        value = cell[match.end():end]
        before = cell[:match.start()]
        bracketed = len(_OPENING.findall(before)) > len(_CLOSING.findall(before))
        if bracketed:  # (inside a title's brackets: its value ends at the closing one)
            value = re.split("[）)]", value, maxsplit=1)[0]
        other = _OTHER_LABEL.search(value)
        pairs.append((label_key(match.group(1)), _without_trailing_separator(
            value[:other.start()] if other else value), bracketed))
    return tuple(pairs)


_STAMP_REMARK = re.compile(r"\s*[(（][^()（）]*(?:盖章|签字|签章|签名|公章)[^()（）]*[)）]$")


_OPENING, _CLOSING = re.compile("[（(]"), re.compile("[）)]")
_TRAILING_LIST_MARK = re.compile(r"[\s\u3000]+(?:[(（]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]|\d{1,2}\s*[.、．])$")


def _without_trailing_separator(value: str) -> str:
    """A value before the next label of its line, without the separator between them
    ('东湖街道总工会，报告期：…'), a title's closing bracket it has no opening for, or
    the form's stamp remark ('东湖街道总工会（盖章）': the name shown is the name)."""
    value = _STAMP_REMARK.sub("", value.rstrip(_SEPARATORS)).rstrip(_SEPARATORS)
    value = _TRAILING_LIST_MARK.sub("", value)  # (… （二）报告期：…: the next label's mark)
    if value.endswith(("）", ")")) and not re.search("[（(]", value):
        value = value[:-1].rstrip(_SEPARATORS)
    return value


_SEPARATORS = " \u3000，,；;。"


def _labelled_month(labels: dict[str, str]) -> dt.date | None:
    for label in spec.MONTH_LABELS:
        value = labels.get(label_key(label))
        if value is not None:
            month = parse_month(value)
            if month is not None:
                return month
    return None


def _report_month(labels: dict[str, str], file_name: str) -> dt.date | None:
    """The lines' 报告期, else the file name's month, else a title's ('…（报告期：2026年3月）'),
    else the date a title reports as of ('…（截至2026年1月31日）')."""
    return _labelled_month(labels) or parse_month(Path(file_name).stem) or next(
        (month for key in (_TITLE_MONTH, _AS_OF_MONTH)
         if key in labels and (month := parse_month(labels[key])) is not None), None)


def _submitter(labels: dict[str, str], file_name: str) -> str | None:
    for label in spec.SUBMITTER_LABELS:
        value = labels.get(label_key(label))
        if value:
            return value
    stem = Path(file_name).stem
    if "_" in stem:
        prefix = stem.split("_", 1)[0].strip()
        # (Not a month, nor what the file is: 年度目标_2026.xlsx, 服务卡_2026-03.xlsx. A
        # registry named 企业名录_2026-04.xlsx keeps it: the district's one snapshot, its
        # successive files one submitter's, loaded as before.)
        named = type_from_sheet_name(prefix) if prefix else None
        if prefix and parse_month(prefix) is None and (named is None or named.kind == spec.REGISTRY):
            return prefix
    return None
