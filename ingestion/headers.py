"""Find what a sheet is and where its header row is.

A sheet's type comes from its name (canonical or alias) or, failing that, from its
header row. The header row is the first of the top rows where the type's required
columns all match, reading each row together with the row above it: a column's name
is its lowest non-empty header cell, so merged group labels above are ignored.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping

from ingestion import template_spec as spec
from ingestion.normalize import (
    after_leading_period, header_key, header_remarks, header_unit, is_blank, label_key, names_a_change,
    names_other_period, one_of, remark_names_other_period, says_only_another_period,
)
from ingestion.reader import Sheet


@dataclass(frozen=True)
class HeaderMatch:
    """Immutable: matches are cached and shared by every file with the same header."""

    sheet_type: spec.SheetType
    header_row: int  # 0-based index of the (lowest) header row
    columns: Mapping[str, tuple[int, str]]  # field -> (column index, header as written)
    unknown: tuple[str, ...] = ()  # headers of ignored columns
    # Columns of the same name as a column matched before them: (field, index, header).
    duplicates: tuple[tuple[str, int, str], ...] = ()
    # Headers of columns left out for another of the same name that is the month's own
    # (办卡数（累计） beside 办卡数（本月）).
    other_period: tuple[str, ...] = ()
    # A group label naming a field over parts naming none (帮扶金额 over 现金 | 实物):
    # field -> (group as written, the parts' headers). The field has no column.
    split: Mapping[str, tuple[str, tuple[str, ...]]] = dataclasses.field(
        default_factory=lambda: MappingProxyType({}))
    # In a sheet of one row per unit's month (SheetType.rows_are_unit_months), a field
    # whose only columns name another period (办卡数（累计） alone): field -> their
    # headers as written. The field has no column: the year so far is not the month's cards.
    other_period_only: Mapping[str, tuple[str, ...]] = dataclasses.field(
        default_factory=lambda: MappingProxyType({}))

    @property
    def columns_named(self) -> int:
        """Template columns the header names, for the month or only for another period."""
        return len(self.columns) + len(self.other_period_only)

    @property
    def missing(self) -> list[spec.Column]:
        return [c for c in self.sheet_type.required_columns if c.field not in self.columns]


def _alias_index(sheet_type: spec.SheetType) -> dict[str, str]:
    return {header_key(name): col.field for col in sheet_type.columns for name in col.all_names}


_ALIASES = {s.key: _alias_index(s) for s in spec.SHEET_TYPES}
_SHEET_NAMES = {header_key(name): s for s in spec.SHEET_TYPES for name in s.all_names}


def type_from_sheet_name(name: str) -> spec.SheetType | None:
    return _SHEET_NAMES.get(header_key(name))


# A labelled value ('填表日期：2026-04-03', '单位：人'), not a header: a label line just
# above the header row names no column. (其中：… is a header's own prefix.)
_LABELLED_VALUE = re.compile(r"\s*(?!其中)[^\s:：]{1,10}\s*[:：]\s*\S")


# (Not the form's other words: 日期 or 单位 may be a group label over two columns.)
_LABEL_WORDS = frozenset(label_key(w) for w in (*spec.MONTH_LABELS, *spec.SUBMITTER_LABELS))


def header_names(cells: tuple[str | None, ...], above: tuple[str | None, ...] | None
                 ) -> list[str | None]:
    """Each column's name read in a row (cells) together with the row above it. A label
    line above the header ('报告期' | 2026-04, right of a narrow table) names no column:
    neither the label nor its value."""
    above = above or (None,) * len(cells)
    names = []
    left: str | None = None  # the last filled cell of the row above, left of this one
    for lower, upper in zip(cells, above):
        if is_blank(lower) and not (upper and (
                _LABELLED_VALUE.match(upper) or label_key(upper) in _LABEL_WORDS
                or (left is not None and label_key(left) in _LABEL_WORDS))):
            lower = upper
        names.append(None if is_blank(lower) else lower.strip())
        if not is_blank(upper):
            left = upper
    return names


def group_labels(cells: tuple[str | None, ...], above: tuple[str | None, ...] | None
                 ) -> list[str | None]:
    """Each column's group label in the row above: its own cell there, else the nearest
    filled one to its left (a label merged across columns holds its text in the first)."""
    groups: list[str | None] = []
    group: str | None = None
    for upper in above or (None,) * len(cells):
        if not is_blank(upper):
            group = upper.strip()
        groups.append(group)
    return groups


_QIZHONG = re.compile(r"\s*其中")
_GROUP_TOTALS = frozenset(header_key(w) for w in spec.GROUP_TOTAL_HEADERS)
_COUNTED = re.compile(r"人?数$")


def _grouped_field(sheet_type: spec.SheetType, aliases: dict[str, str], name: str,
                   group: str | None, left: tuple[str, str] | None) -> tuple[str, str] | None:
    """(field, header as written) of a column whose name says what it is only with the
    group label above it, or the column left of it (left: its field and header):
    合计 under 职工人数 is 职工人数 (written as the group, so a unit in it is read:
    帮扶金额（元）); 其中：农民工 under 会员人数 (or 工会会员数), or right of it in a
    one-row header, is 农民工会员人数 (under or right of 职工人数, 农民工人数: the name
    alone). None: the name alone says (or nothing does)."""
    key = header_key(name)
    group_key = header_key(group) if group is not None else ""
    # 合计 under 职工人数, or a name the group's repeats (金额 or 帮扶金额 under
    # 帮扶金额（元）, 人数 under 职工人数): the group's own figure, in the group's unit.
    if key in _GROUP_TOTALS or (len(key) >= 2 and key in group_key):
        field = aliases.get(group_key)
        # Written as the group, whose unit counts (帮扶金额（元）), unless the 合计 states
        # its own (合计（元） under 帮扶金额): then both, the unit last.
        return (field, f"{group} {name}" if header_unit(name) else group) if field else None
    if not _QIZHONG.match(name) or not key:  # (a bare 其中 names nothing)
        return None
    bases = [] if group is None else [(aliases.get(group_key), group)]
    if left is not None:
        bases.append(left)
    for field, written in bases:
        whole = header_key(sheet_type.column(field).name if field else written)
        for candidate in (key + whole, key + _COUNTED.sub("", whole)):
            if candidate in aliases:
                return aliases[candidate], f"{written} {name}"
    return None


def _other_period_label(group: str, aliases: dict[str, str], flows: bool) -> bool:
    """A short group label naming another period (上月, 上年同期; 累计 over flows), not a
    column; a title over the whole table is longer."""
    key = header_key(group)
    return (len(key) <= spec.OTHER_PERIOD_LABEL_CHARS and key not in aliases
            and names_other_period(key, flows))


def match_row(sheet: Sheet, row: int, sheet_type: spec.SheetType) -> HeaderMatch:
    return _match_cells(sheet_type.key, row, sheet.row(row),
                        sheet.row(row - 1) if row > 0 else None)


# The same header (and title) rows come in file after file.
@functools.lru_cache(maxsize=4096)
def _match_cells(type_key: str, row: int, cells: tuple[str | None, ...],
                 above: tuple[str | None, ...] | None) -> HeaderMatch:
    aliases = _ALIASES[type_key]
    columns: dict[str, tuple[int, str]] = {}
    unknown: list[str] = []
    duplicates: list[tuple[str, int, str]] = []
    sheet_type = spec.sheet_type(type_key)
    groups = group_labels(cells, above)
    # The column a 其中 column belongs to in a one-row header: the nearest one left of
    # it that is no 其中 itself (会员人数 | 其中：女职工 | 其中：农民工).
    left: tuple[str, str] | None = None
    by_qizhong: set[str] = set()  # fields read from a 其中 column's name
    of_other_period: set[str] = set()  # fields read from another period's column
    of_another_period_only: set[str] = set()  # of those, whose remark says nothing else
    other_period: list[tuple[str, str]] = []  # (field, header)
    for c, name in enumerate(header_names(cells, above)):
        if name is None:
            left = None
            continue
        group = groups[c] if groups[c] != name else None
        if group is not None and _QIZHONG.match(group) and not header_key(group):
            # 其中 over 农民工 (a group label): 其中：农民工, of the column left of it.
            name, group = f"{group.strip()}：{name}", None
        part_of_left = bool(_QIZHONG.match(name))
        # Another period's figure (办卡数（累计）, 上月 over 职工人数): the field's only
        # when no column of the month's own names it.
        other = ("）" in name or ")" in name) and remark_names_other_period(
            header_remarks(name), sheet_type.counts_flows)
        # (Alone, only a column whose own remark says nothing but another period is
        # never the field: a group label's reach is not known without the merges.)
        only_other = other and sheet_type.rows_are_unit_months and says_only_another_period(
            name, sheet_type.counts_flows)
        if group is not None and _other_period_label(group, aliases, sheet_type.counts_flows):
            other, written, group = True, f"{group} {name}", None
        else:
            written = name
        change = not sheet_type.counts_flows and (
            names_a_change(header_remarks(name)) or (group is not None and names_a_change(group)))
        grouped = _grouped_field(sheet_type, aliases, name, group, left)
        target, name = grouped or (aliases.get(header_key(name)), written)
        if target is None and grouped is None and sheet_type.rows_are_unit_months and (
                rest := after_leading_period(name, sheet_type.counts_flows)) in aliases:
            # 本年累计受理件数, 上月会员人数: another period's, as （累计） after the name is.
            # (Only where a row is a unit's month: alone, such a column would be the
            # field of a class, a contract or a target, and 上年目标值 is no target.)
            target, other, only_other = aliases[rest], True, True
        if change and target is not None and sheet_type.column(target).type == spec.INT:
            target = None  # 会员人数（本年新增）, 本年新增 over 会员人数: never the members
        if not part_of_left:
            left = (target, name) if target else None
        if target is None:
            unknown.append(name)
        elif target in columns and target in of_other_period and not other:
            other_period.append((target, columns[target][1]))
            columns[target] = (c, name)
            of_other_period.discard(target)
        elif target in columns and other and target in of_another_period_only and not only_other:
            # (会员人数（上月结转的不计入） after 会员人数（上月）: a remark saying more is
            # the column, alone, before one saying nothing but the period.)
            other_period.append((target, columns[target][1]))
            columns[target] = (c, name)
            of_another_period_only.discard(target)
        elif target in columns and other:
            other_period.append((target, name))
        elif target in columns and target in by_qizhong and not part_of_left:
            # A column named outright (农民工人数) is the field, not a 其中 column read
            # as it before (其中：农民工 right of 经济类型).
            duplicates.append((target, *columns[target]))
            columns[target] = (c, name)
            by_qizhong.discard(target)
        elif target in columns:
            duplicates.append((target, c, name))
        else:
            columns[target] = (c, name)
            if part_of_left:
                by_qizhong.add(target)
            if other:
                of_other_period.add(target)
            if only_other:
                of_another_period_only.add(target)
    # Alone, another period's column is the field's, unless, in a row of a unit's month
    # (not an event of its own: a class's 参训人次（累计）), its remark says nothing but
    # the period: 办卡数（上半年） is never March's cards.
    # (Another period's columns after it are no more the month's: listed with it.)
    only = {target: (columns.pop(target)[1], *(n for t, n in other_period if t == target))
            for target in sorted(of_other_period & of_another_period_only)}
    return HeaderMatch(spec.sheet_type(type_key), row, MappingProxyType(columns),
                       tuple(unknown), tuple(duplicates),
                       other_period=tuple(n for t, n in other_period if t not in only),
                       other_period_only=MappingProxyType(only))


def _complete(match: HeaderMatch) -> bool:
    return not match.missing


def find_header(sheet: Sheet, sheet_type: spec.SheetType) -> HeaderMatch:
    """The header of a sheet whose type is known; incomplete when columns are missing."""
    rows = range(min(spec.HEADER_SEARCH_ROWS, sheet.n_rows))
    best: HeaderMatch | None = None
    for row in rows:
        match = match_row(sheet, row, sheet_type)
        if _complete(match):
            return _header_end(sheet, match)
        if best is None or len(match.columns) > len(best.columns):
            best = match
    return best or HeaderMatch(sheet_type, 0, MappingProxyType({}))


def another_table(sheet: Sheet, match: HeaderMatch, rows: list[int],
                  candidates: tuple[spec.SheetType, ...]) -> HeaderMatch | None:
    """The header of a second table of another type below this one's data (a 劳动争议
    table under the 服务卡 rows): the first of the rows given (no unit's code among them:
    they are looked at one by one) where another type's required columns all match."""
    others = [t for t in candidates if t.key != match.sheet_type.key]
    for row in rows[:SECOND_TABLE_ROWS_LOOKED_AT]:
        complete = [m for m in (match_row(sheet, row, t) for t in others)
                    if _complete(m) or _names_another_period_only(m)]
        if complete:
            return _header_end(sheet, max(complete, key=lambda m: m.columns_named))
    return None


def _names_another_period_only(match: HeaderMatch) -> bool:
    """A header naming each required column, some only for another period (本年累计受理件数):
    another type's table still, refused for missing its month's columns."""
    return bool(match.columns) and all(c.field in match.other_period_only for c in match.missing)


# (A title, a note or a footer line is looked at; a sheet of many such rows is no report
# holding a second table.)
SECOND_TABLE_ROWS_LOOKED_AT = 20


def other_types_of_the_header(sheet: Sheet, match: HeaderMatch,
                              candidates: tuple[spec.SheetType, ...]) -> list[HeaderMatch]:
    """Other types whose required columns all match the same header, none of them
    another period's: a flat sheet of one row per unit holding 组建与会员's columns and
    服务卡's (本月办卡数) is both. Asked only of a header with columns it does not know."""
    if not match.unknown or not _complete(match):
        return []
    others = (find_header(sheet, t) for t in candidates if t.key != match.sheet_type.key)
    return [m for m in others if _complete(m) and m.header_row == match.header_row
            and not any(names_other_period(m.columns[c.field][1], m.sheet_type.counts_flows)
                        for c in m.sheet_type.required_columns)]  # (办卡数（累计）: information)


def _header_end(sheet: Sheet, match: HeaderMatch) -> HeaderMatch:
    """A complete header row's match, taken down through the rows below it that still
    belong to the header: a lower row of names, a row merged into it, a units row."""
    return _with_units_row(sheet, _merged_down_rows(sheet, _prefer_lower_row(sheet, match)))


def _prefer_lower_row(sheet: Sheet, match: HeaderMatch) -> HeaderMatch:
    """With a two-row header whose required names all sit in the upper row (merged down),
    the lower row still names more columns: the header ends there."""
    below = match.header_row + 1
    if below >= min(spec.HEADER_SEARCH_ROWS, sheet.n_rows):
        return match
    # (A third header row reads the two above it as one: 职工情况 › 职工人数 › 合计.)
    lower = _match_below(sheet, match)
    # (As many: the lower row still belongs to the header when a column's name is in
    # it, a 合计 under 帮扶金额; a row left blank by the merges above is no header.)
    if _complete(lower) and (len(lower.columns) > len(match.columns) or (
            len(lower.columns) == len(match.columns)
            and any(not is_blank(sheet.cell(below, c)) for c, _ in lower.columns.values()))):
        return lower
    return match


def _match_below(sheet: Sheet, match: HeaderMatch) -> HeaderMatch:
    """The row below a header read as its lowest row; a third header row reads the two
    above it as one (职工情况 › 职工人数 › 合计)."""
    above = sheet.row(match.header_row - 1) if match.header_row > 0 else None
    return _match_cells(match.sheet_type.key, match.header_row + 1,
                        sheet.row(match.header_row + 1),
                        _rows_merged_down(sheet.row(match.header_row), above))


def _merged_down_rows(sheet: Sheet, match: HeaderMatch) -> HeaderMatch:
    """A row held in a merge that starts at a template column's header cell (统一社会
    信用代码 merged down two rows) is header too, though it names no template column
    (帮扶金额 over 现金 | 实物): a data row is never merged with its header. A group whose parts name no
    template column has no figure of its own: its field is missing (split), never read
    from its first part."""
    below = match.header_row + 1
    if below >= min(spec.HEADER_SEARCH_ROWS, sheet.n_rows):
        return match
    cells = sheet.row(below)
    # (Only a row with a required cell blank may be so; the merges are read only then.)
    if not any(is_blank(cells[c]) for f, (c, _) in match.columns.items()
               if match.sheet_type.column(f).required):
        return match
    if _row_units(cells) is not None:  # a units row: _with_units_row's
        return match
    # Only a template column's own header cell merged down into the row says so (a 备注
    # or a note box beside the table may run down past the header).
    merges = sheet.merged_ranges()
    matched = {c for c, _ in match.columns.values()}
    if not any(first == match.header_row and last >= below and first_col in matched
               for first, first_col, last, _ in merges):
        return match
    lower = _match_below(sheet, match)
    spans = {first_col: last_col for first, first_col, last, last_col in merges
             if first == match.header_row and last == match.header_row}
    split = {}
    for field, (c, written) in match.columns.items():
        if field not in lower.columns:
            parts = tuple(v.strip() for v in cells[c:spans.get(c, c) + 1] if not is_blank(v))
            split[field] = (written, parts)
    return replace(lower, split=MappingProxyType(split))


def _rows_merged_down(row: tuple[str | None, ...], above: tuple[str | None, ...] | None
                      ) -> tuple[str | None, ...]:
    """A header row with each blank cell read from the row above it (a name merged down
    both rows holds its text in the upper cell)."""
    if above is None:
        return row
    return tuple(above[c] if is_blank(v) and c < len(above) else v for c, v in enumerate(row))


# A cell holding only a known unit, in brackets or bare: （人）, (万元), （单位：元）, 件 —
# not a column number (（3）) or a remark (（本月无数据）).
_UNITS = one_of((*spec.COUNT_UNITS, *spec.MONEY_UNITS, *spec.MONEY_UNIT_ALIASES))
_UNIT_CELL = re.compile(r"\s*(?:[(（](?:单位[:：])?(" + _UNITS + r")[)）]|(" + _UNITS + r")"
                        r"|单位[:：]\s*(" + _UNITS + r"))\s*")
# Any other short unit in brackets (（美元）, （元/人）, （18位）; not a number alone): one
# of a units row that names a known unit elsewhere, so a money column's unknown unit is
# noted, not read as data.
_OTHER_UNIT_CELL = re.compile(r"\s*[(（](?:单位[:：])?(?![\d\s]+[)）])([^()（）:：]{1,6})[)）]\s*")


def _row_units(cells: tuple[str | None, ...]) -> dict[int, str] | None:
    """A units row's unit of each filled cell (column -> unit); None when the row is no
    units row (a cell other than a unit, or no known unit at all)."""
    filled = [(c, v) for c, v in enumerate(cells) if not is_blank(v)]
    known = [(c, _UNIT_CELL.fullmatch(v)) for c, v in filled]
    if not filled or not any(m for _, m in known) \
            or not all(m or _OTHER_UNIT_CELL.fullmatch(v) for (_, m), (_, v) in zip(known, filled)):
        return None
    return {c: (m.group(1) or m.group(2) or m.group(3)) if m
            else _OTHER_UNIT_CELL.fullmatch(v).group(1)
            for (c, m), (_, v) in zip(known, filled)}


def _with_units_row(sheet: Sheet, match: HeaderMatch) -> HeaderMatch:
    """A row of units under the header (（人） under 职工人数, （元） or 元 under 帮扶金额)
    is part of the header, not data: the header ends there, and each unit joins its
    column's header as written (so a money column's unit is read, see
    parse.unit_divisor)."""
    below = match.header_row + 1
    for _ in range(2):  # (the blank second row of a header merged down two rows, a gap)
        if below + 1 < sheet.n_rows and all(is_blank(v) for v in sheet.row(below)):
            below += 1
    if below >= sheet.n_rows:
        return match
    cells = sheet.row(below)
    units = _row_units(cells)
    if units is None:
        return match
    # A money unit stated for the table ('（单位：元）' under 统一社会信用代码) is the unit of
    # the money columns that state none of their own.
    money = {c for f, (c, _) in match.columns.items() if match.sheet_type.column(f).unit}
    stated = next((units[c] for c in units if "单位" in cells[c] and c not in money
                   and (units[c] in spec.MONEY_UNIT_DIVISORS or units[c] in spec.MONEY_UNIT_ALIASES)),
                  None)
    for c in money if stated else ():
        units.setdefault(c, stated)
    # (A header naming its unit already keeps it: the row below only repeats it.)
    columns = {field: (c, f"{name}（{units[c]}）" if c in units and header_unit(name) is None
                       else name)
               for field, (c, name) in match.columns.items()}
    return replace(match, header_row=below, columns=MappingProxyType(columns))


def nearly_matching_header(sheet: Sheet, candidates: tuple[spec.SheetType, ...]
                           ) -> HeaderMatch | None:
    """For a sheet no type's header matches whole: a header naming at least
    NEAR_HEADER_COLUMNS of one type's columns and missing one required column (a CSV
    without 建会日期), so the clerk is told which column is missing rather than that no
    sheet was recognised. Of several, the one naming the most columns."""
    # (Not one missing the units' codes: a street's summary, 所属街道 | 本月办卡数, is no
    # report of units.)
    # A column named only for another period (办卡数（累计）) is named, and the message
    # says so: a header naming every required column, some only so, is the type's too.
    def near(m: HeaderMatch) -> bool:
        unexplained = [c for c in m.missing if c.field not in m.other_period_only]
        return bool(m.missing) and all(c.type != spec.CREDIT_CODE for c in m.missing) and (
            (len(unexplained) <= 1 and m.columns_named >= spec.NEAR_HEADER_COLUMNS)
            or (not unexplained and m.columns_named >= len(m.sheet_type.required_columns)))
    found = [m for m in (find_header(sheet, t) for t in candidates) if near(m)]
    return max(found, key=lambda m: m.columns_named) if found else None


def detect_by_header(sheet: Sheet, candidates: tuple[spec.SheetType, ...]) -> HeaderMatch | None:
    """For a sheet of unknown name: the first row where some type's required columns all
    match; among types matching that row, the one naming the most columns."""
    for row in range(min(spec.HEADER_SEARCH_ROWS, sheet.n_rows)):
        complete = [m for m in (match_row(sheet, row, t) for t in candidates) if _complete(m)]
        if complete:
            return _header_end(sheet, max(complete, key=lambda m: len(m.columns)))
    return None
