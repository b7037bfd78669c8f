"""The reader's shortcuts give what the general path gives: the zip central directory
read by hand equals zipfile's listing, and a small sheet's data rows found in Python
equal those found by the compute path used for large sheets."""

from __future__ import annotations

import io
import re
import zipfile

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingestion import validate
from ingestion.reader import Sheet, without_midnight, zip_listing

NAMES = st.sampled_from(["xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml",
                         "docProps/app.xml", "xl/附件/说明.txt", "a" * 40])


def zipfile_listing(data: bytes) -> tuple[int, set[str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        return sum(i.file_size for i in infos), {i.filename for i in infos}


@settings(max_examples=60, deadline=None)
@given(entries=st.lists(st.tuples(NAMES, st.binary(max_size=300)), max_size=6,
                        unique_by=lambda entry: entry[0]),
       method=st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]),
       comment=st.binary(max_size=40), zip64=st.booleans(), prefix=st.binary(max_size=8))
def test_zip_listing_equals_zipfile(entries, method, comment, zip64, prefix):
    buffer = io.BytesIO()
    buffer.write(prefix)
    with zipfile.ZipFile(buffer, "a" if prefix else "w", compression=method) as archive:
        archive.comment = comment
        for name, content in entries:
            with archive.open(zipfile.ZipInfo(name), "w", force_zip64=zip64) as handle:
                handle.write(content)
    data = buffer.getvalue()
    listing = zip_listing(data)
    if listing is not None:  # None: not the plain layout, zipfile is asked instead
        assert listing == zipfile_listing(data)
    if not prefix and not zip64 and b"PK\x05\x06" not in comment:
        assert listing is not None  # the plain layout takes the shortcut


@pytest.mark.parametrize("cut", [1, 10, 22, 30, 100])
def test_zip_listing_of_a_truncated_archive_defers_to_zipfile(cut):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>" * 20)
        archive.writestr("xl/worksheets/sheet1.xml", "<sheet/>" * 20)
    assert zip_listing(buffer.getvalue()[:-cut]) is None


FIRST_CELLS = st.sampled_from([
    None, "", " ", "91330100MA2B3C4D5E", "1", "a", "东湖", "合计", "总 计", "其中：", "小计",
    "填表人：张三", "审核人", "联系电话", "2026-03-10", "（盖章）", "\u3000", "Ｘ1",
])


def sheet_of(first_cells: list[str | None]) -> Sheet:
    second = pa.array([None if i % 3 else "x" for i in range(len(first_cells))], pa.string())
    return Sheet("组建与会员", [pa.array(first_cells, pa.string()), second], len(first_cells))


@settings(max_examples=80, deadline=None)
@given(cells=st.lists(FIRST_CELLS, max_size=30), header_row=st.integers(0, 3))
def test_small_sheet_data_rows_equal_the_compute_path(cells, header_row):
    small = validate.data_row_indices(sheet_of(cells), header_row)
    previous = validate.SMALL_SHEET_ROWS
    validate.SMALL_SHEET_ROWS = -1  # every sheet takes the compute path
    try:
        large = validate.data_row_indices(sheet_of(cells), header_row)
    finally:
        validate.SMALL_SHEET_ROWS = previous
    assert small == large


def test_data_rows_skip_totals_and_stop_at_the_footer():
    cells = ["标题", "统一社会信用代码", "91330100MA2B3C4D5E", "合计", None, "东湖单位",
             "1", "填表人：张三", "2"]
    assert validate.data_row_indices(sheet_of(cells), 1) == [2, 5, 6]


DATE_TEXTS = st.sampled_from(["2026-03-05 00:00:00", "2026-03-05 00:00:01", "2026-03-05",
                              "abcd-ef-gh 00:00:00", "12026-03-05 00:00:00", " 00:00:00",
                              "２０２６-03-05 00:00:00", "东湖", "", None])


@settings(max_examples=80, deadline=None)
@given(cells=st.lists(DATE_TEXTS, max_size=12))
def test_without_midnight_strips_only_a_date_cells_midnight(cells):
    midnight = re.compile(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", re.ASCII)  # as RE2's \d
    expected = [None if c is None else midnight.sub(r"\1", c) for c in cells]
    assert without_midnight(pa.array(cells, pa.string())).to_pylist() == expected
    within = pa.array(["2026-03-05 00:00:00", *cells, None], pa.string()).slice(1, len(cells))
    assert without_midnight(within).to_pylist() == expected


# Long digit strings around the doubles' spacing (every code typed as a number is one),
# and text a code column may hold.
DOUBLES = st.integers(2**52, 10**19 - 1).map(lambda n: str(int(float(n))) if n % 2 else str(n))
CODE_CELLS = st.one_of(st.none(), DOUBLES, st.text("0123456789AX１ ", max_size=20))


@settings(max_examples=200, deadline=None)
@given(st.lists(CODE_CELLS, max_size=40))
def test_codes_that_could_be_numbers_found_alike_in_python_and_compute(cells):
    from ingestion.columns import digits_of_a_double
    from ingestion.normalize import is_digits_of_a_double

    assert digits_of_a_double(pa.array(cells, pa.string())).tolist() == [
        is_digits_of_a_double(c) for c in cells]


def test_a_stray_cell_far_out_leaves_the_sheet_its_own_size(tmp_path):
    """A space typed at AMJ65536 makes the used range the whole grid: the sheet is read
    as far as its last cell that is not blank (a 3-row report had taken 25 s)."""
    import openpyxl

    from ingestion.reader import read_sheets

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "服务卡"
    for row in (["统一社会信用代码", "本月办卡数"], ["91110108000000001A", 3], ["91110108000000002D", 4]):
        sheet.append(row)
    sheet["AMJ65536"] = "\u3000"
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    (cards,) = read_sheets(path, path.read_bytes())
    assert (cards.n_rows, cards.width) == (3, 2)
    assert [cards.cell(r, c) for r in (1, 2) for c in (0, 1)] == [
        "91110108000000001A", "3", "91110108000000002D", "4"]


def test_blank_margins_keep_error_values_and_positions():
    from ingestion.reader import _without_blank_margins

    columns = [pa.nulls(6, pa.string()), pa.array(["a", None, " ", None, None, None]),
               pa.array([None, "\u3000", None, None, None, None]), pa.nulls(6, pa.string()),
               pa.array([None] * 5 + [" "])]
    kept, rows = _without_blank_margins(columns, 6, {})
    assert (len(kept), rows) == (2, 1)
    kept, rows = _without_blank_margins(columns, 6, {3: {4: "#DIV/0!"}})
    assert (len(kept), rows) == (4, 5)
    assert kept[1].to_pylist() == ["a", None, " ", None, None]


def test_each_workbooks_listing_is_its_own_though_the_last_is_kept():
    # (read_directory keeps the listing of the bytes last asked for: the envelope's check
    # and the workbook's parts list one file once.)
    from ingestion.zip_directory import read_directory

    def archive(name: str) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as written:
            written.writestr(name, b"x")
        return buffer.getvalue()

    first, second = archive("xl/workbook.xml"), archive("xl/其他.xml")
    assert set(read_directory(first)[1]) == {"xl/workbook.xml"}
    assert set(read_directory(second)[1]) == {"xl/其他.xml"}
    assert set(read_directory(first)[1]) == {"xl/workbook.xml"}


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(st.one_of(st.none(), st.text(alphabet="0123456789.-元 ", max_size=6)),
                      min_size=1, max_size=12),
       start=st.integers(0, 11), length=st.integers(0, 12))
def test_a_column_holding_a_cell_with_the_byte_is_never_passed_over(cells, start, length):
    """The quick look at a column's bytes (a count shown rounded holds a '.') may find
    the byte where no cell of the rows looked at has it, never the reverse."""
    from ingestion.parse import _holds_byte

    column = pa.array(cells, pa.string()).slice(start, length)
    if any(c is not None and "." in c for c in column.to_pylist()):
        assert _holds_byte(column, b".")
    assert not _holds_byte(pa.nulls(3, pa.string()), b".")
