"""Column-at-once parsing (ingestion.columns) gives exactly what the cell normalizers
give, cell by cell: the fast paths must never change a value or hide an error."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from ingestion import template_spec as spec
from ingestion.columns import CELL_PARSERS, enum_parser, parse_column
from ingestion.normalize import CellError, credit_code_check_char, is_blank, placeholder

DIGITS = st.text("0123456789", min_size=1, max_size=20)
SPACES = st.text(" \t\u3000\u00a0\ufeff\u2003\n", max_size=3)


def valid_code(body: str) -> str:
    return body + credit_code_check_char(body)


CODES = st.one_of(
    st.text("0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17).map(valid_code),
    st.text("0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZ", min_size=18, max_size=18),
    st.integers(10**17, 10**18 - 1).map(str),
)
DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.tuples(st.integers(1890, 2110), st.integers(0, 13), st.integers(0, 32)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
    st.integers(10000, 80000).map(str),
    st.dates().map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
)
NUMBERS = st.one_of(
    DIGITS, st.tuples(DIGITS, DIGITS).map(".".join), st.floats(allow_nan=True).map(str),
    st.integers(-10**20, 10**20).map(str), st.sampled_from(["１２３", "1,234", "12人", "3.5万元"]),
)
CELLS = {
    spec.TEXT: st.text(max_size=12),
    spec.INT: NUMBERS,
    spec.NUMBER: NUMBERS,
    spec.DATE: DATES,
    spec.CREDIT_CODE: CODES,
    spec.BOOL: st.sampled_from(["是", "否", "Y", "n", "有", "x", "TRUE", "０"]),
    spec.ENUM: st.sampled_from(["企业", " 机关 ", "事业单位", "公司", "社会组织\u3000"]),
}


def one_by_one(cells: list[str | None], parse) -> list[tuple[str, object]]:
    out = []
    for cell in cells:
        if is_blank(cell):
            out.append(("blank", None))
            continue
        try:
            out.append(("ok", parse(cell)))
        except CellError as err:
            out.append(("error", err.rule))
    return out


def at_once(cells: list[str | None], kind: str, parse, sliced: bool = False) -> list[tuple[str, object]]:
    # sliced: the cells as part of a longer array (offsets and bits not from 0), as a
    # batch's sheets are
    array = pa.array(["x", *cells, "y"], pa.string()).slice(1, len(cells)) if sliced \
        else pa.array(cells, pa.string())
    result = parse_column(array, kind, parse)
    errors = dict(result.errors)
    values = result.values.to_pylist()
    return [("blank", None) if result.blank[i] else
            ("error", errors[i]) if i in errors else ("ok", values[i])
            for i in range(len(cells))]


def check(kind: str, cells: list[str | None]) -> None:
    parse = enum_parser(spec.ORG_UNITS.column("unit_type").enum) if kind == spec.ENUM \
        else CELL_PARSERS[kind]
    assert at_once(cells, kind, parse) == one_by_one(cells, parse)
    assert at_once(cells, kind, parse, sliced=True) == one_by_one(cells, parse)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(CELLS)), st.data())
def test_column_parsing_equals_cell_parsing(kind, data):
    cell = st.one_of(st.none(), SPACES, CELLS[kind], st.tuples(SPACES, CELLS[kind], SPACES).map("".join))
    # (A placeholder, '\\' or '—', is the column's rule, not a normalizer's: tested apart.)
    cell = cell.filter(lambda text: text is None or placeholder(text) is None)
    check(kind, data.draw(st.lists(cell, max_size=30)))


def test_fast_paths_keep_every_rule_of_the_normalizers():
    check(spec.DATE, ["2026-02-30", "2026-02-28", "2024-02-29", "2023-02-29", "2026-13-01",
                      "0000-01-01", "2026-03-05", "45000", "2026/3/5"])
    check(spec.INT, ["0", "000123", "123456789012345678", "1234567890123456789", "12.0", "-1"])
    check(spec.NUMBER, ["0.1", "123456789012345.123456789012345", "1e5", ".5", "5."])
    code = valid_code("91330100000000001")
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    check(spec.CREDIT_CODE, [code, wrong, code.lower(), " " + code, "913301000000000000"])
    check(spec.TEXT, ["\u3000甲公司 ", "\u2003", "a\x0bb", "\ufeff"])


def test_an_empty_column():
    result = parse_column(pa.array([], pa.string()), spec.INT, CELL_PARSERS[spec.INT])
    assert result.values.to_pylist() == [] and not result.errors
