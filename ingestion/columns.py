"""Parse a whole column of text cells at once, into typed Arrow values and cell errors.

The cell normalizers of ingestion.normalize define what every cell means; this module
only makes applying them fast. Cells in the one canonical form a type's fast path
recognises ('123' for a count, '2026-03-05' for a date, a valid 18-character credit
code) are converted by Arrow in bulk; every other cell goes to the normalizer, once per
distinct value. A fast path accepts only text whose meaning the normalizer would give
identically (tests/test_columns.py checks both paths agree), so the rules stay in one
place and the common case costs no Python per cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ingestion import template_spec as spec
from ingestion.normalize import (
    CODE_CHARS, CODE_WEIGHTS, LOST_DIGITS_FROM, NUMBER_DIGITS, TRIM_CHARS, CellError, is_blank,
    code_as_read, parse_bool, parse_credit_code, parse_date, parse_enum, parse_int, parse_number,
    placeholder, text_as_read,
)

# Characters a blank cell may consist of, for the fast check; any other blank-looking
# cell (other Unicode spaces) is decided by is_blank on the slow path.
_BLANK_CHARS = "\x0b\x0c" + TRIM_CHARS

ARROW_TYPES = {
    spec.TEXT: pa.string(), spec.ENUM: pa.string(), spec.CREDIT_CODE: pa.string(),
    spec.STREET: pa.string(), spec.KPI: pa.string(), spec.INT: pa.int64(),
    spec.NUMBER: pa.float64(), spec.DATE: pa.date32(), spec.BOOL: pa.bool_(),
}


@dataclass
class ParsedColumn:
    values: pa.Array  # typed; null where blank or in error
    blank: np.ndarray  # bool per cell
    errors: list[tuple[int, str]] = field(default_factory=list)  # (position, rule)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    extra: pa.Array | None = None  # a target's is-percent flags


# Below this many cells a Python loop over a column beats a few compute calls.
SMALL_SHEET_ROWS = 2000


def mask(array: pa.Array) -> np.ndarray:
    """A boolean Arrow array as numpy, null counting as false. (Its bits unpacked: ~10×
    quicker than to_numpy, which goes value by value.)"""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if array.null_count:
        array = array.fill_null(False)
    if not len(array):
        return np.zeros(0, dtype=bool)
    bits = np.frombuffer(array.buffers()[1], dtype=np.uint8)
    return np.unpackbits(bits, count=array.offset + len(array), bitorder="little")[array.offset:].view(bool)


def bools(keep: np.ndarray) -> pa.Array:
    """A numpy boolean array as Arrow's, its bits packed at once (pa.array goes value by
    value)."""
    packed = np.packbits(np.asarray(keep, dtype=bool), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(keep), [None, pa.py_buffer(packed)])


def digits_of_a_double(cells: pa.Array) -> np.ndarray:
    """Cells whose text could be a long number's double rendered digit by digit (16 to
    19 digits, exactly a double, from 2^53 on): what a number cell gives for a code
    typed into it (normalize.NUMBER_DIGITS). Text codes are such by chance, rarely."""
    length = pc.binary_length(cells)
    digits = mask(pc.and_(pc.ascii_is_decimal(cells), pc.and_(
        pc.greater_equal(length, NUMBER_DIGITS[0]), pc.less_equal(length, NUMBER_DIGITS[1]))))
    positions = np.flatnonzero(digits)
    if len(positions):
        values = pc.cast(pc.take(cells, pa.array(positions)), pa.uint64()).to_numpy()
        digits[positions] = (values >= LOST_DIGITS_FROM) & (
            values.astype(np.float64).astype(np.uint64) == values)
    return digits


def formula_errors(cells: pa.Array) -> np.ndarray:
    """Cells showing an Excel error value (#DIV/0!, #N/A, ...): a broken formula."""
    return mask(pc.is_in(cells, value_set=_ERROR_VALUES))


_ERROR_VALUES = pa.array(spec.EXCEL_ERROR_VALUES, pa.string())


def blank_cells(cells: pa.Array) -> np.ndarray:
    """Cells certainly blank: null, or only spaces of the common kinds. Only a cell whose
    first byte may begin such a space is trimmed to tell (most begin with a letter)."""
    if cells.type != pa.string() or not len(cells):
        return _trimmed_empty(cells)
    n = len(cells)
    offsets = np.frombuffer(cells.buffers()[1], dtype=np.int32)[cells.offset:cells.offset + n + 1]
    blank = offsets[1:] == offsets[:-1]  # empty (and, usually, null)
    if cells.null_count:
        blank |= ~mask(pc.is_valid(cells))
    filled = np.flatnonzero(~blank)
    if len(filled):
        data = np.frombuffer(cells.buffers()[2], dtype=np.uint8)
        maybe = filled[_BLANK_FIRST_BYTES[data[offsets[filled]]]]
        if len(maybe):
            blank[maybe] = _trimmed_empty(pc.take(cells, pa.array(maybe)))
    return blank


def _trimmed_empty(cells: pa.Array) -> np.ndarray:
    return mask(pc.equal(pc.utf8_trim(cells, characters=_BLANK_CHARS), "").fill_null(True))


_BLANK_FIRST_BYTES = np.zeros(256, dtype=bool)  # the first bytes of _BLANK_CHARS in UTF-8
_BLANK_FIRST_BYTES[[c.encode()[0] for c in _BLANK_CHARS]] = True


# --- fast paths: (text cells, candidate mask) -> (typed values, mask of cells done) -----
def _regex(cells: pa.Array, pattern: str) -> np.ndarray:
    return mask(pc.match_substring_regex(cells, pattern))


def _fast_text(cells, candidates):
    # Certainly not blank: holds a letter, digit or Chinese character (is_blank decides
    # the rest, such as a cell of em spaces). An error value (#DIV/0!) is left to the
    # slow path, which names it as every other type's does.
    # A line break inside (Alt+Enter in a long name) is left to the slow path too.
    # (So is a placeholder, 无 for a contract with no number: no text.)
    trimmed = pc.utf8_trim(cells, characters=TRIM_CHARS)
    done = candidates & _regex(cells, r"[0-9A-Za-z\p{Han}]") & ~formula_errors(cells) \
        & ~mask(pc.match_substring(cells, "\n")) & ~mask(pc.match_substring(cells, "\r")) \
        & ~mask(pc.is_in(trimmed, value_set=_PLACEHOLDERS))
    return only(trimmed, done), done


_PLACEHOLDERS = pa.array(sorted(spec.EMPTY_PLACEHOLDERS), pa.string())


def _fast_int(cells, candidates):
    # 1 to 18 ASCII digits (cheaper than a regex)
    done = candidates & mask(pc.and_(pc.ascii_is_decimal(cells),
                                      pc.less_equal(pc.binary_length(cells), 18)))
    return pc.cast(only(cells, done), pa.int64()), done


def _fast_number(cells, candidates):
    done = candidates & _regex(cells, r"^[0-9]{1,15}(\.[0-9]{1,15})?$")
    return pc.cast(only(cells, done), pa.float64()), done


_FAST_DATE_RANGE = (pa.scalar(dt.date(1900, 1, 1)), pa.scalar(dt.date(2099, 12, 31)))


def _fast_date(cells, candidates):
    text = only(cells, candidates)
    dates = pc.cast(pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True),
                    pa.date32())
    # strptime takes 2026-3-5 and rolls 2026-02-30 into March: only a date that prints
    # back exactly as typed is one; and only years a person would mean.
    done = candidates & mask(pc.and_(
        pc.equal(pc.cast(dates, pa.string()), text),
        pc.and_(pc.greater_equal(dates, _FAST_DATE_RANGE[0]),
                pc.less_equal(dates, _FAST_DATE_RANGE[1]))))
    return only(dates, done), done


_CODE_VALUES = np.full(256, -1, dtype=np.int16)  # byte -> value in the code alphabet
for _i, _c in enumerate(CODE_CHARS):
    _CODE_VALUES[ord(_c)] = _i


def _fast_credit_code(cells, candidates):
    done = candidates & mask(pc.equal(pc.binary_length(cells), 18))
    positions = np.flatnonzero(done)
    if len(positions):
        codes = pc.take(cells, pa.array(positions))  # 18 bytes each, back to back
        start = np.frombuffer(codes.buffers()[1], dtype=np.int32)[codes.offset]
        data = np.frombuffer(codes.buffers()[2], dtype=np.uint8)
        # Any byte outside the code alphabet (a lower-case letter, I O S V Z, a space, a
        # byte of a Chinese character) has the value -1: that code goes the slow way.
        chars = _CODE_VALUES[data[start:start + 18 * len(codes)].reshape(-1, 18)]
        total = np.zeros(len(chars), dtype=np.int32)
        for position, weight in enumerate(CODE_WEIGHTS):
            total += chars[:, position] * weight
        check = (31 - total % 31) % 31
        done[positions] = (chars.min(axis=1) >= 0) & (check == chars[:, 17])
    return only(cells, done), done


_FAST = {
    spec.TEXT: _fast_text, spec.INT: _fast_int, spec.NUMBER: _fast_number,
    spec.DATE: _fast_date, spec.CREDIT_CODE: _fast_credit_code,
}


def only(values: pa.Array, keep: np.ndarray) -> pa.Array:
    """values where keep, null elsewhere."""
    if keep.all():
        return values
    if not keep.any():
        return pa.nulls(len(values), values.type)
    return pc.if_else(bools(keep), values, pa.nulls(len(values), values.type))


# --- the slow path: the normalizer, once per distinct value ------------------------------
_BLANK_CELL, _VALUE, _ERROR, _RESCUED = 0, 1, 2, 3


def parse_column(cells: pa.Array, kind: str, parse: Callable[[str], Any],
                 lenient: Callable[[str, str], tuple[Any, str] | None] | None = None,
                 fast_path: bool = True) -> ParsedColumn:
    """cells: text (string) cells; kind: a template_spec value type; parse: its cell
    normalizer. lenient(text, rule) may turn a cell error into (value, warning rule).
    fast_path=False: every cell goes through parse (a check the type's fast path skips)."""
    n = len(cells)
    blank = blank_cells(cells)
    candidates = ~blank
    fast = _FAST.get(kind) if fast_path else None
    if fast is not None and n:
        values, done = fast(cells, candidates)
    else:
        values, done = pa.nulls(n, ARROW_TYPES.get(kind, pa.float64())), np.zeros(n, dtype=bool)
    result = ParsedColumn(values, blank)
    if kind == spec.TARGET:
        result.extra = pa.nulls(n, pa.bool_())
    slow = np.flatnonzero(candidates & ~done)
    if not len(slow):
        return result

    texts = cells if len(slow) == n else pc.take(cells, pa.array(slow))
    # One hash pass gives the distinct values and which each cell is.
    encoded = pc.dictionary_encode(texts)
    distinct = encoded.dictionary.to_pylist()
    outcomes, parsed_values, rules = [], [], []
    for text in distinct:
        outcome, value, rule = _parse_one(text, kind, parse, lenient)
        outcomes.append(outcome)
        parsed_values.append(value)
        rules.append(rule)
    which = encoded.indices.to_numpy(zero_copy_only=False)
    outcome_of = np.array(outcomes, dtype=np.int8)[which]

    blank[slow[outcome_of == _BLANK_CELL]] = True
    for code, found in ((_ERROR, result.errors), (_RESCUED, result.warnings)):
        for i in np.flatnonzero(outcome_of == code).tolist():
            found.append((int(slow[i]), rules[which[i]]))
    has_value = (outcome_of == _VALUE) | (outcome_of == _RESCUED)
    if not has_value.any():
        return result
    where = np.zeros(n, dtype=bool)
    where[slow[has_value]] = True
    pick = pa.array(which[has_value])
    if kind == spec.TARGET:
        numbers = [v[0] if v is not None else None for v in parsed_values]
        percents = [v[1] if v is not None else None for v in parsed_values]
        result.values = replaced(values, where, pa.array(numbers, pa.float64()).take(pick))
        result.extra = replaced(result.extra, where, pa.array(percents, pa.bool_()).take(pick))
    else:
        result.values = replaced(values, where, pa.array(parsed_values, values.type).take(pick))
    return result


def _parse_one(text: str, kind: str, parse, lenient) -> tuple[int, Any, str | None]:
    if is_blank(text):
        return _BLANK_CELL, None, None
    if text in spec.EXCEL_ERROR_VALUES:
        return _ERROR, None, "formula_error"
    if (written := placeholder(text)) is not None:
        if written not in spec.NONE_IS_ZERO:
            return _BLANK_CELL, None, None
        if kind in (spec.INT, spec.NUMBER):
            return _VALUE, 0 if kind == spec.INT else 0.0, None
        if kind not in (spec.BOOL, spec.ENUM):  # (否; or its list, 未建会 among them)
            return _BLANK_CELL, None, None
    try:
        return _VALUE, parse(text), None
    except CellError as err:
        rescued = lenient(text, err.rule) if lenient else None
        if rescued is None:
            return _ERROR, None, err.rule
        value, warning = rescued
        return _RESCUED, value, warning


def replaced(values: pa.Array, where: np.ndarray, replacements: pa.Array) -> pa.Array:
    """values with the positions where holds replaced, in order, by replacements."""
    return pc.replace_with_mask(values, bools(where), replacements)


CELL_PARSERS: dict[str, Callable[[str], Any]] = {
    spec.TEXT: text_as_read, spec.INT: parse_int, spec.NUMBER: parse_number,
    spec.DATE: parse_date, spec.BOOL: parse_bool, spec.CREDIT_CODE: parse_credit_code,
}


def text_parser(column: spec.Column) -> Callable[[str], str]:
    return code_as_read if column.code else text_as_read


def enum_parser(choices: tuple[str, ...], aliases: tuple[tuple[str, str], ...] = ()
                ) -> Callable[[str], str]:
    return lambda value: parse_enum(value, choices, aliases)
