"""What breaks the contract (submission-template.md): row errors, warnings, sheet errors,
file errors, and the file status each one leaves. Every issue is checked whole: sheet,
Excel row number, column header as written, value, severity, rule and Chinese message."""

from __future__ import annotations

import datetime as dt
import os
import re
import struct
import time
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from ingestion import parse as parse_module
from ingestion import reader, workers
from ingestion import template_spec as spec
from ingestion.intake import kpi_names
from ingestion.kpi_catalog import kpi_short_names
from ingestion.parse import ParsedFile, parse_file
from ingestion.validate import Issue, Reference
from tests.tiny_district import UNIT_HEADER, code, unit
from tests.workbooks import write_csv, write_xlsx

A, B, C = code(1), code(2), code(3)
REF = Reference(streets={"东湖街道": "S1", "S1": "S1", "西城街道": "S2", "S2": "S2"},
                street_list=("东湖街道", "西城街道"))
LABELS = [["填报单位：东湖街道总工会"], ["报告期：2026年3月"]]  # rows 1-2; header on row 3
ORG = "组建与会员"


def parse(path: Path, file_name: str | None = None, reference: Reference = REF,
          **limits) -> ParsedFile:
    return parse_file(path, file_name or path.name, reference, **limits)


def good_unit(n: int) -> list:
    return unit(code(n), f"单位{n}", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))


def org_file(tmp_path: Path, *bad_rows: list, header=UNIT_HEADER) -> ParsedFile:
    """Rows 4-5 are good units; the bad rows follow from row 6."""
    path = write_xlsx(tmp_path / "r.xlsx", {ORG: [*LABELS, header, good_unit(10), good_unit(11),
                                                  *bad_rows]})
    return parse(path)


def error(row, header, value, rule, message, sheet=ORG) -> Issue:
    return Issue(sheet, row, header, value, "error", rule, message)


def warning(row, header, value, rule, message, sheet=ORG) -> Issue:
    return Issue(sheet, row, header, value, "warning", rule, message)


def codes_loaded(parsed: ParsedFile, key: str = "org_units") -> list[str]:
    sheet = next(s for s in parsed.sheets if s.sheet_type.key == key)
    return sheet.data["credit_code"]


def assert_one_bad_row(parsed: ParsedFile, expected: list[Issue]) -> None:
    assert parsed.issues == expected
    assert parsed.status == "loaded_with_errors"
    assert codes_loaded(parsed) == [code(10), code(11)]
    assert (parsed.rows_loaded, parsed.rows_rejected, parsed.rows_warned) == (2, 1, 0)
    assert parsed.message is None


# --- row errors -------------------------------------------------------------------------------

def test_required_cell_empty(tmp_path):
    parsed = org_file(tmp_path, unit(A, "\u3000", "东湖街道", 30, 20, "单独建会", "2020-05-01"))
    assert_one_bad_row(parsed, [error(6, "单位名称", None, "required", "第6行 “单位名称” 不能为空")])


def test_required_unless_union_date(tmp_path):
    parsed = org_file(
        tmp_path,
        unit(A, "甲公司", "东湖街道", 30, 20, "联合建会", None),
        unit(B, "乙公司", "东湖街道", 10, 0, "未建会", None),  # not required: loads
    )
    assert parsed.issues == [error(6, "建会日期", None, "required_unless",
                                   "第6行 “建会日期” 不能为空（建会形式为“联合建会”时必须填写）")]
    assert parsed.status == "loaded_with_errors"
    assert codes_loaded(parsed) == [code(10), code(11), B]


def test_not_an_int_at_row_12(tmp_path):
    rows = [*LABELS, UNIT_HEADER] + [good_unit(n) for n in range(10, 18)]  # rows 4-11
    rows.append(unit(A, "甲公司", "东湖街道", "十二", 10, "单独建会", "2020-05-01"))  # row 12
    parsed = parse(write_xlsx(tmp_path / "r.xlsx", {ORG: rows}))
    assert parsed.issues == [error(12, "职工人数", "十二", "int", "第12行 “职工人数” 值 “十二” 不是整数")]
    assert parsed.status == "loaded_with_errors"
    assert (parsed.rows_loaded, parsed.rows_rejected) == (8, 1)


def test_header_is_reported_as_written(tmp_path):
    header = [*UNIT_HEADER]
    header[5] = "在岗职工数\n（人）"
    parsed = org_file(tmp_path, unit(A, "甲公司", "东湖街道", "12.5", 10, "单独建会", "2020-05-01"),
                      header=header)
    assert_one_bad_row(parsed, [error(6, "在岗职工数\n（人）", "12.5", "int",
                                      "第6行 “在岗职工数\n（人）” 值 “12.5” 不是整数")])


def test_pre_numbered_template_rows_are_blank_rows(tmp_path):
    """序号 pre-filled down the template: rows holding only their number are blank."""
    header = ["序号", *UNIT_HEADER]
    rows = [[1, *good_unit(10)], [2, *unit(A, None, "东湖街道", 30, 20, "单独建会", "2020-05-01")],
            [3], [4], ["5"], [6, *good_unit(11)], [7]]
    parsed = parse(write_xlsx(tmp_path / "r.xlsx", {ORG: [*LABELS, header, *rows]}))
    assert parsed.issues == [error(5, "单位名称", None, "required", "第5行 “单位名称” 不能为空")]
    assert codes_loaded(parsed) == [code(10), code(11)]
    assert (parsed.rows_loaded, parsed.rows_rejected, parsed.rows_warned) == (2, 1, 0)


def test_negative_decimal(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"培训": [
        ["统一社会信用代码", "培训类别", "开班日期", "参训人次", "学时"],
        [A, "职工技能培训", "2026-03-10", 20, "-1.5"], [B, "职工技能培训", "2026-03-11", 20, 3]]})
    parsed = parse(path)
    assert parsed.issues == [error(2, "学时", "-1.5", "number_negative",
                                   "第2行 “学时” 值 “-1.5” 不能为负数", sheet="培训")]
    assert parsed.rows_loaded == 1


def test_negative_int(tmp_path):
    parsed = org_file(tmp_path, unit(A, "甲公司", "东湖街道", 30, -2, "单独建会", "2020-05-01"))
    assert_one_bad_row(parsed, [error(6, "会员人数", "-2", "int_negative",
                                      "第6行 “会员人数” 值 “-2” 不能为负数")])


def test_enum_not_in_list(tmp_path):
    parsed = org_file(tmp_path, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01",
                                     unit_type="私企"))
    assert_one_bad_row(parsed, [error(6, "单位类型", "私企", "enum",
                                      "第6行 “单位类型” 值 “私企” 不在可选范围内，应为：企业、机关、事业单位、社会组织、其他")])


def test_invalid_credit_code(tmp_path):
    wrong = A[:-1] + "B"
    parsed = org_file(tmp_path, unit(wrong, "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01"))
    assert_one_bad_row(parsed, [error(
        6, "统一社会信用代码", wrong, "credit_code",
        f"第6行 “统一社会信用代码” 值 “{wrong}” 不是有效的18位统一社会信用代码（校验位不符或含非法字符）")])


def test_credit_code_stored_as_excel_number(tmp_path):
    typed = 911101080000012345  # a digits-only code typed into a number cell
    parsed = org_file(tmp_path, unit(typed, "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01"))
    shown = "9.11101E+17"  # as Excel shows it: the double holds 911101080000012288
    assert_one_bad_row(parsed, [error(
        6, "统一社会信用代码", shown, "credit_code_number",
        f"第6行 “统一社会信用代码” 值 “{shown}” 以数字格式保存，后几位已丢失；请将该列设为文本格式后重新填写")])


def test_credit_code_in_scientific_notation_from_csv(tmp_path):
    # Excel saves a number cell to CSV as it displays it.
    path = write_csv(tmp_path / "东湖街道_2026-03.csv", [
        ["统一社会信用代码", "本月办卡数"], ["9.11101E+17", "3"], [A, "2"]])
    parsed = parse(path)
    assert parsed.issues == [error(
        2, "统一社会信用代码", "9.11101E+17", "credit_code_number",
        "第2行 “统一社会信用代码” 值 “9.11101E+17” 以数字格式保存，后几位已丢失；请将该列设为文本格式后重新填写",
        sheet="东湖街道_2026-03")]
    assert parsed.status == "loaded_with_errors"
    assert codes_loaded(parsed, "service_cards") == [A]


def test_migrant_workers_over_workers(tmp_path):
    row = unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01")
    row[6] = 31  # 农民工人数
    parsed = org_file(tmp_path, row)
    assert_one_bad_row(parsed, [error(6, "农民工人数", "31", "migrant_gt_workers",
                                      "第6行 “农民工人数” 值 “31” 不能大于职工人数（30）")])


def test_migrant_members_over_members(tmp_path):
    parsed = org_file(tmp_path, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01",
                                     migrant_members="21人"))
    assert_one_bad_row(parsed, [error(6, "农民工会员人数", "21人", "migrant_members_gt_members",
                                      "第6行 “农民工会员人数” 值 “21人” 不能大于会员人数（20）")])


@pytest.mark.parametrize("cell, shown", [
    (dt.date(2026, 4, 1), "2026-04-01"),  # a date cell reads as the clerk sees it
    ("2026年4月1日", "2026年4月1日"),
])
def test_date_after_report_month_end(tmp_path, cell, shown):
    parsed = org_file(tmp_path, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", cell))
    assert_one_bad_row(parsed, [error(6, "建会日期", shown, "date_after_report_month",
                                      f"第6行 “建会日期” 值 “{shown}” 晚于报告期末（2026-03-31）")])


def test_last_day_of_month_is_not_after_it(tmp_path):
    parsed = org_file(tmp_path, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", "2026-03-31"))
    assert parsed.status == "loaded"
    assert codes_loaded(parsed) == [code(10), code(11), A]


def test_invalid_date_and_bool(tmp_path):
    parsed = org_file(tmp_path, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", "2026-02-30",
                                     congress="也许"))
    assert_one_bad_row(parsed, [
        error(6, "建会日期", "2026-02-30", "date",
              "第6行 “建会日期” 值 “2026-02-30” 不是有效的日期，请写作 2026-03-05"),
        error(6, "职代会建制", "也许", "bool", "第6行 “职代会建制” 值 “也许” 应填“是”或“否”"),
    ])


def _contracts(tmp_path, *rows) -> ParsedFile:
    header = ["统一社会信用代码", "合同编号", "合同类别", "签订形式", "签订日期", "到期日期", "覆盖职工数"]
    ok = [B, "HT-1", "综合集体合同", "单独签订", "2026-03-02", "2029-03-01", 10]
    return parse(write_xlsx(tmp_path / "r.xlsx", {"集体合同": [*LABELS, header, ok, *rows]}))


def test_expiry_not_after_signing(tmp_path):
    parsed = _contracts(
        tmp_path,
        [A, "HT-2", "综合集体合同", "单独签订", dt.date(2026, 3, 2), dt.date(2026, 3, 2), 30],
        [C, "HT-3", "综合集体合同", "单独签订", "2026-03-02", "2026/3/1", 30],
    )
    assert parsed.issues == [
        error(5, "到期日期", "2026-03-02", "expiry_not_after_signing",
              "第5行 “到期日期” 值 “2026-03-02” 应晚于签订日期（2026-03-02）", sheet="集体合同"),
        error(6, "到期日期", "2026/3/1", "expiry_not_after_signing",
              "第6行 “到期日期” 值 “2026/3/1” 应晚于签订日期（2026-03-02）", sheet="集体合同"),
    ]
    assert parsed.status == "loaded_with_errors"
    assert codes_loaded(parsed, "contracts") == [B]


def test_contract_signed_after_report_month(tmp_path):
    parsed = _contracts(tmp_path, [A, None, "工资专项集体合同", "行业性", "2026-04-02", "2029-04-01", 30])
    assert parsed.issues == [error(5, "签订日期", "2026-04-02", "date_after_report_month",
                                   "第5行 “签订日期” 值 “2026-04-02” 晚于报告期末（2026-03-31）",
                                   sheet="集体合同")]


def _trainings(tmp_path, *rows, reference=REF) -> ParsedFile:
    header = ["统一社会信用代码", "所属街道", "培训类别", "开班日期", "参训人次"]
    ok = [B, None, "其他", "2026-03-02", 10]
    return parse(write_xlsx(tmp_path / "r.xlsx", {"培训": [*LABELS, header, ok, *rows]}),
                 reference=reference)


def test_participants_below_one(tmp_path):
    parsed = _trainings(tmp_path, [A, None, "其他", "2026-03-02", 0])
    assert parsed.issues == [error(5, "参训人次", "0", "participants_below_one",
                                   "第5行 “参训人次” 值 “0” 应不少于1", sheet="培训")]
    assert parsed.status == "loaded_with_errors"
    assert codes_loaded(parsed, "trainings") == [B]


def test_mediated_over_received(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {"劳动争议": [
        *LABELS, ["统一社会信用代码", "受理件数", "调解成功件数"], [B, 2, 2], [A, "2件", "3件"]]})
    parsed = parse(path)
    assert parsed.issues == [error(5, "调解成功件数", "3件", "mediated_gt_received",
                                   "第5行 “调解成功件数” 值 “3件” 不能大于受理件数（2）", sheet="劳动争议")]
    assert codes_loaded(parsed, "disputes") == [B]


def test_unknown_street(tmp_path):
    parsed = org_file(tmp_path, unit(A, "甲公司", "北关街道", 30, 20, "单独建会", "2020-05-01"))
    assert_one_bad_row(parsed, [error(6, "所属街道", "北关街道", "street",
                                      "第6行 “所属街道” 值 “北关街道” 不是街道名录中的街道（街道名录：东湖街道、西城街道）")])


def test_unknown_street_on_a_flow_sheet(tmp_path):
    parsed = _trainings(tmp_path, [A, "北关街道", "其他", "2026-03-02", 5])
    assert parsed.issues == [error(5, "所属街道", "北关街道", "street",
                                   "第5行 “所属街道” 值 “北关街道” 不是街道名录中的街道（街道名录：东湖街道、西城街道）",
                                   sheet="培训")]


@pytest.mark.parametrize("written", ["东湖街道办事处", "东湖街道办", "东湖街道总工会", "临湖区东湖街道", "江州市临湖区东湖街道",
                                     "东湖", "东湖街道 工会委员会"])
def test_a_street_written_as_a_person_reads_it(tmp_path, written):
    """Its office's or union's name after it, the district before it, or its name
    without 街道: the street all the same (stored as the list names it)."""
    parsed = org_file(tmp_path, unit(A, "甲公司", written, 30, 20, "单独建会", "2020-05-01"))
    assert parsed.issues == [] and parsed.sheets[0].data["street"][-1] == "东湖街道"


OFFICIAL_NAMES = ("东湖街道办事处", "南山镇人民政府", "高新技术产业开发区管委会")  # as 民政 lists name them
OFFICIAL_LIST = Reference(
    streets={**{name: f"S{n}" for n, name in enumerate(OFFICIAL_NAMES, 1)},
             **{f"S{n}": f"S{n}" for n in range(1, len(OFFICIAL_NAMES) + 1)}},
    kpis=kpi_names(), street_list=OFFICIAL_NAMES)


@pytest.mark.parametrize("written, listed", [
    ("东湖街道", "东湖街道办事处"), ("东湖", "东湖街道办事处"), ("东湖街道办", "东湖街道办事处"),
    ("临湖区东湖街道", "东湖街道办事处"), ("南山镇", "南山镇人民政府"), ("南山", "南山镇人民政府"),
    ("南山镇政府", "南山镇人民政府"), ("高新技术产业开发区", "高新技术产业开发区管委会"),
])
def test_a_list_of_official_names_reads_the_names_clerks_write(tmp_path, written, listed):
    """The list's names are read as a written street is: without the office's name."""
    path = write_xlsx(tmp_path / "r.xlsx", {ORG: [
        *LABELS, UNIT_HEADER, unit(A, "甲公司", written, 30, 20, "单独建会", "2020-05-01")]})
    parsed = parse(path, reference=OFFICIAL_LIST)
    assert parsed.issues == [] and codes_loaded(parsed) == [A]
    assert parsed.sheets[0].data["street"] == [listed]


def test_a_list_of_official_names_reads_registry_and_targets_streets(tmp_path):
    registry = write_xlsx(tmp_path / "区市场监管局_2026-01.xlsx", {"企业名录": [
        ["统一社会信用代码", "单位名称", "所属街道", "职工人数", "经营状态"],
        [A, "甲公司", "东湖街道", 30, "在营"], [B, "乙公司", "南山镇", 10, "在营"]]})
    targets = write_xlsx(tmp_path / "区总工会_年度目标.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"],
        [2026, "东湖街道", "建会率", "90%"], [2026, "南山镇", "建会率", "90%"]]})
    for path in (registry, targets):
        parsed = parse(path, reference=OFFICIAL_LIST)
        assert (parsed.status, parsed.issues) == ("loaded", [])
        assert parsed.sheets[0].data["street"] == ["东湖街道办事处", "南山镇人民政府"]


@pytest.mark.parametrize("streets", [
    {"东山街道": "S1", "东山镇": "S2"},
    {"东山街道": "S1", "东山镇": "S2", "东山乡": "S3"},  # (a third must not settle it)
])
def test_a_bare_name_two_streets_share_is_no_street(tmp_path, streets):
    reference = Reference(streets=streets, street_list=("东山街道", "东山镇"))
    parsed = _trainings(tmp_path, [A, "东山", "其他", "2026-03-02", 5], reference=reference)
    assert [i.rule for i in parsed.issues] == ["street"]
    assert parsed.issues[0].message.endswith("（街道名录：东山街道、东山镇）")


def test_any_street_without_a_street_list(tmp_path):
    parsed = _trainings(tmp_path, [A, "北关街道", "其他", "2026-03-02", 5], reference=Reference())
    assert parsed.status == "loaded"
    assert codes_loaded(parsed, "trainings") == [B, A]


def test_registry_street_outside_the_list_is_a_warning(tmp_path):
    path = write_xlsx(tmp_path / "区市场监管局_2026-01.xlsx", {"企业名录": [
        ["统一社会信用代码", "单位名称", "所属街道", "职工人数", "经营状态"],
        [A, "甲公司", "北关街道", 30, "在营"], [B, "乙公司", "东湖街道", 10, "停业"]]})
    parsed = parse(path)
    assert parsed.issues == [
        warning(2, "所属街道", "北关街道", "street_unknown_registry",
                "第2行 “所属街道” 值 “北关街道” 不是街道名录中的街道，该企业只计入全区", sheet="企业名录"),
        error(3, "经营状态", "停业", "enum",
              "第3行 “经营状态” 值 “停业” 不在可选范围内，应为：在营、注销、吊销、迁出", sheet="企业名录"),
    ]
    assert parsed.status == "loaded_with_errors"
    sheet = parsed.sheets[0]
    assert (sheet.data["credit_code"], sheet.data["street"], sheet.data["is_warned"]) == (
        [A], ["北关街道"], [True])


def test_a_street_list_may_not_name_a_street_as_the_district(tmp_path):
    """ALL (any case) and 全区 are how targets name the district: a street coded or named
    so would be a second district (the warehouse's org codes had collided, failing the
    load). Those rows are refused; the others load."""
    path = write_xlsx(tmp_path / "区总工会_街道名录.xlsx", {"街道名录": [
        ["街道代码", "街道名称", "类型"], ["S1", "东湖街道", "街道"], ["ALL", "区直机关", "系统"],
        ["all", "区直单位", "系统"], ["S9", "全区", "系统"]]})
    parsed = parse(path)
    assert [(i.row_number, i.column_header, i.value, i.rule) for i in parsed.issues] == [
        (3, "街道代码", "ALL", "street_reserved"), (4, "街道代码", "all", "street_reserved"),
        (5, "街道名称", "全区", "street_reserved")]
    assert parsed.issues[0].message == "第3行 “街道代码” 值 “ALL” 在系统中表示全区，不能作为街道的代码或名称，请改用其他写法"
    assert parsed.sheets[0].data["street_code"] == ["S1"]


def test_targets_unknown_kpi_and_bad_value(tmp_path):
    path = write_xlsx(tmp_path / "区总工会_年度目标.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"],
        [2026, "全区", "建会率", "95%"],
        [2026, "全区", "幸福指数", "95%"],
        [2026, "东湖街道", "职工入会率", "九成"],
    ]})
    parsed = parse(path, reference=Reference(streets=REF.streets, kpis=kpi_names()))
    assert parsed.issues == [
        error(3, "指标", "幸福指数", "kpi", "第3行 “指标” 值 “幸福指数” 不是指标体系中的指标，应为："
              + "、".join(kpi_short_names()), sheet="年度目标"),
        error(4, "目标值", "九成", "target",
              "第4行 “目标值” 值 “九成” 不是有效的目标值，比率请写作 95% 或 95", sheet="年度目标"),
    ]
    assert "应为：新建工会数、建会率、25人以上企业独立建会率、会员人数、" in parsed.issues[0].message
    assert parsed.rows_loaded == 1


@pytest.mark.parametrize("written", ["帮扶金额（元）", "帮扶金额(千元)", "会员人数（上年）", "建会率（‰）"])
def test_a_kpi_name_with_another_unit_in_brackets(tmp_path, written):
    """Refused: a target for 帮扶金额（元） read as the KPI's would be in 万元."""
    path = write_xlsx(tmp_path / "区总工会_年度目标.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"], [2026, "全区", "建会率", "95%"], [2026, "全区", written, 9]]})
    parsed = parse(path, reference=Reference(streets=REF.streets, kpis=kpi_names()))
    assert parsed.issues == [error(
        3, "指标", written, "kpi_unit", f"第3行 “指标” 值 “{written}” 括号中的单位或说明与指标体系不符："
        "请只写指标名称，目标值按指标体系的单位填写（金额以万元计，比率写作 95%）", sheet="年度目标")]
    assert parsed.rows_loaded == 1


def test_a_target_given_twice_warns_that_the_later_one_counts(tmp_path):
    path = write_xlsx(tmp_path / "区总工会_年度目标.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"],
        [2026, "全区", "帮扶金额", 12.5],
        [2026, "东湖街道", "帮扶金额", 5],
        [2026, "全区", "帮扶金额（万元）", 99],  # the same KPI by another of its names
        [2027, "全区", "帮扶金额", 20],
    ]})
    parsed = parse(path, reference=Reference(streets=REF.streets, kpis=kpi_names()))
    assert parsed.issues == [warning(
        2, "年度", "2026", "duplicate_row",
        "第2行 与第4行的“年度、街道、指标”相同，以第4行为准，本行不计入", sheet="年度目标")]
    assert (parsed.status, parsed.rows_loaded, parsed.rows_warned) == ("loaded", 4, 1)


def test_a_unit_listed_twice_in_one_sheet_warns_on_the_earlier_row(tmp_path):
    parsed = org_file(tmp_path, good_unit(12), good_unit(10))  # rows 6 and 7; row 4 is unit 10
    assert parsed.issues == [warning(
        4, "统一社会信用代码", code(10), "duplicate_row",
        "第4行 与第7行的“统一社会信用代码”相同，以第7行为准，本行不计入")]
    assert parsed.status == "loaded" and parsed.rows_warned == 1


def test_a_unit_in_two_sheets_of_one_type_counts_from_the_later_sheet(tmp_path):
    # 会员情况 is an alias of 组建与会员: the unit's row there counts, row number aside.
    header = ["社会信用代码", *UNIT_HEADER[1:]]  # an alias: the message says it as written
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        ORG: [*LABELS, header, good_unit(9), good_unit(10)],
        "会员情况": [UNIT_HEADER, good_unit(10)]})
    parsed = parse(path)
    assert parsed.issues == [warning(
        5, "社会信用代码", code(10), "duplicate_row",
        "第5行 与工作表“会员情况”第2行的“社会信用代码”相同，以工作表“会员情况”第2行为准，本行不计入")]


def test_every_error_of_a_row_is_reported(tmp_path):
    row = [A.lower()[:-1] + "0", None, "东湖街道", "企业", "非公", "三十", None, "20", None, "建了",
           "2020-05-01", "是", "是", "否"]
    parsed = org_file(tmp_path, row)
    assert [(i.row_number, i.column_header, i.rule) for i in parsed.issues] == [
        (6, "统一社会信用代码", "credit_code"), (6, "职工人数", "int"), (6, "建会形式", "enum"),
        (6, "单位名称", "required")]
    assert parsed.rows_rejected == 1


# --- warnings ---------------------------------------------------------------------------------

def test_members_over_workers_is_a_warning(tmp_path):
    parsed = org_file(tmp_path, unit(A, "甲公司", "东湖街道", 30, 35, "单独建会", "2020-05-01"))
    assert parsed.issues == [warning(6, "会员人数", "35", "members_gt_workers",
                                     "第6行 “会员人数” 值 “35” 大于职工人数（30），请核实")]
    assert parsed.status == "loaded"  # warnings alone keep it loaded
    sheet = parsed.sheets[0]
    assert (sheet.data["credit_code"], sheet.data["members"], sheet.data["is_warned"]) == (
        [code(10), code(11), A], [20, 20, 35], [False, False, True])
    assert (parsed.rows_loaded, parsed.rows_rejected, parsed.rows_warned) == (3, 0, 1)


@pytest.mark.parametrize("cell, shown", [
    ("2026-02-28", "2026-02-28"), (dt.date(2026, 4, 1), "2026-04-01"), ("20250310", "20250310")])
def test_training_outside_the_month_is_a_warning(tmp_path, cell, shown):
    parsed = _trainings(tmp_path, [A, None, "其他", cell, 5])
    assert parsed.issues == [warning(5, "开班日期", shown, "training_outside_month",
                                     f"第5行 “开班日期” 值 “{shown}” 不在报告期（2026-03）内，请核实",
                                     sheet="培训")]
    assert parsed.status == "loaded"
    sheet = parsed.sheets[0]
    assert (sheet.data["credit_code"], sheet.data["is_warned"]) == ([B, A], [False, True])


# --- sheet errors -----------------------------------------------------------------------------

def test_missing_required_column_rejects_that_sheet_only(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {
        ORG: [*LABELS, UNIT_HEADER, good_unit(10)],
        "培训": [["统一社会信用代码", "培训类别", "开班日期", "人数"],
               [A, "其他", "2026-03-02", 3], [B, "其他", "2026-03-03", 4]],
    })
    parsed = parse(path)
    assert parsed.issues == [Issue("培训", None, "参训人次", None, "error", "missing_column",
                                   "工作表“培训”缺少必填列“参训人次”，该表数据未导入；请按模板补齐列名")]
    assert parsed.status == "loaded_with_errors"
    assert [(s.sheet_name, s.rows_loaded, s.rows_rejected) for s in parsed.sheets] == [
        (ORG, 1, 0), ("培训", 0, 2)]


def test_every_missing_column_is_named(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {
        ORG: [*LABELS, UNIT_HEADER, good_unit(10)],
        "劳动争议": [["统一社会信用代码", "件数"], [A, 3]],
    })
    parsed = parse(path)
    assert [(i.sheet, i.column_header, i.rule) for i in parsed.issues] == [
        ("劳动争议", "受理件数", "missing_column"), ("劳动争议", "调解成功件数", "missing_column")]
    assert parsed.status == "loaded_with_errors"


def test_sheet_without_a_header_says_so_once(tmp_path):
    # A sheet named as a template sheet whose header is not in the top rows (here below
    # them): one issue naming the header, not one per column.
    blank_rows = [[None]] * 15
    path = write_xlsx(tmp_path / "r.xlsx", {
        ORG: [*LABELS, UNIT_HEADER, good_unit(10)],
        "劳动争议": [*blank_rows, ["统一社会信用代码", "受理件数", "调解成功件数"], [A, 3, 1]],
    })
    parsed = parse(path)
    assert parsed.issues == [Issue(
        "劳动争议", None, None, None, "error", "header_not_found",
        "工作表“劳动争议”的前15行中没有表头（应含必填列“统一社会信用代码”、“受理件数”、"
        "“调解成功件数”），该表数据未导入；请按模板填写表头")]
    assert parsed.status == "loaded_with_errors"
    assert [(s.sheet_name, s.rows_loaded, s.rows_rejected) for s in parsed.sheets] == [
        (ORG, 1, 0), ("劳动争议", 0, 1)]  # (the header below the rows searched is no row)


def test_a_sheet_without_a_header_counts_its_units_rows_as_rejected(tmp_path):
    """Which rows are data is a guess without a header: those naming a unit by its code,
    not the title, the notes or the misspelt header."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"劳动争议": [
        ["劳动争议情况表"], ["填报单位：东湖街道总工会"], ["说明：件数按受理日期统计"],
        ["信用号", "收案", "调处"], [A, 3, 1], [f" {B.lower()}", 2, 2], ["(空)", None, None]]})
    parsed = parse(path)
    assert [i.rule for i in parsed.issues] == ["header_not_found"]
    assert [(s.rows_loaded, s.rows_rejected) for s in parsed.sheets] == [(0, 2)]


def test_a_sheet_without_a_header_lists_no_label_as_a_column(tmp_path):
    """The header below the rows searched: the labels above it are no ignored columns."""
    notes = [[f"注{n}：请按要求填写"] for n in range(1, 14)]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {ORG: [
        *LABELS, *notes, UNIT_HEADER, good_unit(10)]})
    parsed = parse(path)
    assert [i.rule for i in parsed.issues] == ["header_not_found"]
    assert [n for n in parsed.notes if n.what == "ignored_column"] == []


def test_rejected_when_no_sheet_loads(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {"培训": [
        *LABELS, ["统一社会信用代码", "培训类别", "开班日期"], [A, "其他", "2026-03-02"]]})
    parsed = parse(path)
    message = "工作表“培训”缺少必填列“参训人次”，该表数据未导入；请按模板补齐列名"
    assert parsed.issues == [Issue("培训", None, "参训人次", None, "error", "missing_column", message)]
    assert parsed.status == "rejected"
    assert parsed.message == f"没有可导入的数据行：{message}"
    assert parsed.rows_loaded == 0


def test_rejected_when_every_row_is_wrong(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {ORG: [
        *LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", "十二", 10, "单独建会", "2020-05-01")]})
    parsed = parse(path)
    assert parsed.status == "rejected"
    assert parsed.message == "没有可导入的数据行：第4行 “职工人数” 值 “十二” 不是整数"
    assert (parsed.rows_loaded, parsed.rows_rejected) == (0, 1)


def test_a_file_of_headers_only_is_rejected_as_holding_no_data(tmp_path):
    # A blank template sent with its labels filled: no report of nothing (it would open
    # a month with every unit unreported); the clerk most likely sent the wrong file.
    path = write_xlsx(tmp_path / "r.xlsx", {ORG: [*LABELS, UNIT_HEADER], "劳动争议": [
        ["统一社会信用代码", "受理件数", "调解成功件数"]]})
    parsed = parse(path)
    file_error(parsed, "no_data_rows", "文件中的报表工作表（“组建与会员”、“劳动争议”）在表头下方没有任何数据行："
                                       "请填写数据后重新上传（空白模板不能作为报表上报）")
    assert (parsed.submitter, parsed.report_month) == ("东湖街道总工会", dt.date(2026, 3, 1))


def test_a_blank_sheet_beside_one_with_data_is_no_error(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {ORG: [*LABELS, UNIT_HEADER, good_unit(10)], "劳动争议": [
        ["统一社会信用代码", "受理件数", "调解成功件数"]]})
    parsed = parse(path)
    assert (parsed.status, parsed.issues, parsed.rows_loaded) == ("loaded", [], 1)


# --- file errors ------------------------------------------------------------------------------

def file_error(parsed: ParsedFile, rule: str, message: str | None = None) -> None:
    assert parsed.status == "rejected"
    assert parsed.sheets == []
    assert len(parsed.issues) == 1
    issue = parsed.issues[0]
    assert (issue.sheet, issue.row_number, issue.column_header, issue.severity,
            issue.rule) == (None, None, None, "error", rule)
    assert issue.message == parsed.message
    if message is not None:
        assert parsed.message == message
    if rule == "unreadable":  # in Chinese; the reading library's words, if any, are the value
        # (Excel's names for a cell and a key are what the clerk sees in Excel, and the
        # names of programs and formats what the clerk knows them by.)
        known = (r"Excel|CSV|XML|\.xlsx?|\.ods|Ctrl\+End|\b[A-Z]{1,3}\d+\b|Word|PowerPoint|"
                 r"OpenDocument|WPS|LibreOffice|PDF|PNG|JPEG|GIF|RAR|RTF|7z")
        assert not re.search("[A-Za-z]", re.sub(known, "", parsed.message)), \
            parsed.message
    else:
        assert issue.value is None


UNREADABLE = "文件无法读取（已损坏或不是有效的 Excel/CSV 文件）："


def valid_xlsx(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "valid.xlsx", {ORG: [*LABELS, UNIT_HEADER, good_unit(10)]})


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm", ".xls"])
def test_corrupt_bytes(tmp_path, suffix):
    path = tmp_path / f"东湖街道_2026-03{suffix}"
    path.write_bytes(b"this is not a workbook at all \x00\x01\x02" * 50)
    parsed = parse(path)
    file_error(parsed, "unreadable", UNREADABLE + "文件内容不是 Excel 格式")
    # Who sent it, and for when, still read from its name.
    assert (parsed.submitter, parsed.report_month) == ("东湖街道", dt.date(2026, 3, 1))


def test_empty_file(tmp_path):
    path = tmp_path / "东湖街道_2026-03.xlsx"
    path.write_bytes(b"")
    file_error(parse(path), "unreadable")


def test_truncated_xlsx(tmp_path):
    data = valid_xlsx(tmp_path).read_bytes()
    path = tmp_path / "东湖街道_2026-03.xlsx"
    path.write_bytes(data[: len(data) // 2])
    parsed = parse(path)
    file_error(parsed, "unreadable")
    assert parsed.message.startswith(UNREADABLE)


@pytest.mark.parametrize("member, detail", [
    ("word/document.xml", "文件实际是 Word 文档，并非 Excel 工作簿；请上传报表文件"),
    ("content.xml", "文件是 OpenDocument 格式（.ods 等），请用 WPS、Excel 或 LibreOffice "
                    "另存为 Excel 工作簿（.xlsx）再上传"),
    ("data.txt", "不是 Excel 工作簿"),
])
def test_zip_that_is_not_a_workbook(tmp_path, member, detail):
    path = tmp_path / "东湖街道_2026-03.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, "<x/>")
    file_error(parse(path), "unreadable", UNREADABLE + detail)


@pytest.mark.parametrize("head, kind", [(b"%PDF-1.7\n", "PDF 文档"), (b"\x89PNG\r\n\x1a\n", "PNG 图片")])
def test_a_document_saved_under_a_spreadsheets_name(tmp_path, head, kind):
    path = tmp_path / "东湖街道_2026-03.xls"
    path.write_bytes(head + b"1 0 obj << /Type /Catalog >> endobj\n" * 20)
    file_error(parse(path), "unreadable",
               UNREADABLE + f"文件实际是 {kind}，并非 Excel 或 CSV 文件；请上传报表文件")


# A compound file (CFB, the OLE container of .xls and of encrypted Office files) built by
# hand: olefile only reads them. Version 3, 512-byte sectors, one FAT sector, one
# directory sector; every stream is padded to the 4096-byte cutoff so that it lives in
# regular sectors (no mini stream).
_END, _FREE, _FAT, _NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: dict[str, bytes]) -> bytes:
    assert 1 <= len(streams) <= 3
    names = sorted(streams, key=lambda n: (len(n), n.upper()))  # CFB sibling order
    datas = [streams[n].ljust(max(4096, -(-len(streams[n]) // 512) * 512), b"\0") for n in names]
    fat, starts = [_FAT, _END], []  # sector 0: FAT, sector 1: directory
    for data in datas:
        starts.append(len(fat))
        count = len(data) // 512
        fat += [starts[-1] + i + 1 for i in range(count - 1)] + [_END]
    assert len(fat) <= 128
    fat += [_FREE] * (128 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<9I", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<109I", 0, *[_FREE] * 108))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = (name.encode("utf-16-le") + b"\0\0") if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", _NONE, right, child) + bytes(16 + 4 + 16)
                + struct.pack("<IQ", start, size))

    directory = [entry("Root Entry", 5, _NONE, 1, _END, 0)]
    for i, name in enumerate(names):  # a right-leaning chain of black siblings
        right = i + 2 if i + 1 < len(names) else _NONE
        directory.append(entry(name, 2, right, _NONE, starts[i], len(datas[i])))
    directory += [entry("", 0, _NONE, _NONE, 0, 0)] * (4 - len(directory))
    return header + struct.pack("<128I", *fat) + b"".join(directory) + b"".join(datas)


def encrypted_workbook() -> bytes:
    """What Excel writes for a workbook with an open password: the encrypted package
    inside an OLE container, next to its EncryptionInfo (here: agile, version 4.4)."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    return compound_file({"EncryptionInfo": info, "EncryptedPackage": bytes(6000)})


def test_compound_file_builder_is_a_real_cfb():
    olefile = pytest.importorskip("olefile")
    import io
    with olefile.OleFileIO(io.BytesIO(encrypted_workbook())) as ole:
        assert sorted(ole.listdir()) == [["EncryptedPackage"], ["EncryptionInfo"]]
        assert ole.get_size("EncryptedPackage") == 6144
        assert ole.openstream("EncryptionInfo").read(4) == b"\x04\x00\x04\x00"


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm", ".xls"])
def test_encrypted_workbook(tmp_path, suffix):
    path = tmp_path / f"东湖街道_2026-03{suffix}"
    path.write_bytes(encrypted_workbook())
    file_error(parse(path), "encrypted", "文件已加密（设置了打开密码），请取消密码后重新上传")


def test_encrypted_legacy_xls(tmp_path):
    """A .xls with an open password keeps the BIFF record structure and announces its
    encryption with a FILEPASS record right after the globals' BOF (RC4 header). Built
    from a real xlwt workbook stream: FILEPASS inserted, BOUNDSHEET offsets moved."""
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the legacy .xls (BIFF8) files")
    olefile = pytest.importorskip("olefile")
    import io
    workbook = xlwt.Workbook(encoding="utf-8")
    workbook.add_sheet("服务卡").write(0, 0, "统一社会信用代码")
    buffer = io.BytesIO()
    workbook.save(buffer)
    stream = olefile.OleFileIO(io.BytesIO(buffer.getvalue())).openstream("Workbook").read()
    kind, size = struct.unpack_from("<HH", stream, 0)
    assert kind == 0x0809  # BOF
    filepass = struct.pack("<HHHHH", 0x002F, 54, 1, 1, 1) + bytes(48)  # RC4, v1.1
    records = bytearray(stream[:4 + size] + filepass + stream[4 + size:])
    pos = 0
    while pos < len(records):
        kind, size = struct.unpack_from("<HH", records, pos)
        if kind == 0x0085:  # BOUNDSHEET: absolute offset of the sheet's BOF
            offset = struct.unpack_from("<I", records, pos + 4)[0]
            struct.pack_into("<I", records, pos + 4, offset + len(filepass))
        if kind == 0x000A:  # EOF of the globals
            break
        pos += 4 + size
    encrypted = compound_file({"Workbook": bytes(records)})
    plain = compound_file({"Workbook": stream})
    for suffix in (".xls", ".xlsx"):
        path = tmp_path / f"东湖街道_2026-03{suffix}"
        path.write_bytes(encrypted)
        file_error(parse(path), "encrypted", "文件已加密（设置了打开密码），请取消密码后重新上传")
        path.write_bytes(plain)  # the same workbook without FILEPASS opens
        assert parse(path).issues[0].rule in ("missing_column", "header_not_found")


def test_ole_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "东湖街道_2026-03.xlsx"
    path.write_bytes(compound_file({"WordDocument": bytes(100)}))
    file_error(parse(path), "unreadable", UNREADABLE + "文件内容不是 Excel 格式")


def crashing_xls(tmp_path) -> tuple[Path, Path]:
    """A good .xls and a copy whose DIMENSIONS record says the used range ends before it
    starts: calamine then requests terabytes and aborts the process (found by
    test_fuzz_files)."""
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the legacy .xls (BIFF8) files")
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("服务卡")
    for r, row in enumerate([["统一社会信用代码", "本月办卡数"], [A, 3]]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.save(str(tmp_path / "good.xls"))
    data = bytearray((tmp_path / "good.xls").read_bytes())
    good = tmp_path / "东湖街道_2026-03.xls"
    good.write_bytes(data)
    dimensions = data.find(struct.pack("<HH", 0x0200, 14))  # DIMENSIONS, BIFF8
    first_row, last_row = struct.unpack_from("<II", data, dimensions + 4)
    assert (first_row, last_row) == (0, 2)
    struct.pack_into("<I", data, dimensions + 4, 8)  # first row 8 > last row 2
    bad = tmp_path / "西城街道_2026-03.xls"
    bad.write_bytes(data)
    return good, bad


def test_xls_that_crashes_the_excel_library(tmp_path):
    """The workbook is read in a child process: this file is rejected, the next one loads."""
    good, bad = crashing_xls(tmp_path)
    file_error(parse(bad), "unreadable", UNREADABLE + "文件结构异常或内容范围过大，读取中止")
    parsed = parse(good)
    assert parsed.status == "loaded"
    assert codes_loaded(parsed, "service_cards") == [A]


def test_workbooks_are_read_by_reused_child_processes(tmp_path):
    path = valid_xlsx(tmp_path)
    assert parse(path, "东湖街道_2026-03.xlsx").status == "loaded"
    readers = list(workers._pool.readers)
    assert len(readers) == workers.READERS and all(r.alive() for r in readers)
    assert {r.process.pid for r in readers}.isdisjoint({os.getpid()})
    assert parse(path, "东湖街道_2026-03.xlsx").status == "loaded"
    assert workers._pool.readers == readers


def test_a_reader_dying_rejects_only_its_file_and_the_rest_are_read(tmp_path):
    """Many files in flight at once: the crashing one aborts its reader; the files queued
    behind it at that reader are sent again, and every other file is read."""
    good, bad = crashing_xls(tmp_path)
    jobs = [workers.Job(good, f"东湖街道_{i}_2026-03.xls") for i in range(40)]
    jobs[7] = jobs[23] = workers.Job(bad, "西城街道_2026-03.xls")
    results = list(workers.prepare_many(jobs))
    assert [r.file_name for r in results] == [j.file_name for j in jobs]
    crashed = {"detail": "文件结构异常或内容范围过大，读取中止"}
    assert [i for i, r in enumerate(results) if r.error] == [7, 23]
    assert results[7].error == results[23].error == ("unreadable", crashed)
    assert all(r.kind == "monthly" and len(r.sheets) == 1 for i, r in enumerate(results)
               if i not in (7, 23))
    assert all(r.alive() for r in workers._pool.readers)


def test_files_in_flight_at_a_reader_are_bounded_in_bytes(tmp_path, monkeypatch):
    """Answers wait in memory until the loader takes them: a reader is sent no more
    files once those it holds reach WINDOW_BYTES (one file always goes)."""
    path = valid_xlsx(tmp_path)
    size = path.stat().st_size
    monkeypatch.setattr(workers, "WINDOW_BYTES", 2 * size)
    seen: list[int] = []
    original = workers._Reader.send

    def send(reader, index, job):
        original(reader, index, job)
        seen.append(reader.queued_bytes)
    monkeypatch.setattr(workers._Reader, "send", send)
    jobs = [workers.Job(path, f"东湖街道_{i}_2026-03.xlsx") for i in range(12)]
    results = list(workers.prepare_many(jobs))
    assert [r.kind for r in results] == ["monthly"] * 12
    assert len(seen) == 12 and max(seen) == 2 * size
    assert all(r.queued_bytes == 0 for r in workers._pool.readers)


def test_a_reader_gets_new_files_while_its_answers_wait_for_the_loader(tmp_path, monkeypatch):
    """The window counts files a reader has not answered: while the loader is busy
    (here: asleep over its first file), answers pile up and the readers get more work."""
    path = valid_xlsx(tmp_path)
    monkeypatch.setattr(workers, "WINDOW", 2)
    waiting: list[int] = []
    original = workers._Reader.send

    def send(reader, index, job):
        original(reader, index, job)
        waiting.append(len(reader.queued))  # sent and not yet taken by the loader
    monkeypatch.setattr(workers._Reader, "send", send)
    jobs = [workers.Job(path, f"东湖街道_{i}_2026-03.xlsx") for i in range(16)]
    results = []
    for prepared in workers.prepare_many(jobs):
        if not results:
            time.sleep(1.0)  # every reader answers what it holds meanwhile
        results.append(prepared)
    assert [r.kind for r in results] == ["monthly"] * 16
    assert max(waiting) > workers.WINDOW


def _no_child_processes(*args):
    raise OSError("no child processes here")


def test_reading_falls_back_in_process_when_no_child_can_start(tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "_pool", None)
    monkeypatch.setattr(workers, "_Reader", _no_child_processes)
    parsed = parse(valid_xlsx(tmp_path), "东湖街道_2026-03.xlsx")
    assert parsed.status == "loaded"
    assert codes_loaded(parsed) == [code(10)]


@pytest.mark.parametrize("with_dimension", [True, False, None])
def test_one_cell_far_away_is_rejected_not_a_memory_exhaustion(tmp_path, with_dimension):
    # A 5 KB workbook whose used range is A1:XFD1048576 (17 billion cells); the clerk is
    # told where the stray cell is, from the sheet's <dimension> or, without one, its cells.
    import zipfile

    path = tmp_path / "东湖街道_2026-03.xlsx"
    workbook = xlsxwriter.Workbook(str(tmp_path / "written.xlsx"))
    sheet = workbook.add_worksheet("服务卡")
    sheet.write_row(0, 0, ["统一社会信用代码", "本月办卡数"])
    sheet.write_row(1, 0, [A, 3])
    sheet.write(1048575, 16383, "x")
    workbook.close()
    with zipfile.ZipFile(tmp_path / "written.xlsx") as written, zipfile.ZipFile(path, "w") as out:
        for info in written.infolist():
            data = written.read(info)
            if with_dimension is None:  # a dimension too small, as some writers leave it
                data = data.replace(b'<dimension ref="A1:XFD1048576"/>', b'<dimension ref="A1:B2"/>')
            elif not with_dimension:
                data = data.replace(b'<dimension ref="A1:XFD1048576"/>', b"")
            out.writestr(info, data)
    assert path.stat().st_size < 10 * 1024
    file_error(parse(path), "unreadable", UNREADABLE + (
        "工作表“服务卡”的使用范围一直延伸到 XFD1048576 单元格（远离数据的单元格中有空格等内容），"
        "范围过大无法读取；请在 Excel 中按 Ctrl+End 找到该单元格，删除数据以外多余的行和列后保存，再重新上传"))


def test_an_excel4_macro_sheet_does_not_keep_the_workbook_from_being_read(tmp_path):
    # An .xlsm with an Excel 4.0 macro sheet (xl/macrosheets/): the reader cannot open
    # it; the report sheets are read without it, its macros never run.
    import zipfile

    source = write_xlsx(tmp_path / "plain.xlsx", {ORG: [*LABELS, UNIT_HEADER, good_unit(10)]})
    path = tmp_path / "东湖街道_2026-03.xlsm"
    macro = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             b'<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="str"><f>HALT()</f><v></v></c></row></sheetData>'
             b"</xm:macrosheet>")
    with zipfile.ZipFile(source) as plain, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in plain.infolist():
            data = plain.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"</sheets>", b'<sheet name="Macro1" sheetId="9" r:id="rId99"/></sheets>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/'
                    b'relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>'))
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    b'<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/'
                    b'vnd.ms-excel.macrosheet+xml"/></Types>'))
            out.writestr(info.filename, data)
        out.writestr("xl/macrosheets/sheet1.xml", macro)
    parsed = parse(path)
    assert parsed.status == "loaded" and codes_loaded(parsed, "org_units") == [code(10)]


def test_no_month(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {ORG: [["填报单位：东湖街道总工会"], UNIT_HEADER, good_unit(10)]})
    parsed = parse(path, "东湖街道月报.xlsx")
    file_error(parsed, "no_month",
               "无法确定报告期：请在表头上方填写“报告期：2026-03”，或在文件名中写明月份（如 东湖街道_2026-03.xlsx）")
    assert (parsed.submitter, parsed.kind) == ("东湖街道总工会", "monthly")  # as far as it was read


def test_unreadable_month_label_and_no_month_in_name(tmp_path):
    """The clerk stated a month, which says no year: the message quotes it."""
    path = write_xlsx(tmp_path / "r.xlsx", {ORG: [["报告期：三月份"], UNIT_HEADER, good_unit(10)]})
    file_error(parse(path, "东湖街道_月报.xlsx"), "month_unreadable",
               "无法识别报告期“三月份”：请写作“报告期：2026-03”或“报告期：2026年3月”，"
               "或在文件名中写明月份（如 东湖街道_2026-03.xlsx）")


def test_a_month_in_chinese_numerals(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {ORG: [["报告期：二〇二六年十一月"], UNIT_HEADER, good_unit(10)]})
    parsed = parse(path, "东湖街道_月报.xlsx")
    assert parsed.status == "loaded" and parsed.report_month == dt.date(2026, 11, 1)


@pytest.mark.parametrize("file_name", ["2026-03.xlsx", "月报2026-03.xlsx", "2026年3月_月报.xlsx",
                                       # (what the file is, not who sent it)
                                       "组建与会员_2026-03.xlsx", "服务卡_东湖_2026-03.xlsx"])
def test_no_submitter(tmp_path, file_name):
    path = write_xlsx(tmp_path / "r.xlsx", {ORG: [["报告期：2026-03"], UNIT_HEADER, good_unit(10)]})
    file_error(parse(path, file_name), "no_submitter",
               "无法确定填报单位：请在表头上方填写“填报单位：XX街道总工会”，或将文件命名为“填报单位_报告期.xlsx”")


def test_a_registry_with_no_submitter_is_told_a_registrys_example(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {"企业名录": [
        ["报告期：2026-01"], ["统一社会信用代码", "单位名称", "所属街道", "职工人数", "经营状态"],
        [code(1), "甲公司", "东湖街道", 30, "在营"]]})
    file_error(parse(path, "企业名录.xlsx"), "no_submitter",
               "无法确定填报单位：请在表头上方填写“填报单位：区总工会”，或将文件命名为“区总工会_企业名录_2026-01.xlsx”")


def test_a_targets_files_name_gives_no_submitter(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {"年度目标": [["年度", "街道", "指标", "目标值"], [2026, "东湖街道", "新建工会数", 12]]})
    parsed = parse(path, "年度目标_2026.xlsx", Reference(streets=REF.streets, kpis=kpi_names()))
    assert parsed.status == "loaded" and parsed.submitter is None


def test_no_known_sheet(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {
        "Sheet1": [["单位", "人数"], ["甲公司", 3]], "说明": [["填表说明"]]})
    parsed = parse(path, "东湖街道_2026-03.xlsx")
    file_error(parsed, "no_known_sheet",
               "文件中没有可识别的报表工作表：工作表名称或表头应与模板一致（如“组建与会员”）")
    assert (parsed.submitter, parsed.report_month, parsed.kind) == ("东湖街道", dt.date(2026, 3, 1), None)


def test_a_file_whose_report_sheets_are_all_hidden_says_so(tmp_path):
    """A visible cover and a hidden 组建与会员: the clerk is told the sheet is hidden,
    not that the headers should match the template."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "封面"
    workbook.active.append(["填报单位：东湖街道总工会"])
    report = workbook.create_sheet("组建与会员")
    for row in (UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01")):
        report.append(row)
    report.sheet_state = "hidden"
    workbook.save(tmp_path / "东湖街道_2026-03.xlsx")
    file_error(parse(tmp_path / "东湖街道_2026-03.xlsx"), "hidden_report_sheets",
               "文件中没有可识别的报表工作表：工作表“组建与会员”已隐藏，未读取；如需上报，请取消隐藏后重新上传")


def test_a_hidden_list_of_values_is_no_hidden_report(tmp_path):
    """A misspelt header beside a hidden 下拉选项 sheet: the header is what to fix."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Sheet1"
    workbook.active.append(["单位", "人数"])
    workbook.active.append(["甲公司", 3])
    lists = workbook.create_sheet("下拉选项")
    lists.append(["企业"])
    lists.sheet_state = "hidden"
    workbook.save(tmp_path / "东湖街道_2026-03.xlsx")
    file_error(parse(tmp_path / "东湖街道_2026-03.xlsx"), "no_known_sheet")


def test_csv_of_no_known_type(tmp_path):
    path = write_csv(tmp_path / "东湖街道_2026-03.csv", [["单位", "人数"], ["甲公司", "3"]])
    file_error(parse(path), "no_known_sheet")


@pytest.mark.parametrize("name", ["东湖街道_2026-03.csv", "东湖街道_2026-03.xlsx"])
def test_a_sheet_of_no_known_name_missing_one_column_names_it(tmp_path, name):
    """A CSV (or a sheet named Sheet1) with a 培训 header but no 开班日期: the clerk is
    told 开班日期 is missing, not that no sheet was recognised."""
    rows = [["统一社会信用代码", "培训类别", "参训人次"], [code(1), "职工技能培训", 30]]
    path = write_csv(tmp_path / name, rows) if name.endswith(".csv") \
        else write_xlsx(tmp_path / name, {"Sheet1": rows})
    parsed = parse(path)
    assert parsed.status == "rejected"
    assert [(i.rule, i.column_header) for i in parsed.issues] == [("missing_column", "开班日期")]


@pytest.mark.parametrize("summary", [
    ["所属街道", "本月采集会员信息数", "本月办卡数"], ["所属街道", "受理件数", "调解成功件数", "涉及金额（万元）"],
    ["街道", "帮扶人数", "帮扶金额（万元）"], ["培训类别", "开班日期", "参训人次"]])
def test_a_summary_sheet_without_units_codes_is_ignored(tmp_path, summary):
    """A street's pivot (街道汇总) beside the report: listed as ignored, no missing column."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        ORG: [*LABELS, UNIT_HEADER, good_unit(10)], "街道汇总": [summary, ["东湖街道", 1, 1, 1][:len(summary)]]})
    parsed = parse(path)
    assert parsed.status == "loaded", parsed.issues
    assert ("街道汇总", None, "ignored_sheet") in [(n.sheet, n.column_header, n.what) for n in parsed.notes]


def test_over_the_size_limit(tmp_path):
    path = valid_xlsx(tmp_path)
    size = path.stat().st_size
    assert 5 * 1024 < size < 20 * 1024
    parsed = parse(path, "东湖街道_2026-03.xlsx", max_bytes=4 * 1024)
    shown = f"{-(-size * 10 // 1024) / 10:.1f} KB"  # rounded up
    file_error(parsed, "too_large", f"文件大小 {shown} 超过上限 4.0 KB，请拆分后上传")
    assert parse(path, "东湖街道_2026-03.xlsx", max_bytes=size).status == "loaded"


def test_size_just_over_the_default_limit_reads_over_it():
    assert reader._human_size(spec.MAX_FILE_BYTES + 1, round_up=True) == "20.1 MB"
    assert reader._human_size(spec.MAX_FILE_BYTES) == "20.0 MB"
    assert reader._human_size(spec.MAX_UNPACKED_BYTES) == "200.0 MB"


def _declare_huge_sizes(data: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size of every entry in the local headers and the central
    directory: the archive now claims to unpack to len(entries) * size bytes."""
    out = bytearray(data)
    pos = out.find(b"PK\x03\x04")
    while pos != -1:
        struct.pack_into("<I", out, pos + 22, size)
        pos = out.find(b"PK\x03\x04", pos + 4)
    pos = out.find(b"PK\x01\x02")
    while pos != -1:
        struct.pack_into("<I", out, pos + 24, size)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def refuse_unpacking(monkeypatch) -> None:
    """From here on, fail the test if anything unpacks or parses the workbook."""
    def refuse(*args, **kwargs):
        raise AssertionError("the archive was opened")
    monkeypatch.setattr(workers, "_pool", None)  # read in this process, where we watch
    monkeypatch.setattr(workers, "_Reader", _no_child_processes)
    monkeypatch.setattr(parse_module, "read_sheets", refuse)
    monkeypatch.setattr(reader, "_read_excel", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "read", refuse)


def test_zip_bomb_is_rejected_without_unpacking(tmp_path, monkeypatch):
    data = _declare_huge_sizes(valid_xlsx(tmp_path).read_bytes(), 0xF0000000)  # ~3.75 GB each
    path = tmp_path / "东湖街道_2026-03.xlsx"
    path.write_bytes(data)
    assert path.stat().st_size < 20 * 1024
    refuse_unpacking(monkeypatch)
    file_error(parse(path), "unpacked_too_large",
               "文件解压后大小超过上限 200.0 MB，疑似异常文件，请检查后重新上传")


def test_unpacked_size_over_a_small_limit(tmp_path, monkeypatch):
    path = tmp_path / "东湖街道_2026-03.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * 1024 * 1024))
    assert path.stat().st_size < 64 * 1024
    refuse_unpacking(monkeypatch)
    file_error(parse(path, max_unpacked=2 * 1024 * 1024), "unpacked_too_large",
               "文件解压后大小超过上限 2.0 MB，疑似异常文件，请检查后重新上传")


@pytest.mark.parametrize("name, shown", [
    ("东湖街道_2026-03.pdf", ".pdf"), ("东湖街道_2026-03.xlsb", ".xlsb"),
    ("东湖街道_2026-03.txt", ".txt"), ("东湖街道_2026-03.et", ".et"), ("东湖街道_2026-03", "（无扩展名）"),
])
def test_unsupported_suffix(tmp_path, name, shown):
    path = tmp_path / name
    path.write_bytes(valid_xlsx(tmp_path).read_bytes())
    file_error(parse(path), "unsupported_format",
               f"不支持的文件格式“{shown}”：请上传 .xlsx、.xlsm、.xls 或 .csv 文件")


def test_upper_case_suffix_is_supported(tmp_path):
    path = tmp_path / "东湖街道_2026-03.XLSX"
    path.write_bytes(valid_xlsx(tmp_path).read_bytes())
    assert parse(path).status == "loaded"


def test_csv_in_an_unknown_encoding(tmp_path):
    path = tmp_path / "东湖街道_2026-03.csv"
    path.write_bytes("统一社会信用代码,本月办卡数\n".encode("utf-16") + b"\xff\xfe\xff")
    file_error(parse(path), "csv_encoding", "CSV 文件编码无法识别：请另存为 UTF-8 或 GB18030 编码")


def test_files_are_read_by_content_whatever_their_name_says(tmp_path):
    # A workbook renamed .csv, and a CSV saved as .xlsx, read as what they are.
    workbook = tmp_path / "东湖街道_2026-03.csv"
    workbook.write_bytes(valid_xlsx(tmp_path).read_bytes())
    assert parse(workbook).status == "loaded"
    text = tmp_path / "东湖街道_2026-03.xlsx"
    text.write_bytes("报告期：2026-03\n统一社会信用代码,本月办卡数\n".encode("gb18030")
                     + f"{code(10)},3\n".encode())
    parsed = parse(text)
    assert parsed.status == "loaded" and parsed.sheets[0].data["cards_issued"] == [3]


def test_an_html_table_saved_as_xls_says_what_it_is(tmp_path):
    # Web systems' "Excel" exports are often HTML tables named .xls.
    path = tmp_path / "东湖街道_2026-03.xls"
    path.write_bytes(b'\xef\xbb\xbf<html xmlns:x="urn:schemas-microsoft-com:office:excel">'
                     b"<table><tr><td>1</td></tr></table></html>")
    file_error(parse(path), "unreadable", UNREADABLE + "文件实际是网页格式，并非 Excel 文件；"
                                                       "请用 Excel 打开后另存为 Excel 工作簿再上传")


WEB_TABLE = "<table><tr><td>统一社会信用代码</td><td>本月办卡数</td></tr></table>"


@pytest.mark.parametrize("page", [
    "<!-- saved from url=(0014)about:internet -->\n<html><body>" + WEB_TABLE + "</body></html>",
    '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">' + WEB_TABLE,
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">' + WEB_TABLE,
    "<body>" + WEB_TABLE + "</body>", "<div>" + WEB_TABLE + "</div>",
    "<style>td{mso-number-format:'\\@';}</style>" + WEB_TABLE, " \r\n" + WEB_TABLE,
])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])  # (utf-16 writes its BOM)
def test_a_web_page_saved_as_xls_says_what_it_is_however_it_starts(tmp_path, page, encoding):
    """Web systems' exports open with a comment, an XML declaration, or a tag other than
    <html>; Excel's 'Unicode' pages are UTF-16. Each had been read as a CSV of no sheet."""
    path = tmp_path / "东湖街道_2026-03.xls"
    path.write_bytes(page.encode(encoding))
    file_error(parse(path), "unreadable", UNREADABLE + "文件实际是网页格式，并非 Excel 文件；"
                                                       "请用 Excel 打开后另存为 Excel 工作簿再上传")


def test_a_single_file_web_page_saved_as_xls_says_what_it_is(tmp_path):
    """Excel's 单个文件网页 (MHTML) under .xls."""
    path = tmp_path / "东湖街道_2026-03.xls"
    path.write_bytes(
        b'MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\nContent-Type: multipart/related;'
        b' boundary="----=_NextPart_01D9"\r\n\r\nThis document is a Single File Web Page.\r\n\r\n'
        b"------=_NextPart_01D9\r\nContent-Location: file:///C:/x.htm\r\n"
        b'Content-Type: text/html; charset="us-ascii"\r\n\r\n<html></html>\r\n------=_NextPart_01D9--\r\n')
    file_error(parse(path), "unreadable", UNREADABLE + "文件实际是“单个文件网页”格式，"
                                                       "并非 Excel 文件；请用 Excel 打开后另存为 Excel 工作簿再上传")


@pytest.mark.parametrize("suffix, data", [(".xlsx", b""), (".csv", b""),
                                          (".csv", b"\xef\xbb\xbf"), (".csv", b"\r\n\r\n  \r\n")])
def test_an_empty_file_says_it_is_empty(tmp_path, suffix, data):
    path = tmp_path / f"东湖街道_2026-03{suffix}"
    path.write_bytes(data)
    file_error(parse(path), "unreadable", UNREADABLE + "文件为空（没有任何内容），可能未保存完或未传完")


def test_an_excel_2003_xml_spreadsheet_says_what_it_is(tmp_path):
    path = tmp_path / "东湖街道_2026-03.xls"
    path.write_bytes(b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                     b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
                     b'<Worksheet ss:Name="\xe6\x9c\x8d\xe5\x8a\xa1\xe5\x8d\xa1"/></Workbook>')
    file_error(parse(path), "unreadable", UNREADABLE + "文件是旧版“XML 电子表格 2003”格式；"
                                                       "请用 Excel 打开后另存为 Excel 工作簿再上传")


def test_a_rejected_file_keeps_nothing(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {ORG: [UNIT_HEADER, good_unit(10)]})
    parsed = parse(path, "月报.xlsx")
    assert (parsed.status, parsed.sheets, parsed.rows_loaded) == ("rejected", [], 0)
    assert parsed.kind == "monthly"  # what was found before the rejection is kept


def test_each_row_issue_names_its_unit_for_finding_a_units_issues(tmp_path):
    """Not part of what an issue says (issues compare equal without it), but kept with
    it: the unit page lists a unit's issues whatever the column."""
    path = write_xlsx(tmp_path / "r.xlsx", {ORG: [
        *LABELS, UNIT_HEADER,
        unit(A, "甲公司", "东湖街道", "十二", 3, "单独建会", dt.date(2020, 5, 1)),
        unit(" " + A[:6].lower() + " " + A[6:-1] + "0", "乙公司", "东湖街道", 30, 3, "单独建会",
             dt.date(2020, 5, 1))]})
    issues = parse(path).issues
    assert [(i.row_number, i.rule, i.credit_code) for i in issues] == [
        (4, "int", A), (5, "credit_code", (A[:-1] + "0").upper())]


@pytest.mark.parametrize("cut", [0.5, 0.98])
def test_a_broken_workbook_is_explained_in_chinese(tmp_path, cut):
    # Cut short, or its sheet's XML broken: the clerk reads Chinese; the library's
    # English stays in the issue's value for whoever investigates.
    data = valid_xlsx(tmp_path).read_bytes()
    path = tmp_path / "东湖街道_2026-03.xlsx"
    path.write_bytes(data[: int(len(data) * cut)])
    parsed = parse(path)
    file_error(parsed, "unreadable")


def with_member_rewritten(tmp_path: Path, member: str, rewrite) -> Path:
    """A valid workbook with one zip member's bytes passed through rewrite."""
    path = tmp_path / "东湖街道_2026-03.xlsx"
    with zipfile.ZipFile(valid_xlsx(tmp_path)) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            body = old.read(item)
            new.writestr(item, rewrite(body) if item.filename == member else body)
    return path


def test_broken_sheet_xml_is_explained_in_chinese(tmp_path):
    path = with_member_rewritten(  # the XML ends mid-sheet
        tmp_path, "xl/worksheets/sheet1.xml", lambda body: body[: body.index(b"</sheetData>")])
    parsed = parse(path)
    file_error(parsed, "unreadable", UNREADABLE + "工作表内容不完整或已损坏")
    assert "xml" in parsed.issues[0].value.lower()


def test_broken_xls_is_explained_in_chinese(tmp_path):
    path = tmp_path / "东湖街道_2026-03.xls"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600)  # an OLE header, then junk
    parsed = parse(path)
    file_error(parsed, "unreadable")
    assert "Ole" in parsed.issues[0].value or "ole" in parsed.issues[0].value


def test_a_workbook_whose_sheet_list_is_damaged_is_unreadable(tmp_path):
    # Not "no known sheet" (which sends the clerk to rename sheets): the file is damaged.
    path = with_member_rewritten(  # well-formed, but its sheet list is gone
        tmp_path, "xl/workbook.xml",
        lambda _: b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
    file_error(parse(path), "unreadable", UNREADABLE + "工作簿结构损坏，读不到任何工作表")


def test_a_size_garbled_in_the_directory_alone_is_damage_not_a_bomb(tmp_path, monkeypatch):
    # The central directory claims 3.75 GB for one member, its local header the true
    # size: a damaged file (explained so), where a bomb states the size in both.
    out = bytearray(valid_xlsx(tmp_path).read_bytes())
    struct.pack_into("<I", out, out.find(b"PK\x01\x02") + 24, 0xF0000000)
    path = tmp_path / "东湖街道_2026-03.xlsx"
    path.write_bytes(bytes(out))
    refuse_unpacking(monkeypatch)
    file_error(parse(path), "unreadable", UNREADABLE + "压缩包结构损坏")


def test_report_sheets_stating_different_months(tmp_path):
    # A workbook copied from March: 组建与会员 still says March, the others April. Taking
    # either month would file the other sheets' numbers under it.
    path = write_xlsx(tmp_path / "东湖街道_2026-04.xlsx", {
        ORG: [["填报单位：东湖街道总工会"], ["报告期：2026-03"], UNIT_HEADER, good_unit(10)],
        "服务卡": [["报告期：2026年4月"], ["统一社会信用代码", "本月办卡数"], [code(10), 3]],
        "培训": [["报告期：202604"], ["统一社会信用代码", "培训类别", "开班日期", "参训人次"],
                 [code(10), "职工技能培训", "2026-04-02", 30]]})
    parsed = parse(path)
    file_error(parsed, "conflicting_months",
               "各工作表的报告期不一致：“组建与会员”为2026年3月，“服务卡”、“培训”为2026年4月；"
               "一个文件只能填报一个月，请统一各表的报告期后重新上传")
    assert parsed.submitter == "东湖街道总工会"


def test_sheets_of_several_units_and_no_submitter_in_the_file_name(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {
        ORG: [["填报单位：甲公司工会"], ["报告期：2026-03"], UNIT_HEADER, good_unit(10)],
        "服务卡": [["填报单位：乙公司工会"], ["报告期：2026-03"], ["统一社会信用代码", "本月办卡数"], [code(11), 3]]})
    file_error(parse(path, "月报2026-03.xlsx"), "conflicting_submitters",
               "各工作表的填报单位不一致（“甲公司工会”、“乙公司工会”），无法确定本文件的填报单位："
               "请在文件名中写明填报单位（如 高新开发区_2026-03.xlsx），或统一各表的填报单位后重新上传")


def test_sheets_naming_one_submitter_with_and_without_its_unions_name(tmp_path):
    # 东湖街道总工会 and 东湖街道工会 are one 填报单位, not units' sheets of a street report.
    path = write_xlsx(tmp_path / "r.xlsx", {
        ORG: [["填报单位：东湖街道总工会"], ["报告期：2026-03"], UNIT_HEADER, good_unit(10)],
        "服务卡": [["填报单位：东湖街道 工会"], ["报告期：2026-03"], ["统一社会信用代码", "本月办卡数"], [code(10), 3]]})
    parsed = parse(path, "月报2026-03.xlsx")
    assert parsed.status == "loaded" and parsed.submitter == "东湖街道总工会"


def test_the_readers_say_nothing_on_the_console(tmp_path, capfd, monkeypatch):
    """The Excel library prints "'chartsheet' not a valid worksheet" for a chart sheet:
    readers started here (their stderr captured) must not pass it to the clerk."""
    import openpyxl
    from openpyxl.chart import BarChart, Reference as ChartData

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = ORG
    for row in [*LABELS, UNIT_HEADER, good_unit(10)]:
        sheet.append(row)
    chart = BarChart()
    chart.add_data(ChartData(sheet, min_col=6, min_row=3, max_row=4), titles_from_data=True)
    book.create_chartsheet("图表").add_chart(chart)
    book.move_sheet("图表", offset=-1)
    path = tmp_path / "东湖街道_2026-03.xlsx"
    book.save(path)
    monkeypatch.setattr(workers, "_pool", None)  # fresh readers, with this test's stderr
    monkeypatch.delenv("UNIONKPI_DEBUG", raising=False)
    try:
        (prepared,) = workers.prepare_many([workers.Job(path, path.name)])
    finally:
        workers._pool.stop()
    assert prepared.error is None and [n.sheet for n in prepared.notes] == ["图表"]
    assert "chartsheet" not in capfd.readouterr().err


def test_a_registry_named_for_its_kind_keeps_that_as_its_submitter(tmp_path):
    """企业名录_2026-04.xlsx with no 填报单位 line loads, as it always had (a registry
    needs a submitter; its successive snapshots so named are one submitter's)."""
    path = write_xlsx(tmp_path / "r.xlsx", {"企业名录": [
        ["报告期：2026-04"], ["统一社会信用代码", "单位名称", "所属街道", "职工人数", "经营状态"],
        [code(1), "甲公司", "东湖街道", 30, "在营"]]})
    parsed = parse(path, "企业名录_2026-04.xlsx")
    assert parsed.status == "loaded" and parsed.submitter == "企业名录"
