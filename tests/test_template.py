"""The blank template and the docs page come from the one spec, and a filled-in
template loads through the parser with exactly the values typed."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl

from ingestion import template_spec as spec
from ingestion.parse import parse_file
from ingestion.template_docs import DOC_PATH, NOTE_KINDS_PATH, note_kinds_csv, render
from ingestion.template_writer import HEADER_ROW, write_template
from ingestion.validate import Reference
from tests.tiny_district import A


def test_template_has_every_monthly_sheet_with_canonical_headers(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["填表说明", *[s.name for s in spec.MONTHLY_SHEETS]]
    for sheet_type in spec.MONTHLY_SHEETS:
        sheet = workbook[sheet_type.name]
        headers = [c.value for c in sheet[HEADER_ROW + 1]]
        assert headers == [c.name for c in sheet_type.columns]
        assert sheet.freeze_panes == f"A{HEADER_ROW + 2}"


def test_enum_and_bool_columns_have_drop_downs(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    sheet = openpyxl.load_workbook(path)["组建与会员"]
    lists = {dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"}
    assert '"单独建会,联合建会,未建会"' in lists
    assert '"企业,机关,事业单位,社会组织,其他"' in lists
    assert '"是,否"' in lists


def test_instructions_are_in_chinese(tmp_path):
    buffer = io.BytesIO()
    write_template(buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["填表说明"]
    text = "\n".join(str(c.value) for c in sheet["A"] if c.value)
    assert "统一社会信用代码" in text and "文本格式" in text and "组建与会员" in text


def test_filled_template_loads_with_the_typed_values(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["组建与会员"]
    sheet["B2"], sheet["B3"] = "东湖街道总工会", "2026-03"
    row = HEADER_ROW + 2
    values = [A, "甲公司", "东湖街道", "企业", "非公", 30, 5, 20, 4, "单独建会",
              dt.datetime(2020, 5, 1), "是", "否", "是"]
    for c, value in enumerate(values, start=1):
        sheet.cell(row=row, column=c, value=value)
    filled = tmp_path / "东湖街道_filled.xlsx"
    workbook.save(filled)

    parsed = parse_file(filled, filled.name, Reference())
    assert (parsed.status, parsed.kind, parsed.submitter) == ("loaded", "monthly", "东湖街道总工会")
    assert parsed.report_month == dt.date(2026, 3, 1)
    [units] = [s for s in parsed.sheets if s.sheet_type.key == "org_units"]
    assert units.data["row_number"] == [row]
    assert units.data["credit_code"] == [A]
    assert units.data["workers"] == [30] and units.data["members"] == [20]
    assert units.data["union_date"] == [dt.date(2020, 5, 1)]
    assert units.data["workers_congress"] == [False]
    assert all(s.rows_loaded == 0 for s in parsed.sheets if s.sheet_type.key != "org_units")


def test_docs_page_is_generated_from_the_spec():
    assert DOC_PATH.read_text(encoding="utf-8") == render(), \
        "docs/template.md is stale: run python -m ingestion.template_docs"
    # The warehouse tests marts.load_notes against the same kinds (a note kind added to
    # the spec and not there had failed every load that produced it).
    assert NOTE_KINDS_PATH.read_text(encoding="utf-8") == note_kinds_csv(), \
        "dbt_project/seeds/load_note_kinds.csv is stale: run python -m ingestion.template_docs"
    # and the analysts' column notes name each kind.
    from dashboards.queries import SCHEMA_DOCS_PATH
    described = SCHEMA_DOCS_PATH.read_text(encoding="utf-8")
    assert [what for what in spec.NOTE_MESSAGES
            if not re.search(rf"(?<![a-z_]){what}(?![a-z_])", described)] == []
    for sheet_type in spec.SHEET_TYPES:
        for column in sheet_type.columns:
            assert column.name in render()


def test_every_rule_has_a_chinese_name():
    """The 规则 column people read names each rule in Chinese: every message's rule and
    each of the warehouse's own checks (load_issues.sql's '… as rule')."""
    import re

    from orchestration.home import DBT_PROJECT_DIR

    sql = "".join(p.read_text(encoding="utf-8") for p in (DBT_PROJECT_DIR / "models").rglob("*.sql"))
    warehouse_rules = set(re.findall(r"'([a-z_]+)' as rule", sql))
    assert warehouse_rules and set(spec.MESSAGES) | warehouse_rules == set(spec.RULE_LABELS)
    assert spec.rule_label("duplicate_file") == "重复文件" and spec.rule_label("new_rule") == "new_rule"
