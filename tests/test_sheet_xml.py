"""Cells that are not text: a credit code stored as an Excel number (its last digits are
gone, even when what is left passes the check digit) and a formula whose result is an
error value (#DIV/0!). Each is a row error with the value as Excel shows it."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from ingestion import reader, sheet_xml
from ingestion.columns import SMALL_SHEET_ROWS
from ingestion.normalize import as_excel_shows_number, is_valid_credit_code
from ingestion import template_spec as spec
from ingestion.parse import ParsedFile, prepare_file, finish
from ingestion.validate import Issue, Reference
from tests.tiny_district import UNIT_HEADER, code, unit
from tests.workbooks import write_csv, write_xlsx

REF = Reference(streets={"东湖街道": "S1"})
LABELS = [["填报单位：东湖街道总工会"], ["报告期：2026年3月"]]
ORG = "组建与会员"
# An all-digit code that a double holds exactly: typed into a number cell it keeps every
# digit, and passes the check digit; only the cell's type tells it was a number.
EXACT = code(1344)
NUMBER_MESSAGE = "第{row}行 “统一社会信用代码” 值 “{value}” 以数字格式保存，后几位已丢失；请将该列设为文本格式后重新填写"


def parse(path: Path) -> ParsedFile:
    # In this process (not a reader process), so that monkeypatching reaches the reader.
    return finish([prepare_file(path, path.name)], REF)[0]


def good(n: int) -> list:
    return unit(code(n), f"单位{n}", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))


def org_rows(*rows: list) -> dict:
    return {ORG: [*LABELS, UNIT_HEADER, good(10), *rows]}  # row 4 good, then row 5 ...


def codes(parsed: ParsedFile) -> list[str]:
    return parsed.sheets[0].data["credit_code"]


def test_the_exact_code_is_the_hard_case():
    assert EXACT.isdigit() and float(int(EXACT)) == int(EXACT)


def test_code_that_survives_as_a_number_is_still_rejected(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", org_rows(
        unit(int(EXACT), "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01")))
    parsed = parse(path)
    assert parsed.issues == [Issue(ORG, 5, "统一社会信用代码", "9.11101E+17", "error",
                                   "credit_code_number", NUMBER_MESSAGE.format(row=5, value="9.11101E+17"))]
    assert codes(parsed) == [code(10)]


# EXACT as Excel shows it in a cell formatted as a plain number: its 15 kept digits, then
# zeros (built-in formats 0 and #,##0, and 0_ as Chinese Excel writes a custom one).
KEPT = str(round(int(EXACT), -3))


@pytest.mark.parametrize(("number_format", "shown"), [
    (None, "9.11101E+17"),
    ("0", KEPT),
    ("#,##0", f"{int(KEPT):,}"),
    ("0_ ", KEPT),
])
def test_the_value_is_shown_as_the_cell_shows_it(tmp_path, number_format, shown):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", org_rows(
        unit(EXACT, "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01")))
    _retype_cell(path, ORG, row=4, col=0, value=int(EXACT), number_format=number_format)
    parsed = parse(path)
    assert [(i.row_number, i.value, i.rule) for i in parsed.issues] == [
        (5, shown, "credit_code_number")]


def _typed_code_whose_shown_value_is_valid() -> int:
    """An 18-digit number whose 15 kept digits then zeros happen to be a valid code."""
    for n in range(10_000):
        typed = 911101080000000000 + n * 1_000 + 7
        if is_valid_credit_code(str(round(int(float(typed)), -3))):
            return typed
    raise AssertionError("none found")


def test_a_shown_value_that_would_pass_as_a_code_is_shown_as_general_instead(tmp_path):
    """Validation knows a number cell by its text: 15 kept digits then zeros that pass
    the check digit would load as another unit's code; General's form never passes."""
    typed = _typed_code_whose_shown_value_is_valid()
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", org_rows(
        unit(EXACT, "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01")))
    _retype_cell(path, ORG, row=4, col=0, value=typed, number_format="0")
    parsed = parse(path)
    assert [(i.row_number, i.value, i.rule) for i in parsed.issues] == [
        (5, as_excel_shows_number(str(int(float(typed)))), "credit_code_number")]
    assert codes(parsed) == [code(10)]


def _retype_cell(path: Path, sheet_name: str, row: int, col: int, value: float,
                 number_format: str | None) -> None:
    """Write the workbook at path again with one cell a number in the given format."""
    sheets = {name: [list(r) for r in rows] for name, rows in _read_back(path).items()}
    workbook = xlsxwriter.Workbook(str(path))
    style = workbook.add_format({"num_format": number_format}) if number_format else None
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, cells in enumerate(rows):
            for c, cell in enumerate(cells):
                if (name, r, c) == (sheet_name, row, col):
                    sheet.write_number(r, c, value, style)
                elif cell is not None:
                    sheet.write_string(r, c, str(cell))
    workbook.close()


def _read_back(path: Path) -> dict[str, list[tuple]]:
    workbook = reader.read_sheets(path, path.read_bytes())
    return {sheet.name: [sheet.row(r) for r in range(sheet.n_rows)] for sheet in workbook}


def test_the_same_digits_typed_as_text_load(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", org_rows(
        unit(EXACT, "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01")))
    parsed = parse(path)
    assert parsed.issues == [] and codes(parsed) == [code(10), EXACT]


@pytest.mark.parametrize("typed", ["number", "text"])
def test_without_cell_references_the_column_is_read_again(tmp_path, monkeypatch, typed):
    """The fallback (a .xls, or XML the sheet's references do not answer) decides alike."""
    monkeypatch.setattr(sheet_xml.WorkbookXml, "number_cells", lambda *args: None)
    value = int(EXACT) if typed == "number" else EXACT
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", org_rows(
        unit(value, "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01")))
    parsed = parse(path)
    assert [i.rule for i in parsed.issues] == (["credit_code_number"] if typed == "number" else [])


def test_answers_from_the_xml_by_cell_reference(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", {"其他": [["x"]], "数据": [
        ["代码"], [EXACT], [int(EXACT)], [None, int(EXACT)], [int(EXACT)]]})
    workbook = sheet_xml.WorkbookXml(path.read_bytes())
    assert workbook.number_cells("数据", 0, [1, 2, 4]) == {2: "", 4: ""}  # General
    assert workbook.number_cells("数据", 1, [3]) == {3: ""}
    assert workbook.number_cells("数据", 0, [3]) is None  # no such cell: cannot say
    assert workbook.number_cells("无此表", 0, [1]) is None
    assert sheet_xml.WorkbookXml(b"\xd0\xcf\x11\xe0 an .xls").number_cells("数据", 0, [1]) is None


def test_a_number_cell_deep_in_a_long_sheet_is_found(tmp_path):
    """Past SMALL_SHEET_ROWS the suspects are found column-wise: a number cell among
    thousands of text codes (some of them exact doubles too) is still the one rejected."""
    many = [good(n) for n in range(3000, 3000 + SMALL_SHEET_ROWS)]  # EXACT is code(1344)
    texts = [unit(EXACT, "乙公司", "东湖街道", 30, 20, "单独建会", "2020-05-01")]
    number = unit(int(EXACT), "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01")
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", org_rows(*many, *texts, number))
    parsed = parse(path)
    row = 5 + len(many) + len(texts)
    assert parsed.issues == [Issue(ORG, row, "统一社会信用代码", "9.11101E+17", "error",
                                   "credit_code_number", NUMBER_MESSAGE.format(row=row, value="9.11101E+17"))]
    assert codes(parsed)[-1] == EXACT and len(codes(parsed)) == 2 + len(many)


def test_a_stored_or_oddly_packed_sheet_answers_alike(tmp_path, monkeypatch):
    """The sheet's XML is inflated in one call; a member stored unpacked, or one the
    quick path cannot take (its declared size wrong), answers as zipfile reads it."""
    path = write_xlsx(tmp_path / "w.xlsx", {"数据": [["代码"], [EXACT], [int(EXACT)]]})
    stored = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    read = zipfile.ZipFile.read

    def read_but_no_sheet(archive, name, *args):
        assert "worksheets" not in str(name), "zipfile read the sheet"
        return read(archive, name, *args)

    with monkeypatch.context() as patch:  # the quick path answers for the sheet
        patch.setattr(zipfile.ZipFile, "read", read_but_no_sheet)
        for candidate in (path, stored):
            workbook = sheet_xml.WorkbookXml(candidate.read_bytes())
            assert workbook.number_cells("数据", 0, [1, 2]) == {2: ""}, candidate.name
    expected = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    archive = zipfile.ZipFile(path)
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    info.file_size -= 1  # declared too small: the one-call inflate fails, zipfile decides
    with pytest.raises(zipfile.BadZipFile):
        sheet_xml._member_bytes(path.read_bytes(), archive, info.filename)
    assert sheet_xml._member_bytes(path.read_bytes(), zipfile.ZipFile(path),
                                   "xl/worksheets/sheet1.xml") == expected
    cut = path.read_bytes()[:info.header_offset + 10]  # the header runs past the end
    assert sheet_xml.WorkbookXml(cut).sheet("数据") is None


def test_column_letters():
    assert [sheet_xml.column_letters(c) for c in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_a_csv_is_text_throughout(tmp_path):
    path = write_csv(tmp_path / "东湖街道_2026-03.csv",
                     [["统一社会信用代码", "本月办卡数"], [EXACT, "3"]])
    parsed = parse(path)
    assert parsed.issues == [] and parsed.sheets[0].data["credit_code"] == [EXACT]


def formula_file(path: Path) -> Path:
    """Row 5: 农民工人数 =1/0 (cached #DIV/0!) and 经济类型 =NA(); row 6: 会员人数 #REF!.
    As Excel saves it: the results stored, nothing left to calculate on opening."""
    workbook = xlsxwriter.Workbook(str(path))
    workbook.calc_on_load = False
    sheet = workbook.add_worksheet(ORG)
    for r, row in enumerate(org_rows(good(11), good(12))[ORG]):
        sheet.write_row(r, 0, row)
    sheet.write_formula(4, 6, "=1/0", None, "#DIV/0!")
    sheet.write_formula(4, 4, "=NA()", None, "#N/A")
    sheet.write_formula(5, 7, "=#REF!", None, "#REF!")
    workbook.close()
    return path


def formula_message(row: int, header: str, value: str) -> str:
    return spec.MESSAGES["formula_error"].format(row=row, header=header, value=value)


def test_formula_errors_are_row_errors_showing_the_error_value(tmp_path):
    parsed = parse(formula_file(tmp_path / "东湖街道_2026-03.xlsx"))
    assert parsed.issues == [
        Issue(ORG, 5, header, value, "error", "formula_error", formula_message(5, header, value))
        for header, value in (("经济类型", "#N/A"), ("农民工人数", "#DIV/0!"))
    ] + [Issue(ORG, 6, "会员人数", "#REF!", "error", "formula_error",
               formula_message(6, "会员人数", "#REF!"))]
    assert parsed.issues[1].message == "第5行 “农民工人数” 值 “#DIV/0!” 是公式错误，请修正公式或改填数值"
    assert codes(parsed) == [code(10)]
    assert parsed.status == "loaded_with_errors"


def test_an_error_value_typed_in_a_csv_is_one_too(tmp_path):
    path = write_csv(tmp_path / "东湖街道_2026-03.csv",
                     [["统一社会信用代码", "本月办卡数"], [code(1), "#N/A"], [code(2), "2"]])
    parsed = parse(path)
    assert [(i.row_number, i.rule, i.value) for i in parsed.issues] == [(2, "formula_error", "#N/A")]


@pytest.mark.parametrize("calc_on_load", [False, True])
def test_formula_results_stored_in_the_file_are_read(tmp_path, calc_on_load):
    # Saved by Excel, WPS or LibreOffice (no calculating asked on opening), or by a
    # program that gave each formula's result (write_formula(..., value)): the workbook
    # asks Excel to calculate, and what it stores is what Excel will show.
    workbook = xlsxwriter.Workbook(str(tmp_path / "东湖街道_2026-03.xlsx"))
    workbook.calc_on_load = calc_on_load
    sheet = workbook.add_worksheet(ORG)
    for r, row in enumerate(org_rows(good(11))[ORG]):
        sheet.write_row(r, 0, row)
    sheet.write_formula(4, 7, "=F5-2", None, 28)
    workbook.close()
    parsed = parse(tmp_path / "东湖街道_2026-03.xlsx")
    assert parsed.status == "loaded" and parsed.sheets[0].data["members"][1] == 28


UNCALCULATED = spec.MESSAGES["formula_not_calculated"]


def test_formulas_a_program_left_for_excel_to_calculate_reject_the_file(tmp_path):
    # xlsxwriter stores 0 as every formula's result and asks Excel to calculate on
    # opening: the clerk sees 28 members where the file holds 0.
    workbook = xlsxwriter.Workbook(str(tmp_path / "东湖街道_2026-03.xlsx"))
    sheet = workbook.add_worksheet(ORG)
    for r, row in enumerate(org_rows(good(11))[ORG]):
        sheet.write_row(r, 0, row)
    sheet.write_formula(4, 7, "=F5-2")
    workbook.close()
    parsed = parse(tmp_path / "东湖街道_2026-03.xlsx")
    assert parsed.status == "rejected" and parsed.issues[0].rule == "formula_not_calculated"
    assert parsed.message == UNCALCULATED.format(sheet=ORG, cell="的 H5 单元格")
    assert "请用 Excel 或 WPS 打开本文件、保存后重新上传" in parsed.message


def test_a_formula_openpyxl_wrote_without_its_result_rejects_the_file(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "服务卡"
    for row in [*LABELS, ["统一社会信用代码", "本月采集会员信息数", "本月办卡数"],
                [code(1), 5, "=B4+2"]]:
        sheet.append(row)
    book.save(tmp_path / "东湖街道_2026-03.xlsx")
    parsed = parse(tmp_path / "东湖街道_2026-03.xlsx")
    assert parsed.message == UNCALCULATED.format(sheet="服务卡", cell="的 C4 单元格")


def _xls_with_a_formula(path: Path, result: bytes | None = None) -> Path:
    """An .xls (xlwt) of 服务卡 whose C4 is =B4+2; result: 8 bytes stored as its
    result in place of xlwt's empty one (as Excel or WPS would store 7.0)."""
    import struct

    import olefile
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("服务卡")
    for r, row in enumerate([*LABELS, ["统一社会信用代码", "本月采集会员信息数", "本月办卡数"],
                             [code(1), 5, xlwt.Formula("B4+2")]]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))
    if result is not None:
        with olefile.OleFileIO(str(path), write_mode=True) as ole:
            stream = bytearray(ole.openstream("Workbook").read())
            pos = 0
            while pos < len(stream):
                kind, size = struct.unpack_from("<HH", stream, pos)
                if kind == 0x0006:  # FORMULA: row, column, style, then its result
                    stream[pos + 10:pos + 18] = result
                pos += 4 + size
            ole.write_stream("Workbook", bytes(stream))
    return path


def test_formulas_xlwt_wrote_without_results_reject_the_xls(tmp_path):
    """xlwt stores no result for a formula (an empty text): the reader reads C4 blank
    where the clerk sees 7."""
    parsed = parse(_xls_with_a_formula(tmp_path / "东湖街道_2026-03.xls"))
    assert parsed.status == "rejected"
    assert parsed.message == UNCALCULATED.format(sheet="服务卡", cell="的 C4 单元格")


def test_formulas_in_spare_rows_showing_nothing_are_no_uncalculated_data(tmp_path):
    """A template's spare rows hold =IF(B6="","","东湖街道") under 所属街道, each showing
    "" as Excel stores it (.xls): no data row holds a formula, so the file loads."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("服务卡")
    for r, row in enumerate([*LABELS, ["统一社会信用代码", "本月采集会员信息数", "本月办卡数", "所属街道"],
                             [code(1), 5, 10, None], [code(2), 3, 4, None]]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    for r in range(5, 10):
        sheet.write(r, 3, xlwt.Formula(f'IF(A{r + 1}="","","东湖街道")'))
    book.save(str(tmp_path / "东湖街道_2026-03.xls"))
    parsed = parse(tmp_path / "东湖街道_2026-03.xls")
    assert parsed.status == "loaded"
    assert parsed.sheets[0].data["cards_issued"] == [10, 4]


def test_a_program_workbooks_totals_row_formula_is_never_loaded_so_never_refused(tmp_path):
    """openpyxl writes =SUM(C4:C5) in the 合计 row with no result: the row is skipped
    (never loaded), every data cell is a value, so the file loads."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "服务卡"
    for row in [*LABELS, ["统一社会信用代码", "本月采集会员信息数", "本月办卡数"],
                [code(1), 5, 10], [code(2), 3, 4], ["合计", "=SUM(B4:B5)", "=SUM(C4:C5)"]]:
        sheet.append(row)
    book.save(tmp_path / "东湖街道_2026-03.xlsx")
    parsed = parse(tmp_path / "东湖街道_2026-03.xlsx")
    assert parsed.status == "loaded"
    assert parsed.sheets[0].data["cards_issued"] == [10, 4]


def test_a_check_column_of_formulas_beside_the_table_is_no_uncalculated_data(tmp_path):
    """A 校验 column =IF(LEN(A4)=18,"","位数不对") whose checks all passed holds "" in
    every formula, as xlwt's do: outside the template's columns, the file loads (xls, and
    an xlsx asking Excel to calculate)."""
    import xlwt

    rows = [*LABELS, ["统一社会信用代码", "本月采集会员信息数", "本月办卡数", "校验"], [code(1), 5, 3]]
    book = xlwt.Workbook()
    sheet = book.add_sheet("服务卡")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.write(3, 3, xlwt.Formula('IF(LEN(A4)=18,"","位数不对")'))
    book.save(str(tmp_path / "东湖街道_2026-03.xls"))
    assert parse(tmp_path / "东湖街道_2026-03.xls").status == "loaded"

    workbook = xlsxwriter.Workbook(str(tmp_path / "东湖街道_2026-03.xlsx"))
    sheet = workbook.add_worksheet("服务卡")
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    sheet.write_formula(3, 3, '=IF(LEN(A4)=18,"","位数不对")')
    workbook.close()
    assert parse(tmp_path / "东湖街道_2026-03.xlsx").status == "loaded"


def test_an_xls_formula_with_its_result_loads(tmp_path):
    import struct

    parsed = parse(_xls_with_a_formula(tmp_path / "东湖街道_2026-03.xls", struct.pack("<d", 7.0)))
    assert parsed.status == "loaded", parsed.message
    assert parsed.sheets[0].data["cards_issued"][0] == 7


def _as_saved_by_excel(path: Path) -> Path:
    """The workbook without xlsxwriter's request to recalculate on opening, as Excel, WPS
    or LibreOffice save it: no sheet's XML is then read before its styles are asked for."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _amounts_formatted(path: Path, header: str, cells: list[tuple[float, str]]) -> Path:
    """A 困难帮扶 sheet whose 帮扶金额 (headed header) holds each value in its number format."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("困难帮扶")
    for r, row in enumerate([*LABELS, ["统一社会信用代码", "帮扶人数", header]]):
        sheet.write_row(r, 0, row)
    for r, (value, number_format) in enumerate(cells, start=3):
        sheet.write_row(r, 0, [code(r), 1])
        sheet.write_number(r, 2, value, workbook.add_format({"num_format": number_format}))
    workbook.close()
    return path


@pytest.mark.parametrize("saved_by_excel", [False, True])
@pytest.mark.parametrize("header", ["帮扶金额（万元）", "帮扶金额（元）"])
def test_an_amount_read_as_its_number_format_shows_it(tmp_path, header, saved_by_excel):
    """35000 formatted 0!.0000"万" shows 3.5000万, 12000 formatted #,##0"元" shows 12,000元,
    3.5 formatted 0.00"万元" 3.50万元: a person reads 3.5, 1.2 and 3.5 万元, whatever the
    header's unit; a plain number keeps the header's."""
    path = _amounts_formatted(tmp_path / "东湖街道_2026-03.xlsx", header, [
        (35000, '0!.0000"万"'), (12000, '#,##0"元"'), (3.5, '0.00"万元"'), (20000, "0.00")])
    if saved_by_excel:  # (its money formats had been ignored: 12000 loaded as 12000 万元)
        _as_saved_by_excel(path)
    parsed = parse(path)
    assert parsed.status == "loaded", parsed.issues
    plain = 20000 if header == "帮扶金额（万元）" else 2.0
    assert list(parsed.sheets[0].data["amount"]) == [3.5, 1.2, 3.5, plain]
    # Cells showing another unit than the header's are said to have been converted.
    assert [n.what for n in parsed.notes if n.what == "cell_format_unit"] == ["cell_format_unit"]


@pytest.mark.parametrize("saved_by_excel", [False, True])
def test_an_amount_scaled_by_its_number_format_is_read_as_shown(tmp_path, saved_by_excel):
    """35000 formatted 0!.0000 (the clerks' trick to show 元 in 万) shows 3.5000, and
    12000 formatted #,##0.0, shows 12.0: under 帮扶金额（万元） a person reads 3.5 and 12
    (they had loaded as 35000 and 12000 万元); a plain format keeps the number."""
    path = _amounts_formatted(tmp_path / "东湖街道_2026-03.xlsx", "帮扶金额（万元）", [
        (35000, '0!.0000'), (35000, '0"."0000'), (12000, '#,##0.0,'), (2.5, "#,##0.00")])
    if saved_by_excel:
        _as_saved_by_excel(path)
    parsed = parse(path)
    assert parsed.status == "loaded", parsed.issues
    assert list(parsed.sheets[0].data["amount"]) == [3.5, 3.5, 12.0, 2.5]
    assert "cell_format_unit" not in [n.what for n in parsed.notes]


@pytest.mark.parametrize(("header", "value", "number_format", "amount"), [
    # under a 元 header the amount typed is the header's 元, however it shows
    ("帮扶金额（元）", 35000, "0!.0000", 3.5), ("帮扶金额（元）", 12000, "#,##0,", 1.2),
    # a unit not known ('千'), or a section chosen by a condition: read as typed
    ("帮扶金额（元）", 12000, '#,##0,"千"', 1.2), ("帮扶金额（万元）", 0.5, "[>=10000]0!.0000;0.00", 0.5),
])
def test_an_amount_in_a_format_not_read_as_shown(tmp_path, header, value, number_format, amount):
    path = _amounts_formatted(tmp_path / "东湖街道_2026-03.xlsx", header, [(value, number_format)])
    parsed = parse(_as_saved_by_excel(path))
    assert list(parsed.sheets[0].data["amount"]) == [amount]


def test_a_cell_format_agreeing_with_the_header_adds_no_note(tmp_path):
    path = _amounts_formatted(tmp_path / "东湖街道_2026-03.xlsx", "帮扶金额（元）", [(35000, '#,##0"元"')])
    parsed = parse(path)
    assert list(parsed.sheets[0].data["amount"]) == [3.5]
    assert "cell_format_unit" not in [n.what for n in parsed.notes]


def test_an_xls_amount_read_as_its_number_format_shows_it(tmp_path):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("困难帮扶")
    for r, row in enumerate([*LABELS, ["统一社会信用代码", "帮扶人数", "帮扶金额（万元）"]]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.write(3, 0, code(1))
    sheet.write(3, 1, 1)
    sheet.write(3, 2, 35000, xlwt.easyxf(num_format_str='#,##0"元"'))
    book.save(str(tmp_path / "东湖街道_2026-03.xls"))
    parsed = parse(tmp_path / "东湖街道_2026-03.xls")
    assert list(parsed.sheets[0].data["amount"]) == [3.5]


def test_a_program_written_workbook_without_formulas_loads(tmp_path):
    # fullCalcOnLoad alone (every xlsxwriter workbook has it) changes nothing.
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", org_rows(good(11)))
    with zipfile.ZipFile(path) as archive:
        assert b'fullCalcOnLoad="1"' in archive.read("xl/workbook.xml")
    assert parse(path).status == "loaded"


def test_every_error_the_reader_shows_is_one_validation_knows():
    assert set(reader._EXCEL_ERRORS.values()) <= set(spec.EXCEL_ERROR_VALUES)


def test_a_data_cell_merged_down_several_rows_is_read_in_each(tmp_path):
    """所属街道 and 单位类型 merged down three units: each unit has them, as a person reads."""
    rows = org_rows(unit(code(11), "乙公司", None, 30, 20, "单独建会", "2020-05-01", unit_type=None),
                    unit(code(12), "丙公司", None, 40, 20, "单独建会", "2020-05-01", unit_type=None))
    rows[ORG][3][2], rows[ORG][3][3] = None, None  # row 4: the merges' top cells, written below
    path = tmp_path / "东湖街道_2026-03.xlsx"
    write_xlsx(path, rows, merges={ORG: [("C4:C6", "东湖街道"), ("D4:D6", "企业")]})
    parsed = parse(path)
    assert parsed.issues == []
    data = parsed.sheets[0].data
    assert data["street"] == ["东湖街道"] * 3 and data["unit_type"] == ["企业"] * 3
    assert sheet_xml.WorkbookXml(path.read_bytes()).merged_ranges(ORG) == [(3, 2, 5, 2), (3, 3, 5, 3)]


def test_a_required_cell_left_empty_outside_any_merge_is_still_an_error(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", org_rows(
        unit(code(11), "乙公司", None, 30, 20, "单独建会", "2020-05-01")))
    assert [(i.row_number, i.rule) for i in parse(path).issues] == [(5, "required")]


def test_a_failure_reading_the_sheet_again_rejects_the_file_not_the_load(tmp_path, monkeypatch):
    def broken(*args):
        raise RuntimeError("calamine: unexpected end of stream")

    monkeypatch.setattr(reader, "number_cells", broken)
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", org_rows(
        unit(int(EXACT), "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01")))
    parsed = parse(path)
    assert parsed.status == "rejected" and parsed.issues[0].rule == "unreadable"
    assert parsed.message.endswith("文件内容不完整（可能未保存完或未传完）")  # in Chinese
    assert parsed.issues[0].value == "calamine: unexpected end of stream"  # the library's words


def test_merges_reach_conditional_and_optional_columns_alike(tmp_path):
    """建会日期 (required for 联合建会 only) and 经济类型 (optional) merged down two units:
    both units have them, whatever else the sheet holds."""
    second = unit(code(11), "乙公司", "东湖街道", 30, 20, "联合建会", None)
    rows = org_rows(second)
    rows[ORG][3][9], rows[ORG][3][10], rows[ORG][3][4] = "联合建会", None, None
    path = tmp_path / "东湖街道_2026-03.xlsx"
    write_xlsx(path, rows, merges={ORG: [("K4:K5", dt.datetime(2020, 5, 1)), ("E4:E5", "国有")]})
    parsed = parse(path)
    assert parsed.issues == []
    data = parsed.sheets[0].data
    assert data["union_date"] == [dt.date(2020, 5, 1)] * 2 and data["ownership"] == ["国有"] * 2


def test_a_merge_down_unused_pre_numbered_rows_leaves_them_blank(tmp_path):
    header = ["序号", *UNIT_HEADER]
    rows = [[1, *good(10)], [2, *good(11)], [3], [4]]
    for row in rows[:2]:
        row[3] = None  # 所属街道, merged D4:D7 below
    path = tmp_path / "东湖街道_2026-03.xlsx"
    write_xlsx(path, {ORG: [*LABELS, header, *rows]}, merges={ORG: [("D4:D7", "东湖街道")]})
    parsed = parse(path)
    assert parsed.issues == [] and (parsed.rows_loaded, parsed.rows_rejected) == (2, 0)
    assert parsed.sheets[0].data["street"] == ["东湖街道"] * 2


def test_xls_merges_after_an_embedded_chart_are_read():
    # A worksheet's records as Excel orders them: its BOF, a chart's own BOF … EOF inside
    # it, then the MERGEDCELLS record, then the sheet's EOF.
    import struct

    from ingestion import sheet_biff

    def record(kind: int, body: bytes = b"") -> bytes:
        return struct.pack("<HH", kind, len(body)) + body

    bof = record(0x0809, struct.pack("<HH", 0x0600, 0x0010) + bytes(12))
    chart = record(0x0809, struct.pack("<HH", 0x0600, 0x0020) + bytes(12)) + record(0x000A)
    merges = record(0x00E5, struct.pack("<H", 2) + struct.pack("<HHHH", 3, 4, 2, 2)
                    + struct.pack("<HHHH", 1, 1, 0, 5))
    sheet = bof + chart + merges + record(0x000A)
    name = "组建与会员".encode("utf-16-le")
    def workbook_globals(offset: int) -> bytes:  # BOUNDSHEET: where the sheet starts, its name
        return bof + record(0x0085, struct.pack("<IBBBB", offset, 0, 0, 5, 1) + name) + record(0x000A)

    offset = len(workbook_globals(0))
    stream = workbook_globals(offset) + sheet
    assert sheet_biff._sheets(stream) == [("组建与会员", offset)]
    assert sheet_biff._sheet(stream, offset).merges == [(3, 2, 4, 2), (1, 0, 1, 5)]


@pytest.mark.parametrize("cells, found", [
    (b'<c r="A1" t="s"><v>0</v></c><c r="B1"><v>5</v></c>', None),
    (b'<c r="A1" t="inlineStr"><is><t>fee of staff</t></is></c>', None),  # f in text
    (b'<c r="A1"><v>1</v></c><c r="B2"><f>A1+1</f><v>0</v></c>', "B2"),
    (b'<c r="C3"><f t="shared" ref="C3:C9" si="0">A3*2</f></c>', "C3"),
    (b'<x:c r="D4"><x:f>1/0</x:f></x:c>', "D4"),  # prefixed names
    (b'<c><f>1+1</f><v>2</v></c>', ""),  # no references
    # A result the program computed is what Excel shows after calculating: only a formula
    # holding none, or 0, is one a program left to Excel.
    (b'<c r="B2"><f>A1+1</f><v>10</v></c>', None),
    (b'<c r="B2"><f>A1+1</f><v>10</v></c><c r="C2" t="str"><f>B2&amp;""</f><v></v></c>', "C2"),
    (b'<x:c r="B2"><x:f>A1+1</x:f><x:v>7</x:v></x:c><x:c r="C2"><x:f>B2</x:f><x:v>0</x:v></x:c>', "C2"),
])
def test_the_first_formula_of_a_sheet(cells, found):
    xml = b'<worksheet><sheetFormatPr defaultRowHeight="15"/><sheetData><row r="1">' + cells \
        + b"</row></sheetData></worksheet>"
    workbook = sheet_xml.WorkbookXml(b"PK\x03\x04")
    workbook._sheets["S"] = xml
    assert workbook.first_formula("S") == found


def test_sparklines_and_data_bars_are_no_formula_cells(tmp_path):
    # Their <xm:f> ranges follow the cells (extLst): no cell holds a formula.
    workbook = xlsxwriter.Workbook(str(tmp_path / "东湖街道_2026-03.xlsx"))
    sheet = workbook.add_worksheet(ORG)
    for r, row in enumerate(org_rows(good(11))[ORG]):
        sheet.write_row(r, 0, row)
    sheet.add_sparkline(3, 14, {"range": f"'{ORG}'!F4:H4"})
    sheet.conditional_format("F4:F5", {"type": "data_bar", "data_bar_2010": True})
    workbook.close()
    assert parse(tmp_path / "东湖街道_2026-03.xlsx").status == "loaded"


def test_rows_of_uncalculated_formulas_are_named_as_such_not_as_no_data(tmp_path):
    # Every data cell a formula openpyxl stored no result for: the rows read blank,
    # and the clerk is told why, not that the sheet holds no data.
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "服务卡"
    for row in [*LABELS, ["统一社会信用代码", "本月采集会员信息数", "本月办卡数"],
                ["=明细!A1", "=明细!B1", "=明细!C1"]]:
        sheet.append(row)
    book.save(tmp_path / "东湖街道_2026-03.xlsx")
    parsed = parse(tmp_path / "东湖街道_2026-03.xlsx")
    assert parsed.issues[0].rule == "formula_not_calculated"


def test_rows_of_formulas_beside_rows_of_values_reject_a_programs_workbook(tmp_path):
    """One row of values, two of formulas openpyxl stored no result for (=数据!A2): the
    formula rows read blank, yet they are units the clerk sees, not spare rows."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "服务卡"
    for row in [*LABELS, ["统一社会信用代码", "本月采集会员信息数", "本月办卡数"], [code(1), 5, 3],
                ["=数据!A2", "=数据!B2", "=数据!C2"], ["=数据!A3", "=数据!B3", "=数据!C3"]]:
        sheet.append(row)
    book.save(tmp_path / "东湖街道_2026-03.xlsx")
    parsed = parse(tmp_path / "东湖街道_2026-03.xlsx")
    assert parsed.status == "rejected"
    assert parsed.message == UNCALCULATED.format(sheet="服务卡", cell="的 A5 单元格")


def test_a_programs_spare_rows_showing_nothing_are_no_units(tmp_path):
    """openpyxl: rows of values, then a template's spare rows with =IF(A6="","",…) under
    所属街道 and no stored result: the rows' codes are empty, so they are no units."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "服务卡"
    for row in [*LABELS, ["统一社会信用代码", "本月采集会员信息数", "本月办卡数", "所属街道"],
                [code(1), 5, 3, "东湖街道"], [code(2), 2, 1, "东湖街道"]]:
        sheet.append(row)
    for r in range(6, 10):
        sheet.cell(r, 4, f'=IF(A{r}="","","东湖街道")')
    book.save(tmp_path / "东湖街道_2026-03.xlsx")
    parsed = parse(tmp_path / "东湖街道_2026-03.xlsx")
    assert parsed.status == "loaded" and parsed.sheets[0].data["cards_issued"] == [3, 1]


def test_a_member_named_twice_is_read_as_zipfile_reads_it(tmp_path):
    # A zip with a newer sheet1.xml appended: the last entry counts, for us as for
    # zipfile and the reader.
    import warnings
    from ingestion.zip_directory import member_bytes, read_directory

    path = tmp_path / "twice.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"old")
            archive.writestr("xl/worksheets/sheet1.xml", b"new")
    data = path.read_bytes()
    _, members = read_directory(data)
    assert member_bytes(data, members["xl/worksheets/sheet1.xml"]) == b"new" \
        == zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")


def test_a_damaged_file_that_killed_its_reader_gets_the_plain_message(tmp_path):
    from ingestion import workers

    path = tmp_path / "damaged.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    assert workers._why_reading_failed(workers.Job(path, path.name)) == "文件结构异常或内容范围过大，读取中止"


def test_a_count_merged_over_several_units_rows_is_no_ones(tmp_path):
    """A joint union's 25 members merged down its three firms (H4:H6) is one figure for
    the group: counted in each row it would be 75. Each row of the merge is rejected,
    naming the merge; a row beside it loads."""
    joint = [unit(code(n), f"单位{n}", "东湖街道", 30, None, "联合建会", dt.date(2020, 5, 1))
             for n in (10, 11, 12)]
    path = tmp_path / "东湖街道_2026-03.xlsx"
    write_xlsx(path, {ORG: [*LABELS, UNIT_HEADER, *joint, good(13)]},
               merges={ORG: [("H4:H6", 25)]})
    parsed = parse(path)
    assert [(i.row_number, i.column_header, i.value, i.rule) for i in parsed.issues] == [
        (row, "会员人数", "25", "merged_number") for row in (4, 5, 6)]
    assert parsed.issues[0].message == (
        "第4行 “会员人数” 是合并单元格（H4:H6）中的数 “25”，无法确定它属于哪个单位、哪一列：请取消合并，"
        "按单位逐行、逐列填写")
    assert codes(parsed) == [code(13)] and parsed.status == "loaded_with_errors"


def test_a_date_merged_over_a_joint_unions_firms_is_read_in_each(tmp_path):
    """One 建会日期 for a joint union's firms is every firm's (the count rule is for counts)."""
    joint = [unit(code(n), f"单位{n}", "东湖街道", 30, 20, "联合建会", None) for n in (10, 11)]
    path = tmp_path / "东湖街道_2026-03.xlsx"
    write_xlsx(path, {ORG: [*LABELS, UNIT_HEADER, *joint]},
               merges={ORG: [("K4:K5", dt.datetime(2020, 5, 1))]})
    parsed = parse(path)
    assert parsed.issues == [] and parsed.sheets[0].data["union_date"] == [dt.date(2020, 5, 1)] * 2


@pytest.mark.parametrize("nothing, read", [(0, 0), ("无", 0), ("—", None)])
def test_a_zero_merged_over_several_units_is_each_ones(tmp_path, nothing, read):
    """0 (or 无, or —) merged down three units' 采集数 and 办卡数 is each one's: no one
    to ask (— is no value, and 办卡数 must have one)."""
    header = ["统一社会信用代码", "所属街道", "本月采集会员信息数", "本月办卡数"]
    rows = [[code(n), "东湖街道", None, 1] for n in (10, 11, 12)]
    rows[0][2] = nothing
    path = tmp_path / "东湖街道_2026-03.xlsx"
    write_xlsx(path, {"服务卡": [*LABELS, header, *rows]}, merges={"服务卡": [("C4:C6", nothing)]})
    parsed = parse(path)
    assert parsed.issues == []
    assert parsed.sheets[0].data["info_collected"] == [read] * 3


def test_a_count_merged_across_two_columns_of_one_row_is_neither_ones(tmp_path):
    """20 merged over 采集数 and 办卡数 of one unit: which is it? The row is refused."""
    header = ["统一社会信用代码", "所属街道", "本月采集会员信息数", "本月办卡数"]
    path = tmp_path / "东湖街道_2026-03.xlsx"
    write_xlsx(path, {"服务卡": [*LABELS, header, [code(10), "东湖街道", None, None],
                                [code(11), "东湖街道", 3, 4]]},
               merges={"服务卡": [("C4:D4", 20)]})
    parsed = parse(path)
    assert [(i.row_number, i.column_header, i.rule) for i in parsed.issues] == [
        (4, "本月采集会员信息数", "merged_number"), (4, "本月办卡数", "merged_number")]
    assert codes(parsed) == [code(11)]


def test_class_hours_merged_over_two_classes_are_each_ones(tmp_path):
    """学时 is each class's, like its date (template_spec.MERGED_NUMBERS_PER_ROW)."""
    header = ["统一社会信用代码", "培训类别", "开班日期", "参训人次", "学时"]
    path = tmp_path / "东湖街道_2026-03.xlsx"
    write_xlsx(path, {"培训": [*LABELS, header, [code(10), "其他", "2026-03-02", 10, None],
                              [code(11), "其他", "2026-03-03", 12, None]]},
               merges={"培训": [("E4:E5", 4)]})
    parsed = parse(path)
    assert parsed.issues == [] and parsed.sheets[0].data["hours"] == [4.0, 4.0]


def _with_builtin_date_format(path: Path, builtin: int) -> None:
    """The workbook's one custom date format replaced by a built-in id (31 is
    yyyy"年"m"月"d"日" in a Chinese Excel), written as Excel writes it: no <numFmt>."""
    import re

    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    styles = members["xl/styles.xml"].decode()
    custom = re.search(r'<numFmt numFmtId="(\d+)"', styles).group(1)
    styles = re.sub(r"<numFmts.*?</numFmts>", "", styles, flags=re.S)
    members["xl/styles.xml"] = styles.replace(f'numFmtId="{custom}"', f'numFmtId="{builtin}"').encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.mark.parametrize("epoch_1904", [True, False])
def test_a_mac_workbooks_dates_in_a_chinese_built_in_format_count_from_1904(tmp_path, epoch_1904):
    """A Mac Excel workbook (dates counted from 1904) whose date cells use the built-in
    yyyy"年"m"月"d"日": the reader leaves their serials, which the 1900 system had read
    four years early (报告期 2022-02, 建会日期 2016-04-30)."""
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = openpyxl.Workbook()
    if epoch_1904:
        book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet.title = ORG
    row = unit(code(1), "甲公司", "东湖街道", 30, 20, "单独建会", None)
    row[UNIT_HEADER.index("建会日期")] = dt.datetime(2020, 5, 1)
    for cells in [["填报单位：东湖街道总工会"], ["报告期", dt.datetime(2026, 3, 1)], UNIT_HEADER, row]:
        sheet.append(cells)
    for cell in ("B2", f"{chr(ord('A') + UNIT_HEADER.index('建会日期'))}4"):
        sheet[cell].number_format = "yyyy-mm-dd"
    path = tmp_path / "东湖街道.xlsx"
    book.save(path)
    _with_builtin_date_format(path, 31)
    parsed = parse(path)
    assert parsed.status == "loaded" and parsed.report_month == dt.date(2026, 3, 1)
    assert parsed.sheets[0].data["union_date"] == [dt.date(2020, 5, 1)]


def test_a_contract_number_shown_by_its_format_in_a_workbook_saved_by_excel(tmp_path):
    """合同编号 1 formatted "HT-"000 shows HT-001, also when a sheet before it asked for
    the workbook's formats first (its number had loaded as 1)."""
    path = tmp_path / "东湖街道_2026-03.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    assist = workbook.add_worksheet("困难帮扶")
    for r, row in enumerate([*LABELS, ["统一社会信用代码", "帮扶人数", "帮扶金额（万元）"], [code(1), 3, 1.5]]):
        assist.write_row(r, 0, row)
    contracts = workbook.add_worksheet("集体合同")
    contracts.write_row(0, 0, ["统一社会信用代码", "合同编号", "合同类别", "签订形式", "签订日期", "到期日期", "覆盖职工数"])
    contracts.write_row(1, 0, [code(2)])
    contracts.write_number(1, 1, 1, workbook.add_format({"num_format": '"HT-"000'}))
    contracts.write_row(1, 2, ["综合集体合同", "单独签订", "2026-03-02", "2029-03-01", 40])
    workbook.close()
    parsed = parse(_as_saved_by_excel(path))
    assert parsed.status == "loaded", parsed.issues
    assert [s.data.get("contract_no") for s in parsed.sheets] == [None, ["HT-001"]]


@pytest.mark.parametrize("saved_by_excel", [False, True])
def test_a_count_a_formula_left_with_a_fraction_is_read_as_its_format_shows_it(tmp_path, saved_by_excel):
    """调解成功件数 =B4*0.67 gives 2.01, shown 2 in a cell formatted 0: a person reads 2
    (the row had been refused: 2.01 is no whole number). In General it stays refused."""
    path = tmp_path / "东湖街道_2026-03.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("劳动争议")
    for r, row in enumerate([*LABELS, ["统一社会信用代码", "受理件数", "调解成功件数"]]):
        sheet.write_row(r, 0, row)
    whole = workbook.add_format({"num_format": "0"})
    sheet.write_row(3, 0, [code(1), 3])
    sheet.write_formula(3, 2, "=B4*0.67", whole, 2.01)
    sheet.write_row(4, 0, [code(2), 4])
    sheet.write_number(4, 2, 2.5, workbook.add_format({"num_format": "#,##0"}))
    sheet.write_row(5, 0, [code(3), 4])
    sheet.write_number(5, 2, 1.5)
    workbook.close()
    if saved_by_excel:
        _as_saved_by_excel(path)
    parsed = parse(path)
    assert list(parsed.sheets[0].data["cases_mediated"]) == [2, 3]
    assert [(i.row_number, i.value, i.rule) for i in parsed.issues] == [(6, "1.5", "int")]
