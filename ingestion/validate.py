"""Validate the data rows of sheets: typed values for the rows that load, and an issue
(Excel row, header as written, value, Chinese message) for every problem.

Sheets of one type from many files are validated together, column by column over
their concatenated cells (ingestion.columns), so a batch of small files costs what one
large file does. Issues come out per sheet, row by row as a clerk reads them; within a
row: cell errors column by column, then missing required values, then the row rules,
then a repeated row.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ingestion import template_spec as spec
from ingestion.columns import (
    CELL_PARSERS, SMALL_SHEET_ROWS, ParsedColumn, enum_parser, mask, only, parse_column, replaced,
    text_parser,
)
from ingestion.kpi_catalog import kpi_short_names, kpi_units
from ingestion.normalize import (
    LABEL_PREFIX, CellError, compact, first_day_of_range, fold, is_blank, month_end, one_of,
    parse_money, parse_number, without_spaced_groups, without_trailing_remark,
)
from ingestion.reader import Sheet, without_midnight


@dataclass
class Issue:
    sheet: str | None
    row_number: int | None
    column_header: str | None
    value: str | None
    severity: str  # error | warning
    rule: str
    message: str
    # The row's unit (its credit code as read), so a unit's issues can be found; not
    # part of what the issue says.
    credit_code: str | None = field(default=None, compare=False)


@dataclass
class Reference:
    """What the parser checks values against: the street registry and the KPI list."""

    streets: dict[str, str] = field(default_factory=dict)  # compact name or code -> code
    kpis: dict[str, str] = field(default_factory=dict)  # compact code or name -> code
    street_list: tuple[str, ...] = ()  # the streets' names as the list in force gives them
    # the KPIs' short names, for a KPI's message (the catalog is the project's own)
    kpi_list: tuple[str, ...] = field(default_factory=kpi_short_names)

    @functools.cached_property
    def _streets_by_short_name(self) -> dict[str, str | None]:
        """A list's name shortened as a written one is read -> its key: without its
        office's name (东湖街道 of 东湖街道办事处, as the 民政 lists name streets), without its
        kind (东湖 of 东湖街道), or both; None where two streets share it (东湖街道, 东湖镇)."""
        keys: dict[str, str] = {}  # short name -> a key of it
        codes: dict[str, set[str]] = {}  # short name -> the streets it may be
        for key, code in self.streets.items():
            for short in _short_names(key):
                if short not in self.streets:
                    keys.setdefault(short, key)
                    codes.setdefault(short, set()).add(code)
        return {short: keys[short] if len(codes[short]) == 1 else None for short in keys}

    def street_code(self, value: str) -> str:
        """The code of a street as stored (a renamed street's old name and its new one
        are one street); the value itself where the list does not know it."""
        key = compact(value)
        return self.streets.get(key) or self.streets.get(self.street_as_read(key) or "") or value

    def street_as_read(self, key: str) -> str | None:
        """A street written otherwise than the list names it, as a person reads it (the
        key the list knows): 东湖街道办事处, 东湖街道总工会, 临湖区东湖街道, or 东湖 alone when
        no other street is 东湖-something (template_spec.STREET_WORDS_AFTER, PLACE_ENDINGS);
        the list's own names are read shortened the same way."""
        for candidate in dict.fromkeys((key, _STREET_WORDS_AFTER.sub("", key))):
            for name in (candidate, *_after_places(candidate)):
                if name in self.streets:
                    return name
                if self._streets_by_short_name.get(name):
                    return self._streets_by_short_name[name]
        return None


_STREET_KIND = re.compile("(.{2,}?)(?:" + "|".join(spec.STREET_KINDS) + ")")
_STREET_WORDS_AFTER = re.compile("(?:" + "|".join(spec.STREET_WORDS_AFTER) + ")$")


def _short_names(name: str) -> list[str]:
    """A list's name without the word naming its office, without its kind, or both
    (东湖街道办事处 → 东湖街道, 东湖; 东湖街道 → 东湖)."""
    without_office = _STREET_WORDS_AFTER.sub("", name)
    shorts = [without_office] if without_office != name and len(without_office) >= 2 else []
    shorts += [bare.group(1) for full in (name, without_office)
               if (bare := _STREET_KIND.fullmatch(full))]
    return list(dict.fromkeys(shorts))


def _after_places(name: str) -> list[str]:
    """What follows a place above the street (临湖区东湖街道 → 东湖街道)."""
    return [name[i + 1:] for i in range(1, len(name) - 1) if name[i] in spec.PLACE_ENDINGS]


@dataclass
class SheetCells:
    """The data rows of one sheet, as text, ready for validation (what a worker sends)."""

    sheet_type_key: str
    sheet_name: str
    headers: dict[str, str]  # field -> header as written, for the columns present
    cells: pa.RecordBatch  # one string column per present field, plus row_number
    # field -> what a money column's values are divided by to be in 万元 (its header's
    # unit, or one stated above the header: parse.unit_divisor); absent: 1
    divisors: dict[str, int] = field(default_factory=dict)
    # field -> {Excel row: the merge} of counts merged over several units' rows
    # (parse._fill_merged_cells): each such row is rejected
    merged_numbers: dict[str, dict[int, str]] = field(default_factory=dict)

    @property
    def sheet_type(self) -> spec.SheetType:
        return spec.sheet_type(self.sheet_type_key)


@dataclass
class SheetRows:
    sheet_type: spec.SheetType
    sheet_name: str
    table: pa.Table | None  # the loaded rows: typed fields, row_number, is_warned
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_warned: int = 0
    # field -> header as written (warnings found later, in the warehouse, name it so)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def data(self) -> dict[str, list[Any]]:
        """The loaded rows as Python lists, field by field."""
        if self.table is None:
            return {}
        return {name: self.table.column(name).to_pylist() for name in self.table.column_names}


def _format(rule: str, **values: object) -> str:
    return spec.MESSAGES[rule].format(**values)


_TOTAL_MARKERS = tuple(compact(m) for m in spec.TOTAL_ROW_MARKERS)
_DISTRICT_WORDS = frozenset(compact(w) for w in spec.DISTRICT_WORDS)
_DISTRICT_NAMES = frozenset(("全区", "全区合计", "ALL"))  # (not 区, 合计: a sum's words too)
_FOOTER_MARKERS = tuple(compact(m) for m in spec.FOOTER_MARKERS)
_STATEMENT_OPENINGS = tuple(compact(m) for m in spec.STATEMENT_OPENINGS)
_CONTINUATION = re.compile(one_of(compact(m) for m in spec.CONTINUATION_MARKS))
_STATEMENT_WORDS = re.compile(one_of(compact(w) for w in spec.STATEMENT_WORDS))


def _is_named_totals(key: str) -> bool:
    """'全镇合计', '东湖社区小计（3家）', '全街道合计：', '东湖街道（合计）' (key: compacted)."""
    key = key.rstrip(":：")
    name = without_trailing_remark(key)
    remark = key[len(name):].strip("()（）")
    return len(name) <= spec.TOTAL_ROW_NAME_CHARS and (
        name.endswith(_TOTAL_MARKERS) or remark in _TOTAL_MARKERS)


def _first_cell(sheet: Sheet, row: int) -> tuple[int, str | None]:
    """(column, text) of the row's first non-empty cell; (-1, None) for none."""
    for c in range(sheet.width):
        value = sheet.cell(row, c)
        if not is_blank(value):
            return c, value
    return -1, None


# A unit's credit code, even a mistyped one: what no footer line (a name, a date, a
# phone number, a stamp) looks like.
_CODE_LIKE = re.compile(r"[0-9A-Za-z]{15,20}")


@dataclass(frozen=True)
class DataColumns:
    """Where a sheet's data is: the template's columns, and the credit-code column."""

    template: tuple[int, ...]
    code: int | None = None
    # A targets sheet's 街道 column: a row whose first cell is there and names the
    # district (合计 below the streets: template_spec.DISTRICT_WORDS) is its target, no
    # totals row.
    district: int | None = None

    def names_the_district(self, sheet: Sheet, row: int, col: int) -> bool:
        """Whether a targets row starting with a totals word at col is the district's
        target: its first cell is its 街道 naming the district (合计 under the streets);
        or, with 合计 in a 序号 column, its 街道 says 全区 and no other row names the
        district (else it sums the streets, and the district's own row counts)."""
        if self.district is None:
            return False
        street = compact(sheet.cell(row, self.district) or "")
        if col == self.district:
            return street in _DISTRICT_WORDS
        return street.upper() in _DISTRICT_NAMES and not any(
            r != row and compact(value or "") in _DISTRICT_WORDS
            for r, value in enumerate(sheet.column(self.district)))

    def has_code(self, sheet: Sheet, row: int) -> bool:
        """Whether the row's code column holds a credit code (even a mistyped one)."""
        code = sheet.cell(row, self.code) if self.code is not None else None
        return code is not None and bool(_CODE_LIKE.fullmatch(compact(code)))

    def holds_data(self, sheet: Sheet, row: int) -> bool:
        """Whether a row reads as a data row, not a footer or note line: a credit code; or
        two counts or amounts in the template's columns; or one beside a placeholder in
        the code column ('待补'). A footer's names, dates, phone numbers and stamps are
        none of these."""
        if self.has_code(sheet, row):
            return True
        code = sheet.cell(row, self.code) if self.code is not None else None
        cells = [sheet.cell(row, col) for col in self.template if col != self.code]
        numbers = sum(1 for value in cells if _is_small_number(value))
        if numbers >= 2:
            return True
        # One count beside a placeholder code ('待补') or a text of a data row (a street)
        return numbers == 1 and any(_is_data_text(v) for v in (code, *cells))


# A count or an amount as a data row holds it ('12', '1,200', '3.5万元', '95%', '30人'):
# not a phone number or a date.
_SMALL_NUMBER = re.compile(
    r"[0-9][0-9,.]{0,11}\s*(?:%|" + one_of((*spec.COUNT_UNITS, *spec.MONEY_UNITS)) + ")?")


def _is_small_number(value: str | None) -> bool:
    """(Seven digits at most: a phone number has more.)"""
    if is_blank(value):
        return False
    text = compact(value).replace("。", ".")  # (compact's NFKC makes '，' a ',')
    return bool(_SMALL_NUMBER.fullmatch(text)) and sum(c.isdigit() for c in text) <= 7


_FOOTER_WORDS = tuple(compact(w) for w in (*spec.FOOTER_MARKERS, *spec.FORM_WORDS, "电话"))


def _is_data_text(value: str | None) -> bool:
    """A text a data row holds, not a footer's word or "name：value"."""
    return not is_blank(value) and not LABEL_PREFIX.match(value) \
        and not _is_small_number(value) and not compact(value).startswith(_FOOTER_WORDS)


def _last_data_row(sheet: Sheet, columns: DataColumns, start: int) -> int:
    """The last row from start on that reads as a data row (-1: none)."""
    for row in range(sheet.n_rows - 1, start - 1, -1):
        if columns.holds_data(sheet, row):
            return row
    return -1


# What a unit's code (or a data row's first cell) may start with.
ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def data_row_indices(sheet: Sheet, header_row: int, columns: DataColumns | None = None) -> list[int]:
    """Rows below the header that hold data: not blank, not a totals row. The footer
    (填表人/审核人/联系电话 ...) ends the data: the lines after its first one (a date, a
    stamp) belong to it too. Only a trailing footer does (given the sheet's columns): a
    row starting with a footer word that reads as data itself (负责人安全生产培训班 in a
    first column 培训名称), or that a data row follows (a note 说明：… among the data), is
    read as a row, for validation to load or report."""
    start = header_row + 1
    if not sheet.width or start >= sheet.n_rows:
        return []
    # A row whose first cell starts with a letter or digit is data (every marker starts
    # with a Chinese character): found for the whole column at once; only the other
    # rows are looked at one by one. (A small sheet's column is quicker in Python than
    # a compute call.)
    if sheet.n_rows - start <= SMALL_SHEET_ROWS:
        keep = np.fromiter((v is not None and v[:1] in ALNUM for v in sheet.column(0)[start:]),
                           dtype=bool, count=sheet.n_rows - start)
    else:
        keep = mask(pc.match_substring_regex(sheet.arrays[0].slice(start), "^[0-9A-Za-z]"))
    last_data: list[int] = []  # looked for once, when first needed

    def starts_footer(row: int) -> bool:
        if columns is None:
            return True
        if columns.holds_data(sheet, row):
            return False
        if not last_data:
            last_data.append(_last_data_row(sheet, columns, start))
        return row > last_data[0]

    first = next((i for i in range(min(3, sheet.n_rows - start))
                  if _first_cell(sheet, start + i)[1] is not None), None)
    if first is not None and _numbers_the_columns(sheet, start + first):
        keep[first] = False  # (its first cell may be a digit: 1 2 3 …)
    else:
        first = None
    for i in np.flatnonzero(~keep).tolist():
        if i == first:
            continue
        col, value = _first_cell(sheet, start + i)
        if value is None:
            continue
        key = compact(value)
        # A totals row: its first cell a marker, or a name of what it totals; and no
        # unit's code (a unit named 众合计 or 汇总科技 in a first column 单位名称 is a unit).
        if (key.startswith(_TOTAL_MARKERS) or _is_named_totals(key)) \
                and not (columns and columns.has_code(sheet, start + i)) \
                and not (columns and columns.names_the_district(sheet, start + i, col)):
            continue
        if _reads_as_footer(key) and starts_footer(start + i):
            keep[i:] = False
            break
        if columns is not None and columns.code is not None and _is_statement(sheet, start + i, key) \
                and starts_footer(start + i):
            if all(_closes_table(sheet, row) for row in range(start + i + 1, sheet.n_rows)):
                keep[i:] = False
                break
            continue
        if columns is not None and _repeats_header(sheet, header_row, start + i, columns):
            # The header again, pasted in with another unit's rows, maybe under a title
            # of its own ('西湖社区服务卡'): neither is a row.
            above = next((j for j in range(i - 1, -1, -1) if _first_cell(sheet, start + j)[1] is not None), None)
            if above is not None and keep[above] and is_text_line(sheet, start + above, cells=1):
                keep[above] = False
            continue
        if _CONTINUATION.search(key) and _alone_on_its_line(sheet, start + i):
            continue  # '续表' above a page's header
        keep[i] = True
    return (np.flatnonzero(keep) + start).tolist()


_STEMS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"  # (the branches go on after the stems)
_COLUMN_NUMBER = re.compile(r"\(?(\d{1,2})\)?")
_DASHES = frozenset(("—", "-", "--", "——", "/"))
_COLUMN_FILLERS = _DASHES | {"栏次", "栏号", "列号", "行次", "序", "序号"}


def _numbers_the_columns(sheet: Sheet, row: int) -> bool:
    """A statistical form's 栏次 row under the header: the columns' numbers (from 1) and
    letters (甲, 乙, 丙… or A, B, C…) in order, maybe after a word 栏次 or dashes
    ('甲 乙 丙 1 2 3 … 9', '（1）（2）（3）', '栏次 A B 1 2 — 3 庚'). No unit's data."""
    stems = latin = numbers = fillers = marked = 0
    for value in (sheet.cell(row, c) for c in range(sheet.width)):
        if is_blank(value):
            continue
        if len(value.strip()) > 6:  # (a code, a name: a data row, found at its first cell)
            return False
        cell = compact(value)
        found = _COLUMN_NUMBER.fullmatch(cell)
        if found and int(found.group(1)) == numbers + 1:
            numbers += 1
        elif stems < len(_STEMS) and cell == _STEMS[stems]:
            stems += 1
        elif latin < 26 and cell.upper() == chr(ord("A") + latin):
            latin += 1
        elif cell in _COLUMN_FILLERS:
            fillers += cell in _DASHES
            marked += cell not in _DASHES  # (the word 栏次 marks the row: no doubt)
        else:
            return False
    # (Numbers and a dash may be a row whose code is '-': 1 - 2 3 is data; many dashes
    # under the text columns, '— — 1 2 … 12', are a 栏次 row.)
    if marked:  # ('栏次 — 1 2' under a narrow table)
        return numbers + stems + latin >= 2
    return numbers + stems + latin >= 3 and (numbers >= 2 or stems + latin >= 3) \
        and (stems + latin >= 2 or fillers != 1 or numbers >= 6)


# A line after the data that is no row of it, shaped as a footer's: a short name and its
# colon ('报出日期：', '统计负责人：', '附注：'), or a stamp ('（公章）').
_FOOTER_LINE = re.compile(r"[^:：()（）]{1,8}[:：]|[(（][^()（）]*(?:盖章|公章|签章|签字)[^()（）]*[)）]")


def _reads_as_footer(key: str) -> bool:
    """Whether a line's first cell (compacted) reads as a footer's: a footer word, a
    short "name：" or a stamp."""
    return key.startswith(_FOOTER_MARKERS) or bool(_FOOTER_LINE.match(key))


def _is_statement(sheet: Sheet, row: int, key: str) -> bool:
    """A sentence alone on its line vouching for the table (template_spec
    STATEMENT_OPENINGS; key: its first cell compacted)."""
    return (key.startswith(_STATEMENT_OPENINGS) or bool(_STATEMENT_WORDS.search(key))) \
        and _alone_on_its_line(sheet, row)


def is_text_line(sheet: Sheet, row: int, cells: int | None = None) -> bool:
    """Whether a row holds only text (a title's, a header's: no count, amount or unit's
    code), in this many cells if given."""
    values = [v for v in sheet.row(row) if not is_blank(v)]
    return bool(values) and (cells is None or len(values) == cells) and not any(
        _is_small_number(v) or _CODE_LIKE.fullmatch(compact(v)) or _NUMBER_TEXT.fullmatch(compact(v))
        for v in values)


_NUMBER_TEXT = re.compile(r"[-+]?[\d,.]+%?")


def _alone_on_its_line(sheet: Sheet, row: int) -> bool:
    """Whether the row holds one cell that is not blank (a merged line's text)."""
    return sum(not is_blank(sheet.cell(row, c)) for c in range(sheet.width)) == 1


# A date alone on a footer line ('2026年4月3日', '2026-04-03', '二〇二六年四月三日').
_FOOTER_DATE = re.compile(r"[\d〇零一二三四五六七八九十]{2,4}\s*[年.\-/]\s*[\d一二三四五六七八九十]{1,2}\s*"
                          r"[月.\-/]\s*[\d一二三四五六七八九十]{1,3}\s*[日号]?")


def _closes_table(sheet: Sheet, row: int) -> bool:
    """Whether a line after a statement is one a footer holds: blank, a footer word or
    line, another statement, or a date alone."""
    _, value = _first_cell(sheet, row)
    if value is None:
        return True
    key = compact(value)
    return _reads_as_footer(key) or _is_statement(sheet, row, key) or (
        bool(_FOOTER_DATE.fullmatch(key)) and _alone_on_its_line(sheet, row))


def _repeats_header(sheet: Sheet, header_row: int, row: int, columns: DataColumns) -> bool:
    """Whether the row's template cells hold the header's names again (at least two,
    each its column's header cell, or one above it: a two-row header, a units row)."""
    names = 0
    for col in columns.template:
        value = sheet.cell(row, col)
        if is_blank(value):
            continue
        heads = {compact(h) for h in (sheet.cell(r, col) for r in range(max(header_row - 3, 0),
                                                                       header_row + 1))
                 if not is_blank(h)}
        if compact(value) not in heads:
            return False
        names += 1
    return names >= 2


def _kpi_parser(reference: Reference) -> Callable[[str], str]:
    """A KPI by its code or a name (intake's kpi_catalog); a name with another unit or
    remark in brackets than the catalog's (帮扶金额（元）) is refused saying so."""
    def code_of(key: str) -> str | None:
        return reference.kpis.get(key) or reference.kpis.get(key.lower())

    def parse(value: str) -> str:
        key = compact(value)
        code = code_of(key)
        if code is None:
            raise CellError("kpi_unit" if code_of(without_trailing_remark(key)) else "kpi")
        return code
    return parse


# How a target is often written around its number: '≥95%', '95%以上', '不低于95%'.
_TARGET_WORDING = re.compile(r"^(?:≥|>=|不低于|不少于|达到)|(?:及以上|以上)$")


# A remark after the target saying what change it is ('95%（提高2个百分点）', a number in
# it): the target is the number before it. '2（个百分点）' is a change in its unit.
_POINTS_REMARK = re.compile(r"(?<=\S)[(（][^()（）]*\d[^()（）]*百分点[^()（）]*[)）]$")
_POINTS_UNIT = re.compile(r"[(（](" + "|".join(spec.TARGET_POINTS_WORDS) + r")[)）]$")


def _target(value: str) -> tuple[float, bool]:
    """(number, written as a percentage). Never negative: progress (actual ÷ target) and
    ranking mean nothing against a negative target."""
    text = _TARGET_WORDING.sub("", _POINTS_UNIT.sub(
        r"\1", _POINTS_REMARK.sub("", compact(without_spaced_groups(value)))))
    if text.endswith(spec.TARGET_POINTS_WORDS):  # (提高2个百分点: a change, not the rate)
        raise CellError("target_points")
    if text.startswith(("-", "\u2212")):
        raise CellError("target_negative")
    is_percent = text.endswith("%")
    try:
        number = parse_number(text.rstrip("%"))
    except CellError:
        raise CellError("target") from None
    return number, is_percent


# A count's target written with 万, perhaps with a unit of counting after it: '1.5万',
# '2万人'.
_TEN_THOUSANDS = re.compile("^(.+)万(?:" + one_of(spec.COUNT_UNITS) + ")?$")


def _target_in_kpis_unit(value: str, kpi_code: str | None) -> float | None:
    """A target written with 万 ('30万', '1.5万人'), which the KPI's unit reads: 30万 of
    帮扶金额 is 30万元, 1.5万 members are 15,000; of a rate, or no KPI, None."""
    unit = kpi_units().get(kpi_code or "")
    text = _TARGET_WORDING.sub("", compact(fold(value)))
    try:
        if unit in spec.MONEY_UNITS:
            return parse_money(text) * spec.MONEY_UNIT_DIVISORS[unit]
        if unit in spec.COUNT_UNITS and (found := _TEN_THOUSANDS.match(text)):
            return round(parse_number(found.group(1)) * 10_000, 6)  # (1.1万: 11000, not …0002)
    except CellError:
        pass
    return None


def _targets_in_kpis_unit(result: ParsedColumn, cells: pa.Array, kpi_codes: ParsedColumn | None) -> None:
    """Targets read by their row's KPI: a count's in money refused, and cells refused as
    no number that the KPI's unit reads (_target_in_kpis_unit) rescued."""
    if kpi_codes is None:
        return
    _refuse_money_for_counts(result, cells, kpi_codes)
    _refuse_percents_for_amounts(result, kpi_codes)
    _refuse_rates_over_100(result, kpi_codes)
    if not result.errors:
        return
    errors, where, values = [], np.zeros(len(cells), dtype=bool), []
    for position, rule in result.errors:
        number = _target_in_kpis_unit(cells[position].as_py(), kpi_codes.values[position].as_py()) \
            if rule == "target" else None
        if number is None:
            errors.append((position, rule))
        else:
            where[position] = True
            values.append(number)
    if values:
        result.errors = errors
        result.values = replaced(result.values, where, pa.array(values, pa.float64()))
        result.extra = replaced(result.extra, where, pa.array([False] * len(values)))


def _refuse_money_for_counts(result: ParsedColumn, cells: pa.Array, kpi_codes: ParsedColumn) -> None:
    """A count's target written in money ('1.5万元' of 会员人数) is refused: read as 万元
    it had been 1.5 members, where '1.5万' is 15,000."""
    units = kpi_units()
    refused = [int(i) for i in np.flatnonzero(mask(pc.match_substring(cells, "元")))
               if result.values[int(i)].is_valid
               and units.get(kpi_codes.values[int(i)].as_py() or "") in spec.COUNT_UNITS]
    _refuse(result, refused, "target")


def _refuse_percents_for_amounts(result: ParsedColumn, kpi_codes: ParsedColumn) -> None:
    """A count's or an amount's target written as a percent ('95%' of 新建工会数) is
    refused: it had loaded as 95 units."""
    units = kpi_units()
    percent = mask(result.extra.fill_null(False)) if result.extra is not None else np.zeros(0, bool)
    refused = [int(i) for i in np.flatnonzero(percent)
               if units.get(kpi_codes.values[int(i)].as_py() or "", "%") != "%"]
    _refuse(result, refused, "target_percent")


def _refuse_rates_over_100(result: ParsedColumn, kpi_codes: ParsedColumn) -> None:
    """A rate's target over 100 (150%, or 120 of 建会率) is refused: no share of units or
    workers goes past the whole (it had loaded, and made every street's progress small)."""
    units = kpi_units()
    over = [int(i) for i in np.flatnonzero(mask(pc.greater(result.values, 100.0)))
            if units.get(kpi_codes.values[int(i)].as_py() or "") == "%"]
    _refuse(result, over, "target_rate_over_100")


def _refuse(result: ParsedColumn, positions: list[int], rule: str) -> None:
    """The cells at positions lose their values and are errors of the rule."""
    if positions:
        keep = np.ones(len(result.values), dtype=bool)
        keep[positions] = False
        result.values = only(result.values, keep)
        result.errors = sorted([*result.errors, *((i, rule) for i in positions)])


# A year a 年度 column may give (a two-digit 26, or 20262027 from two years typed in one
# cell, is none: its targets would match no month).
YEARS = (2000, 2100)


def _refuse_implausible_years(result: ParsedColumn) -> None:
    values = result.values
    outside = np.flatnonzero(mask(pc.or_(pc.less(values, YEARS[0]), pc.greater(values, YEARS[1]))))
    _refuse(result, [int(i) for i in outside], "year")


def _street_parser(reference: Reference, sheet_type: spec.SheetType) -> Callable[[str], str]:
    """Streets are stored folded ('ALL' for the district); dbt maps them to codes.
    With no street registry loaded yet, any name is accepted."""
    def parse(value: str) -> str:
        key = compact(value)
        if sheet_type.kind == spec.TARGETS and key in spec.DISTRICT_WORDS:
            return "ALL"
        if reference.streets and key not in reference.streets:
            found = reference.street_as_read(key)
            if found is None:
                raise CellError("street")
            return found
        return key
    return parse


def knows_street(reference: Reference, written: str) -> bool:
    """Whether the street list reads a street as written (_street_parser's test)."""
    key = compact(written)
    return key in reference.streets or reference.street_as_read(key) is not None


def _street_choices(reference: Reference) -> str:
    """The list in force's names, for a street's message (a long list is cut short)."""
    names = reference.street_list
    shown = "、".join(names[:spec.STREETS_NAMED_IN_MESSAGE])
    return shown + ("等" if len(names) > spec.STREETS_NAMED_IN_MESSAGE else "")


def _registry_street(text: str, rule: str) -> tuple[str, str] | None:
    """A registry enterprise outside the street list still counts for the district."""
    return (compact(text), "street_unknown_registry") if rule == "street" else None


def _cell_parser(column: spec.Column, sheet_type: spec.SheetType, reference: Reference):
    parse = _value_parser(column, sheet_type, reference)
    if column.date_is_year:
        parse = _year_of_dates(parse)
    if column.range_starts:
        parse = _first_of_ranges(parse)
    if not column.suffixes:
        return parse
    ending = re.compile("(?:" + "|".join(map(re.escape, column.suffixes)) + r")\s*$")
    return lambda value: parse(ending.sub("", value.strip()))


# How a date cell reads (reader.without_midnight leaves '2026-01-01'; a time of day stays).
_DATE_CELL = re.compile(r"\s*(\d{4})-\d{2}-\d{2}(?: \d{2}:\d{2}:\d{2})?\s*")


def _year_of_dates(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """A date cell read as its year: the year a yyyy format shows (2026-01-01 is 2026;
    a serial the reader left is a date's text by then: parse._dates_left_as_serials)."""
    def read(value: str) -> Any:
        date = _DATE_CELL.fullmatch(value)
        return parse(date.group(1) if date else value)
    return read


def _first_of_ranges(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """A value read as itself, else, when it is a range of days, as its first day."""
    def read(value: str) -> Any:
        try:
            return parse(value)
        except CellError:
            first = first_day_of_range(value)
            if first is None:
                raise
            return parse(first)
    return read


# A street list's code and name are how files name the street: one reading as the
# district (ALL, 全区, 合计: how targets name it) would be the district's too.
_STREET_SPELLINGS = ("street_code", "street_name")


def _is_street_spelling(column: spec.Column, sheet_type: spec.SheetType) -> bool:
    return sheet_type.kind == spec.STREETS and column.field in _STREET_SPELLINGS


def _not_the_district(parse: Callable[[str], str]) -> Callable[[str], str]:
    def parse_street_spelling(value: str) -> str:
        text = parse(value)
        if compact(text).upper() in _DISTRICT_WORDS:  # (all, ａｌｌ: ALL)
            raise CellError("street_reserved")
        return text
    return parse_street_spelling


def _value_parser(column: spec.Column, sheet_type: spec.SheetType, reference: Reference):
    if column.type == spec.ENUM:
        return enum_parser(column.enum, column.enum_aliases)
    if column.type == spec.STREET:
        return _street_parser(reference, sheet_type)
    if column.type == spec.KPI:
        return _kpi_parser(reference)
    if column.type == spec.TARGET:
        return _target
    if _is_street_spelling(column, sheet_type):
        parse = text_parser(column)
        if column.field == "street_code":  # (Ｓ3 typed in full width is the code S3)
            parse = lambda value, as_read=parse: fold(as_read(value))  # noqa: E731
        return _not_the_district(parse)
    if column.type == spec.TEXT:
        return text_parser(column)
    if column.unit is not None:
        return parse_money
    return CELL_PARSERS[column.type]


def _reject_merged_numbers(sheet_type: spec.SheetType, sheets: list[SheetCells],
                           sizes: np.ndarray, row_numbers: np.ndarray,
                           raw: dict[str, pa.Array], problems: _Problems) -> None:
    """An error on each row of a count merged over several units' rows."""
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    fields = [c.field for c in sheet_type.columns]
    for sheet, start, size in zip(sheets, starts, sizes):
        for field_name, merges in sheet.merged_numbers.items():
            index = fields.index(field_name)
            for offset in np.flatnonzero(np.isin(row_numbers[start:start + size], list(merges))):
                position = int(start + offset)
                problems.add((0, index), position, field_name, raw[field_name][position].as_py(),
                             "error", "merged_number", merge=merges[int(row_numbers[position])])


class _Problems:
    """Issues of a batch of sheets, with the rows they reject or warn."""

    def __init__(self, sheets: list[SheetCells], sheet_of_row: np.ndarray,
                 row_numbers: np.ndarray):
        self.sheets = sheets
        self.sheet_of_row = sheet_of_row
        self.row_numbers = row_numbers
        self.found: list[tuple[tuple[int, int, int, int], Issue]] = []
        self.error_rows = np.zeros(len(row_numbers), dtype=bool)
        self.warn_rows = np.zeros(len(row_numbers), dtype=bool)

    def add(self, order: tuple[int, int], position: int, field_name: str, value: Any,
            severity: str, rule: str, **extra: object) -> None:
        sheet_index = int(self.sheet_of_row[position])
        sheet = self.sheets[sheet_index]
        header = sheet.headers.get(field_name)
        row_number = int(self.row_numbers[position])
        shown = "" if value is None else str(value)
        message = _format(rule, row=row_number, header=header or "", value=shown, **extra)
        issue = Issue(sheet.sheet_name, row_number, header, shown or None, severity, rule,
                      message)
        self.found.append(((sheet_index, position, *order), issue))
        if severity == "error":
            self.error_rows[position] = True
        else:
            self.warn_rows[position] = True

    def by_sheet(self, unit_of_row: Callable[[int], str | None]) -> list[list[Issue]]:
        issues: list[list[Issue]] = [[] for _ in self.sheets]
        for key, issue in sorted(self.found, key=lambda item: item[0]):
            issue.credit_code = unit_of_row(key[1])
            issues[key[0]].append(issue)
        return issues


_OWN_MONEY_UNIT = "(" + one_of((*spec.MONEY_UNITS, *spec.MONEY_CELL_UNITS)) + ")[\\s\u3000]*$"


def _convert_units(result: ParsedColumn, cells: pa.Array, divisors: list[int],
                   sizes: np.ndarray) -> None:
    """Each sheet's values of a money column into 万元 by its header's unit (35000 under
    帮扶金额（元） is 3.5); a cell with a unit of its own ('3.5万元') is in 万元 already."""
    if all(d == 1 for d in divisors):
        return
    per_row = np.repeat(np.asarray(divisors, dtype=np.float64), sizes)
    if len(cells):
        per_row[mask(pc.match_substring_regex(cells, _OWN_MONEY_UNIT))] = 1.0
    result.values = pc.divide(result.values, pa.array(per_row))


def validate_sheets(sheet_type: spec.SheetType, sheets: list[SheetCells],
                    months: list[dt.date | None], reference: Reference,
                    files: list[int] | None = None) -> list[tuple[SheetRows, list[Issue]]]:
    """Validate sheets of one type together; months: each sheet's file's report month;
    files: which file each sheet is of (sheets of one file in their order; default one
    file per sheet)."""
    sizes = np.array([s.cells.num_rows for s in sheets], dtype=np.int64)
    sheet_of_row = np.repeat(np.arange(len(sheets)), sizes)
    file_of_row = sheet_of_row if files is None else np.repeat(np.asarray(files), sizes)
    all_cells = pa.Table.from_batches([s.cells for s in sheets]).combine_chunks()
    row_numbers = all_cells.column("row_number").to_numpy()
    present = {c.field: np.repeat([c.field in s.headers for s in sheets], sizes)
               for c in sheet_type.columns}
    problems = _Problems(sheets, sheet_of_row, row_numbers)

    raw: dict[str, pa.Array] = {}
    parsed: dict[str, ParsedColumn] = {}
    for index, column in enumerate(sheet_type.columns):
        raw[column.field] = cells = without_midnight(all_cells.column(column.field).chunk(0)) \
            if all_cells.num_rows else pa.array([], pa.string())
        lenient = _registry_street if (column.type == spec.STREET
                                       and sheet_type.kind == spec.REGISTRY) else None
        parsed[column.field] = result = parse_column(
            cells, column.type, _cell_parser(column, sheet_type, reference), lenient,
            fast_path=not _is_street_spelling(column, sheet_type))
        if column.unit is not None:
            _convert_units(result, cells, [s.divisors.get(column.field, 1) for s in sheets], sizes)
        if column.type == spec.TARGET:
            _targets_in_kpis_unit(result, cells, parsed.get("kpi_code"))
        if column.date_is_year:
            _refuse_implausible_years(result)
        for position, rule in result.errors:
            extra = {"choices": "、".join(column.enum)} if rule == "enum" else \
                {"choices": _street_choices(reference)} if rule == "street" else \
                {"choices": "、".join(reference.kpi_list)} if rule == "kpi" else {}
            problems.add((0, index), position, column.field, cells[position].as_py(), "error",
                         rule, **extra)
        for position, rule in result.warnings:
            problems.add((0, index), position, column.field, cells[position].as_py(),
                         "warning", rule)

    _reject_merged_numbers(sheet_type, sheets, sizes, row_numbers, raw, problems)

    # A row with nothing in any of the template's columns (a pre-numbered template row:
    # only its 序号 is filled) is a blank row, not a row of errors.
    empty = np.logical_and.reduce([parsed[c.field].blank for c in sheet_type.columns])
    _check_required(sheet_type, parsed, raw, present, problems, ~empty)
    _check_rules(sheet_type, parsed, raw, sheet_of_row, months, problems)
    _check_unique(sheet_type, parsed, raw, file_of_row, problems, reference)

    keep = ~problems.error_rows & ~empty
    keep_mask = pa.array(keep)
    columns: dict[str, pa.Array] = {}
    for column in sheet_type.columns:
        result = parsed[column.field]
        if column.type == spec.TARGET:
            columns["target_value"] = result.values.filter(keep_mask)
            columns["target_is_percent"] = result.extra.filter(keep_mask)
        else:
            columns[column.field] = result.values.filter(keep_mask)
    columns["row_number"] = pa.array(row_numbers[keep], type=pa.int32())
    columns["is_warned"] = pa.array(problems.warn_rows[keep])
    loaded_table = pa.Table.from_arrays(list(columns.values()), names=list(columns))

    loaded = np.bincount(sheet_of_row[keep], minlength=len(sheets))
    blank_rows = np.bincount(sheet_of_row[empty], minlength=len(sheets))
    warned = np.bincount(sheet_of_row[keep & problems.warn_rows], minlength=len(sheets))
    out = []
    start = 0
    unit_of_row = _unit_of_row(parsed.get("credit_code"), raw.get("credit_code"))
    for i, (sheet, issues) in enumerate(zip(sheets, problems.by_sheet(unit_of_row))):
        count = int(loaded[i])
        rows = SheetRows(sheet_type, sheet.sheet_name, loaded_table.slice(start, count),
                         rows_loaded=count,
                         rows_rejected=int(sizes[i]) - count - int(blank_rows[i]),
                         rows_warned=int(warned[i]), headers=sheet.headers)
        start += count
        out.append((rows, issues))
    return out


def _unit_of_row(codes: ParsedColumn | None, texts: pa.Array | None
                 ) -> Callable[[int], str | None]:
    """A row's credit code: as parsed when valid, else as written (what a person
    searching for the unit types); none for sheet types without one."""
    if codes is None:
        return lambda position: None

    def unit(position: int) -> str | None:
        code = codes.values[position].as_py()
        if code is None and texts is not None:
            code = texts[position].as_py()
            code = compact(code).upper() if code is not None else None
        return code or None
    return unit


def _check_unique(sheet_type, parsed, raw, file_of_row, problems, reference) -> None:
    """Rows of one file about the same thing (each of sheet_type.unique_keys), in one
    sheet or in two of the same type: the last one counts (its last sheet, its last
    row); each earlier one is warned, naming it, and the models leave it out. A street
    compares by its code: a renamed street's old and new names are one street."""
    warned = np.zeros(len(file_of_row), dtype=bool)
    for fields in sheet_type.unique_keys:
        keys = {f"k{i}": _street_codes(parsed[field].values, reference)
                if sheet_type.column(field).type == spec.STREET else parsed[field].values
                for i, field in enumerate(fields)}
        _warn_repeated(sheet_type, fields, keys, raw, file_of_row, problems, warned)


def _street_codes(values: pa.Array, reference: Reference) -> pa.Array:
    if not reference.streets or not len(values):
        return values
    found = {v: reference.street_code(v) for v in pc.unique(values).to_pylist() if v is not None}
    return pa.array([found.get(v) if v is not None else None for v in values.to_pylist()], pa.string())


def _warn_repeated(sheet_type, fields, keys, raw, file_of_row, problems, warned) -> None:
    """_check_unique for one key (fields, their values: keys); rows warned for an
    earlier key are left out."""
    if not len(file_of_row):
        return
    rows = pa.table({"file": file_of_row, "position": np.arange(len(file_of_row)), **keys})
    usable = ~problems.error_rows & ~warned & np.logical_and.reduce(
        [mask(pc.is_valid(values)) for values in keys.values()])
    rows = rows.filter(pa.array(usable))
    groups = rows.group_by(["file", *keys]).aggregate([("position", "count"),
                                                        ("position", "max")])
    repeated = groups.filter(pc.greater(groups["position_count"], 1))
    if not repeated.num_rows:
        return
    last = {(r["file"], *(r[k] for k in keys)): r["position_max"] for r in repeated.to_pylist()}
    first = fields[0]
    for row in rows.to_pylist():
        kept = last.get((row["file"], *(row[k] for k in keys)))
        position = row["position"]
        if kept is not None and kept != position:
            other = f"第{int(problems.row_numbers[kept])}行"
            kept_sheet = problems.sheets[int(problems.sheet_of_row[kept])].sheet_name
            if kept_sheet != problems.sheets[int(problems.sheet_of_row[position])].sheet_name:
                other = f"工作表“{kept_sheet}”{other}"
            sheet = problems.sheets[int(problems.sheet_of_row[position])]
            headers = "、".join(sheet.headers.get(f, sheet_type.column(f).name)
                                for f in fields)  # as written in the file
            problems.add((3, 0), position, first, raw[first][position].as_py(),
                         "warning", "duplicate_row", headers=headers, other=other)
            warned[position] = True


def _positions(mask: np.ndarray) -> list[int]:
    return np.flatnonzero(mask).tolist()


def _check_required(sheet_type, parsed, raw, present, problems, filled_rows) -> None:
    def written(field_name: str, position: int) -> str | None:  # a placeholder ('/'), if any
        text = raw[field_name][position].as_py()
        return None if is_blank(text) else text

    def as_written(text: str | None) -> str:
        return "" if text is None else spec.PLACEHOLDER_WRITTEN.format(value=text)

    for index, column in enumerate(sheet_type.columns):
        if not column.required:
            continue
        result = parsed[column.field]
        missing = result.blank & present[column.field] & filled_rows
        if not missing.any():
            continue
        if column.required_unless:
            other_field, other_value = column.required_unless
            others = parsed[other_field].values
            for position in _positions(missing):
                other = others[position].as_py()
                if other is None or other == other_value:  # None: reported already
                    continue
                text = written(column.field, position)
                problems.add((1, index), position, column.field, text, "error", "required_unless",
                             other=sheet_type.column(other_field).name, other_value=other,
                             as_written=as_written(text))
            continue
        for position in _positions(missing):
            text = written(column.field, position)
            problems.add((1, index), position, column.field, text, "error", "required",
                         as_written=as_written(text))


def _month_bounds(sheet_of_row: np.ndarray, months: list[dt.date | None]
                  ) -> tuple[pa.Array, pa.Array]:
    starts = pa.array(months, type=pa.date32())
    ends = pa.array([month_end(m) if m else None for m in months], type=pa.date32())
    take = pa.array(sheet_of_row, type=pa.int64())
    return starts.take(take), ends.take(take)


def _check_rules(sheet_type, parsed, raw, sheet_of_row, months, problems) -> None:
    bounds = None
    for index, rule in enumerate(sheet_type.rules):
        values = parsed[rule.field].values
        others = parsed[rule.other].values if rule.other else None
        if rule.kind == "le_field":  # an error or, by its severity, a warning
            broken = pc.greater(values, others)
        elif rule.kind == "after_field":
            broken = pc.less_equal(values, others)
        elif rule.kind == "min_value":
            broken = pc.less(pc.cast(values, pa.float64()), float(rule.value))
        elif rule.kind in ("not_after_month_end", "in_month"):
            bounds = bounds or _month_bounds(sheet_of_row, months)
            starts, ends = bounds
            if rule.kind == "not_after_month_end":
                broken = pc.greater(values, ends)
            else:
                broken = pc.or_(pc.less(values, starts), pc.greater(values, ends))
        else:
            raise ValueError(f"unknown rule kind {rule.kind}")
        for position in _positions(mask(broken)):
            extra: dict[str, object] = {}
            if others is not None:
                extra["other_value"] = others[position].as_py()
            if rule.kind in ("not_after_month_end", "in_month"):
                month = months[int(sheet_of_row[position])]
                extra = {"month_end": month_end(month).isoformat(),
                         "month": month.strftime("%Y-%m")}
            problems.add((2, index), position, rule.field, raw[rule.field][position].as_py(),
                         rule.severity, rule.code, **extra)
