"""Every tolerated variation of submission-template.md loads, with exactly the values a
person reads in the file and the row numbers Excel shows."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from ingestion.intake import kpi_names
from ingestion.parse import Note, ParsedFile, finish, parse_file, prepare_file
from ingestion.validate import Reference
from tests.tiny_district import UNIT_HEADER, code, unit
from tests.workbooks import write_csv, write_xlsx

A, B, C = code(1), code(2), code(3)
REF = Reference(streets={"东湖街道": "S1", "S1": "S1", "西城街道": "S2", "S2": "S2"})
MARCH = dt.date(2026, 3, 1)
LABELS = [["东湖街道基层工会月报表（2026年3月）"], ["填报单位：东湖街道总工会"], ["报告期：2026-03"]]


def parse(path: Path, file_name: str | None = None, reference: Reference = REF) -> ParsedFile:
    return parse_file(path, file_name or path.name, reference)


def loaded_all(parsed: ParsedFile, key: str) -> list[tuple[str, int]]:
    """(credit code, cards or the first count) of every loaded row of a type, all sheets."""
    return [(r["credit_code"], r.get("cards_issued")) for s in parsed.sheets if s.sheet_type.key == key
            and s.table is not None for r in s.table.to_pylist()]


def loaded(parsed: ParsedFile, key: str, fields: tuple[str, ...] | None = None) -> list[dict]:
    """The loaded rows of one sheet type as dicts (all fields, or the ones asked for)."""
    sheet = next(s for s in parsed.sheets if s.sheet_type.key == key)
    names = fields or tuple(sheet.data)
    return [{f: sheet.data[f][i] for f in names} for i in range(sheet.rows_loaded)]


def clean(parsed: ParsedFile) -> ParsedFile:
    assert parsed.status == "loaded", (parsed.message, parsed.issues)
    assert parsed.issues == []
    return parsed


def org_row(row_number, credit=A, name="甲公司", street="东湖街道", workers=30, members=20,
            form="单独建会", date=dt.date(2020, 5, 1), migrant_members=None, congress=True,
            openness=False, legal=True, unit_type="企业", migrant=None, ownership="非公"):
    return {"credit_code": credit, "unit_name": name, "street": street, "unit_type": unit_type,
            "ownership": ownership, "workers": workers, "migrant_workers": migrant,
            "members": members, "migrant_members": migrant_members, "union_form": form,
            "union_date": date, "legal_person": legal, "workers_congress": congress,
            "openness": openness, "row_number": row_number, "is_warned": False}


# --- labelled cells, file name ----------------------------------------------------------

def test_title_rows_and_labels_after_colon(tmp_path):
    path = write_xlsx(tmp_path / "report.xlsx", {"组建与会员": [
        *LABELS,
        [],
        UNIT_HEADER,
        unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1)),
        unit(B, "乙公司", "西城街道", 10, 0, "未建会", None, congress="否"),
    ]})
    parsed = clean(parse(path))
    assert (parsed.kind, parsed.submitter, parsed.report_month) == ("monthly", "东湖街道总工会", MARCH)
    assert loaded(parsed, "org_units") == [
        org_row(6),
        org_row(7, B, "乙公司", "西城街道", 10, 0, "未建会", None, congress=False),
    ]


@pytest.mark.parametrize("month_cell", [
    "2026年3月", "2026-03", "2026/3", "202603", 202603, dt.date(2026, 3, 1),
    dt.date(2026, 3, 31), "2026年03月", "２０２６年３月",
])
def test_labels_in_next_non_empty_cell(tmp_path, month_cell):
    path = write_xlsx(tmp_path / "report.xlsx", {"组建与会员": [
        ["填报单位", None, "\u3000东湖街道总工会\u3000", None, "报 告 期：", None, None, month_cell],
        UNIT_HEADER,
        unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1)),
    ]})
    parsed = clean(parse(path, "东湖街道总工会_2025-12.xlsx"))  # the label wins
    assert (parsed.submitter, parsed.report_month) == ("东湖街道总工会", MARCH)
    assert loaded(parsed, "org_units") == [org_row(3)]


@pytest.mark.parametrize("label", ["报告期", "填报月份", "统计期", "所属期", "报告期:", "所属期："])
def test_every_month_label(tmp_path, label):
    path = write_xlsx(tmp_path / "r.xlsx", {"服务卡": [
        ["填报单位:", "西城街道总工会"], [label, "2026年3月"],
        ["统一社会信用代码", "本月办卡数"], [A, 5]]})
    parsed = clean(parse(path))
    assert (parsed.submitter, parsed.report_month) == ("西城街道总工会", MARCH)
    assert loaded(parsed, "service_cards", ("credit_code", "cards_issued", "row_number")) == [
        {"credit_code": A, "cards_issued": 5, "row_number": 4}]


@pytest.mark.parametrize("file_name, submitter", [
    ("东湖街道总工会_2026-03.xlsx", "东湖街道总工会"),
    ("东湖街道总工会_2026年3月.xlsx", "东湖街道总工会"),
    ("东湖街道总工会_202603_修改版.xlsx", "东湖街道总工会"),
    ("甲公司工会_2026年3月报表.xlsx", "甲公司工会"),
])
def test_month_and_submitter_from_file_name(tmp_path, file_name, submitter):
    path = write_xlsx(tmp_path / "upload.xlsx", {"组建与会员": [
        UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]})
    parsed = clean(parse(path, file_name))
    assert (parsed.submitter, parsed.report_month) == (submitter, MARCH)
    assert loaded(parsed, "org_units") == [org_row(2)]


def test_labels_on_another_sheet(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {
        "封面": [["基层工会月报表"], ["填报单位：", None, "甲公司工会"], ["报告期：202603"]],
        "服务卡": [["统一社会信用代码", "本月办卡数"], [A, 5]],
    })
    parsed = clean(parse(path))
    assert (parsed.submitter, parsed.report_month) == ("甲公司工会", MARCH)
    assert parsed.notes == [Note("封面", None, "ignored_sheet")]


@pytest.mark.parametrize("line", [
    ["填报单位：东湖街道总工会\u3000\u3000\u3000报告期：2026年3月"],
    ["填报单位（盖章）：东湖街道总工会", None, "报告期:", "2026-03"],
    ["填报单位(盖章)", "东湖街道总工会", "统 计 期：2026/3"],
    ["填报单位：", None, "东湖街道总工会", "所属期（月份）：", "202603"],
    ["填报单位：东湖街道总工会  金额单位：万元  报告期：2026年3月"],
    ["填报单位:东湖街道总工会\u3000单位:人", "报告期", "2026-03"],
])
def test_several_labels_on_one_line(tmp_path, line):
    path = write_xlsx(tmp_path / "r.xlsx", {"服务卡": [
        ["基层工会月报表"], line, ["统一社会信用代码", "本月办卡数"], [A, 5]]})
    parsed = clean(parse(path))
    assert (parsed.submitter, parsed.report_month) == ("东湖街道总工会", MARCH)
    assert loaded(parsed, "service_cards", ("credit_code", "cards_issued", "row_number")) == [
        {"credit_code": A, "cards_issued": 5, "row_number": 4}]


# --- headers --------------------------------------------------------------------------------

def test_two_row_header_merged_cells_beside_qizhong(tmp_path):
    # 职工人数 merged over two rows beside 其中 over 农民工人数.
    header_top = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", "其中",
                  "会员人数", "其中", "建会形式", "建会日期"]
    header_low = [None, None, None, None, None, "农民工人数", None, "农民工会员人数", None, None]
    merges = [(f"{col}3:{col}4", header_top[i]) for i, col in enumerate("ABCDEFGHIJ")
              if header_low[i] is None]
    path = write_xlsx(tmp_path / "r.xlsx", {"组建与会员": [
        ["填报单位：东湖街道总工会"], ["报告期：2026年3月"], header_top, header_low,
        [A, "甲公司", "东湖街道", "企业", 30, 12, 20, 5, "单独建会", "2020-05-01"],
        [B, "乙公司", "东湖街道", "企业", 10, 0, 0, 0, "未建会", None],
    ]}, merges={"组建与会员": merges})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("credit_code", "workers", "migrant_workers", "members",
                                        "migrant_members", "union_date", "row_number")) == [
        {"credit_code": A, "workers": 30, "migrant_workers": 12, "members": 20,
         "migrant_members": 5, "union_date": dt.date(2020, 5, 1), "row_number": 5},
        {"credit_code": B, "workers": 10, "migrant_workers": 0, "members": 0,
         "migrant_members": 0, "union_date": None, "row_number": 6},
    ]
    assert parsed.notes == []  # 其中 is not a column


def test_two_row_header_group_label(tmp_path):
    # A group label 职工情况 over 职工人数 and 农民工人数; 会员情况 over the member columns.
    top = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工情况", None, "会员情况", None,
           "建会形式", "建会日期"]
    low = [None, None, None, None, "职工人数", "农民工人数", "会员人数", "农民工会员人数", None, None]
    merges = [(f"{col}1:{col}2", top[i]) for i, col in enumerate("ABCDEFGHIJ") if low[i] is None]
    merges += [("E1:F1", "职工情况"), ("G1:H1", "会员情况")]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        top, low,
        [A, "甲公司", "东湖街道", "企业", "30", "12", "20", "5", "单独建会", "2020-05-01"],
    ]}, merges={"组建与会员": merges})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("workers", "migrant_workers", "members",
                                        "migrant_members", "row_number")) == [
        {"workers": 30, "migrant_workers": 12, "members": 20, "migrant_members": 5,
         "row_number": 3}]
    assert parsed.notes == []


@pytest.mark.parametrize("under_workers, under_members", [
    (["合计", "其中：农民工"], ["合计", "其中：农民工"]),
    (["合计", "其中：农民工人数"], ["小计", "其中：农民工会员"]),
    (["总数", "其中农民工"], ["计", "其中：农民工会员人数"]),
])
def test_a_group_label_over_its_total_and_its_qizhong(tmp_path, under_workers, under_members):
    """职工人数 merged over 合计 | 其中：农民工 (and 会员人数 likewise): 合计 is the group's
    own figure, and 其中：农民工 under 会员人数 is 农民工会员人数, as a person reads it."""
    top = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", None, "会员人数", None,
           "建会形式", "建会日期"]
    low = [None, None, None, None, *under_workers, *under_members, None, None]
    merges = [(f"{col}3:{col}4", top[i]) for i, col in enumerate("ABCDEFGHIJ") if low[i] is None]
    merges += [("E3:F3", "职工人数"), ("G3:H3", "会员人数")]
    path = write_xlsx(tmp_path / "r.xlsx", {"组建与会员": [
        ["填报单位：东湖街道总工会"], ["报告期：2026年3月"], top, low,
        [A, "甲公司", "东湖街道", "企业", 30, 12, 20, 5, "单独建会", "2020-05-01"],
    ]}, merges={"组建与会员": merges})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("workers", "migrant_workers", "members",
                                        "migrant_members", "row_number")) == [
        {"workers": 30, "migrant_workers": 12, "members": 20, "migrant_members": 5,
         "row_number": 5}]
    assert parsed.notes == []


def test_a_group_label_with_a_unit_over_its_total(tmp_path):
    """帮扶金额（元） merged over 合计 | 其中：送温暖: the 合计 is in 元 (5000 is 0.5 万元)."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        ["统一社会信用代码", "帮扶人数", "帮扶金额（元）", None], [None, None, "合计", "其中：送温暖"],
        [A, 3, 5000, 2000]]}, merges={"困难帮扶": [("A1:A2", "统一社会信用代码"), ("B1:B2", "帮扶人数"),
                                                ("C1:D1", "帮扶金额（元）")]})
    parsed = clean(parse(path))
    assert loaded(parsed, "assistance", ("assisted_workers", "amount")) == [
        {"assisted_workers": 3, "amount": 0.5}]
    assert Note("困难帮扶", "帮扶金额（元）", "converted_unit") in parsed.notes


@pytest.mark.parametrize("members", ["工会会员数", "会员数"])
def test_qizhong_under_an_alias_of_a_group(tmp_path, members):
    """其中：农民工 under 工会会员数 (an alias of 会员人数) is 农民工会员人数."""
    top = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", members, None,
           "建会形式", "建会日期"]
    low = [None, None, None, None, None, "合计", "其中：农民工", None, None]
    merges = [(f"{col}1:{col}2", top[i]) for i, col in enumerate("ABCDEFGHI") if low[i] is None]
    merges += [("F1:G1", members)]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        top, low, [A, "甲公司", "东湖街道", "企业", 30, 20, 7, "单独建会", "2020-05-01"]]},
        merges={"组建与会员": merges})
    assert loaded(clean(parse(path)), "org_units", ("migrant_workers", "members", "migrant_members")) == [
        {"migrant_workers": None, "members": 20, "migrant_members": 7}]


def test_a_three_level_header_reads_its_lowest_names_with_their_groups(tmp_path):
    """职工情况 › 职工人数 | 会员人数 › 合计 | 其中：农民工: each column is named by its
    lowest cell read with the group over it, so the 其中 columns are read too."""
    top = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工情况", None, None, None,
           "建会形式", "建会日期"]
    middle = [None, None, None, None, "职工人数", None, "会员人数", None, None, None]
    low = [None, None, None, None, "合计", "其中：农民工", "合计", "其中：农民工", None, None]
    merges = [(f"{col}1:{col}3", top[i]) for i, col in enumerate("ABCDEFGHIJ") if low[i] is None]
    merges += [("E1:H1", "职工情况"), ("E2:F2", "职工人数"), ("G2:H2", "会员人数")]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        top, middle, low, [A, "甲公司", "东湖街道", "企业", 30, 12, 20, 5, "单独建会", "2020-05-01"]]},
        merges={"组建与会员": merges})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("workers", "migrant_workers", "members",
                                        "migrant_members", "row_number")) == [
        {"workers": 30, "migrant_workers": 12, "members": 20, "migrant_members": 5,
         "row_number": 4}]
    assert parsed.notes == []


def test_qizhong_as_a_group_label_over_its_part(tmp_path):
    """职工人数 | 其中 | 会员人数 | 其中, with 农民工 under each 其中: 农民工人数 and
    农民工会员人数, as 其中：农民工 right of each."""
    top = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", "其中", "会员人数", "其中",
           "建会形式", "建会日期"]
    low = [None, None, None, None, None, "农民工", None, "农民工", None, None]
    merges = [(f"{col}3:{col}4", top[i]) for i, col in enumerate("ABCDEFGHIJ") if low[i] is None]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        ["填报单位：东湖街道总工会"], ["报告期：2026年3月"], top, low,
        [A, "甲公司", "东湖街道", "企业", 100, 30, 80, 20, "单独建会", "2020-05-01"]]},
        merges={"组建与会员": merges})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("workers", "migrant_workers", "members", "migrant_members")) == [
        {"workers": 100, "migrant_workers": 30, "members": 80, "migrant_members": 20}]
    assert parsed.notes == []


def test_a_bare_qizhong_names_no_column(tmp_path):
    """职工人数 | 其中 (the clerk never said of what): not read as 职工人数 again, and the
    load report lists it as a column outside the template."""
    header = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", "其中",
              "会员人数", "建会形式", "建会日期"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        *LABELS, header, [A, "甲公司", "东湖街道", "企业", 30, 12, 20, "单独建会", "2020-05-01"]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("workers", "migrant_workers", "members")) == [
        {"workers": 30, "migrant_workers": None, "members": 20}]
    assert parsed.notes == [Note("组建与会员", "其中", "ignored_column")]


def test_a_column_named_outright_beats_a_qizhong_read_as_it(tmp_path):
    """经济类型 | 其中：农民工 … 农民工人数: 农民工人数 is the column of that name; the 其中
    column before it is listed as a column of the same name, not read in its place."""
    header = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "经济类型", "其中：农民工",
              "职工人数", "农民工人数", "会员人数", "建会形式", "建会日期"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        *LABELS, header, [A, "甲公司", "东湖街道", "企业", "非公", 3, 30, 12, 20, "单独建会",
                          "2020-05-01"]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("workers", "migrant_workers")) == [
        {"workers": 30, "migrant_workers": 12}]
    assert parsed.notes == [Note("组建与会员", "其中：农民工", "duplicate_column")]


@pytest.mark.parametrize("group, first", [("帮扶金额（元）", "金额"), ("帮扶金额（元）", "帮扶金额")])
def test_a_lower_header_name_the_group_repeats_is_the_groups_figure(tmp_path, group, first):
    """帮扶金额（元） merged over 金额 | 其中：送温暖: 金额 is the group's amount (5000 元 is
    0.5 万元) and row 2 is header, not a row of errors."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        ["统一社会信用代码", "帮扶人数", group, None], [None, None, first, "其中：送温暖"],
        [A, 3, 5000, 2000]]}, merges={"困难帮扶": [("A1:A2", "统一社会信用代码"), ("B1:B2", "帮扶人数"),
                                                ("C1:D1", group)]})
    parsed = clean(parse(path))
    assert loaded(parsed, "assistance", ("assisted_workers", "amount", "row_number")) == [
        {"assisted_workers": 3, "amount": 0.5, "row_number": 3}]
    assert Note("困难帮扶", "其中：送温暖", "ignored_column") in parsed.notes


@pytest.mark.parametrize("sheet_name", ["困难帮扶", "Sheet1"])
def test_a_group_over_parts_naming_no_column_has_no_figure(tmp_path, sheet_name):
    """帮扶金额（元） merged over 现金 | 实物, no 合计: the row of parts is header (its
    other cells are merged into the header row), and 现金 is not read as the whole
    amount; the sheet says the total is missing."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {sheet_name: [
        ["统一社会信用代码", "帮扶人数", "帮扶金额（元）", None], [None, None, "现金", "实物"],
        [A, 3, 5000, 2000]]}, merges={sheet_name: [("A1:A2", "统一社会信用代码"), ("B1:B2", "帮扶人数"),
                                                ("C1:D1", "帮扶金额（元）")]})
    parsed = parse(path)
    assert parsed.status == "rejected"
    assert [(i.row_number, i.rule, i.message) for i in parsed.issues] == [(
        None, "group_without_total",
        f"工作表“{sheet_name}”中“帮扶金额（元）”下只有分项（“现金”、“实物”），没有合计列，"
        "该表数据未导入；请在“帮扶金额（元）”下增加“合计”列")]


def test_a_column_of_another_period_is_not_the_months_figure(tmp_path):
    """办卡数（累计） | 办卡数（本月）: the month's 8 cards, not the year's 120; 职工人数（上月）
    beside 职工人数（本月） likewise. The other periods' columns are listed as ignored."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡": [*LABELS, ["统一社会信用代码", "办卡数（累计）", "本月采集会员信息数", "办卡数（本月）"],
                [A, 120, 9, 8]],
        "组建与会员": [*LABELS, ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数（上月）",
                            "职工人数（本月）", "会员人数（上月）", "会员人数（本月）", "建会形式", "建会日期"],
                  [A, "甲公司", "东湖街道", "企业", 90, 100, 80, 95, "单独建会", "2020-05-01"]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 8}]
    assert loaded(parsed, "org_units", ("workers", "members")) == [{"workers": 100, "members": 95}]
    assert {(n.column_header, n.what) for n in parsed.notes} == {
        ("办卡数（累计）", "other_period_column"), ("职工人数（上月）", "other_period_column"),
        ("会员人数（上月）", "other_period_column")}


@pytest.mark.parametrize("year_so_far, month", [
    ("办卡数（本年）", "办卡数（本月）"), ("办卡数（今年以来）", "本月办卡数"), ("办卡数（1-3月）", "办卡数（3月）"),
    ("办卡数（年度）", "办卡数（当月）"), ("办卡数（本年度）", "办卡数"), ("办卡数（一季度）", "办卡数"),
    ("办卡数（1月至3月）", "办卡数"), ("办卡数（截至3月底）", "办卡数（3月）"), ("办卡数（一至三月）", "办卡数"),
    ("办卡数（截至2026年3月）", "办卡数"), ("办卡数（年内）", "办卡数")])
def test_a_column_of_the_year_so_far_is_not_the_months_figure(tmp_path, year_so_far, month):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        *LABELS, ["统一社会信用代码", year_so_far, month], [A, 60, 20]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 20}]
    assert [(n.column_header, n.what) for n in parsed.notes] == [(year_so_far, "other_period_column")]


@pytest.mark.parametrize("label", ["本年", "1-3月", "今年以来", "本年度", "截至本月", "本年合计"])
def test_a_group_label_of_the_year_so_far_is_not_the_months_figures(tmp_path, label):
    top = ["统一社会信用代码", label, None, "本月", None]
    low = [None, "采集数", "办卡数", "采集数", "办卡数"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        *LABELS, top, low, [A, 70, 60, 25, 20]]},
        merges={"服务卡": [("A3:A4", "统一社会信用代码"), ("B3:C3", label), ("D3:E3", "本月")]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("info_collected", "cards_issued")) == [
        {"info_collected": 25, "cards_issued": 20}]


@pytest.mark.parametrize("earlier, now", [("会员人数（上月）", "会员人数（截至本月底）"),
                                        ("会员人数（上年末）", "会员人数（本年）"),
                                        ("会员人数（上年）", "会员人数（累计）")])
def test_a_stocks_year_so_far_is_its_state_now(tmp_path, earlier, now):
    """For a state at month end, 截至本月底, 本年 and 累计 are the month's own: beside a
    past period's column, they are read."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [*LABELS, [
        "统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", earlier, now, "建会形式", "建会日期"],
        [A, "甲公司", "东湖街道", "企业", 30, 20, 25, "单独建会", "2020-05-01"]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("members",)) == [{"members": 25}]
    assert [(n.column_header, n.what) for n in parsed.notes] == [(earlier, "other_period_column")]


@pytest.mark.parametrize("headers, values", [
    (["会员人数（年初）", "会员人数（本年新增）", "会员人数（本年减少）", "会员人数（期末）"], [18, 9, 2, 25]),
    (["会员人数（本年新入会）", "会员人数"], [7, 25]), (["会员人数（本季度新增）", "会员人数"], [3, 25]),
    (["会员人数（上月）", "会员人数（含新增）"], [23, 25]), (["会员人数（上月末）", "会员人数（变动后）"], [23, 25]),
    (["会员人数（年初）", "会员人数（新增后）"], [18, 25]), (["会员人数（本年新增，含转入）", "会员人数（期末）"], [9, 25]),
    (["会员人数（较上月增减）", "会员人数"], [2, 25]), (["会员人数", "会员人数（比上年末增加）"], [25, 4])])
def test_a_stocks_change_columns_are_not_its_state(tmp_path, headers, values):
    """会员人数（本年新增） beside 会员人数（期末）: the members are the 25 at month end."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [*LABELS, [
        "统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", *headers, "建会形式", "建会日期"],
        [A, "甲公司", "东湖街道", "企业", 30, *values, "单独建会", "2020-05-01"]]})
    assert loaded(clean(parse(path)), "org_units", ("members",)) == [{"members": 25}]


def _org_sheet_of_two_groups(tmp_path: Path, groups: tuple[str, str], parts: tuple[str, ...],
                             values: list, before: tuple[str, ...] = ()) -> Path:
    """A 组建与会员 sheet (labels on rows 1-2) whose two-row header puts each group label
    over the parts, every other column merged down both rows; one row of unit A with
    values for the columns before the groups and under them."""
    lead = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", *before]
    spare = [None] * (len(parts) - 1)
    top = [*lead, groups[0], *spare, groups[1], *spare, "建会形式", "建会日期"]
    low = [*[None] * len(lead), *parts, *parts, None, None]
    letters = [chr(ord("A") + c) for c in range(len(top))]
    merges = [(f"{letters[c]}3:{letters[c]}4", top[c]) for c in range(len(top)) if low[c] is None]
    for g, group in enumerate(groups):
        first = len(lead) + g * len(parts)
        merges.append((f"{letters[first]}3:{letters[first + len(parts) - 1]}3", group))
    return write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        ["填报单位：东湖街道总工会"], ["报告期：2026年3月"], top, low,
        [A, "甲公司", "东湖街道", "企业", *values, "单独建会", "2020-05-01"]]},
        merges={"组建与会员": merges})


def test_a_stocks_change_group_label_is_no_state(tmp_path):
    """本年新增 over 会员人数 | 农民工会员人数, then 期末实有 over the same: the members
    are the 25 and 8 at month end, not the 3 and 1 that joined."""
    path = _org_sheet_of_two_groups(tmp_path, ("本年新增", "期末实有"), ("会员人数", "农民工会员人数"),
                                    [30, 3, 1, 25, 8], before=("职工人数",))
    assert loaded(clean(parse(path)), "org_units", ("members", "migrant_members")) == [
        {"members": 25, "migrant_members": 8}]


@pytest.mark.parametrize("name, written", [("统一社会信用代码", "统一社会信用代码（新增单位必填）"),
                                           ("建会日期", "建会日期（本年新增建会的填写）"),
                                           ("单位名称", "单位名称（如有变动请注明）")])
def test_a_template_columns_remark_naming_a_change_is_still_the_column(tmp_path, name, written):
    """Only a count's remark naming a change makes it another figure (会员人数（本年新增））."""
    header = [written if h == name else h for h in UNIT_HEADER]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        *LABELS, header, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]})
    assert loaded(clean(parse(path)), "org_units", ("members",)) == [{"members": 20}]


def test_a_registrys_state_column_with_a_change_remark_is_read(tmp_path):
    path = write_xlsx(tmp_path / "区市场监管局_企业名录_2026-01.xlsx", {"企业名录": [
        ["统一社会信用代码", "单位名称", "所属街道", "职工人数", "经营状态（本月变动）"],
        [A, "甲公司", "东湖街道", 30, "在营"]]})
    assert loaded(clean(parse(path)), "registry", ("workers",)) == [{"workers": 30}]


@pytest.mark.parametrize("members", ["会员人数（含今年新增）", "会员人数（扣除本月减少人员后）",
                                     "会员人数（含农民工，如有变动按实填）"])
def test_a_stocks_count_qualified_by_a_change_is_its_state(tmp_path, members):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [*LABELS, [
        "统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数（含劳务派遣，如有变动请注明）", members,
        "建会形式", "建会日期"], [A, "甲公司", "东湖街道", "企业", 30, 25, "单独建会", "2020-05-01"]]})
    assert loaded(clean(parse(path)), "org_units", ("workers", "members")) == [{"workers": 30, "members": 25}]


def test_a_stocks_change_column_alone_is_no_state(tmp_path):
    """会员人数（本月新增） with no 会员人数: the new members are not the members; the
    sheet misses its column, and says so."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [*LABELS, [
        "统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", "会员人数（本月新增）", "建会形式", "建会日期"],
        [A, "甲公司", "东湖街道", "企业", 30, 2, "单独建会", "2020-05-01"]]})
    parsed = parse(path)
    assert [(i.column_header, i.rule) for i in parsed.issues] == [("会员人数", "missing_column")]


def test_a_stocks_group_label_as_of_now_beside_last_years(tmp_path):
    path = _org_sheet_of_two_groups(tmp_path, ("上年同期", "截至本月末"), ("职工人数", "会员人数"), [28, 18, 30, 25])
    assert loaded(clean(parse(path)), "org_units", ("workers", "members")) == [{"workers": 30, "members": 25}]


@pytest.mark.parametrize("sheets", [
    {"组建与会员": "org_units", "本年新建工会": "org_units"},
    {"培训": "trainings", "季度集中培训": "trainings"},
    {"培训": "trainings", "培训（季度集中培训）": "trainings"},
    {"组建与会员（补充）": "org_units", "组建与会员（截至本月底）": "org_units"}])
def test_sheets_whose_names_hold_period_words_but_name_no_other_period_are_read(tmp_path, sheets):
    """'本年新建工会' is a list of this year's new unions, '季度集中培训' a class: each is
    read beside the sheet of its type (a stock's 截至本月底 is the month's state)."""
    org = [UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]
    org_b = [UNIT_HEADER, unit(B, "乙公司", "东湖街道", 10, 8, "单独建会", dt.date(2026, 2, 1))]
    training = [["统一社会信用代码", "培训名称", "培训类别", "开班日期", "参训人次"]]
    contents = {"org_units": [org, org_b], "trainings": [
        [*training, [A, "技能班", "职工技能培训", "2026-03-05", 30]],
        [*training, [B, "安全班", "安全生产培训", "2026-03-12", 20]]]}
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        name: contents[key][i] for i, (name, key) in enumerate(sheets.items())})
    parsed = clean(parse(path))
    assert [(s.sheet_name, s.rows_loaded) for s in parsed.sheets] == [(name, 1) for name in sheets]
    assert not [n for n in parsed.notes if n.what == "other_period_sheet"]


def test_a_targets_workbooks_own_sheet_is_read_beside_another(tmp_path):
    """年度目标 is the targets sheet's own name, not the year so far."""
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    header = ["年度", "街道", "指标", "目标值"]
    path = write_xlsx(tmp_path / "区总工会_年度目标_2026.xlsx", {
        "年度目标": [header, [2026, "全区", "新建工会数", 12]],
        "目标任务分解": [header, [2026, "东湖街道", "新建工会数", 4]]})
    parsed = clean(parse(path, reference=reference))
    assert [(s.sheet_name, s.rows_loaded) for s in parsed.sheets] == [("年度目标", 1), ("目标任务分解", 1)]


@pytest.mark.parametrize("members", ["会员人数（累计）", "会员人数（截至本月累计）", "会员人数（含上年结转）",
                                     "会员人数（包括去年转入）", "会员人数（历年累计）", "会员人数（上月数据已更新）",
                                     "会员人数（按上年度年报口径）"])
def test_a_lone_column_of_another_periods_words_is_the_column(tmp_path, members):
    """会员人数（累计） with no other 会员人数: the members now (a stock's total); and
    本月办卡数（不含上月补录） is the month's own."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "组建与会员": [*LABELS, ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数",
                            members, "建会形式", "建会日期"],
                  [A, "甲公司", "东湖街道", "企业", 30, 20, "单独建会", "2020-05-01"]],
        "服务卡": [*LABELS, ["统一社会信用代码", "本月采集会员信息数", "本月办卡数（不含上月补录）"], [A, 9, 8]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("members",)) == [{"members": 20}]
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 8}]
    assert parsed.notes == []


@pytest.mark.parametrize("header", ["办卡数（累计）", "办卡数（上半年）", "办卡数（截至本月）", "办卡数（2026年1-3月）",
                                    "办卡数（张）（本年累计）", "办卡数（历年）", "办卡数（1-3月合计）", "办卡数（累计值）",
                                    "办卡数（本年累计，张）", "办卡数（本年累计总数）",
                                    # a flow's total to date
                                    "办卡数（总数）", "办卡数（总量）", "办卡数（总数，张）"])
def test_a_lone_column_of_the_year_so_far_is_not_the_months_flow(tmp_path, header):
    """服务卡 with only 办卡数（上半年）: the half year's cards are not March's; they had
    been loaded as them. The sheet misses its month's column, and says why."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        *LABELS, ["统一社会信用代码", "本月采集会员信息数", header], [A, 9, 40]]})
    parsed = parse(path)
    assert parsed.status == "rejected"
    [issue] = parsed.issues
    assert (issue.rule, issue.column_header) == ("missing_column", "本月办卡数")
    assert issue.message == (f"工作表“服务卡”中的列“{header}”是其他期间（上月、累计等）的数，不能作为本月的“本月办卡数”，"
                             "该表数据未导入；请填写本月数，列名写作“本月办卡数”（如本月数已在其他工作表填报，可删除此表）")


@pytest.mark.parametrize("header", [
    "本月办卡数（累计）", "本月办卡数（截至3月31日）", "本月办卡数（统计截止3月31日）",  # its name says the month
    "办卡数（上月26日-本月25日）",  # a statistical month
    "办卡数（上月结转的不计入）", "办卡数（上月未录入的计入本月）", "办卡数（上月，含补录）",  # more than a period
    "本月办卡数（不含1-2月补录）", "本月办卡数（含1-2月补录）", "办卡数（不含上月、上年补录）",
    "办卡数（不含一季度已办）", "办卡数（含上季度补录）", "办卡数（包括去年转入）"])
def test_a_lone_column_whose_remark_is_more_than_another_period_is_the_months(tmp_path, header):
    """Alone, a column is the month's unless its remark says nothing but another period:
    an instruction, what the figure includes or leaves out, or a name saying 本月 keep
    it the month's (refusing them had rejected valid reports)."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        *LABELS, ["统一社会信用代码", "本月采集会员信息数", header], [A, 9, 4]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 4}]


def test_a_flows_total_beside_the_months_column_and_a_stocks_total(tmp_path):
    """办卡数（总数） beside 本月办卡数 is the total to date, left out (listed); a stock's
    会员人数（总数） is its state, the members."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡": [*LABELS, ["统一社会信用代码", "办卡数（总数）", "本月办卡数"], [A, 30, 3]],
        "组建与会员": [["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", "会员人数（总数）",
                   "建会形式", "建会日期"], [A, "甲公司", "东湖街道", "企业", 30, 20, "单独建会", "2020-01-01"]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 3}]
    assert loaded(parsed, "org_units", ("members",)) == [{"members": 20}]
    assert parsed.notes == [Note("服务卡", "办卡数（总数）", "other_period_column")]


def test_a_period_label_over_some_columns_leaves_the_columns_after_them_alone(tmp_path):
    """本月末 over 职工人数 | 会员人数, 上年末 over the same two, then 建会形式 … typed in the
    lower row only: the label's reach is not known without the merges, so the columns
    after it are read (a lone column under it refused had rejected the sheet)."""
    header_top = [None, None, None, None, "本月末", None, "上年末", None, None, None]
    header = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", "会员人数", "职工人数", "会员人数",
              "建会形式", "建会日期"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        *LABELS, header_top, header, [A, "甲公司", "东湖街道", "企业", 30, 20, 28, 18, "单独建会", "2020-05-01"]]},
        merges={"组建与会员": [("E4:F4", "本月末"), ("G4:H4", "上年末")]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("workers", "members", "union_form")) == [
        {"workers": 30, "members": 20, "union_form": "单独建会"}]


def assert_refused_for_another_periods_column(parsed: ParsedFile, sheet: str, column: str, field: str) -> None:
    """The file refused, its one issue the sheet's missing field, naming the column of
    another period found instead."""
    assert parsed.status == "rejected"
    [issue] = parsed.issues
    assert (issue.rule, issue.column_header) == ("missing_column", field)
    assert issue.message.startswith(f"工作表“{sheet}”中的列“{column}”是其他期间")


@pytest.mark.parametrize("members", ["会员人数（年初）", "会员人数（上月）", "会员人数（上年同期）", "会员人数（截至上月底）",
                                     "会员人数（人）（上月）", "会员人数（年初至今）", "会员人数（上年度）", "会员人数（上一年）",
                                     "会员人数（上季度末）", "会员人数（上月，人）", "会员人数（上月）（名）"])
def test_a_lone_column_of_a_past_state_is_not_the_members_now(tmp_path, members):
    """会员人数（年初） beside 会员人数（本年新增), no column of the members now: neither is
    the month-end state (the start of the year had been loaded as it)."""
    header = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", members, "会员人数（本年新增）",
              "建会形式", "建会日期"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        *LABELS, header, [A, "甲公司", "东湖街道", "企业", 30, 20, 5, "单独建会", "2020-05-01"]]})
    assert_refused_for_another_periods_column(parse(path), "组建与会员", members, "会员人数")


def test_a_lone_change_against_last_month_is_not_the_members(tmp_path):
    """会员人数（较上月增减） alone: the change since last month, never the members (it
    had loaded 2 as the members); the sheet misses 会员人数."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [*LABELS, [
        "统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", "会员人数（较上月增减）", "建会形式", "建会日期"],
        [A, "甲公司", "东湖街道", "企业", 30, 2, "单独建会", "2020-05-01"]]})
    parsed = parse(path)
    assert [(i.rule, i.column_header) for i in parsed.issues] == [("missing_column", "会员人数")]


@pytest.mark.parametrize("other, own", [("办卡数（上月）", "办卡数（当前月）"), ("办卡数（上月）", "办卡数（剔除上月重复）"),
                                        ("办卡数（上月）", "办卡数（上月结转的不计入）")])
def test_the_months_column_beside_last_months_is_read(tmp_path, other, own):
    """当前月 is no 前月; 剔除上月重复 leaves last month's duplicates out; a remark saying
    more than a period is the month's before one saying only the period."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        *LABELS, ["统一社会信用代码", other, own], [A, 9, 5]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 5}]
    assert parsed.notes == [Note("服务卡", other, "other_period_column")]


def test_a_csv_named_for_the_year_so_far_is_read(tmp_path):
    """A CSV's name is its file's: '东湖街道_服务卡累计_2026-03.csv' with 本月办卡数 is no
    sheet named for another period (a file name carries dates and words of its own)."""
    parsed = clean(parse(write_csv(tmp_path / "东湖街道_服务卡累计_2026-03.csv",
                                   [["统一社会信用代码", "本月办卡数"], [A, 5]])))
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 5}]


def test_two_columns_of_other_periods_and_none_of_the_month_are_both_named(tmp_path):
    """办卡数（上月） and 办卡数（累计）, no month's column: the message names both (the
    second had been listed as “read by the month's column of the same name”)."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        *LABELS, ["统一社会信用代码", "采集会员信息数（上月）", "采集会员信息数（累计）", "办卡数（上月）", "办卡数（累计）"],
        [A, 5, 90, 3, 40]]})
    parsed = parse(path)
    assert [issue.message for issue in parsed.issues] == [
        "工作表“服务卡”中的列“办卡数（上月）”、“办卡数（累计）”是其他期间（上月、累计等）的数，不能作为本月的“本月办卡数”，"
        "该表数据未导入；请填写本月数，列名写作“本月办卡数”（如本月数已在其他工作表填报，可删除此表）"]
    assert parsed.notes == [Note("服务卡", "采集会员信息数（上月）", "other_period_only_column"),
                            Note("服务卡", "采集会员信息数（累计）", "other_period_only_column")]


@pytest.mark.parametrize("header", [["统一社会信用代码", "本月采集会员信息数", "办卡数（累计）"],
                                    ["统一社会信用代码", "办卡数（上半年）"]])
def test_a_csv_whose_only_cards_column_is_another_periods_says_so(tmp_path, header):
    """A CSV (a sheet named for no type) whose cards column is the year so far: its type
    is still found by its header, and the message names that column (it had been "no
    sheet recognised", the column no longer counting as the header's)."""
    parsed = parse(write_csv(tmp_path / "东湖街道_服务卡_2026-03.csv", [header, [A, *[19] * (len(header) - 1)]]))
    assert parsed.status == "rejected"
    [issue] = parsed.issues
    assert (issue.rule, issue.column_header) == ("missing_column", "本月办卡数")
    assert f"中的列“{header[-1]}”是其他期间" in issue.message


def test_a_lone_optional_column_of_another_period_is_left_out_and_listed(tmp_path):
    """采集会员信息数（累计） with 本月办卡数: the cards load, the year's collection does not."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        *LABELS, ["统一社会信用代码", "采集会员信息数（累计）", "本月办卡数"], [A, 90, 8]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("info_collected", "cards_issued")) == [
        {"info_collected": None, "cards_issued": 8}]
    assert parsed.notes == [Note("服务卡", "采集会员信息数（累计）", "other_period_only_column")]


def test_a_lone_column_of_another_period_is_a_classes_own(tmp_path):
    """参训人次（累计） in 培训: a class's attendance over its sessions, the class's figure."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"培训": [
        *LABELS, ["统一社会信用代码", "培训类别", "开班日期", "参训人次（累计）"], [A, "职工技能培训", "2026-03-10", 30]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "trainings", ("participants",)) == [{"participants": 30}]


def test_a_short_label_of_another_period_over_one_column_only(tmp_path):
    """上年同期 typed over 本月采集会员信息数 alone (not merged): 本月办卡数 right of it is
    still read."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        *LABELS, [None, "上年同期", None], ["统一社会信用代码", "本月采集会员信息数", "本月办卡数"], [A, 9, 8]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("info_collected", "cards_issued")) == [
        {"info_collected": 9, "cards_issued": 8}]


def test_a_group_label_of_another_period_is_not_the_months_figures(tmp_path):
    """上月 | 本月, each over 职工人数 | 会员人数: this month's 100 and 95 are read."""
    path = _org_sheet_of_two_groups(tmp_path, ("上月", "本月"), ("职工人数", "会员人数"), [90, 80, 100, 95])
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("workers", "members", "row_number")) == [
        {"workers": 100, "members": 95, "row_number": 5}]
    assert {(n.column_header, n.what) for n in parsed.notes} == {
        ("上月 职工人数", "other_period_column"), ("上月 会员人数", "other_period_column")}


def test_a_note_box_merged_down_from_the_header_row_leaves_the_data_alone(tmp_path):
    """A 说明 box beside the table, merged from the header row down, and a first unit
    未建会 with 建会日期 blank: the first row is data, not a header's second row."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        *LABELS, [*UNIT_HEADER, None, "说明"],
        unit(B, "乙公司", "东湖街道", 10, 0, "未建会", None),
        unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]},
        merges={"组建与会员": [("P4:P7", "说明：未建会单位不填建会日期")]})
    parsed = clean(parse(path))
    assert [r["credit_code"] for r in loaded(parsed, "org_units", ("credit_code",))] == [B, A]


def test_a_units_row_under_names_merged_down_two_rows(tmp_path):
    units = [None, None, None, None, None, "（人）", "（人）", "（人）", "（人）", None, None, None, None, None]
    merges = [(f"{col}4:{col}5", UNIT_HEADER[i]) for i, col in enumerate("ABCDEFGHIJKLMN")
              if units[i] is None]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        *LABELS, UNIT_HEADER, units, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]},
        merges={"组建与会员": merges})
    assert loaded(clean(parse(path)), "org_units", ("members", "row_number")) == [
        {"members": 20, "row_number": 6}]


def test_qizhong_right_of_its_column_in_a_one_row_header(tmp_path):
    """会员人数 | 其中：农民工 in one row: a person reads 农民工会员人数 (and 农民工人数 right of
    职工人数)."""
    header = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", "其中：农民工",
              "会员人数", "其中：农民工", "建会形式", "建会日期"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        *LABELS, header, [A, "甲公司", "东湖街道", "企业", 30, 12, 20, 5, "单独建会", "2020-05-01"]]})
    assert loaded(clean(parse(path)), "org_units", ("migrant_workers", "migrant_members")) == [
        {"migrant_workers": 12, "migrant_members": 5}]


def test_a_total_stating_its_own_unit_under_a_group(tmp_path):
    """帮扶金额 over 合计（元） | 其中：送温暖（元）: the 合计's own 元 is read (5000 is 0.5)."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        ["统一社会信用代码", "帮扶人数", "帮扶金额", None], [None, None, "合计（元）", "其中：送温暖（元）"],
        [A, 3, 5000, 2000]]}, merges={"困难帮扶": [("A1:A2", "统一社会信用代码"), ("B1:B2", "帮扶人数"),
                                                ("C1:D1", "帮扶金额")]})
    parsed = clean(parse(path))
    assert loaded(parsed, "assistance", ("amount",)) == [{"amount": 0.5}]


@pytest.mark.parametrize("layout", ["group", "merged_down"])
def test_a_units_row_under_a_two_row_header(tmp_path, layout):
    """（人） | （元） under a header of two rows (帮扶金额 over 合计 | 其中：送温暖, or every
    name merged down both rows): the units row ends the header, and 5000 元 is 0.5."""
    if layout == "group":
        top = ["统一社会信用代码", "帮扶人数", "帮扶金额", None]
        low = [None, None, "合计", "其中：送温暖"]
        merges = [("A1:A2", top[0]), ("B1:B2", top[1]), ("C1:D1", top[2])]
    else:
        top = ["统一社会信用代码", "帮扶人数", "帮扶金额", "其中：送温暖"]
        low = [None, None, None, None]
        merges = [(f"{col}1:{col}2", top[i]) for i, col in enumerate("ABCD")]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        top, low, [None, "（人）", "（元）", "（元）"], [A, 3, 5000, 2000]]},
        merges={"困难帮扶": merges})
    parsed = clean(parse(path))
    assert loaded(parsed, "assistance", ("amount", "row_number")) == [{"amount": 0.5, "row_number": 4}]


@pytest.mark.parametrize("units_row", [
    ["（单位：元）", None, None],  # said for the table, under the first column
    ["单位：元", None, None],
    [None, "（人）", "（元）"],
])
@pytest.mark.parametrize("blank_rows", [0, 2])
def test_a_units_row_stating_the_tables_money_unit(tmp_path, units_row, blank_rows):
    """A units row's money unit for the table, or one after two blank rows: 5000 元 is
    0.5 万元; the header pasted again further down is no row."""
    header = ["统一社会信用代码", "帮扶人数", "帮扶金额"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        *LABELS, header, *[[]] * blank_rows, units_row, [A, 3, 5000], header, [B, 2, 10000]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "assistance", ("amount",)) == [{"amount": 0.5}, {"amount": 1.0}]


@pytest.mark.parametrize("line", ["单位：元", "单位：人、元", "单位：人/元", "单位：人；金额：元", "金额单位：元"])
def test_a_unit_line_above_the_header_naming_several_units(tmp_path, line):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        *LABELS, [None, None, line], ["统一社会信用代码", "帮扶人数", "帮扶金额"], [A, 3, 5000]]})
    assert loaded(clean(parse(path)), "assistance", ("amount",)) == [{"amount": 0.5}]


def test_qizhong_columns_one_after_another_belong_to_the_same_column(tmp_path):
    """会员人数 | 其中：女职工 | 其中：农民工 in one row: the second 其中 is 会员人数's too."""
    header = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", "会员人数",
              "其中：女职工", "其中：农民工", "建会形式", "建会日期"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        *LABELS, header, [A, "甲公司", "东湖街道", "企业", 30, 20, 9, 5, "单独建会", "2020-05-01"]]})
    assert loaded(parse(path), "org_units", ("migrant_workers", "migrant_members")) == [
        {"migrant_workers": None, "migrant_members": 5}]


@pytest.mark.parametrize("marked", [
    lambda h: "*" + h, lambda h: "※" + h, lambda h: "★" + h, lambda h: h + "*",
    lambda h: "＊ " + h, lambda h: h + "*（人）",
])
def test_required_field_marks_on_headers(tmp_path, marked):
    """A star marking required columns (*统一社会信用代码, 职工人数*) is no part of the name."""
    header = [marked(h) if h in ("统一社会信用代码", "单位名称", "职工人数", "会员人数") else h
              for h in UNIT_HEADER]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        *LABELS, header, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]})
    assert loaded(clean(parse(path)), "org_units", ("credit_code", "workers", "members")) == [
        {"credit_code": A, "workers": 30, "members": 20}]


@pytest.mark.parametrize("numbered", [
    lambda i, h: f"{i}.{h}", lambda i, h: f"{i}、{h}", lambda i, h: f"（{'一二三四五六七八九十'[i % 10]}）{h}",
    lambda i, h: f"{'一二三四五六七八九十'[i % 10]}、{h}",
])
def test_numbered_headers(tmp_path, numbered):
    header = [numbered(i + 1, h) for i, h in enumerate(UNIT_HEADER)]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        *LABELS, header, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]})
    assert loaded(clean(parse(path)), "org_units", ("credit_code", "workers", "members")) == [
        {"credit_code": A, "workers": 30, "members": 20}]


def test_a_unit_after_a_slash_in_a_header(tmp_path):
    """职工人数/人 is 职工人数; 帮扶金额/元 is in 元 (35000 is 3.5 万元)."""
    header = [h + "/人" if h in ("职工人数", "会员人数") else h for h in UNIT_HEADER]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        *LABELS, header, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))],
        "困难帮扶": [["统一社会信用代码", "帮扶人数", "帮扶金额/元"], [A, 3, 35000]]})
    parsed = parse(path)
    assert loaded(parsed, "org_units", ("workers", "members")) == [{"workers": 30, "members": 20}]
    assert loaded(parsed, "assistance", ("assisted_workers", "amount")) == [
        {"assisted_workers": 3, "amount": 3.5}]
    assert parsed.issues == []


def test_header_spaces_line_breaks_qizhong_and_units(tmp_path):
    header = [" 统一社会\n信用代码 ", "单 位 名 称", "所属街道\u3000", "单位类型", "职工人数（人）",
              "其中：农民工人数(人)", "会员人数\n（人）", "其中:\n农民工会员人数", "建会形式",
              "建会日期", "法人资格\n登记", "职代会建制", "厂务公开建制"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        header, [A, "甲公司", "东湖街道", "企业", 30, 3, 20, 2, "单独建会", "2020-05-01", "是", "是", "否"]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units") == [
        org_row(2, migrant=3, migrant_members=2, ownership=None)]


def test_header_units_on_money_and_count_columns(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "劳动争议": [["统一社会信用代码", "受理件数（件）", "调解成功件数（件）", "涉及金额(万元)"],
                 [A, 4, 3, 12.5]],
        "培训": [["统一社会信用代码", "培训类别", "开班日期", "参训人次（人次）", "学时（小时）"],
               [A, "其他", "2026-03-02", 40, 2.5]],
    })
    parsed = clean(parse(path))
    assert loaded(parsed, "disputes", ("cases_received", "cases_mediated", "amount")) == [
        {"cases_received": 4, "cases_mediated": 3, "amount": 12.5}]
    assert loaded(parsed, "trainings", ("participants", "hours")) == [
        {"participants": 40, "hours": 2.5}]


def test_column_aliases(tmp_path):
    header = ["信用代码", "企业名称", "所属街镇", "单位性质", "所有制类型", "在岗职工数", "其中农民工",
              "工会会员数", "其中农民工会员", "组建形式", "工会成立日期", "工会法人登记", "建立职代会",
              "厂务公开"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"工会组建": [
        header, [A, "甲公司", "东湖街道", "企业", "非公", 30, 3, 20, 2, "单独建会", "2020-05-01",
                 "是", "是", "否"]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units") == [org_row(2, migrant=3, migrant_members=2)]


def test_other_column_aliases(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "组建情况": [["统一代码", "单位全称", "街镇", "单位性质", "职工总数", "农民工", "会员数",
                  "农民工会员", "组建形式", "建会时间", "法人登记", "职代会"],
                 [A, "甲公司", "东湖街道", "企业", 30, 3, 20, 2, "单独建会", "2020-05-01", "是", "是"]],
        "集体协商": [["社会信用代码", "协议编号", "协议类别", "签订方式", "签约日期", "有效期至", "涉及职工数"],
                 [A, "HT-9", "综合集体合同", "单独签订", "2026-03-02", "2029-03-01", 30]],
        "普惠服务卡": [["信用代码", "街道", "采集数", "办卡数"], [A, "东湖街道", 4, 3]],
        "培训情况": [["信用代码", "项目名称", "培训类型", "培训日期", "参加人次", "课时"],
                 [A, "安全月", "安全生产培训", "2026-03-10", 25, 3]],
        "争议调解": [["信用代码", "受理劳动争议", "调解成功数", "涉案金额"], [A, 2, 1, 0.8]],
        "帮扶救助": [["信用代码", "帮扶职工人数", "救助金额"], [A, 6, 1.2]],
    })
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("unit_name", "workers", "migrant_workers", "members",
                                        "migrant_members", "union_date", "legal_person",
                                        "workers_congress", "openness")) == [
        {"unit_name": "甲公司", "workers": 30, "migrant_workers": 3, "members": 20,
         "migrant_members": 2, "union_date": dt.date(2020, 5, 1), "legal_person": True,
         "workers_congress": True, "openness": None}]
    assert loaded(parsed, "contracts", ("contract_no", "contract_type", "sign_form", "signed_on",
                                        "expires_on", "covered_workers")) == [
        {"contract_no": "HT-9", "contract_type": "综合集体合同", "sign_form": "单独签订",
         "signed_on": dt.date(2026, 3, 2), "expires_on": dt.date(2029, 3, 1),
         "covered_workers": 30}]
    assert loaded(parsed, "service_cards", ("street", "info_collected", "cards_issued")) == [
        {"street": "东湖街道", "info_collected": 4, "cards_issued": 3}]
    assert loaded(parsed, "trainings", ("training_name", "training_type", "start_date",
                                        "participants", "hours")) == [
        {"training_name": "安全月", "training_type": "安全生产培训",
         "start_date": dt.date(2026, 3, 10), "participants": 25, "hours": 3.0}]
    assert loaded(parsed, "disputes", ("cases_received", "cases_mediated", "amount")) == [
        {"cases_received": 2, "cases_mediated": 1, "amount": 0.8}]
    assert loaded(parsed, "assistance", ("assisted_workers", "amount")) == [
        {"assisted_workers": 6, "amount": 1.2}]


def test_columns_in_any_order(tmp_path):
    header = list(reversed(UNIT_HEADER))
    row = list(reversed(unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))))
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [header, row]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units") == [org_row(2)]


def test_extra_unknown_columns_are_ignored_and_listed(tmp_path):
    header = ["序号", *UNIT_HEADER[:3], "联系人", *UNIT_HEADER[3:], "备 注"]
    row = [1, A, "甲公司", "东湖街道", "王五", "企业", "非公", 30, None, 20, None, "单独建会",
           dt.date(2020, 5, 1), "是", "是", "否", "无"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [header, row]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units") == [org_row(2)]
    assert parsed.notes == [Note("组建与会员", "序号", "ignored_column"),
                            Note("组建与会员", "联系人", "ignored_column"),
                            Note("组建与会员", "备 注", "ignored_column")]


def test_duplicate_column_first_one_counts(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        ["统一社会信用代码", "本月办卡数", "办卡数（张）"], [A, 5, 7]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 5}]
    assert parsed.notes == [Note("服务卡", "办卡数（张）", "duplicate_column")]


# --- rows -----------------------------------------------------------------------------------

def test_blank_rows_totals_and_footer(tmp_path):
    rows = [
        *LABELS,
        ["序号", "统一社会信用代码", "单位名称", "本月采集会员信息数", "本月办卡数"],
        [1, A, "甲公司", 4, 3],
        [],
        [None, None, "\u3000"],
        [2, B, "乙公司", 6, 5],
        ["小计", None, None, 10, 8],
        [3, C, "丙公司", 1, 1],
        ["合  计", None, None, 11, 9],
        [None, "总计", None, 11, 9],
        [],
        ["填表人：张三", None, "审核人：李四", None, "联系电话：12345678"],
        ["审核人：李四"],
        ["联系电话：", "12345678"],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", {"服务卡": rows})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("credit_code", "info_collected", "cards_issued",
                                            "row_number")) == [
        {"credit_code": A, "info_collected": 4, "cards_issued": 3, "row_number": 5},
        {"credit_code": B, "info_collected": 6, "cards_issued": 5, "row_number": 8},
        {"credit_code": C, "info_collected": 1, "cards_issued": 1, "row_number": 10},
    ]
    sheet = parsed.sheets[0]
    assert (sheet.rows_loaded, sheet.rows_rejected, sheet.rows_warned) == (3, 0, 0)


@pytest.mark.parametrize("footer", [
    ["制表：张三", "复核：李四", "电话：88886666", "日期：2026.4.3"],
    ["经办人：张三", None, "联系人：李四", "手机：13800000000"],
    ["填报日期：2026年4月3日"],
    # (these had each been a rejected row of errors: "不是有效的18位统一社会信用代码")
    ["本表数据截至2026年3月31日。"],
    ["统计员：李某", None, "审核：王某"],
    ["填表说明：1.统一社会信用代码须填写18位；"],
    ["单位（盖章）：", None, None, "2026年4月3日"],
    ["（盖章）"],
    ["主要负责人签字：", None, "分管领导："],
    # any short "name：" line, or a stamp, after the data (no list keeps up with forms)
    ["统计负责人：王某"], ["报出日期：2026-04-03"], ["附注：无"], ["注1：本月新增2家"], ["(公章)"],
    ["编制单位：东湖街道总工会"],
    # a sentence vouching for the table, or any sentence ended with a full stop
    ["以上数据真实有效"], ["上述数据经核实无误"], ["我单位承诺所报数据真实、准确、完整"],
    ["本街道郑重承诺：以上数据真实"], ["特此报送"], ["经审核，数据属实"],
])
def test_other_footer_words_end_the_data(tmp_path, footer):
    path = write_xlsx(tmp_path / "r.xlsx", {"服务卡": [
        *LABELS, ["统一社会信用代码", "单位名称", "本月采集会员信息数", "本月办卡数"],
        [A, "甲公司", 4, 3], ["汇总", None, 4, 3], [], footer]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("credit_code", "cards_issued")) == [
        {"credit_code": A, "cards_issued": 3}]


def test_multi_row_footer_ends_the_data(tmp_path):
    # A footer of several lines, the later ones without a marker of their own (a date,
    # a stamp): nothing after the footer starts is data.
    path = write_xlsx(tmp_path / "r.xlsx", {"服务卡": [
        *LABELS,
        ["统一社会信用代码", "本月办卡数"],
        [A, 3],
        ["单位负责人：王五", None, "填表人：张三"],
        ["2026年4月5日"],
        ["（盖章）"],
    ]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("credit_code", "cards_issued", "row_number")) == [
        {"credit_code": A, "cards_issued": 3, "row_number": 5}]


def test_numbers_stored_as_text(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "组建与会员": [UNIT_HEADER,
                  [A, "甲公司", "东湖街道", "企业", "非公", "1,234", "１２", "30人", "12.0",
                   "单独建会", "2020-05-01", "是", "是", "否"],
                  [B, "乙公司", "东湖街道", "企业", "非公", 40.0, "0人", "１，０２０", 3.0,
                   "单独建会", "2020-05-01", "是", "是", "否"]],
        "培训": [["统一社会信用代码", "培训类别", "开班日期", "参训人次", "学时"],
               [A, "其他", "2026-03-02", "45人次", "2.5"]],
        "劳动争议": [["统一社会信用代码", "受理件数", "调解成功件数", "涉及金额（万元）"],
                 [A, "3件", "2件", "3.5万元"]],
        "困难帮扶": [["统一社会信用代码", "帮扶人数", "帮扶金额（万元）"],
                 [A, "1,200人", "3.5万元"], [B, "２人", "０．５"]],
        "服务卡": [["统一社会信用代码", "本月采集会员信息数", "本月办卡数"], [A, "12份", "8张"]],
        "集体合同": [["统一社会信用代码", "合同类别", "签订形式", "签订日期", "到期日期", "覆盖职工数"],
                 [A, "综合集体合同", "单独签订", "2026-03-01", "2029-02-28", "1,234人"]],
    })
    parsed = parse(path)
    # B has 1,020 members for 40 workers: a warning, still loaded.
    assert parsed.status == "loaded"
    assert [(i.row_number, i.rule, i.severity) for i in parsed.issues] == [
        (3, "members_gt_workers", "warning")]
    assert loaded(parsed, "org_units", ("workers", "migrant_workers", "members",
                                        "migrant_members", "is_warned")) == [
        {"workers": 1234, "migrant_workers": 12, "members": 30, "migrant_members": 12,
         "is_warned": False},
        {"workers": 40, "migrant_workers": 0, "members": 1020, "migrant_members": 3,
         "is_warned": True},
    ]
    assert loaded(parsed, "trainings", ("participants", "hours")) == [
        {"participants": 45, "hours": 2.5}]
    assert loaded(parsed, "disputes", ("cases_received", "cases_mediated", "amount")) == [
        {"cases_received": 3, "cases_mediated": 2, "amount": 3.5}]
    assert loaded(parsed, "assistance", ("assisted_workers", "amount")) == [
        {"assisted_workers": 1200, "amount": 3.5}, {"assisted_workers": 2, "amount": 0.5}]
    assert loaded(parsed, "service_cards", ("info_collected", "cards_issued")) == [
        {"info_collected": 12, "cards_issued": 8}]
    assert loaded(parsed, "contracts", ("covered_workers",)) == [{"covered_workers": 1234}]


@pytest.mark.parametrize("cell", [
    dt.date(2020, 5, 1),  # a real date cell
    dt.datetime(2020, 5, 1, 9, 30),
    43952,  # the serial of 2020-05-01 in a number cell
    "43952",
    "2020-05-01", "2020/5/1", "2020.5.1", "2020年5月1日", "20200501", 20200501,
    "２０２０－０５－０１", "\u30002020-05-01 ",
])
def test_dates_in_every_form(tmp_path, cell):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", cell)]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units") == [org_row(2, date=dt.date(2020, 5, 1))]


@pytest.mark.parametrize("cell", ["2026-03-05至2026-03-08", "2026年3月5日-8日", "2026.3.5-3.8",
                                  "2026/3/5～2026/3/8"])
def test_a_class_dated_by_the_days_it_ran_starts_on_the_first(tmp_path, cell):
    """开班日期 written as the class's days reads as its first day (it had been refused);
    any other date column still refuses a range (a contract's 签订日期 is one day)."""
    header = ["统一社会信用代码", "培训名称", "培训类别", "开班日期", "参训人次"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "培训": [header, [A, "电工班", "其他", cell, 30]],
        "集体合同": [["统一社会信用代码", "合同编号", "合同类别", "签订形式", "签订日期", "到期日期", "覆盖职工数"],
                 [A, "HT-1", "综合集体合同", "单独签订", cell, "2029-01-09", 120]]})
    parsed = parse(path)
    assert loaded(parsed, "trainings", ("start_date",)) == [{"start_date": dt.date(2026, 3, 5)}]
    assert [(i.sheet, i.column_header, i.rule) for i in parsed.issues] == [("集体合同", "签订日期", "date")]


@pytest.mark.parametrize("yes, no", [
    ("是", "否"), ("有", "无"), ("Y", "N"), ("y", "n"), ("Ｙ", "ｎ"), ("√", "×"), ("1", "0"),
    (1, 0), ("１", "０"), (True, False), ("yes", "NO"), (" 是 ", "\u3000否\u3000"),
])
def test_booleans_in_every_form(tmp_path, yes, no):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1),
                          legal=yes, congress=no, openness=yes)]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units") == [
        org_row(2, legal=True, congress=False, openness=True)]


@pytest.mark.parametrize("cell", [
    A.lower(), f"{A[:6]} {A[6:12]} {A[12:]}", f"\u3000{A}\u3000", f" {A.lower()} ",
    "".join(chr(ord(c) + 0xFEE0) for c in A),
])
def test_credit_codes_lower_case_and_spaces(tmp_path, cell):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        UNIT_HEADER, unit(cell, "\u3000甲公司 ", " 东湖街道\u3000", 30, 20, " 单独建会",
                          dt.date(2020, 5, 1))]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units") == [org_row(2)]


def test_text_keeps_inner_spaces(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"培训": [
        ["统一社会信用代码", "培训名称", "培训类别", "开班日期", "参训人次"],
        [A, "\u3000安全 生产\u3000月 ", "安全生产培训", "2026-03-02", 10]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "trainings", ("training_name",)) == [{"training_name": "安全 生产\u3000月"}]


@pytest.mark.parametrize("placeholder", ["/", "／", "-", "－", "—", "——", "\\"])
def test_a_placeholder_is_an_empty_cell(tmp_path, placeholder):
    """'/' or '—' under 农民工人数, or under 建会日期 of a unit with no union, says there is
    nothing to fill in: an empty cell (a required one is still an error)."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [*LABELS, UNIT_HEADER,
        [A, "甲公司", "东湖街道", "企业", placeholder, 30, placeholder, 20, placeholder, "单独建会",
         dt.date(2020, 5, 1), "是", "是", "否"],
        [B, "乙公司", "东湖街道", "企业", "非公", 10, None, 0, None, "未建会", placeholder, "否",
         placeholder, "否"],
        [C, "丙公司", "东湖街道", "企业", "非公", placeholder, None, 0, None, "未建会", None, "否",
         "否", "否"],
    ]})
    parsed = parse(path)
    assert loaded(parsed, "org_units", ("credit_code", "ownership", "migrant_workers",
                                        "migrant_members", "union_date", "workers_congress")) == [
        {"credit_code": A, "ownership": None, "migrant_workers": None, "migrant_members": None,
         "union_date": dt.date(2020, 5, 1), "workers_congress": True},
        {"credit_code": B, "ownership": "非公", "migrant_workers": None, "migrant_members": None,
         "union_date": None, "workers_congress": None}]
    assert [(i.row_number, i.column_header, i.value, i.rule) for i in parsed.issues] == [
        (7, "职工人数", placeholder, "required")]
    assert parsed.issues[0].message == f"第7行 “职工人数” 不能为空（填写的“{placeholder}”视为未填）"


def test_a_placeholder_in_a_text_column_is_no_text(tmp_path):
    """合同编号 无 or — says the contract has no number: no text (four contracts, not
    one numbered 无)."""
    header = ["统一社会信用代码", "合同类别", "签订形式", "签订日期", "到期日期", "覆盖职工数", "合同编号"]
    rows = [[code, "工资专项集体合同", "单独签订", "2026-01-05", "2028-01-04", 10, number]
            for code, number in ((A, "无"), (B, "暂无"), (C, "—"))]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"集体合同": [*LABELS, header, *rows]})
    assert [r["contract_no"] for r in loaded(clean(parse(path)), "contracts", ("contract_no",))] == [
        None, None, None]


def test_none_in_a_count_is_zero_and_in_a_list_is_refused(tmp_path):
    """无 under 农民工人数 says there are none: 0. Under 建会形式 it is not one of the list
    (the clerk most likely means 未建会, and the message lists it)."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [*LABELS, UNIT_HEADER,
        [A, "甲公司", "东湖街道", "企业", "非公", 30, "无", 20, "暂无", "单独建会",
         dt.date(2020, 5, 1), "是", "无", "否"],
        [B, "乙公司", "东湖街道", "企业", "非公", 10, None, 0, None, "无", None, "否", "否", "否"],
    ]})
    parsed = parse(path)
    assert loaded(parsed, "org_units", ("migrant_workers", "migrant_members", "workers_congress")) == [
        {"migrant_workers": 0, "migrant_members": 0, "workers_congress": False}]
    assert [(i.row_number, i.column_header, i.rule) for i in parsed.issues] == [
        (6, "建会形式", "enum")]


def test_a_name_wrapped_with_alt_enter_reads_whole(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [*LABELS, UNIT_HEADER,
        unit(A, "盛百检测\n技术（江州）有限公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1)),
        unit(B, "乙公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]})
    assert loaded(clean(parse(path)), "org_units", ("unit_name",)) == [
        {"unit_name": "盛百检测技术（江州）有限公司"}, {"unit_name": "乙公司"}]


def test_a_contract_number_wrapped_with_alt_enter_reads_as_one_code(tmp_path):
    """GH2026⏎001 is the code GH2026001: a wrap inside a code is not a space, as it is
    between two English words of a name."""
    header = ["统一社会信用代码", "合同类别", "签订形式", "签订日期", "到期日期", "覆盖职工数", "合同编号"]
    rows = [[code, "工资专项集体合同", "单独签订", "2026-01-05", "2028-01-04", 10, number]
            for code, number in ((A, "GH2026\n001"), (B, "HT-\r\n 7"))]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"集体合同": [*LABELS, header, *rows]})
    assert [r["contract_no"] for r in loaded(clean(parse(path)), "contracts", ("contract_no",))] == [
        "GH2026001", "HT-7"]


# --- sheets -----------------------------------------------------------------------------------

def test_sheet_type_from_header_when_name_unknown(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "Sheet1": [["2026年3月 组建情况"], [], UNIT_HEADER,
                   unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))],
        "Sheet2": [["统一社会信用代码", "受理件数", "调解成功件数"], [A, 2, 2]],
    })
    parsed = clean(parse(path))
    assert [(s.sheet_type.key, s.sheet_name) for s in parsed.sheets] == [
        ("org_units", "Sheet1"), ("disputes", "Sheet2")]
    assert loaded(parsed, "org_units") == [org_row(4)]
    assert loaded(parsed, "disputes", ("cases_received", "cases_mediated", "row_number")) == [
        {"cases_received": 2, "cases_mediated": 2, "row_number": 2}]


def test_last_months_sheet_kept_in_the_workbook_is_left_out(tmp_path):
    """组建与会员 (March, by the cover's 报告期) beside 组建与会员（2月）: February's sheet is
    listed as another month's, not counted for March."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "封面": [["填报单位：东湖街道总工会"], ["报告期：2026-03"]],
        "组建与会员": [UNIT_HEADER, unit(A, "甲公司", "东湖街道", 110, 100, "单独建会", dt.date(2020, 5, 1))],
        "组建与会员（2月）": [UNIT_HEADER, unit(A, "甲公司", "东湖街道", 100, 90, "单独建会", dt.date(2020, 5, 1))],
    })
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("workers", "members")) == [{"workers": 110, "members": 100}]
    assert Note("组建与会员（2月）", None, "other_month_sheet") in parsed.notes


@pytest.mark.parametrize("name", ["组建与会员-3月", "组建与会员（2026.03）", "组建与会员",
                                  "组建与会员（4月2日修改）", "组建与会员（2026.4.1报）", "组建与会员1月-3月",
                                  "组建与会员1-3月", "组建与会员（截至3月31日）", "三月份", "March",
                                  "202603", "03", "一月-三月", "market", "五月花酒店", "OCT酒店",
                                  "三月份补报"])
def test_a_sheet_named_for_the_files_month_is_read(tmp_path, name):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {name: [
        *LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]})
    assert loaded(clean(parse(path)), "org_units", ("members",)) == [{"members": 20}]


@pytest.mark.parametrize("names", [("一月", "二月", "三月"), ("元月", "二月", "三月"), ("一月份", "二月份", "三月份"),
                                   ("一月服务卡", "二月普惠服务卡", "三月服务卡"), ("一月服务", "二月服务", "三月服务"),
                                   ("二〇二六年一月", "二〇二六年二月", "二〇二六年三月"),
                                   ("Jan", "Feb", "Mar"), ("202601", "202602", "202603")])
def test_a_workbook_of_a_sheet_per_month_counts_the_files_month(tmp_path, names):
    """One sheet per month so far, named in words, numbers or English: March's file
    counts March's cards, not the three months added up."""
    path = write_xlsx(tmp_path / "西城街道_2026-03.xlsx", {
        name: [["统一社会信用代码", "本月办卡数"], [A, cards]]  # (the month: the file's name)
        for name, cards in zip(names, (10, 20, 30))})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 30}]
    assert [n.sheet for n in parsed.notes if n.what == "other_month_sheet"] == list(names[:2])


@pytest.mark.parametrize("word", ["", "会员"])
def test_a_stock_sheet_per_month_with_the_month_first_reads_the_month(tmp_path, word):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        f"{name}{word}": [UNIT_HEADER, unit(A, "甲公司", "东湖街道", workers, 20, "单独建会", dt.date(2020, 5, 1))]
        for name, workers in (("三月", 33), ("二月", 32), ("一月", 31))})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("workers",)) == [{"workers": 33}]


@pytest.mark.parametrize("pages", [(1, 2, 3), ("01", "02", "03")])
def test_pages_of_a_long_list_numbered_1_2_3_are_all_read(tmp_path, pages):
    """组建与会员 split into pages '1', '2', '3' in March's file: a number alone may name a
    page or a month, so it names none (a page left out would lose its units)."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        str(page): [UNIT_HEADER, unit(credit, name, "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]
        for page, credit, name in zip(pages, (A, B, code(3)), ("甲公司", "乙公司", "丙公司"))})
    parsed = clean(parse(path))
    assert [s.rows_loaded for s in parsed.sheets] == [1, 1, 1]
    assert not [n for n in parsed.notes if n.what == "other_month_sheet"]


def test_sheets_numbered_one_per_type_are_all_read(tmp_path):
    """'1', '2' as the tables' numbers, one sheet of each type: no month is named."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "1": [*LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))],
        "2": [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 4]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("members",)) == [{"members": 20}]
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 4}]
    assert not [n for n in parsed.notes if n.what == "other_month_sheet"]


def test_a_lone_sheet_named_for_another_month_conflicts_with_the_file(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员（2月）": [
        ["填报单位：东湖街道总工会"], UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]})
    parsed = parse(path)
    assert parsed.status == "rejected" and parsed.issues[0].rule == "conflicting_months"
    assert "“组建与会员（2月）”的名称为2月，本文件报告期为2026年3月" in parsed.message


@pytest.mark.parametrize("other", ["服务卡（累计）", "服务卡(1-3月累计)", "上月服务卡", "服务卡 去年同期",
                                   "服务卡（1-3月）", "服务卡（本年）", "服务卡 今年以来", "本年服务卡",
                                   "服务卡(一季度)", "服务卡（上月数）", "服务卡汇总（本年累计）", "服务卡（本季度）",
                                   "服务卡累计数", "服务卡上月报表", "服务卡（一至三月）", "服务卡（年初至今）",
                                   "会员服务卡（去年同期数）", "服务卡（截至本月）", "服务卡 截至本月", "服务卡（上半年）",
                                   "服务卡（累计）(2)", "服务卡（本年度）", "服务卡（2026年累计）", "服务卡（截至3月底）",
                                   "服务卡（累计）（张）", "服务卡（上月）（备份）", "服务卡（截止目前）",
                                   "服务卡累计表（2026年3月）"])
def test_a_sheet_of_another_period_beside_the_months_own_is_left_out(tmp_path, other):
    """服务卡 beside 服务卡（累计）: the year so far is not March's cards."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡": [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 2]],
        f"3.{other}": [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 9]],
        other: [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 7], [B, 5]],
    })
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("credit_code", "cards_issued")) == [
        {"credit_code": A, "cards_issued": 2}]
    assert [n for n in parsed.notes if n.what == "other_period_sheet"] == [
        Note(f"3.{other}", None, "other_period_sheet"), Note(other, None, "other_period_sheet")]


@pytest.mark.parametrize("own, other", [("组建与会员", "组建与会员（上年末）"), ("组建与会员", "组建与会员（上月末）"),
                                        ("组建与会员", "上月末组建与会员"), ("组建与会员", "组建与会员（年初数）"),
                                        ("1.组建与会员", "1.组建与会员（上月）"), ("组建与会员", "组建与会员（本年减少）")])
def test_last_periods_stock_sheet_beside_the_months_is_left_out(tmp_path, own, other):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        own: [*LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 25, "单独建会", dt.date(2020, 5, 1))],
        other: [*LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 18, "单独建会", dt.date(2020, 5, 1))]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("members",)) == [{"members": 25}]
    assert Note(other, None, "other_period_sheet") in parsed.notes


@pytest.mark.parametrize("name", ["服务卡（不含上月补录）", "服务卡（含上年结转）", "服务卡（本月）", "2026年度服务卡",
                                  "东湖街道2026年度服务卡（3月）", "服务卡（截至3月31日）", "本年新建工会服务卡",
                                  "服务卡（上月26日-本月25日）"])
def test_a_sheet_whose_name_qualifies_the_month_is_the_sheet(tmp_path, name):
    """'不含上月补录', '含上年结转': a period the figures leave out or include; '2026年度'
    the year's series and '截至3月31日' the month's end; '本年新建工会' the new unions
    whose cards these are; '上月26日-本月25日' a statistical month: alone, the month's
    (refusing them had rejected valid reports)."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        name: [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 7]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 7}]
    assert not any(n.what == "other_period_sheet" for n in parsed.notes)


@pytest.mark.parametrize("name", ["服务卡（累计）", "东湖街道服务卡（累计）", "上月服务卡", "服务卡（1-3月）",
                                  "东湖街道总工会服务卡（本年）", "高新区服务卡（累计）", "东湖街道办事处服务卡（累计）",
                                  "甲公司工会服务卡（累计）", "上月服务卡（更正）", "服务卡（上月补报）",
                                  "临湖区东湖街道服务卡（累计）", "东湖街道工会委员会服务卡（累计）", "高新区管委会服务卡（累计）"])
def test_a_lone_sheet_named_for_another_period_is_refused(tmp_path, name):
    """The only 服务卡 sheet named for the year so far or last month (its street's name
    before it, or not): its figures are not March's cards, so they are not loaded as
    them (they had been: the year so far counted as the month's flow). The sheet is
    refused with a message; the file's other sheets load."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "组建与会员": [*LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))],
        name: [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 7]]})
    parsed = parse(path)
    assert parsed.status == "loaded_with_errors"
    assert loaded(parsed, "org_units", ("members",)) == [{"members": 20}]
    assert loaded(parsed, "service_cards") == []
    [issue] = parsed.issues
    assert (issue.sheet, issue.rule, issue.severity) == (name, "other_period_sheet", "error")
    assert f"工作表“{name}”的名称表明是其他期间" in issue.message and "未导入" in issue.message


def test_a_street_named_sheet_of_the_year_so_far_gives_way_to_the_months(tmp_path):
    """东湖街道服务卡（累计） beside 服务卡: only the month's cards count, the other is listed."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡": [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 7]],
        "东湖街道服务卡（累计）": [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 19]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 7}]
    assert Note("东湖街道服务卡（累计）", None, "other_period_sheet") in parsed.notes


@pytest.mark.parametrize("name, header, why", [
    ("上月更正说明", "办卡数（更正后）", "other_period_sheet"),  # read as 服务卡 by its header
    ("东湖街道上月数据", "本月办卡数", "other_period_sheet"),
    ("更正说明", "办卡数（更正后）", "explanation_sheet"),
    ("数据更正", "办卡数", "explanation_sheet"),
    ("填报说明", "本月办卡数", "explanation_sheet"),
])
def test_a_sheet_read_by_its_header_that_explains_or_is_of_another_period_gives_way(
        tmp_path, name, header, why):
    """A sheet named for no type, read as 服务卡 by its header, whose name says another
    period or that it explains or corrects: beside the month's 服务卡 it is no second
    report (a flow's rows add up: A had counted 7 + 19). It is listed, not read."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡": [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 7], [B, 3]],
        name: [["2月份数据更正如下"], ["统一社会信用代码", header], [A, 19]]})
    parsed = clean(parse(path))
    assert [(s.sheet_name, s.rows_loaded) for s in parsed.sheets] == [("服务卡", 2)]
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 7}, {"cards_issued": 3}]
    assert parsed.notes == [Note(name, None, why)]


@pytest.mark.parametrize("original, corrected", [
    ("服务卡", "服务卡（更正）"), ("服务卡", "服务卡更正"), ("服务卡", "服务卡(更正后)"),
    ("服务卡", "服务卡（修改）"), ("服务卡", "服务卡（最终修改版）"), ("秋月社区服务卡", "秋月社区服务卡更正"),
    ("服务卡", "服务卡（调整后）"), ("服务卡（修改前）", "服务卡（修改后）"), ("服务卡（更正前）", "服务卡（更正后）")])
def test_a_correction_replaces_its_originals_rows_of_its_units(tmp_path, original, corrected):
    """A corrected sheet beside its original: the units it lists are the correction's
    (the two had added up: A 10 + 12), the original's other units stay (a correction
    may list only what changed: B keeps its 3); the original is listed."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        original: [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 10], [B, 3]],
        corrected: [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 12]],
        "服务卡（补报）": [["统一社会信用代码", "本月办卡数"], [C, 4]]})  # (late rows: no correction)
    parsed = clean(parse(path))
    rows = {s.sheet_name: [(r["credit_code"], r["cards_issued"]) for r in s.table.to_pylist()]
            for s in parsed.sheets}
    assert rows == {original: [(B, 3)], corrected: [(A, 12)], "服务卡（补报）": [(C, 4)]}
    assert parsed.notes == [Note(original, None, "corrected_sheet")]


@pytest.mark.parametrize("original, corrected", [
    ("服务卡", "东湖街道服务卡更正"), ("东湖街道服务卡", "服务卡（更正）"), ("服务卡汇总", "服务卡（3月更正）")])
def test_a_correction_not_named_as_its_original_corrects_the_one_sheet_of_its_type(tmp_path, original, corrected):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        original: [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 10], [B, 3]],
        corrected: [["统一社会信用代码", "本月办卡数"], [A, 12]]})
    parsed = clean(parse(path))
    assert sorted(loaded_all(parsed, "service_cards")) == [(A, 12), (B, 3)]


def test_a_correction_naming_no_original_corrects_its_units_on_each_sheet_of_its_type(tmp_path):
    """服务卡（4月2日修改） beside two 社区 sheets: its units' rows there are replaced (A
    had counted 10 + 12), each sheet's other units stay; a 补报 sheet is untouched."""
    header = ["统一社会信用代码", "本月办卡数"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡（春风社区）": [*LABELS, header, [A, 10], [C, 1]],
        "服务卡（秋月社区）": [header, [B, 3]],
        "服务卡（补报）": [header, [A, 2]],
        "服务卡（4月2日修改）": [header, [A, 12]]})
    parsed = clean(parse(path))
    assert sorted(loaded_all(parsed, "service_cards")) == sorted([(A, 12), (C, 1), (B, 3), (A, 2)])
    assert parsed.notes == [Note("服务卡（春风社区）", None, "corrected_sheet")]


def test_a_second_correction_corrects_the_first(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡": [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 10], [B, 3]],
        "服务卡（更正）": [["统一社会信用代码", "本月办卡数"], [A, 12]],
        "服务卡（二次更正）": [["统一社会信用代码", "本月办卡数"], [A, 13]]})
    assert sorted(loaded_all(clean(parse(path)), "service_cards")) == [(A, 13), (B, 3)]


@pytest.mark.parametrize("before", ["服务卡（修改前）", "服务卡(更正前)", "服务卡修改前"])
def test_a_copy_from_before_a_change_gives_way_to_the_sheet_unmarked(tmp_path, before):
    """服务卡 beside 服务卡（修改前）: the unmarked sheet is the report and the copy kept
    from before gives way whole, listed (the two had added up: A 10 + 12)."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        before: [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 10], [C, 5]],
        "服务卡": [["统一社会信用代码", "本月办卡数"], [A, 12], [B, 3]]})
    parsed = clean(parse(path))
    assert sorted(loaded_all(parsed, "service_cards")) == [(A, 12), (B, 3)]
    assert parsed.notes == [Note(before, None, "before_correction_sheet")]


@pytest.mark.parametrize("beside", [{}, {"服务卡": [["统一社会信用代码", "本月办卡数"]]},
                                    {"组建与会员": [UNIT_HEADER, unit(B, "乙公司", "东湖街道", 30, 20, "单独建会", "2020-05-01")]}])
def test_a_copy_from_before_a_change_alone_is_the_report(tmp_path, beside):
    """Alone, beside an empty tab of its name, or named for a change of another kind
    (区划调整前), a sheet marked 前 is the report."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡（修改前）": [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 10], [C, 5]], **beside})
    assert sorted(loaded_all(clean(parse(path)), "service_cards")) == [(A, 10), (C, 5)]


def test_a_sheet_named_before_a_change_of_another_kind_is_read(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "组建与会员": [*LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01")],
        "组建与会员（区划调整前）": [UNIT_HEADER, unit(B, "乙公司", "东湖街道", 30, 20, "单独建会", "2020-05-01")]})
    assert sorted(code for code, _ in loaded_all(clean(parse(path)), "org_units")) == [A, B]


@pytest.mark.parametrize("name", ["同期对比", "服务卡同期对比", "环比分析", "东湖街道服务卡（同比）"])
def test_a_comparison_sheet_gives_way_to_the_months_sheet(tmp_path, name):
    """A comparison beside the month's 服务卡 repeats its figures (beside last year's):
    it is no second report (they had added up), and it is listed."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡": [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 7], [B, 3]],
        name: [["统一社会信用代码", "本月办卡数", "上年同期办卡数"], [A, 7, 5], [B, 3, 1]]})
    parsed = clean(parse(path))
    assert sorted(loaded_all(parsed, "service_cards")) == [(A, 7), (B, 3)]
    assert Note(name, None, "comparison_sheet") in parsed.notes


@pytest.mark.parametrize("name", ["服务卡（与法人库比对后）", "服务卡（待比对单位）", "服务卡（比较小的企业）"])
def test_a_sheet_of_units_checked_against_a_list_is_no_comparison(tmp_path, name):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡": [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 7]],
        name: [["统一社会信用代码", "本月办卡数"], [B, 3]]})
    assert sorted(loaded_all(clean(parse(path)), "service_cards")) == [(A, 7), (B, 3)]


@pytest.mark.parametrize("name", ["华测检测分析有限公司", "对比科技公司", "服务卡（环比新增单位）"])
def test_a_sheet_whose_name_says_more_than_a_comparison_is_read(tmp_path, name):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡": [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 7]],
        name: [["统一社会信用代码", "本月办卡数"], [B, 3]]})
    assert sorted(loaded_all(clean(parse(path)), "service_cards")) == [(A, 7), (B, 3)]


def test_a_line_ending_with_a_full_stop_after_the_data_is_still_a_row(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"培训": [
        ["培训名称", "统一社会信用代码", "培训类别", "开班日期", "参训人次"],
        ["电工班", A, "其他", "2026-03-02", 20], ["消防安全知识讲座。"], ["填表人：张三"]]})
    assert {(i.sheet, i.row_number) for i in parse(path).issues} == {("培训", 3)}


def test_a_comparison_beside_an_empty_tab_of_its_type_is_read(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡": [*LABELS, ["统一社会信用代码", "本月办卡数"]],
        "服务卡（同期对比）": [["统一社会信用代码", "本月办卡数", "上年同期办卡数"], [A, 7, 5]]})
    assert loaded_all(clean(parse(path)), "service_cards") == [(A, 7)]


def test_a_comparison_sheet_alone_is_read_and_a_class_named_so_is_a_class(tmp_path):
    header = ["统一社会信用代码", "培训名称", "培训类别", "开班日期", "参训人次"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡（同期对比）": [*LABELS, ["统一社会信用代码", "本月办卡数", "上年同期办卡数"], [A, 7, 5]],
        "培训": [header, [A, "电工班", "职工技能培训", "2026-03-05", 30]],
        "培训（数据分析班）": [header, [B, "数据分析班", "职工技能培训", "2026-03-06", 20]]})
    parsed = clean(parse(path))
    assert loaded_all(parsed, "service_cards") == [(A, 7)]
    assert sum(s.rows_loaded for s in parsed.sheets if s.sheet_type.key == "trainings") == 2


def test_a_correction_of_classes_adds_its_class(tmp_path):
    """培训（更正）: a row is a class, not a unit's month: no unit's other classes are lost."""
    header = ["统一社会信用代码", "培训名称", "培训类别", "开班日期", "参训人次"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "培训": [*LABELS, header, [A, "电工班", "职工技能培训", "2026-03-05", 30], [A, "安全班", "安全生产培训", "2026-03-06", 40]],
        "培训（更正）": [header, [A, "焊工班", "职工技能培训", "2026-03-07", 20]]})
    assert sum(s.rows_loaded for s in clean(parse(path)).sheets) == 3


def test_a_revised_contract_is_no_correction(tmp_path):
    """集体合同（修订）: a contract revised is an event of its own, read beside the others."""
    header = ["统一社会信用代码", "合同编号", "合同类别", "签订形式", "签订日期", "到期日期", "覆盖职工数"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "集体合同": [*LABELS, header, [A, "HT-1", "综合集体合同", "单独签订", "2026-01-10", "2029-01-09", 120]],
        "集体合同（修订）": [header, [B, "HT-2", "综合集体合同", "单独签订", "2026-03-10", "2029-03-09", 50]]})
    assert sum(s.rows_loaded for s in clean(parse(path)).sheets) == 2


@pytest.mark.parametrize("sheets", [
    ("往年建会单位", "本年新建单位"),  # a street's units split by when they formed
    ("去年结转单位", "年初以来新建会单位"),
    ("指南针科技", "华夏说明书印刷厂"),  # units' own sheets
    ("春风社区组建与会员", "指南针社区组建与会员"),  # 社区 sheets (指南 is no explanation here)
])
def test_sheets_named_for_which_units_they_list_are_read(tmp_path, sheets):
    """Names that say which units a sheet lists, not the figures' period, nor that it
    explains (a first version of the rules had dropped or refused them)."""
    first, second = sheets
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        first: [*LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))],
        second: [UNIT_HEADER, unit(B, "乙公司", "东湖街道", 10, 5, "单独建会", dt.date(2026, 3, 2))]})
    parsed = clean(parse(path))
    assert [(s.sheet_name, s.rows_loaded) for s in parsed.sheets] == [(first, 1), (second, 1)]


def test_a_contracts_sheet_of_the_year_so_far_still_gives_way(tmp_path):
    """集体合同（本年新增） beside 集体合同: a sheet of contracts, not of units added."""
    header = ["统一社会信用代码", "合同编号", "合同类别", "签订形式", "签订日期", "到期日期", "覆盖职工数"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "集体合同": [*LABELS, header, [A, "HT-1", "综合集体合同", "单独签订", "2026-01-10", "2029-01-09", 120]],
        "集体合同（本年新增）": [header, [A, "HT-1", "综合集体合同", "单独签订", "2026-01-10", "2029-01-09", 100]]})
    parsed = clean(parse(path))
    assert [(s.sheet_name, s.rows_loaded) for s in parsed.sheets] == [("集体合同", 1)]


def test_a_lone_sheet_read_by_its_header_named_for_last_month_is_refused(tmp_path):
    """The only 服务卡 sheet, read by its header, named 上月数据: last month's cards are
    not March's (they had loaded as them). Refused as 服务卡（上月） is."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "组建与会员": [*LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))],
        "上月数据": [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 7]]})
    parsed = parse(path)
    assert parsed.status == "loaded_with_errors"
    assert loaded(parsed, "service_cards") == []
    [issue] = parsed.issues
    assert (issue.sheet, issue.rule) == ("上月数据", "other_period_sheet")


@pytest.mark.parametrize("name", ["更正说明", "Sheet2", "东湖街道2026年3月", "补报"])
def test_a_lone_sheet_read_by_its_header_naming_no_other_period_is_the_months(tmp_path, name):
    """Alone, a sheet that explains or corrects but names no other period is the month's
    report (nothing else gives the month's cards); so is any other name."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        name: [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 7]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 7}]


def test_a_second_sheet_read_by_its_header_adds_its_flows(tmp_path):
    """Sheet2 beside 服务卡 (a second list of units): a flow's rows add up, as ever."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡": [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 7]],
        "补报": [["统一社会信用代码", "本月办卡数"], [B, 3]]})
    parsed = clean(parse(path))
    assert [(s.sheet_name, s.rows_loaded) for s in parsed.sheets] == [("服务卡", 1), ("补报", 1)]


@pytest.mark.parametrize("written, month", [("2026年2月26日-3月25日", dt.date(2026, 3, 1)),
                                            ("2025年12月26日至2026年1月25日", dt.date(2026, 1, 1)),
                                            ("2026年1月1日-3月31日", dt.date(2026, 3, 1))])
def test_a_report_month_written_as_a_range_of_days_is_the_month_it_ends_in(tmp_path, written, month):
    """A statistical month (26th to 25th) or the year so far, written as days: filed under
    its first month, March's report had superseded February's."""
    path = write_xlsx(tmp_path / "西城街道月报.xlsx", {"服务卡": [
        ["填报单位：西城街道总工会"], [f"报告期：{written}"], ["统一社会信用代码", "本月办卡数"], [A, 5]]})
    assert clean(parse(path)).report_month == month


_SUMMARY = [["东湖街道工会组建情况汇总"], ["社区", "单位数", "职工人数", "会员人数", "入会率"],
            ["东湖社区", 2, 40, 25, "62.5%"], ["合计", 2, 40, 25, "62.5%"]]


@pytest.mark.parametrize("name", ["组建与会员（汇总）", "组建与会员(合计)", "组建与会员（分社区）", "组建与会员 汇总"])
def test_a_summary_sheet_beside_the_report_is_left_out(tmp_path, name):
    """Counts per 社区 with no unit's code, named as the type's summary: listed, not six
    sheet errors (named with brackets it had been read as a 组建与会员 missing columns)."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "组建与会员": [*LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))],
        name: _SUMMARY})
    parsed = clean(parse(path))
    assert [(s.sheet_name, s.rows_loaded) for s in parsed.sheets] == [("组建与会员", 1)]
    assert [n.what for n in parsed.notes] in (["summary_sheet"], ["ignored_sheet"])


def test_a_total_sheet_listing_the_units_again_gives_way_to_their_sheets(tmp_path):
    """A street's 社区 sheets and their 服务卡（汇总） listing the same units: the units had
    counted twice (20 cards for 10)."""
    header = ["统一社会信用代码", "单位名称", "本月办卡数"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡（东湖社区）": [*LABELS, header, [A, "甲公司", 7]],
        "服务卡（西湖社区）": [header, [B, "乙公司", 3]],
        "服务卡（汇总）": [header, [A, "甲公司", 7], [B, "乙公司", 3]]})
    parsed = parse(path)
    assert sorted(loaded_all(parsed, "service_cards")) == [(A, 7), (B, 3)]
    assert Note("服务卡（汇总）", None, "summary_sheet") in parsed.notes


@pytest.mark.parametrize("name", ["组建与会员（新增会员数）", "组建与会员（本月新增会员）", "组建与会员（增减变动）",
                                  "组建与会员（会员增加）", "会员情况（人数变动）"])
def test_a_sheet_of_the_members_change_gives_way(tmp_path, name):
    """The members' increase, a figure, is no list of units added: it had been read after
    the month's sheet, its increments counting as the units' members."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "组建与会员": [*LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))],
        name: [UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 3, "单独建会", dt.date(2020, 5, 1))]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("members",)) == [{"members": 20}]
    assert [n.what for n in parsed.notes] == ["other_period_sheet"]


def test_a_sheet_of_the_members_increase_alone_is_refused(tmp_path):
    """Alone, 组建与会员（会员增加） is no month's state (its increments had loaded as the
    units' members): refused as another figure, saying why."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "组建与会员（会员增加）": [*LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 3, "单独建会", dt.date(2020, 5, 1))]})
    parsed = parse(path)
    assert parsed.status == "rejected"
    assert [i.rule for i in parsed.issues] == ["other_period_sheet"]


def test_a_summary_listing_a_unit_of_its_own_is_read(tmp_path):
    """服务卡（汇总） (A, B, C) beside one 社区's sheet (A): C is on no other sheet, so the
    summary is read (dropping it had lost C); beside another period's sheet it is the report."""
    header = ["统一社会信用代码", "本月办卡数"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡（汇总）": [*LABELS, header, [A, 5], [B, 7], [C, 9]],
        "服务卡（春风社区）": [header, [A, 5]]})
    parsed = parse(path)  # (A on both: once, the 社区 sheet's; C the summary's own)
    assert sorted(loaded_all(parsed, "service_cards")) == sorted([(A, 5), (B, 7), (C, 9)])
    other = write_xlsx(tmp_path / "西城街道_2026-03.xlsx", {
        "服务卡汇总": [*LABELS, header, [A, 5], [B, 7]], "服务卡（上月）": [header, [A, 4], [B, 6]]})
    assert loaded(clean(parse(other)), "service_cards", ("cards_issued",)) == [{"cards_issued": 5}, {"cards_issued": 7}]


@pytest.mark.parametrize("name", ["人民路社区组建与会员（新增）", "组建与会员（新增会员单位）", "组建与会员（新增单位及人数）",
                                  "新增工会组建情况", "本月新增工会组建情况"])
def test_units_added_named_with_people_or_members_are_units(tmp_path, name):
    """人 of 人民路社区, 会员单位, 单位及人数: units added, not the members' count."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "组建与会员": [*LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))],
        name: [UNIT_HEADER, unit(B, "乙公司", "东湖街道", 10, 5, "单独建会", dt.date(2026, 3, 2))]})
    assert sum(s.rows_loaded for s in clean(parse(path)).sheets) == 2


def test_a_lone_summary_sheet_is_told_what_it_lacks(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "组建与会员": [*LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))],
        "服务卡（汇总）": [["社区", "办卡数"], ["东湖社区", 9]]})
    parsed = parse(path)
    assert parsed.status == "loaded_with_errors"
    assert {(i.sheet, i.rule) for i in parsed.issues} == {("服务卡（汇总）", "missing_column")}


@pytest.mark.parametrize("name", ["组建与会员（新增）", "组建与会员（本年新增）", "组建与会员（变动）", "组建与会员（新增单位）"])
def test_a_sheet_of_units_added_or_changed_is_read_beside_the_months(tmp_path, name):
    """New or changed units on a sheet of their own, with their state: read (they had
    been left out with only a note, and their units were lost); a unit also on the
    month's own sheet is the month's sheet's, whatever the sheets' order."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        name: [UNIT_HEADER, unit(B, "乙公司", "东湖街道", 10, 5, "单独建会", dt.date(2026, 3, 2)),
               unit(A, "甲公司", "东湖街道", 30, 2, "单独建会", dt.date(2020, 5, 1))],
        "组建与会员": [*LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]})
    parsed = parse(path)
    rows = {s.sheet_name: s.table.to_pylist() for s in parsed.sheets}
    assert [(r["credit_code"], r["members"], r["is_warned"]) for r in rows[name]] == [(B, 5, False), (A, 2, True)]
    assert [(r["credit_code"], r["members"], r["is_warned"]) for r in rows["组建与会员"]] == [(A, 20, False)]
    [issue] = parsed.issues
    assert (issue.sheet, issue.rule, issue.severity) == (name, "duplicate_row", "warning")
    assert "工作表“组建与会员”第" in issue.message


def test_a_lone_sheet_of_units_added_is_the_months(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员（新增）": [
        *LABELS, UNIT_HEADER, unit(B, "乙公司", "东湖街道", 10, 5, "单独建会", dt.date(2026, 3, 2))]})
    assert loaded(clean(parse(path)), "org_units", ("members",)) == [{"members": 5}]


def test_a_lone_sheet_of_classes_named_for_a_period_is_read(tmp_path):
    """培训（累计） alone: each row is a class dated in its own column, so its classes load
    (those outside the month are warned by their date, as always)."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"培训（累计）": [
        *LABELS, ["统一社会信用代码", "培训类别", "开班日期", "参训人次"], [A, "职工技能培训", "2026-03-10", 30]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "trainings", ("participants",)) == [{"participants": 30}]


def _flat_sheet(cards_header: str = "本月办卡数") -> list[list]:
    header = [*UNIT_HEADER, "本月采集会员信息数", cards_header]
    return [*LABELS, header, [*unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1)), 15, 10],
            [*unit(B, "乙公司", "东湖街道", 10, 8, "单独建会", dt.date(2021, 5, 1)), 3, 2]]


def test_a_flat_sheet_of_two_types_columns_is_read_as_both(tmp_path):
    """Sheet1 (or a CSV), one row per unit with 组建与会员's columns and 服务卡's: the cards
    are read too, not listed as columns outside the template."""
    parsed = clean(parse(write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"Sheet1": _flat_sheet()})))
    assert loaded(parsed, "org_units", ("members",)) == [{"members": 20}, {"members": 8}]
    assert loaded(parsed, "service_cards", ("credit_code", "cards_issued")) == [
        {"credit_code": A, "cards_issued": 10}, {"credit_code": B, "cards_issued": 2}]
    assert parsed.notes == []


def test_a_flat_sheet_beside_a_year_so_far_cards_sheet_reads_its_months_cards(tmp_path):
    """服务卡（累计） is no sheet of the month's cards: the flat sheet's 本月办卡数 are."""
    parsed = clean(parse(write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "Sheet1": _flat_sheet(), "服务卡（累计）": [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 40]]})))
    assert [(s.sheet_name, s.rows_loaded) for s in parsed.sheets if s.sheet_type.key == "service_cards"] == [
        ("Sheet1", 2)]


def test_a_flat_sheets_cards_under_a_year_so_far_group_label_are_no_cards(tmp_path):
    """服务卡累计 over 办卡数 beside the units' columns: the year's cards, not March's."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"Sheet1": [
        *LABELS, [None] * len(UNIT_HEADER) + ["服务卡累计"], [*UNIT_HEADER, "办卡数"],
        [*unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1)), 120]]})
    parsed = clean(parse(path))
    assert [s.sheet_type.key for s in parsed.sheets] == ["org_units"]


@pytest.mark.parametrize("case", ["named", "year_so_far", "cards_sheet"])
def test_a_flat_sheets_other_columns_are_information_when(tmp_path, case):
    """A sheet named 组建与会员 (its type declared), a column of the year so far, or a
    服务卡 sheet of its own: the card columns beside the units are not read as cards."""
    sheets = {"组建与会员" if case == "named" else "Sheet1":
              _flat_sheet("办卡数（累计）" if case == "year_so_far" else "本月办卡数")}
    if case == "cards_sheet":
        sheets["服务卡"] = [*LABELS, ["统一社会信用代码", "本月办卡数"], [A, 5]]
    parsed = clean(parse(write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", sheets)))
    cards = [s for s in parsed.sheets if s.sheet_type.key == "service_cards"]
    assert [(s.sheet_name, s.rows_loaded) for s in cards] == ([("服务卡", 1)] if case == "cards_sheet" else [])
    assert loaded(parsed, "org_units", ("members",)) == [{"members": 20}, {"members": 8}]


def test_unknown_sheets_are_ignored_and_listed(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "填表说明": [["填表说明"], ["1. 统一社会信用代码请设为文本格式"], ["2. 数字不要带单位"]],
        "组建与会员": [UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会",
                                     dt.date(2020, 5, 1))],
        "图表": [],
        "统计": [["街道", "合计"], ["东湖街道", 3]],
    })
    parsed = clean(parse(path))
    assert [s.sheet_name for s in parsed.sheets] == ["组建与会员"]
    assert parsed.notes == [Note("填表说明", None, "ignored_sheet"), Note("图表", None, "ignored_sheet"),
                            Note("统计", None, "ignored_sheet")]


def test_blank_sheet_of_a_known_name_is_ignored(tmp_path):
    # The optional 劳动争议 sheet cleared by a clerk with nothing to report.
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "组建与会员": [UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会",
                                     dt.date(2020, 5, 1))],
        "劳动争议": [],
        "困难帮扶": [[None, "\u3000"], [], [" "]],
    })
    parsed = clean(parse(path))
    assert [s.sheet_name for s in parsed.sheets] == ["组建与会员"]
    assert parsed.notes == [Note("劳动争议", None, "ignored_sheet"),
                            Note("困难帮扶", None, "ignored_sheet")]


def test_sheet_name_with_spaces_and_month_suffix(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        " 服务卡 （3月）": [["统一社会信用代码", "本月办卡数"], [A, 2]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("credit_code", "cards_issued")) == [
        {"credit_code": A, "cards_issued": 2}]


def test_all_six_monthly_sheets(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {
        "困难帮扶": [*LABELS, ["统一社会信用代码", "所属街道", "帮扶人数", "帮扶金额（万元）"],
                 [A, "东湖街道", 3, 1.5], [B, None, 1, 0.2]],
        "组建与会员": [UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会",
                                     dt.date(2020, 5, 1))],
        "集体合同": [["统一社会信用代码", "合同编号", "合同类别", "签订形式", "签订日期", "到期日期",
                  "覆盖职工数"],
                 [A, "QY-1", "工资专项集体合同", "区域性", dt.date(2026, 3, 10), dt.date(2029, 3, 9), 30],
                 [B, "QY-1", "工资专项集体合同", "区域性", dt.date(2026, 3, 10), dt.date(2029, 3, 9), 10],
                 [C, None, "女职工专项集体合同", "单独签订", "2025-12-01", "2028-11-30", 50]],
        "服务卡": [["统一社会信用代码", "所属街道", "本月采集会员信息数", "本月办卡数"],
                [A, "西城街道", 7, 5], [B, None, None, 0]],
        "培训": [["统一社会信用代码", "所属街道", "培训名称", "培训类别", "开班日期", "参训人次", "学时"],
               [A, None, "技能比武", "职工技能培训", dt.date(2026, 3, 20), 30, 4],
               [C, "S2", None, "工会干部培训", "2026-03-31", 1, None]],
        "劳动争议": [["统一社会信用代码", "所属街道", "受理件数", "调解成功件数", "涉及金额（万元）"],
                 [A, "东湖街道", 2, 2, None], [B, None, 0, 0, 0]],
    })
    parsed = clean(parse(path))
    assert (parsed.submitter, parsed.report_month) == ("东湖街道总工会", MARCH)
    assert [s.sheet_type.key for s in parsed.sheets] == [
        "assistance", "org_units", "contracts", "service_cards", "trainings", "disputes"]
    assert loaded(parsed, "org_units") == [org_row(2)]
    assert loaded(parsed, "assistance") == [
        {"credit_code": A, "street": "东湖街道", "assisted_workers": 3, "amount": 1.5,
         "row_number": 5, "is_warned": False},
        {"credit_code": B, "street": None, "assisted_workers": 1, "amount": 0.2,
         "row_number": 6, "is_warned": False}]
    assert loaded(parsed, "contracts") == [
        {"credit_code": A, "contract_no": "QY-1", "contract_type": "工资专项集体合同",
         "sign_form": "区域性", "signed_on": dt.date(2026, 3, 10), "expires_on": dt.date(2029, 3, 9),
         "covered_workers": 30, "row_number": 2, "is_warned": False},
        {"credit_code": B, "contract_no": "QY-1", "contract_type": "工资专项集体合同",
         "sign_form": "区域性", "signed_on": dt.date(2026, 3, 10), "expires_on": dt.date(2029, 3, 9),
         "covered_workers": 10, "row_number": 3, "is_warned": False},
        {"credit_code": C, "contract_no": None, "contract_type": "女职工专项集体合同",
         "sign_form": "单独签订", "signed_on": dt.date(2025, 12, 1), "expires_on": dt.date(2028, 11, 30),
         "covered_workers": 50, "row_number": 4, "is_warned": False}]
    assert loaded(parsed, "service_cards") == [
        {"credit_code": A, "street": "西城街道", "info_collected": 7, "cards_issued": 5,
         "row_number": 2, "is_warned": False},
        {"credit_code": B, "street": None, "info_collected": None, "cards_issued": 0,
         "row_number": 3, "is_warned": False}]
    assert loaded(parsed, "trainings") == [
        {"credit_code": A, "street": None, "training_name": "技能比武", "training_type": "职工技能培训",
         "start_date": dt.date(2026, 3, 20), "participants": 30, "hours": 4.0,
         "row_number": 2, "is_warned": False},
        {"credit_code": C, "street": "S2", "training_name": None, "training_type": "工会干部培训",
         "start_date": dt.date(2026, 3, 31), "participants": 1, "hours": None,
         "row_number": 3, "is_warned": False}]
    assert loaded(parsed, "disputes") == [
        {"credit_code": A, "street": "东湖街道", "cases_received": 2, "cases_mediated": 2,
         "amount": None, "row_number": 2, "is_warned": False},
        {"credit_code": B, "street": None, "cases_received": 0, "cases_mediated": 0,
         "amount": 0.0, "row_number": 3, "is_warned": False}]


@pytest.mark.parametrize("name, key", [
    ("工会组建", "org_units"), ("会员情况", "org_units"), ("集体合同签订", "contracts"),
    ("会员服务卡", "service_cards"), ("职工培训", "trainings"), ("劳动争议调解", "disputes"),
    ("送温暖", "assistance"),
])
def test_sheet_name_aliases(tmp_path, name, key):
    headers = {
        "org_units": (UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", "2020-05-01")),
        "contracts": (["统一社会信用代码", "合同类别", "签订形式", "签订日期", "到期日期", "覆盖职工数"],
                      [A, "综合集体合同", "单独签订", "2026-03-01", "2029-02-28", 30]),
        "service_cards": (["统一社会信用代码", "本月办卡数"], [A, 1]),
        "trainings": (["统一社会信用代码", "培训类别", "开班日期", "参训人次"],
                      [A, "其他", "2026-03-05", 9]),
        "disputes": (["统一社会信用代码", "受理件数", "调解成功件数"], [A, 1, 0]),
        "assistance": (["统一社会信用代码", "帮扶人数", "帮扶金额（万元）"], [A, 1, 0.1]),
    }
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {name: list(headers[key])})
    parsed = clean(parse(path))
    assert [(s.sheet_type.key, s.sheet_name, s.rows_loaded) for s in parsed.sheets] == [(key, name, 1)]


# --- reference workbooks -------------------------------------------------------------------

def test_targets_workbook(tmp_path):
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_年度目标_2026.xlsx", {"年度目标": [
        ["2026年度目标任务分解表"],
        ["年度", "街道", "指标", "目标值"],
        [2026, "全区", "建会率", "95%"],
        [2027, "全区", "建会率（数据库正常经营企业建会率）", 95],  # (2027: no repeat)
        [2026, "东湖街道", "建会率(数据库正常经营企业建会率)", "９５％"],
        [2026, "西城街道", "职工入会率", "80"],
        [2026, "S1", "new_unions", 3],
        ["2026", "全区", "帮扶金额（万元）", "12.5"],
        [2027, "全区", "帮扶金额", 12.5],
    ]})
    parsed = clean(parse(path, reference=reference))
    assert (parsed.kind, parsed.submitter, parsed.report_month) == ("targets", "区总工会", None)
    assert loaded(parsed, "targets") == [
        {"year": 2026, "street": "ALL", "kpi_code": "union_formation_rate", "target_value": 95.0,
         "target_is_percent": True, "row_number": 3, "is_warned": False},
        {"year": 2027, "street": "ALL", "kpi_code": "union_formation_rate", "target_value": 95.0,
         "target_is_percent": False, "row_number": 4, "is_warned": False},
        {"year": 2026, "street": "东湖街道", "kpi_code": "union_formation_rate", "target_value": 95.0,
         "target_is_percent": True, "row_number": 5, "is_warned": False},
        {"year": 2026, "street": "西城街道", "kpi_code": "membership_rate", "target_value": 80.0,
         "target_is_percent": False, "row_number": 6, "is_warned": False},
        {"year": 2026, "street": "S1", "kpi_code": "new_unions", "target_value": 3.0,
         "target_is_percent": False, "row_number": 7, "is_warned": False},
        {"year": 2026, "street": "ALL", "kpi_code": "assistance_amount", "target_value": 12.5,
         "target_is_percent": False, "row_number": 8, "is_warned": False},
        {"year": 2027, "street": "ALL", "kpi_code": "assistance_amount", "target_value": 12.5,
         "target_is_percent": False, "row_number": 9, "is_warned": False},
    ]


def test_targets_kpi_names_with_their_unit_in_brackets(tmp_path):
    """A KPI's name with its own unit in brackets, full- or half-width (a header's unit
    is dropped the same way), a rate's % sign after it (建会率%, as a header writes it:
    it had been refused), any unit of counting for a count, or the full name its
    catalog name gives in brackets."""
    written = {"新建工会数（家）": "new_unions", "职工入会率（%）": "membership_rate",
               "建会率(%)": "union_formation_rate", "会员服务卡办卡数（张）": "service_cards",
               "会员人数（人）": "members", "调解成功率（％）": "mediation_success_rate",
               "培训期数（个）": "training_sessions", "帮扶金额（万元）": "assistance_amount",
               "数据库正常经营企业建会率": "union_formation_rate",
               "数据库正常经营企业建会率（%）": "union_formation_rate",
               "帮扶金额（万元人民币）": "assistance_amount", "帮扶金额（人民币万元）": "assistance_amount",
               "建会率%": "union_formation_rate", "职工入会率 ％": "membership_rate"}
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_年度目标_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"],
        *([2026 + i, "全区", name, 90] for i, name in enumerate(written))]})
    parsed = clean(parse(path, reference=reference))
    assert loaded(parsed, "targets", ("kpi_code",)) == [{"kpi_code": c} for c in written.values()]


def test_targets_sheet_aliases(tmp_path):
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_2026.xlsx", {"目标任务分解": [
        ["年度", "所属街道", "指标", "目标值"], [2026, "西城街道", "培训人次", 500]]})
    parsed = clean(parse(path, reference=reference))
    assert loaded(parsed, "targets", ("street", "kpi_code", "target_value")) == [
        {"street": "西城街道", "kpi_code": "training_participants", "target_value": 500.0}]


@pytest.mark.parametrize("district", ["合计", "合  计", "全区", "总计", "汇总", "全区合计"])
def test_a_targets_district_row_first_is_no_totals_row(tmp_path, district):
    """With 街道 as the first column, the district's row (合计 under the streets) is the
    district's target, not a totals row to skip."""
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_2026.xlsx", {"目标任务分解": [
        ["街道", "年度", "指标", "目标值"], ["东湖街道", 2026, "新建工会数", 4],
        ["西城街道", 2026, "新建工会数", 6], [district, 2026, "新建工会数", "10家"]]})
    parsed = clean(parse(path, reference=reference))
    assert loaded(parsed, "targets", ("street", "target_value")) == [
        {"street": "东湖街道", "target_value": 4.0}, {"street": "西城街道", "target_value": 6.0},
        {"street": "ALL", "target_value": 10.0}]


def test_a_targets_totals_row_naming_no_district_is_skipped(tmp_path):
    """A 小计 under the streets, or a 合计 in a 序号 column beside a blank 街道, sums the
    streets' targets: a totals row, skipped as in a monthly sheet."""
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_2026.xlsx", {"目标任务分解": [
        ["序号", "街道", "年度", "指标", "目标值"], [1, "东湖街道", 2026, "新建工会数", 4],
        [None, "小计", 2026, "新建工会数", 4], ["合计", None, 2026, "新建工会数", 4]]})
    parsed = clean(parse(path, reference=reference))
    assert loaded(parsed, "targets", ("street", "target_value")) == [
        {"street": "东湖街道", "target_value": 4.0}]


def test_a_targets_district_row_with_its_total_word_in_a_numbers_column(tmp_path):
    """合计 | 2026 | 全区 | 新建工会数 | 12: the 序号 column says 合计, the 街道 the district:
    the district's target (it had been skipped as a totals row, silently)."""
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_2026.xlsx", {"目标任务分解": [
        ["序号", "年度", "街道", "指标", "目标值"], [1, 2026, "东湖街道", "新建工会数", 4],
        ["合计", 2026, "全区", "新建工会数", 12]]})
    parsed = clean(parse(path, reference=reference))
    assert loaded(parsed, "targets", ("street", "target_value")) == [
        {"street": "东湖街道", "target_value": 4.0}, {"street": "ALL", "target_value": 12.0}]


def test_targets_in_the_units_their_row_or_header_states(tmp_path):
    """A 计量单位 column, or 目标值（元）: a bare number is in that unit (300000 元 of 帮扶金额
    is 30 万元, 1.2 万人 12,000 members; they had loaded as 300000 万元 and 1.2), a
    count's target in 元 is refused as ever, a rate's % says nothing more; the column is
    read, not listed as ignored."""
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_2026.xlsx", {"年度目标": [
        ["序号", "年度", "街道", "指标", "计量单位", "目标值"],
        [1, 2026, "东湖街道", "帮扶金额", "元", 300000], [2, 2026, "东湖街道", "会员人数", "万人", 1.2],
        [3, 2026, "东湖街道", "新建工会数", "家", 12], [4, 2026, "东湖街道", "建会率", "%", 95],
        [5, 2026, "西城街道", "帮扶金额", "万元", 30], [6, 2026, "西城街道", "会员人数", "元", 1200]]})
    parsed = parse(path, reference=reference)
    assert loaded(parsed, "targets", ("kpi_code", "target_value")) == [
        {"kpi_code": "assistance_amount", "target_value": 30.0}, {"kpi_code": "members", "target_value": 12000.0},
        {"kpi_code": "new_unions", "target_value": 12.0}, {"kpi_code": "union_formation_rate", "target_value": 95.0},
        {"kpi_code": "assistance_amount", "target_value": 30.0}]
    assert [(i.row_number, i.rule) for i in parsed.issues] == [(7, "target")]
    assert [n.column_header for n in parsed.notes] == ["序号"]
    headed = write_xlsx(tmp_path / "区总工会_2026_元.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值（元）"], [2026, "东湖街道", "帮扶金额", 300000],
        [2026, "西城街道", "帮扶金额", "30万元"]]})
    assert loaded(clean(parse(headed, reference=reference)), "targets", ("target_value",)) == [
        {"target_value": 30.0}, {"target_value": 30.0}]


def test_a_renamed_streets_old_and_new_names_in_one_targets_file_are_one_street(tmp_path):
    """西城街道 renamed 西城新区: two rows of the same KPI under the two names are one
    street's, the last counts and the first is warned (the first had been dropped silently)."""
    reference = Reference(streets={**REF.streets, "西城新区": "S2"}, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"], [2026, "西城街道", "新建工会数", 7], [2026, "西城新区", "新建工会数", 3]]})
    parsed = parse(path, reference=reference)
    assert [(i.row_number, i.rule) for i in parsed.issues] == [(2, "duplicate_row")]
    assert "第3行" in parsed.issues[0].message


def test_a_headers_unit_is_for_the_rows_whose_kpi_counts_in_it(tmp_path):
    """目标值（万人） is for 会员人数 (1.2: 12,000), not 新建工会数 (家: 12); 目标值（元） is
    not for a rate whose row says %; a 计量单位 merged down its rows is each row's."""
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值（万人）"], [2026, "东湖街道", "会员人数", 1.2],
        [2026, "东湖街道", "新建工会数", 12], [2026, "东湖街道", "建会率", 95]]})
    assert loaded(clean(parse(path, reference=reference)), "targets", ("target_value",)) == [
        {"target_value": 12000.0}, {"target_value": 12.0}, {"target_value": 95.0}]
    merged = write_xlsx(tmp_path / "区总工会_2026_合并.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "计量单位", "目标值（元）"], [2026, "东湖街道", "帮扶金额", "元", 300000],
        [2026, "西城街道", "帮扶金额", None, 500000], [2026, "东湖街道", "建会率", "%", 95]]},
        merges={"年度目标": [("D2:D3", "元")]})
    assert loaded(clean(parse(merged, reference=reference)), "targets", ("target_value",)) == [
        {"target_value": 30.0}, {"target_value": 50.0}, {"target_value": 95.0}]


def test_a_sum_row_beside_the_districts_own_target_is_skipped(tmp_path):
    """合计 | 全区 under the streets beside the district's own row (20) sums the streets:
    skipped, the 20 counts; 总计 | 区 with no year is a sum too."""
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_2026.xlsx", {"目标任务分解": [
        ["序号", "年度", "街道", "指标", "目标值"], [1, 2026, "全区", "新建工会数", 20],
        [2, 2026, "东湖街道", "新建工会数", 4], [3, 2026, "西城街道", "新建工会数", 8],
        ["合计", 2026, "全区", "新建工会数", 12], ["总计", None, "区", "新建工会数", 12]]})
    parsed = clean(parse(path, reference=reference))
    assert loaded(parsed, "targets", ("street", "target_value")) == [
        {"street": "ALL", "target_value": 20.0}, {"street": "东湖街道", "target_value": 4.0},
        {"street": "西城街道", "target_value": 8.0}]


@pytest.mark.parametrize("kpi", ["新建工会数", "会员人数", "帮扶金额"])
def test_a_count_or_amounts_target_as_a_percent_is_refused(tmp_path, kpi):
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"], [2026, "东湖街道", kpi, "95%"], [2026, "东湖街道", "建会率", "95%"]]})
    parsed = parse(path, reference=reference)
    assert loaded(parsed, "targets", ("kpi_code", "target_value")) == [
        {"kpi_code": "union_formation_rate", "target_value": 95.0}]
    assert [(i.row_number, i.value, i.rule) for i in parsed.issues] == [(2, "95%", "target_percent")]


def test_a_unit_whose_name_starts_like_a_totals_row_is_a_unit(tmp_path):
    """汇总科技有限公司 in a first column 单位名称, with its credit code: a unit."""
    path = write_xlsx(tmp_path / "区市场监管局_企业名录_2026-01.xlsx", {"企业名录": [
        ["单位名称", "统一社会信用代码", "所属街道", "职工人数", "经营状态"],
        ["汇总科技有限公司", A, "东湖街道", 30, "在营"], ["合计", None, None, 30, None]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "registry", ("unit_name", "workers")) == [
        {"unit_name": "汇总科技有限公司", "workers": 30}]


def test_registry_workbook(tmp_path):
    path = write_xlsx(tmp_path / "区市场监管局_企业名录_2026-01.xlsx", {"法人数据库": [
        ["报告期：2026年1月"],
        ["社会信用代码", "企业名称", "所属街镇", "在岗职工数", "登记状态"],
        [A, "甲公司", "东湖街道", "1,200", "在营"],
        [B.lower(), "乙公司", "西城街道", 10, "注销"],
        [C, "丙公司", "S2", 50, "迁出"],
    ]})
    parsed = clean(parse(path))
    assert (parsed.kind, parsed.submitter, parsed.report_month) == (
        "registry", "区市场监管局", dt.date(2026, 1, 1))
    assert loaded(parsed, "registry") == [
        {"credit_code": A, "unit_name": "甲公司", "street": "东湖街道", "workers": 1200,
         "status": "在营", "row_number": 3, "is_warned": False},
        {"credit_code": B, "unit_name": "乙公司", "street": "西城街道", "workers": 10,
         "status": "注销", "row_number": 4, "is_warned": False},
        {"credit_code": C, "unit_name": "丙公司", "street": "S2", "workers": 50,
         "status": "迁出", "row_number": 5, "is_warned": False},
    ]


def test_a_clerks_everyday_spellings_read(tmp_path):
    """Spellings a review round found refused (each had been a row error or a missing
    column): 20名 and 5户 as counts, 是（已建立） and 已建立/未建立 as yes and no, 当月办卡数
    and 当月采集会员信息数 as the month's, a 共计 row and 东湖街道（合计） as totals rows."""
    header = [*UNIT_HEADER, "当月采集会员信息数", "当月办卡数"]
    org = unit(A, "甲公司", "东湖街道", "30名", "20名", "单独建会", dt.date(2020, 5, 1))
    org[UNIT_HEADER.index("职代会建制")] = "是（已建立）"
    org[UNIT_HEADER.index("厂务公开建制")] = "未建立"
    org[UNIT_HEADER.index("法人资格登记")] = "已登记"
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"Sheet1": [  # (flat: both types)
        *LABELS, header, [*org, 3, 2], ["共计", None, None, None, None, 30, None, 20],
        ["东湖街道（合计）", None, None, None, None, 30, None, 20]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("workers", "members", "workers_congress", "openness", "legal_person")) == [
        {"workers": 30, "members": 20, "workers_congress": True, "openness": False, "legal_person": True}]
    assert loaded(parsed, "service_cards", ("info_collected", "cards_issued")) == [
        {"info_collected": 3, "cards_issued": 2}]


def test_registry_and_targets_spellings_of_the_national_system(tmp_path):
    registry = write_xlsx(tmp_path / "区市场监管局_企业名录_2026-01.xlsx", {"企业名录": [
        ["报告期：2026年1月"], ["统一社会信用代码", "单位名称", "所属街道", "职工人数", "经营状态"],
        [A, "甲公司", "东湖街道", 30, "在营（开业）企业"], [B, "乙公司", "东湖街道", 10, "存续企业"],
        [C, "丙公司", "东湖街道", 10, "正常经营"], [code(4), "丁公司", "东湖街道", 10, "注销企业"],
        [code(5), "戊公司", "东湖街道", 10, "吊销企业"], [code(6), "己公司", "东湖街道", 10, "迁出企业"]]})
    assert [r["status"] for r in loaded(clean(parse(registry)), "registry", ("status",))] == [
        "在营", "在营", "在营", "注销", "吊销", "迁出"]
    targets = write_xlsx(tmp_path / "区总工会_年度目标_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标名称", "目标值"], [2026, "全区", "建会率", "95%"]]})
    parsed = clean(parse(targets, reference=Reference(streets=REF.streets, kpis=kpi_names())))
    assert loaded(parsed, "targets", ("kpi_code",)) == [{"kpi_code": "union_formation_rate"}]


@pytest.mark.parametrize("lines, submitter, month", [
    # 报告期 only in a title's brackets (the file had been rejected: no month)
    ([["东湖街道基层工会月报表（报告期：2026年3月）"], ["填报单位：东湖街道总工会"]], "东湖街道总工会", 3),
    # the template's title names the labels generically: the lines below say the file's
    ([["表一 基层工会月报表（填报单位：街道总工会）"], ["填报单位：东湖街道总工会"], ["报告期：2026年3月"]],
     "东湖街道总工会", 3),
    ([["月报表（报告期：2026年2月）"], ["填报单位：东湖街道总工会"], ["报告期：2026年3月"]], "东湖街道总工会", 3),
    ([["月报表（报告期：上月26日至本月25日）"], ["填报单位：东湖街道总工会"], ["报告期：2026年3月"]],
     "东湖街道总工会", 3),
    ([["基层工会月报表（填报单位：各基层工会，报告期：每月）"], ["填报单位：东湖街道总工会"], ["报告期：2026年3月"]],
     "东湖街道总工会", 3),
    # a stamp remark is no part of the submitter's name, nor the form's next words after it
    ([["填报单位：西城街道总工会（盖章）"], ["报告期：2026年3月"]], "西城街道总工会", 3),
    ([["填报单位：西城街道总工会（盖章）单位：张"], ["报告期：2026年3月"]], "西城街道总工会", 3),
    ([["填报单位：西城街道总工会（盖章）填报日期：2026年4月3日"], ["报告期：2026年3月"]], "西城街道总工会", 3),
    # a line's month unreadable: the title's
    ([["月报表（报告期：2026年3月）"], ["填报单位：东湖街道总工会"], ["报告期：3月"]], "东湖街道总工会", 3),
    # a label after a closing bracket; a list mark before the next label
    ([["服务卡月报表（单位：张）填报单位：东湖街道总工会"], ["报告期：2026年3月"]], "东湖街道总工会", 3),
    ([["（一）填报单位：东湖街道（城关）总工会\u3000（二）报告期：2026年3月"]], "东湖街道（城关）总工会", 3),
    # a template's subtitle line in brackets is the title's, not the file's labels
    ([["（填报单位：各街道总工会，报告期：每月）"], ["填报单位：东湖街道总工会"], ["报告期：2026年3月"]],
     "东湖街道总工会", 3),
    ([["（附表1）服务卡月报表（填报单位：各基层工会，报告期：每月）"], ["填报单位：东湖街道总工会"],
      ["报告期：2026年3月"]], "东湖街道总工会", 3),
])
def test_labels_in_a_titles_brackets_and_a_stamp_remark(tmp_path, lines, submitter, month):
    path = write_xlsx(tmp_path / "月报.xlsx", {"服务卡": [
        *lines, ["统一社会信用代码", "本月办卡数"], [A, 5]]})
    parsed = clean(parse(path))
    assert (parsed.report_month, parsed.submitter) == (dt.date(2026, month, 1), submitter)


def test_a_titles_month_comes_after_the_file_names_and_its_submitter_never_counts(tmp_path):
    """A stale title (报告期：2026年2月) beside an unreadable line (3月): the file name's
    March; a title's （填报单位：各街道总工会） is the template's, never the submitter."""
    stale = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        ["月报表（报告期：2026年2月）"], ["填报单位：东湖街道总工会"], ["报告期：3月"],
        ["统一社会信用代码", "本月办卡数"], [A, 5]]})
    assert clean(parse(stale)).report_month == dt.date(2026, 3, 1)
    generic = write_xlsx(tmp_path / "东湖街道服务卡.xlsx", {"服务卡": [
        ["服务卡月报表（填报单位：各街道总工会）"], ["报告期：2026年3月"], ["统一社会信用代码", "本月办卡数"], [A, 5]]})
    parsed = parse(generic)
    assert parsed.status == "rejected" and parsed.submitter is None


def test_street_list_workbook(tmp_path):
    path = write_xlsx(tmp_path / "区总工会_街道名录.xlsx", {"街道名录": [
        ["街道代码", "街道名称", "类型"],
        ["S1", "东湖街道", "街道"], ["S2", "西城街道", "街道"], ["T1", "南山镇", "镇"],
        ["K1", "高新开发区", "开发区"], ["X1", "教育系统", "系统"],
    ]})
    parsed = clean(parse(path, reference=Reference()))
    assert (parsed.kind, parsed.submitter, parsed.report_month) == ("streets", "区总工会", None)
    assert loaded(parsed, "streets", ("street_code", "street_name", "street_type")) == [
        {"street_code": "S1", "street_name": "东湖街道", "street_type": "街道"},
        {"street_code": "S2", "street_name": "西城街道", "street_type": "街道"},
        {"street_code": "T1", "street_name": "南山镇", "street_type": "镇"},
        {"street_code": "K1", "street_name": "高新开发区", "street_type": "开发区"},
        {"street_code": "X1", "street_name": "教育系统", "street_type": "系统"},
    ]


def test_a_street_code_typed_in_full_width_is_its_code(tmp_path):
    """Ｓ3 is S3 (stored folded, as reports' streets are read): after S3 it is the same
    street twice, warned, not a second street."""
    path = write_xlsx(tmp_path / "区总工会_街道名录.xlsx", {"街道名录": [
        ["街道代码", "街道名称", "类型"], ["S3", "北塘街道", "街道"], ["Ｓ４", "南塘街道", "街道"],
        ["Ｓ3", "北塘街道", "街道"]]})
    parsed = parse(path, reference=Reference())
    assert [r["street_code"] for r in parsed.sheets[0].table.to_pylist()] == ["S3", "S4", "S3"]
    assert [(i.row_number, i.rule) for i in parsed.issues] == [(2, "duplicate_row")]


# --- file formats -----------------------------------------------------------------------------

CSV_ROWS = [
    ["填报单位：", "西城街道总工会"],
    ["报告期：", "2026年3月"],
    ["统一社会信用代码", "所属街道", "本月采集会员信息数", "本月办卡数"],
    [A, "西城街道", "1,234", "５张"],
    [],
    [B.lower(), "", "", "0"],
    ["合计", "", "1234", "5"],
]
CSV_EXPECTED = [
    {"credit_code": A, "street": "西城街道", "info_collected": 1234, "cards_issued": 5,
     "row_number": 4, "is_warned": False},
    {"credit_code": B, "street": None, "info_collected": None, "cards_issued": 0,
     "row_number": 6, "is_warned": False},
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(tmp_path, encoding):
    path = write_csv(tmp_path / "upload.csv", CSV_ROWS, encoding=encoding)
    parsed = clean(parse(path, "西城街道总工会_服务卡.csv"))
    assert (parsed.submitter, parsed.report_month) == ("西城街道总工会", MARCH)
    assert loaded(parsed, "service_cards") == CSV_EXPECTED
    # The CSV's one sheet is named after the file as received, not as archived.
    assert [s.sheet_name for s in parsed.sheets] == ["西城街道总工会_服务卡"]


def _csv_text(rows: list[list], delimiter: str = ",", newline: str = "\r\n") -> str:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(
        [["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue()


@pytest.mark.parametrize("text", [
    _csv_text(CSV_ROWS, newline="\r"),  # old Mac Excel's "CSV (Macintosh)"
    _csv_text(CSV_ROWS, delimiter="\t"),  # tab-separated, saved as .csv
    _csv_text(CSV_ROWS, delimiter=";"),  # a European Excel's list separator
    "sep=;\r\n" + _csv_text(CSV_ROWS, delimiter=";"),  # Excel's separator line, not shown
    '"sep=,"\n' + _csv_text(CSV_ROWS),
])
def test_csv_line_ends_and_separators_excel_reads(tmp_path, text):
    path = tmp_path / "upload.csv"
    path.write_bytes(text.encode("gb18030"))
    parsed = clean(parse(path, "西城街道总工会_服务卡.csv"))
    assert loaded(parsed, "service_cards") == CSV_EXPECTED


@pytest.mark.parametrize("title", ["<说明>本表每月报送", "<2026年3月>", "<table1>", "<html是网页>",
                                   "<!-- 不是网页 -->服务卡"])
def test_a_csv_whose_first_cell_starts_with_a_bracket_is_no_web_page(tmp_path, title):
    """Only a known tag (after comments, a declaration) opens a web page."""
    path = write_csv(tmp_path / "upload.csv", [[title], *CSV_ROWS], encoding="gb18030")
    parsed = clean(parse(path, "西城街道总工会_服务卡.csv"))
    assert loaded(parsed, "service_cards", ("credit_code", "cards_issued")) == [
        {"credit_code": A, "cards_issued": 5}, {"credit_code": B, "cards_issued": 0}]


def test_csv_cells_in_excels_text_form_read_as_shown(tmp_path):
    # ="00123" keeps a code as text in a CSV: Excel shows 00123, quoted or not.
    path = tmp_path / "东湖街道_2026-03.csv"
    path.write_text(
        "统一社会信用代码,合同编号,合同类别,签订形式,签订日期,到期日期,覆盖职工数\n"
        f'="{A}",="001",综合集体合同,单独签订,2026-01-01,2028-12-31,10\n'
        f'"=""{B}""","=""HT-""""2""",综合集体合同,单独签订,2026-01-01,2028-12-31,10\n',
        encoding="utf-8")
    parsed = clean(parse(path))
    assert loaded(parsed, "contracts", ("credit_code", "contract_no")) == [
        {"credit_code": A, "contract_no": "001"}, {"credit_code": B, "contract_no": 'HT-"2'}]


def test_csv_type_comes_from_its_header(tmp_path):
    # Named like a sheet of another type: a CSV's type is found from its header row.
    path = write_csv(tmp_path / "培训.csv", CSV_ROWS)
    parsed = clean(parse(path, "培训.csv"))
    assert loaded(parsed, "service_cards") == CSV_EXPECTED


def test_csv_with_quoted_line_break_keeps_excel_row_numbers(tmp_path):
    path = write_csv(tmp_path / "东湖街道_2026-03.csv", [
        ["统一社会信用代码", "培训名称", "培训类别", "开班日期", "参训人次"],
        [A, "第一期\n技能班", "职工技能培训", "2026/3/5", "20"],
        [B, "第二期", "其他", "2026年3月6日", "30人次"],
    ])
    parsed = clean(parse(path))
    assert loaded(parsed, "trainings", ("credit_code", "training_name", "start_date",
                                        "participants", "row_number")) == [
        {"credit_code": A, "training_name": "第一期技能班", "start_date": dt.date(2026, 3, 5),
         "participants": 20, "row_number": 2},
        {"credit_code": B, "training_name": "第二期", "start_date": dt.date(2026, 3, 6),
         "participants": 30, "row_number": 3},
    ]


def _make_xlsm(path: Path, sheets: dict) -> Path:
    """xlsxwriter writes a macro-enabled workbook only with a VBA project; Excel saves an
    .xlsm without macros as the xlsx package with the macroEnabled content type."""
    plain = write_xlsx(path.with_suffix(".tmp.xlsx"), sheets)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                old = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
                assert old in data
                data = data.replace(old, b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            dst.writestr(info, data)
    plain.unlink()
    return path


def test_xlsm(tmp_path):
    path = _make_xlsm(tmp_path / "东湖街道_2026-03.xlsm", {"组建与会员": [
        *LABELS, UNIT_HEADER, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]})
    with zipfile.ZipFile(path) as archive:
        assert b"macroEnabled" in archive.read("[Content_Types].xml")
    parsed = clean(parse(path))
    assert (parsed.submitter, parsed.report_month) == ("东湖街道总工会", MARCH)
    assert loaded(parsed, "org_units") == [org_row(5)]


def _write_xls(path: Path, sheets: dict[str, list[list]], merges=None) -> Path:
    """merges: sheet -> [(first_row, last_row, first_col, last_col, label)], 0-based."""
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the legacy .xls (BIFF8) files")
    workbook = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for name, rows in sheets.items():
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write(r, c, value, date_style)
                else:
                    sheet.write(r, c, value)
        for r1, r2, c1, c2, label in (merges or {}).get(name, []):
            sheet.write_merge(r1, r2, c1, c2, label)
    workbook.save(str(path))
    return path


def test_legacy_xls(tmp_path):
    top = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", "其中", "会员人数",
           "建会形式", "建会日期", "职代会建制"]
    low = [None] * 5 + ["农民工人数"] + [None] * 4
    merges = [(2, 3, c, c, top[c]) for c in range(len(top)) if low[c] is None]
    path = _write_xls(tmp_path / "东湖街道_2026-03.xls", {
        "说明": [["本表为示例"]],
        "组建与会员": [["填报单位：", "东湖街道总工会"], ["报告期：", dt.date(2026, 3, 1)],
                  [None, None, None, None, None, "其中"], low,
                  [A, "甲公司", "东湖街道", "企业", 30, "12人", 20, "单独建会", dt.date(2020, 5, 1), "√"],
                  [],
                  [B.lower(), "乙公司", "西城街道", "企业", 10.0, 0, 0, "未建会", None, "×"],
                  ["合计", None, None, None, 40, 12, 20]]}, {"组建与会员": merges})
    parsed = clean(parse(path))
    assert (parsed.submitter, parsed.report_month) == ("东湖街道总工会", MARCH)
    assert loaded(parsed, "org_units", ("credit_code", "workers", "migrant_workers", "members",
                                        "union_date", "workers_congress", "row_number")) == [
        {"credit_code": A, "workers": 30, "migrant_workers": 12, "members": 20,
         "union_date": dt.date(2020, 5, 1), "workers_congress": True, "row_number": 5},
        {"credit_code": B, "workers": 10, "migrant_workers": 0, "members": 0,
         "union_date": None, "workers_congress": False, "row_number": 7},
    ]
    assert parsed.notes == [Note("说明", None, "ignored_sheet")]


def test_xls_saved_with_xlsx_suffix_is_read_by_content(tmp_path):
    xls = _write_xls(tmp_path / "x.xls", {"服务卡": [["统一社会信用代码", "本月办卡数"], [A, 4]]})
    path = xls.rename(tmp_path / "东湖街道_2026-03.xlsx")
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("credit_code", "cards_issued")) == [
        {"credit_code": A, "cards_issued": 4}]


def test_first_rows_and_columns_empty(tmp_path):
    # The table starts at C4: row and column positions stay those Excel shows.
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        [], [], [],
        [None, None, "统一社会信用代码", "本月办卡数"],
        [None, None, A, 4],
    ]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("credit_code", "cards_issued", "row_number")) == [
        {"credit_code": A, "cards_issued": 4, "row_number": 5}]


@pytest.mark.parametrize("line", [
    ["填报单位：", None, "报告期：2026-03"],
    ["填报单位：", "单位：人", "报告期", "2026年3月"],
    ["填报单位", None, "报告期：2026-03"],
    ["填报单位：", "__________", "报告期：2026-03"],
    ["填报单位：", "（盖章）", "报告期：2026-03"],
    ["填报单位：", "填表日期", "报告期：2026-03"],
    ["填报单位：", "单位", "报告期：2026-03"],
    ["填报单位：＿＿＿＿＿＿", None, "报告期：2026-03"],
    ["填报单位：______（盖章）", "报告期：2026-03"],
])
def test_a_blank_label_does_not_take_the_next_label_as_its_value(tmp_path, line):
    # The 填报单位 left blank: the submitter comes from the file name, never from the
    # label or note beside it (it would supersede another unit's file).
    path = write_xlsx(tmp_path / "r.xlsx", {"服务卡": [
        ["基层工会月报表"], line, ["统一社会信用代码", "本月办卡数"], [A, 5]]})
    parsed = clean(parse(path, "西城街道_2026-03.xlsx"))
    assert (parsed.submitter, parsed.report_month) == ("西城街道", MARCH)


@pytest.mark.parametrize("beside", ["填表日期：2026-04-03", "填表日期 2026年4月3日", "__________"])
def test_a_blank_month_label_does_not_take_the_date_beside_it(tmp_path, beside):
    path = write_xlsx(tmp_path / "r.xlsx", {"服务卡": [
        ["填报单位：临江街道总工会"], ["报告期：", None, beside],
        ["统一社会信用代码", "本月办卡数"], [A, 5]]})
    parsed = clean(parse(path, "临江街道_2026-03.xlsx"))
    assert (parsed.submitter, parsed.report_month) == ("临江街道总工会", MARCH)
    if "：" in beside:
        assert parsed.notes == []  # the label line above the header names no column


def test_a_footer_word_among_the_data_does_not_end_it(tmp_path):
    # A class named 负责人…培训班 in a first column 培训名称, and a note among the data
    # rows: neither is the trailing footer, so no row after them is lost.
    path = write_xlsx(tmp_path / "r.xlsx", {
        "培训": [["培训名称", "统一社会信用代码", "培训类别", "开班日期", "参训人次"],
               ["负责人安全生产培训班", A, "其他", "2026-03-02", 20],
               ["职工技能培训班", B, "其他", "2026-03-09", 30],
               ["填表人：张三"]],
        "服务卡": [["统一社会信用代码", "本月办卡数"], [A, 3],
                ["说明：以下为补报单位"], [B, 4], [C, 5], ["审核人：李四"], ["2026年4月5日"]],
    })
    parsed = parse(path, "东湖街道_2026-03.xlsx")
    assert loaded(parsed, "trainings", ("credit_code", "row_number")) == [
        {"credit_code": A, "row_number": 2}, {"credit_code": B, "row_number": 3}]
    assert loaded(parsed, "service_cards", ("credit_code", "cards_issued", "row_number")) == [
        {"credit_code": A, "cards_issued": 3, "row_number": 2},
        {"credit_code": B, "cards_issued": 4, "row_number": 4},
        {"credit_code": C, "cards_issued": 5, "row_number": 5}]
    # The note is read as a row and reported (not a unit's code), never dropped unseen.
    assert {(i.sheet, i.row_number) for i in parsed.issues} == {("服务卡", 3)}
    assert ("统一社会信用代码", "说明：以下为补报单位") in {(i.column_header, i.value) for i in parsed.issues}


def test_a_statement_then_the_date_and_stamp_ends_the_data(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        ["统一社会信用代码", "单位名称", "本月办卡数"], [A, "甲公司", 3], ["以上数据真实有效"],
        [None, None, "二〇二六年四月三日"], ["（盖章）"]]})
    assert loaded_all(clean(parse(path)), "service_cards") == [(A, 3)]


def test_a_row_after_a_statement_is_still_read(tmp_path):
    """A unit's row after the statement (its code forgotten) is reported, not dropped
    with the statement; a class named like one (本街道…培训班) is a class."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡": [["单位名称", "统一社会信用代码", "本月办卡数"], ["甲公司", A, 3], ["乙公司", B, 4],
                ["以上数据真实有效"], ["丙公司（补）", None, 5]],
        "培训": [["培训名称", "统一社会信用代码", "培训类别", "开班日期", "参训人次"],
               ["电工班", A, "其他", "2026-03-02", 20], ["本街道工会干部培训班", None, "其他", "2026-03-09", "约50"]]})
    parsed = parse(path)
    assert loaded_all(parsed, "service_cards") == [(A, 3), (B, 4)]
    assert sorted({(i.sheet, i.row_number) for i in parsed.issues}) == [("培训", 3), ("服务卡", 5)]


def test_a_statement_in_a_street_list_is_a_row_not_its_end(tmp_path):
    # (No credit codes to tell data from notes: every town after the line is kept.)
    path = write_xlsx(tmp_path / "区总工会_街道名录.xlsx", {"街道名录": [
        ["街道代码", "街道名称", "类型"], ["S1", "东湖街道", "街道"], ["以上为街道，以下为乡镇"],
        ["T1", "南山镇", "镇"], ["T2", "北山乡", "镇"]]})
    parsed = parse(path, reference=Reference())
    assert [r["street_code"] for r in parsed.sheets[0].table.to_pylist()] == ["S1", "T1", "T2"]


def test_a_second_table_of_another_type_below_the_data_is_read_as_its_type(tmp_path):
    """A 劳动争议 table (its title and header) under the 服务卡 rows of one sheet: its
    rows are disputes, at their own Excel rows (row C had loaded as cards 7 and 6,
    its title and header as six row errors)."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"Sheet1": [
        ["服务卡情况"], ["统一社会信用代码", "本月采集会员信息数", "本月办卡数"], [A, 10, 8], [B, 4, 3], [],
        ["劳动争议情况"], ["统一社会信用代码", "受理件数", "调解成功件数"], [C, 7, 6], ["填表人：张三"]]})
    parsed = clean(parse(path))
    assert [(s.sheet_type.key, s.sheet_name) for s in parsed.sheets] == [
        ("service_cards", "Sheet1"), ("disputes", "Sheet1")]
    assert loaded(parsed, "service_cards", ("credit_code", "cards_issued", "row_number")) == [
        {"credit_code": A, "cards_issued": 8, "row_number": 3}, {"credit_code": B, "cards_issued": 3, "row_number": 4}]
    assert loaded(parsed, "disputes", ("credit_code", "cases_received", "cases_mediated", "row_number")) == [
        {"credit_code": C, "cases_received": 7, "cases_mediated": 6, "row_number": 8}]


def test_a_second_table_keeps_the_first_tables_rows_and_takes_its_own_title_and_header(tmp_path):
    """A unit's row with its code forgotten just above the second table is the first
    table's, reported; the second's title and two-row header are its own."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"Sheet1": [
        ["服务卡情况"], ["统一社会信用代码", "本月办卡数"], [A, 8], [B, 3], [None, 5], [],
        ["劳动争议情况（金额单位：元）"], ["统一社会信用代码", "劳动争议", None, None],
        [None, "受理件数", "调解成功件数", "涉及金额"], [C, 7, 6, 25000]]})
    parsed = parse(path)
    assert loaded_all(parsed, "service_cards") == [(A, 8), (B, 3)]
    assert loaded(parsed, "disputes", ("credit_code", "cases_received", "amount", "row_number")) == [
        {"credit_code": C, "cases_received": 7, "amount": 2.5, "row_number": 10}]
    assert [(i.row_number, i.rule) for i in parsed.issues] == [(5, "required")]


@pytest.mark.parametrize("title", ["劳动争议情况（本年累计）", "上月劳动争议情况"])
def test_a_second_table_titled_for_another_period_is_refused(tmp_path, title):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"Sheet1": [
        ["统一社会信用代码", "本月办卡数"], [A, 8], [], [title], ["统一社会信用代码", "受理件数", "调解成功件数"],
        [C, 27, 16]]})
    parsed = parse(path)
    assert parsed.status == "loaded_with_errors"
    assert loaded_all(parsed, "service_cards") == [(A, 8)]
    [issue] = parsed.issues
    assert (issue.row_number, issue.value, issue.rule) == (4, title, "other_period_table")
    assert issue.message.startswith(f"工作表“Sheet1”第4行起的“{title}”是其他期间")


def test_a_title_above_a_repeated_header_of_the_same_type_is_no_row(tmp_path):
    header = ["统一社会信用代码", "本月采集会员信息数", "本月办卡数"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        ["东湖社区服务卡"], header, [A, 10, 8], [], ["西湖社区服务卡"], header, [B, 4, 3]]})
    assert loaded_all(clean(parse(path)), "service_cards") == [(A, 8), (B, 3)]


@pytest.mark.parametrize("line", [["续表"], ["服务卡情况表（续表）"], ["（续上表）"]])
def test_a_continuation_line_above_a_pages_repeated_header_is_no_row(tmp_path, line):
    header = ["统一社会信用代码", "本月采集会员信息数", "本月办卡数"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        header, [A, 10, 8], line, header, [B, 4, 3]]})
    assert loaded_all(clean(parse(path)), "service_cards") == [(A, 8), (B, 3)]


def test_a_sentence_among_the_data_is_a_row_to_report(tmp_path):
    # A sentence closes the table only after the last data row: among the rows it is
    # read as a row and reported, and the rows after it load.
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        ["统一社会信用代码", "本月办卡数"], [A, 3], ["以上为本月新增单位"], [B, 4],
        ["以上数据真实有效。"], [None, None], ["填表人：张三"]]})
    parsed = parse(path)
    assert loaded(parsed, "service_cards", ("credit_code", "row_number")) == [
        {"credit_code": A, "row_number": 2}, {"credit_code": B, "row_number": 4}]
    assert {(i.sheet, i.row_number) for i in parsed.issues} == {("服务卡", 3)}


def test_money_headed_in_yuan_is_converted_to_wan_yuan(tmp_path):
    # 35000 under 帮扶金额（元） is 3.5 万元, as a person reads it; a note says so.
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "困难帮扶": [["统一社会信用代码", "帮扶人数", "帮扶金额（元）"], [A, 3, 35000], [B, 1, "1,200"]],
        "劳动争议": [["统一社会信用代码", "受理件数", "调解成功件数", "涉及金额(单位:元)"], [A, 2, 1, 12000]],
    })
    path2 = write_xlsx(tmp_path / "西城街道_2026-03.xlsx", {
        "困难帮扶": [["统一社会信用代码", "帮扶人数", "帮扶金额（万元）"], [C, 2, 3.5]]})
    yuan, wan = (parse(p) for p in (path, path2))
    assert loaded(yuan, "assistance", ("credit_code", "amount")) == [
        {"credit_code": A, "amount": 3.5}, {"credit_code": B, "amount": 0.12}]
    assert loaded(yuan, "disputes", ("amount",)) == [{"amount": 1.2}]
    assert {(n.sheet, n.column_header, n.what) for n in yuan.notes} == {
        ("困难帮扶", "帮扶金额（元）", "converted_unit"), ("劳动争议", "涉及金额(单位:元)", "converted_unit")}
    assert loaded(wan, "assistance", ("amount",)) == [{"amount": 3.5}] and wan.notes == []
    # Validated together, as a load does: each sheet by its own header.
    both = finish([prepare_file(p, p.name) for p in (path, path2)], REF)
    assert [loaded(f, "assistance", ("amount",)) for f in both] == [
        [{"amount": 3.5}, {"amount": 0.12}], [{"amount": 3.5}]]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheets_are_not_read(tmp_path, state):
    # Last month's sheets hidden rather than deleted: what a person sees is this month's.
    import openpyxl

    workbook = openpyxl.Workbook()
    visible = workbook.active
    visible.title = "服务卡"
    for row in (["填报单位：东湖街道总工会"], ["报告期：2026-03"], ["统一社会信用代码", "本月办卡数"], [A, 10]):
        visible.append(row)
    old = workbook.create_sheet("2月服务卡")
    for row in (["报告期：2026-02"], ["统一社会信用代码", "本月办卡数"], [A, 8], [B, 2]):
        old.append(row)
    old.sheet_state = state
    path = tmp_path / "东湖街道_2026-03.xlsx"
    workbook.save(path)
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("credit_code", "cards_issued")) == [
        {"credit_code": A, "cards_issued": 10}]
    assert parsed.notes == [Note("2月服务卡", None, "hidden_sheet")]


def test_a_row_of_units_under_the_header_is_part_of_it(tmp_path):
    # （人） under the counts and （元） under the money: the header's second row, not data;
    # the money's unit is read from it.
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "困难帮扶": [["统一社会信用代码", "帮扶人数", "帮扶金额"], [None, "（人）", "（元）"],
                 [A, 3, 35000]],
        "服务卡": [["统一社会信用代码", "本月采集会员信息数", "本月办卡数"], [None, "(人)", "（张）"],
                [A, 4, 3]],
    })
    parsed = parse(path)
    assert parsed.issues == [] and parsed.status == "loaded"
    assert loaded(parsed, "assistance", ("assisted_workers", "amount", "row_number")) == [
        {"assisted_workers": 3, "amount": 3.5, "row_number": 3}]
    assert loaded(parsed, "service_cards", ("cards_issued", "row_number")) == [
        {"cards_issued": 3, "row_number": 3}]
    assert parsed.notes == [Note("困难帮扶", "帮扶金额（元）", "converted_unit")]


def test_merged_data_cells_of_a_legacy_xls(tmp_path):
    # 所属街道 merged down two units, as in the .xlsx case: a person reads it in both rows.
    header = ["统一社会信用代码", "本月采集会员信息数", "本月办卡数", "备注"]
    path = _write_xls(tmp_path / "东湖街道_2026-03.xls", {
        "说明": [["本表为示例"]],
        "组建与会员": [["填报单位：东湖街道总工会"], ["报告期：2026-03"], UNIT_HEADER,
                  [A, "甲公司", None, "企业", "非公", 30, None, 20, None, "单独建会", "2020-05-01",
                   "是", "是", "否"],
                  [B, "乙公司", None, "企业", "非公", 10, None, 5, None, "单独建会", "2021-05-01",
                   "是", "是", "否"]],
        "服务卡": [header, [A, 1, 2, None], [B, 3, 4, None]],
    }, {"组建与会员": [(3, 4, 2, 2, "东湖街道")], "服务卡": [(1, 2, 3, 3, "合并备注")]})
    parsed = clean(parse(path))
    assert [row["street"] for row in loaded(parsed, "org_units")] == ["东湖街道", "东湖街道"]
    assert loaded(parsed, "service_cards", ("credit_code", "cards_issued")) == [
        {"credit_code": A, "cards_issued": 2}, {"credit_code": B, "cards_issued": 4}]


def test_a_footer_spread_over_the_code_column_is_still_the_footer(tmp_path):
    # 序号 first: the footer's second cell sits in the credit-code column.
    path = write_xlsx(tmp_path / "r.xlsx", {"服务卡": [
        *LABELS, ["序号", "统一社会信用代码", "本月办卡数"], [1, A, 3],
        ["填表人：张三", "联系电话：13800000000"], ["2026年4月3日"]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("credit_code", "row_number")) == [
        {"credit_code": A, "row_number": 5}]


@pytest.mark.parametrize("header", ["帮扶金额（￥）", "帮扶金额(¥)", "帮扶金额(RMB)", "帮扶金额（人民币）",
                                    "帮扶金额（单位：￥）", "帮扶金额（元人民币）"])
def test_a_money_header_naming_the_currency_alone_is_in_yuan(tmp_path, header):
    """帮扶金额（￥） with 35000: 3.5 万元, not 35,000 万元."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "困难帮扶": [*LABELS, ["统一社会信用代码", "帮扶人数", header], [A, 1, 35000]]})
    assert loaded(clean(parse(path)), "assistance", ("amount",)) == [{"amount": 3.5}]


@pytest.mark.parametrize("header", ["帮扶金额（万元）（人民币）", "帮扶金额(万元)(RMB)", "帮扶金额（万元）（¥）",
                                    "帮扶金额（￥万元）", "帮扶金额（RMB万元）", "帮扶金额（万元，人民币）"])
def test_a_currency_in_the_units_bracket_is_no_unknown_unit(tmp_path, header):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "困难帮扶": [*LABELS, ["统一社会信用代码", "帮扶人数", header], [A, 1, 1.5]]})
    assert clean(parse(path)).notes == []


@pytest.mark.parametrize("header", ["帮扶金额（万元）（人民币）", "帮扶金额(万元)(RMB)", "帮扶金额（万元）（¥）",
                                    "帮扶金额（￥万元）", "帮扶金额（RMB万元）", "帮扶金额（万元，人民币）"])
def test_a_currency_beside_a_money_unit_keeps_the_unit(tmp_path, header):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "困难帮扶": [*LABELS, ["统一社会信用代码", "帮扶人数", header], [A, 1, 1.5]]})
    assert loaded(clean(parse(path)), "assistance", ("amount",)) == [{"amount": 1.5}]


@pytest.mark.parametrize("above, header", [(None, "帮扶金额（元）（含物资折款）"), (None, "帮扶金额（元，含物资）"),
                                           ("金额单位：元", "帮扶金额（含物资折款）"),
                                           ("金额单位：元", "帮扶金额（含500元以下慰问品）")])
def test_a_remark_after_the_money_unit_is_no_unit(tmp_path, above, header):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        *LABELS, *([[above]] if above else []), ["统一社会信用代码", "帮扶人数", header], [A, 1, 15000]]})
    assert loaded(clean(parse(path)), "assistance", ("amount",)) == [{"amount": 1.5}]


def test_a_header_saying_yuan_in_words_is_noted(tmp_path):
    """帮扶金额（以元为单位）: a money unit not read, so the load report asks to check."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        *LABELS, ["统一社会信用代码", "帮扶人数", "帮扶金额（以元为单位）"], [A, 1, 5000]]})
    assert Note("困难帮扶", "帮扶金额（以元为单位）", "unknown_unit") in clean(parse(path)).notes


def test_a_yen_sign_before_yuan_is_yuan(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        *LABELS, ["统一社会信用代码", "帮扶人数", "帮扶金额（￥元）"], [A, 1, 5000]]})
    assert loaded(clean(parse(path)), "assistance", ("amount",)) == [{"amount": 0.5}]


def test_a_remark_naming_yuan_after_a_unit_in_wan_is_no_unit(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        *LABELS, ["统一社会信用代码", "帮扶人数", "帮扶金额（万元）（含500元以下慰问品）"], [A, 1, 1.5]]})
    assert loaded(clean(parse(path)), "assistance", ("amount",)) == [{"amount": 1.5}]


def test_a_stated_money_unit_with_its_currency_first(tmp_path):
    """金额单位：人民币（万元） above the table: 万元, not 元."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        *LABELS, ["金额单位：人民币（万元）"], ["统一社会信用代码", "帮扶人数", "帮扶金额"], [A, 1, 1.5]]})
    assert loaded(clean(parse(path)), "assistance", ("amount",)) == [{"amount": 1.5}]


@pytest.mark.parametrize("numbers", [
    ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", 1, 2],
    ["甲", "乙", "丙", "丁", "戊", "己", "1", "2", "3", "4"],
    ["（1）", "（2）", "（3）", "（4）", "（5）", "（6）", "（7）", "（8）", "（9）", "（10）"],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    ["栏次", "A", "B", "C", "D", 1, 2, 3, 4, 5],
    ["甲", "乙", "—", "丙", 1, 2, 3, 4, "丁", "戊"],  # letters after the numbers, a dash
    ["序", "甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "子", 1, 2],  # the branches after the stems
    ["栏次", 1, 2, 3, 4, 5, 6, 7, 8, 9], ["—", "—", 1, 2, 3, 4, 5, 6, 7, 8],
])
def test_a_column_numbers_row_under_the_header_is_no_row(tmp_path, numbers):
    """A statistical form's 栏次 row (甲 乙 丙 … 1 2 3): it had been a rejected row of
    twelve errors."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        *LABELS, UNIT_HEADER, numbers, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]})
    parsed = clean(parse(path))
    assert loaded(parsed, "org_units", ("members", "row_number")) == [{"members": 20, "row_number": 6}]


@pytest.mark.parametrize("row", [[None, 3, 4, 5, None, None, None, None, None, None],
                                 ["-", 1, None, None, None, 2, None, 3, None, None],
                                 ["甲", "乙", None, None, None, None, None, None, None, None]])
def test_a_first_row_that_only_looks_like_column_numbers_is_read(tmp_path, row):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"组建与会员": [
        *LABELS, UNIT_HEADER, row, unit(A, "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))]})
    parsed = parse(path)
    assert {i.row_number for i in parsed.issues} == {5}


def test_a_narrow_tables_column_numbers_row_marked_lanci_is_no_row(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        *LABELS, ["统一社会信用代码", "所属街道", "本月采集会员信息数", "本月办卡数"], ["栏次", "—", 1, 2],
        [A, "东湖街道", 3, 5]]})
    assert loaded(clean(parse(path)), "service_cards", ("cards_issued",)) == [{"cards_issued": 5}]


def test_money_units_in_cells_and_headers(tmp_path):
    # A cell's own unit wins over its header's; 人民币元 is 元; a unit not known (元/人)
    # is read as 万元 with a note asking to check; a column number under the header is data.
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "困难帮扶": [["统一社会信用代码", "帮扶人数", "帮扶金额（元）"],
                 [A, 1, "3.5万元"], [B, 1, "1200元"], [C, 1, 5000]],
        "劳动争议": [["统一社会信用代码", "受理件数", "调解成功件数", "涉及金额（人民币元）"], [A, 1, 1, 20000]],
    })
    other = write_xlsx(tmp_path / "西城街道_2026-03.xlsx", {
        "困难帮扶": [["统一社会信用代码", "帮扶人数", "帮扶金额（元/人）"], [A, 1, 7]],
        "服务卡": [["统一社会信用代码", "本月采集会员信息数", "本月办卡数"], ["（1）", "（2）", "（3）"], [A, 1, 2]],
    })
    parsed = parse(path)
    assert loaded(parsed, "assistance", ("amount",)) == [{"amount": 3.5}, {"amount": 0.12}, {"amount": 0.5}]
    assert loaded(parsed, "disputes", ("amount",)) == [{"amount": 2.0}]
    checked = parse(other)
    assert loaded(checked, "assistance", ("amount",)) == [{"amount": 7.0}]
    assert Note("困难帮扶", "帮扶金额（元/人）", "unknown_unit") in checked.notes
    # The column numbers are no units row swallowing the header, and no unit's row.
    assert checked.issues == []
    assert loaded(checked, "service_cards", ("cards_issued",)) == [{"cards_issued": 2}]
    assert loaded(checked, "service_cards", ("cards_issued", "row_number")) == [
        {"cards_issued": 2, "row_number": 3}]


def test_rows_after_a_note_are_read_even_without_a_valid_code(tmp_path):
    # A note among the data, then rows whose code is missing or a placeholder: read and
    # reported, never dropped unseen; in a targets sheet (no code column) too.
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡": [["统一社会信用代码", "本月采集会员信息数", "本月办卡数"], [A, 1, 3],
                ["说明：以下为补报单位"], [None, 2, 4], ["待补", 5, 6], ["填表人：张三"]],
    })
    parsed = parse(path)
    assert loaded(parsed, "service_cards", ("credit_code", "row_number")) == [
        {"credit_code": A, "row_number": 2}]
    assert {i.row_number for i in parsed.issues} == {3, 4, 5}  # the note and both rows
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    targets = write_xlsx(tmp_path / "区总工会_年度目标_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"], [2026, "全区", "建会率", "95%"],
        ["注：以下为街道目标"], [2026, "东湖街道", "建会率", "90%"], [2026, "西城街道", "建会率", "85%"],
        ["填表人：张三", None, "联系电话：12345678"], ["2026年1月5日"]]})
    parsed = parse(targets, reference=reference)
    assert [row["street"] for row in loaded(parsed, "targets")] == ["ALL", "东湖街道", "西城街道"]


@pytest.mark.parametrize("rows, header", [
    ([["填报单位：东湖街道总工会　金额单位：元"], ["统一社会信用代码", "帮扶人数", "帮扶金额"]], "帮扶金额"),
    ([["单位：元"], ["统一社会信用代码", "帮扶人数", "帮扶金额"]], "帮扶金额"),
    ([[None, None, "帮扶情况（金额单位：元）"], ["统一社会信用代码", "帮扶人数", "帮扶金额"]], "帮扶金额"),
    ([["统一社会信用代码", "帮扶人数", "帮扶金额"], [None, "人", "元"]], "帮扶金额（元）"),
])
def test_a_money_unit_stated_above_or_under_the_header(tmp_path, rows, header):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [*rows, [A, 3, 35000]]})
    parsed = parse(path)
    assert parsed.issues == []
    assert loaded(parsed, "assistance", ("amount",)) == [{"amount": 3.5}]
    assert parsed.notes == [Note("困难帮扶", header, "converted_unit")]


def test_an_unknown_unit_in_a_units_row_is_noted(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        ["统一社会信用代码", "帮扶人数", "帮扶金额"], [None, "（人）", "（美元）"], [A, 3, 100]]})
    parsed = parse(path)
    assert parsed.issues == []
    assert loaded(parsed, "assistance", ("amount", "row_number")) == [{"amount": 100.0, "row_number": 3}]
    assert parsed.notes == [Note("困难帮扶", "帮扶金额（美元）", "unknown_unit")]


@pytest.mark.parametrize("footer", [
    [["填表人：", "张三", "审核人：", "李四"]],
    [["负责人", "王五", "联系电话", "13800000000"]],
    [["填表人：张三"], ["2026年4月5日", "13800000000"]],
    [["填表人：张三"], ["2026年4月5日", "（盖章）"]],
])
def test_footers_spread_over_template_columns_are_not_data(tmp_path, footer):
    path = write_xlsx(tmp_path / "r.xlsx", {"服务卡": [
        *LABELS, ["统一社会信用代码", "本月采集会员信息数", "本月办卡数", "备注"], [A, 1, 3], [B, 2, 4], *footer]})
    parsed = clean(parse(path))
    assert [r["credit_code"] for r in loaded(parsed, "service_cards")] == [A, B]


@pytest.mark.parametrize("line, submitter", [
    (["填报单位：", "单位工会联合会"], "单位工会联合会"),
    (["填报单位", "（东湖街道总工会）"], "（东湖街道总工会）"),
])
def test_a_submitter_that_starts_like_a_form_word_is_taken(tmp_path, line, submitter):
    path = write_xlsx(tmp_path / "r.xlsx", {"服务卡": [
        line, ["报告期：2026-03"], ["统一社会信用代码", "本月办卡数"], [A, 5]]})
    assert clean(parse(path, "无下划线.xlsx")).submitter == submitter


def test_a_units_row_with_a_digit_in_a_unit(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        ["统一社会信用代码", "本月采集会员信息数", "本月办卡数"], ["（18位）", "（人）", "（张）"], [A, 1, 3]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("cards_issued", "row_number")) == [{"cards_issued": 3, "row_number": 3}]


def test_another_columns_unit_in_the_header_is_not_the_money_unit(tmp_path):
    # 人均工资（单位：元） is a column of its own (ignored): 帮扶金额 stays in 万元.
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        ["统一社会信用代码", "帮扶人数", "帮扶金额", "人均工资（单位：元）"], [None, "（人）", None, None],
        [A, 3, 3.5, 5000]]})
    parsed = parse(path)
    assert loaded(parsed, "assistance", ("amount",)) == [{"amount": 3.5}]
    assert all(n.what != "converted_unit" for n in parsed.notes)


def test_a_row_after_a_note_with_one_count_and_a_street_is_read(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        ["统一社会信用代码", "所属街道", "本月办卡数"], [A, "东湖街道", 1],
        ["说明：以下为补报单位"], [None, "东湖街道", 7]]})
    parsed = parse(path)
    assert {(i.row_number, i.column_header) for i in parsed.issues} >= {(4, "统一社会信用代码")}


@pytest.mark.parametrize("typed, number_format, month", [
    (2026.10, "0.00", 10), (2026.10, "#,##0.00", 10), (2026.10, "General", 1), (2026.10, "0.0", 1),
    (2026.10, "0.0#", 1), (2026.10, "0.##", 1), (2026.3, "0.00", 3), (2026.1, "0.000", 1)])
def test_a_report_month_typed_as_a_number_reads_as_its_cell_shows_it(tmp_path, typed, number_format, month):
    """报告期 2026.10 typed as a number formatted 0.00 shows 2026.10: October (the
    reader's digits, 2026.1, read January); shown as 2026.1 (0.0#) it is January; and
    what shows no month (2026.30) is read as typed, March."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "服务卡"
    for row in [["填报单位", "东湖街道总工会"], ["报告期", typed],
                ["统一社会信用代码", "本月采集会员信息数", "本月办卡数"], [A, 5, 3]]:
        sheet.append(row)
    sheet["B2"].number_format = number_format
    book.save(tmp_path / "东湖街道.xlsx")
    assert clean(parse(tmp_path / "东湖街道.xlsx")).report_month == dt.date(2026, month, 1)


# --- found by the clerk's acceptance run (2026-11-22) -------------------------------------

@pytest.mark.parametrize("numbered", [True, False])
def test_an_instructions_sheet_gives_no_submitter_or_month(tmp_path, numbered):
    # '1、填报单位：填写本单位全称' explains the label; the report sheet's own labels count.
    lines = ["填报单位：填写本单位全称，并加盖公章", "报告期：请填写统计月份，格式如2026年3月"]
    path = write_xlsx(tmp_path / "月报.xlsx", {
        "填表说明": [["填表说明"], *([f"{i}、{line}"] if numbered else [line]
                                    for i, line in enumerate(lines, 1))],
        "服务卡": [["填报单位：", "西城街道总工会"], ["报告期：", "2026-05"],
                   ["统一社会信用代码", "本月办卡数"], [A, 5]]})
    parsed = clean(parse(path))
    assert (parsed.submitter, parsed.report_month) == ("西城街道总工会", dt.date(2026, 5, 1))


def test_an_instructions_sheet_alone_gives_no_submitter(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {
        "填表说明": [["填报单位：填写本单位全称，并加盖公章"], ["报告期：填写统计月份，格式如2026年3月"]],
        "服务卡": [["统一社会信用代码", "本月办卡数"], [A, 5]]})
    parsed = clean(parse(path, "西城街道_2026-06.xlsx"))
    assert (parsed.submitter, parsed.report_month) == ("西城街道", dt.date(2026, 6, 1))


def test_the_visible_one_of_two_columns_of_one_name_counts(tmp_path):
    # Last month's 本月办卡数 hidden beside this month's: a person reads the visible one.
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "服务卡"
    for row in (["统一社会信用代码", "本月办卡数", "本月办卡数"], [A, 99, 5], [B, 88, 7]):
        sheet.append(row)
    sheet.column_dimensions["B"].hidden = True
    path = tmp_path / "东湖街道_2026-03.xlsx"
    workbook.save(path)
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [
        {"cards_issued": 5}, {"cards_issued": 7}]
    assert parsed.notes == [Note("服务卡", "本月办卡数", "hidden_duplicate_column")]


def test_totals_rows_named_after_what_they_total_and_a_remarks_footer(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        ["统一社会信用代码", "单位名称", "本月办卡数"],
        [A, "甲公司", 3], ["东湖社区小计", None, 3], [B, "乙公司", 4],
        ["全镇合计：", None, 7], ["备注：以上数据截至2026年3月31日"]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("credit_code", "row_number")) == [
        {"credit_code": A, "row_number": 2}, {"credit_code": B, "row_number": 4}]


def test_a_code_shown_with_leading_zeros_by_its_number_format(tmp_path):
    # 合同编号 1 in a cell formatted 000 shows 001, and a person reads 001.
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "集体合同"
    sheet.append(["统一社会信用代码", "合同编号", "合同类别", "签订形式", "签订日期", "到期日期", "覆盖职工数"])
    for number in (1, 12345, 7):
        sheet.append([A, number, "综合集体合同", "单独签订", "2026-01-01", "2028-12-31", 10])
    sheet["B2"].number_format = "000"
    sheet["B3"].number_format = "000"
    path = tmp_path / "东湖街道_2026-03.xlsx"
    workbook.save(path)
    parsed = clean(parse(path))
    assert loaded(parsed, "contracts", ("contract_no",)) == [
        {"contract_no": "001"}, {"contract_no": "12345"}, {"contract_no": "7"}]


def test_number_formats_are_found_where_the_workbook_says_its_styles_are(tmp_path):
    # Nothing requires the styles part at xl/styles.xml: the relationships say where.
    import openpyxl
    import zipfile

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "集体合同"
    sheet.append(["统一社会信用代码", "合同编号", "合同类别", "签订形式", "签订日期", "到期日期", "覆盖职工数"])
    sheet.append([A, 7, "综合集体合同", "单独签订", "2026-01-01", "2028-12-31", 10])
    sheet["B2"].number_format = "000"
    workbook.save(tmp_path / "saved.xlsx")
    moved = {"xl/styles.xml": "xl/styles/main-styles.xml"}
    path = tmp_path / "东湖街道_2026-03.xlsx"
    with zipfile.ZipFile(tmp_path / "saved.xlsx") as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info).replace(b"/xl/styles.xml", b"/xl/styles/main-styles.xml")
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b'Target="styles.xml"', b'Target="styles/main-styles.xml"') \
                    .replace(b'Target="/xl/styles.xml"', b'Target="/xl/styles/main-styles.xml"')
            target.writestr(moved.get(info.filename, info.filename), data)
    parsed = clean(parse(path))
    assert loaded(parsed, "contracts", ("contract_no",)) == [{"contract_no": "007"}]


def test_a_label_beside_a_narrow_table_names_no_column(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {"服务卡": [
        ["填报单位：东湖街道总工会", None, None, "报告期", dt.date(2026, 3, 1)],
        ["统一社会信用代码", "本月办卡数"], [A, 5]]})
    parsed = clean(parse(path))
    assert parsed.report_month == MARCH and parsed.notes == []


def test_an_instructions_sheet_never_gives_the_label_a_report_sheet_lacks(tmp_path):
    # The report sheet states the month only: the submitter comes from the file name,
    # not from 填表说明's '填报单位：各街道（镇）总工会'.
    path = write_xlsx(tmp_path / "r.xlsx", {
        "填表说明": [["填报单位：各街道（镇）总工会"], ["报告期：统计月份，如2026-03"]],
        "服务卡": [["报告期：2026-05"], ["统一社会信用代码", "本月办卡数"], [A, 5]]})
    parsed = clean(parse(path, "西山街道_2026-05.xlsx"))
    assert (parsed.submitter, parsed.report_month) == ("西山街道", dt.date(2026, 5, 1))


@pytest.mark.parametrize("submitter_cell, month_cell", [
    ("*填报单位：东湖街道总工会", "*报告期：2026-03"),
    ("1.填报单位：东湖街道总工会", "2、报告期：2026年3月"),
    ("（一）填报单位：东湖街道总工会", "（二）报告期：2026年1-3月"),
])
def test_labels_after_a_star_or_an_item_number(tmp_path, submitter_cell, month_cell):
    path = write_xlsx(tmp_path / "r.xlsx", {"服务卡": [
        [submitter_cell], [month_cell], ["统一社会信用代码", "本月办卡数"], [A, 5]]})
    parsed = clean(parse(path, "无下划线.xlsx"))
    assert (parsed.submitter, parsed.report_month) == ("东湖街道总工会", MARCH)


def test_a_group_label_like_a_form_word_over_a_two_row_header(tmp_path):
    # 日期 over 签订日期 and 到期日期; 覆盖职工数 merged over both rows beside it.
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"集体合同": [
        ["统一社会信用代码", "合同类别", "签订形式", "日期", None, "覆盖职工数"],
        [None, None, None, "签订日期", "到期日期", None],
        [A, "综合集体合同", "单独签订", "2026-01-01", "2028-12-31", 10]]},
        merges={"集体合同": [("A1:A2", "统一社会信用代码"), ("B1:B2", "合同类别"),
                              ("C1:C2", "签订形式"), ("D1:E1", "日期"), ("F1:F2", "覆盖职工数")]})
    parsed = clean(parse(path))
    assert loaded(parsed, "contracts", ("covered_workers", "row_number")) == [
        {"covered_workers": 10, "row_number": 3}]


def test_an_empty_report_sheet_showing_last_month_does_not_conflict(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", {
        "服务卡": [["填报单位：东湖街道总工会"], ["报告期：2026-03"], ["统一社会信用代码", "本月办卡数"], [A, 5]],
        "培训": [["报告期：2026-02"], ["统一社会信用代码", "培训类别", "开班日期", "参训人次"]]})
    parsed = clean(parse(path))
    assert parsed.report_month == MARCH


def test_a_unit_whose_name_ends_like_a_totals_row_is_a_unit(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        ["单位名称", "统一社会信用代码", "本月办卡数"],
        ["众合计", A, 3], ["东湖社区小计（1家）", None, 3], ["全镇合计", None, 3]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("credit_code", "row_number")) == [
        {"credit_code": A, "row_number": 2}]


def test_sheets_of_several_units_take_the_submitter_from_a_cover_or_the_file_name(tmp_path):
    # A street's workbook made of its units' own sheets, each with its unit's label.
    def unit_sheet(submitter, credit):
        return [[f"填报单位：{submitter}"], ["报告期：2026-03"], ["统一社会信用代码", "本月办卡数"], [credit, 5]]

    sheets = {"服务卡": unit_sheet("甲公司工会", A), "服务卡 (2)": unit_sheet("乙公司工会", B)}
    parsed = clean(parse(write_xlsx(tmp_path / "r.xlsx", sheets), "高新开发区_2026-03.xlsx"))
    assert (parsed.submitter, parsed.report_month) == ("高新开发区", MARCH)
    assert parsed.rows_loaded == 2
    cover = {"封面": [["填报单位：高新开发区总工会"]], **sheets}
    assert clean(parse(write_xlsx(tmp_path / "c.xlsx", cover), "月报.xlsx")).submitter == "高新开发区总工会"


def test_the_header_pasted_again_among_the_data_is_skipped(tmp_path):
    # A street clerk pastes each unit's block, its header included.
    header = ["统一社会信用代码", "单位名称", "本月办卡数"]
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        header, [A, "甲公司", 3], header, [B, "乙公司", 4]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("credit_code", "row_number")) == [
        {"credit_code": A, "row_number": 2}, {"credit_code": B, "row_number": 4}]


def test_targets_written_with_words_around_them(tmp_path):
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_年度目标_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"],
        [2026, "全区", "建会率", "≥95%"], [2026, "东湖街道", "建会率", "90%以上"],
        [2026, "西城街道", "建会率", "不低于85%"], [2026, "全区", "新建工会数", "不少于10家"]]})
    parsed = clean(parse(path, reference=reference))
    assert loaded(parsed, "targets", ("target_value", "target_is_percent")) == [
        {"target_value": 95.0, "target_is_percent": True}, {"target_value": 90.0, "target_is_percent": True},
        {"target_value": 85.0, "target_is_percent": True}, {"target_value": 10.0, "target_is_percent": False}]


def test_targets_written_with_ten_thousands_read_in_their_kpis_unit(tmp_path):
    """万 as an analyst writes a target: 30万 of 帮扶金额 (in 万元) is 30; 1.1万 members
    are 11,000, with a unit of counting after it or not (30万 had been refused)."""
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_年度目标_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"],
        [2026, "全区", "帮扶金额", "30万"], [2026, "东湖街道", "帮扶金额", "12万元"],
        [2026, "全区", "会员人数", "1.1万"], [2026, "东湖街道", "会员服务卡办卡数", "不少于0.5万张"],
        [2026, "西城街道", "会员人数", "2万人"]]})
    parsed = clean(parse(path, reference=reference))
    assert loaded(parsed, "targets", ("kpi_code", "target_value", "target_is_percent")) == [
        {"kpi_code": "assistance_amount", "target_value": 30.0, "target_is_percent": False},
        {"kpi_code": "assistance_amount", "target_value": 12.0, "target_is_percent": False},
        {"kpi_code": "members", "target_value": 11000.0, "target_is_percent": False},
        {"kpi_code": "service_cards", "target_value": 5000.0, "target_is_percent": False},
        {"kpi_code": "members", "target_value": 20000.0, "target_is_percent": False}]


def test_a_rates_target_written_with_ten_thousands_is_refused(tmp_path):
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_年度目标_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"], [2026, "全区", "建会率", "95万"], [2026, "全区", "会员人数", "万人"],
        [2026, "东湖街道", "会员人数", "1.5万元"], [2026, "西城街道", "帮扶职工人数", "3万元"]]})
    parsed = parse(path, reference=reference)
    # (a count in money, 1.5万元 of members, had been read as 1.5)
    assert [(i.row_number, i.rule) for i in parsed.issues] == [(2, "target"), (3, "target"), (4, "target"), (5, "target")]


@pytest.mark.parametrize("header", ["帮扶金额（万元）", "帮扶金额（元）"])
def test_an_amount_written_in_the_short_unit(tmp_path, header):
    """0.3万 in a money column is 0.3万元, whatever the header's unit."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        *LABELS, ["统一社会信用代码", "帮扶人数", header], [A, 3, "0.3万"], [B, 2, "1.2 万"]]})
    assert loaded(clean(parse(path)), "assistance", ("amount",)) == [{"amount": 0.3}, {"amount": 1.2}]


def test_a_targets_year_written_with_its_word(tmp_path):
    """年度 2026年 or 2026年度 is the year 2026."""
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_年度目标_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"], ["2026年", "全区", "建会率", "95%"],
        ["２０２６年度", "东湖街道", "建会率", "90%"]]})
    parsed = clean(parse(path, reference=reference))
    assert [r["year"] for r in loaded(parsed, "targets", ("year",))] == [2026, 2026]


@pytest.mark.parametrize("shown_as", ["yyyy", 'yyyy"年"', 'yyyy"年度"'])
def test_a_targets_year_typed_as_a_date_is_its_year(tmp_path, shown_as):
    """年度 typed as a date and shown 2026 by its format is the year 2026 (it had been
    refused as “2026-01-01” 不是整数, rejecting the whole file)."""
    path = tmp_path / "区总工会_年度目标_2026.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("年度目标")
    sheet.write_row(0, 0, ["年度", "街道", "指标", "目标值"])
    sheet.write_datetime(1, 0, dt.datetime(2026, 1, 1), workbook.add_format({"num_format": shown_as}))
    sheet.write_row(1, 1, ["全区", "建会率", "95%"])
    workbook.close()
    parsed = clean(parse(path, reference=Reference(streets=REF.streets, kpis=kpi_names())))
    assert loaded(parsed, "targets", ("year", "kpi_code")) == [
        {"year": 2026, "kpi_code": "union_formation_rate"}]


def test_a_targets_year_as_a_date_serial_is_its_year(tmp_path):
    """46023: a date cell in a format of Chinese Excel's the reader does not know as a
    date (yyyy"年"m"月"d"日") arrives as its serial; no year has five digits."""
    path = write_xlsx(tmp_path / "区总工会_年度目标_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"], [46023, "全区", "建会率", "95%"]]})
    parsed = clean(parse(path, reference=Reference(streets=REF.streets, kpis=kpi_names())))
    assert loaded(parsed, "targets", ("year",)) == [{"year": 2026}]


def test_a_targets_year_typed_as_a_date_in_a_legacy_xls(tmp_path):
    path = _write_xls(tmp_path / "区总工会_年度目标_2026.xls", {"年度目标": [
        ["年度", "街道", "指标", "目标值"], [dt.date(2027, 1, 1), "全区", "建会率", "95%"]]})
    parsed = clean(parse(path, reference=Reference(streets=REF.streets, kpis=kpi_names())))
    assert loaded(parsed, "targets", ("year",)) == [{"year": 2027}]


@pytest.mark.parametrize("minus", ["-", "－", "\u2212"])
def test_a_negative_target_is_refused_with_its_reason(tmp_path, minus):
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_年度目标_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"], [2026, "全区", "会员净增", f"{minus}50"],
        [2026, "全区", "新建工会数", 10]]})
    parsed = parse(path, reference=reference)
    assert [(i.row_number, i.rule) for i in parsed.issues] == [(2, "target_negative")]


def test_a_code_shown_with_leading_zeros_in_a_legacy_xls(tmp_path):
    # The format comes from the cell's style (XF) and the workbook's FORMAT records.
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the legacy .xls (BIFF8) files")
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("集体合同")
    for c, name in enumerate(["统一社会信用代码", "合同编号", "合同类别", "签订形式", "签订日期", "到期日期", "覆盖职工数"]):
        sheet.write(0, c, name)
    styles = [xlwt.easyxf(num_format_str="000"), xlwt.easyxf(num_format_str='"HT-"000'), None]
    for r, (number, style) in enumerate(zip((1, 2, 12345), styles), start=1):
        sheet.write(r, 0, A)
        sheet.write(r, 1, number, style) if style else sheet.write(r, 1, number)
        for c, value in enumerate(["综合集体合同", "单独签订", "2026-01-01", "2028-12-31", 10], start=2):
            sheet.write(r, c, value)
    path = tmp_path / "东湖街道_2026-03.xls"
    workbook.save(str(path))
    parsed = clean(parse(path))
    assert loaded(parsed, "contracts", ("contract_no",)) == [
        {"contract_no": "001"}, {"contract_no": "HT-002"}, {"contract_no": "12345"}]


def test_a_street_list_giving_a_code_or_a_name_twice(tmp_path):
    # The last row for a code, or for a name, counts; each earlier one is warned (once).
    path = write_xlsx(tmp_path / "区总工会_街道名录.xlsx", {"街道名录": [
        ["街道代码", "街道名称", "类型"],
        ["A1", "东湖街道", "街道"], ["A3", "南山镇", "镇"], ["A3", "南山街道", "街道"],
        ["A4", "东湖街道", "街道"], ["A5", "西城街道", "街道"], ["A5", "西城街道", "街道"]]})
    parsed = parse(path, reference=Reference())
    assert parsed.status == "loaded"
    assert [(i.row_number, i.rule, i.message) for i in parsed.issues] == [
        (2, "duplicate_row", "第2行 与第5行的“街道名称”相同，以第5行为准，本行不计入"),
        (3, "duplicate_row", "第3行 与第4行的“街道代码”相同，以第4行为准，本行不计入"),
        (6, "duplicate_row", "第6行 与第7行的“街道代码”相同，以第7行为准，本行不计入"),
    ]


@pytest.mark.parametrize("header", ["累计办卡数", "本年累计办卡数", "1-3月办卡数", "上月办卡数", "截至本月累计办卡数",
                                    "当年累计办卡数", "2026年累计办卡数", "一季度办卡数", "1-3月份办卡数",
                                    "截至3月底办卡数"])
def test_a_lone_column_naming_another_period_in_front_is_not_the_months_flow(tmp_path, header):
    """累计办卡数, with the period in front of the name rather than in brackets after it,
    is the year so far as 办卡数（累计） is (it had been an unknown column, the sheet then
    missing 本月办卡数 without saying why)."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        *LABELS, ["统一社会信用代码", "本月采集会员信息数", header], [A, 9, 40]]})
    assert_refused_for_another_periods_column(parse(path), "服务卡", header, "本月办卡数")


def test_columns_naming_another_period_in_front_beside_the_months_are_left_out(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {
        "服务卡": [*LABELS, ["统一社会信用代码", "累计办卡数", "本月办卡数"], [A, 80, 8]],
        "组建与会员": [*LABELS, ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "职工人数", "上月会员人数",
                              "会员人数", "上年末会员人数", "建会形式", "建会日期"],
                  [A, "甲公司", "东湖街道", "企业", 100, 80, 95, 70, "单独建会", "2020-05-01"]]})
    parsed = clean(parse(path))
    assert loaded(parsed, "service_cards", ("cards_issued",)) == [{"cards_issued": 8}]
    assert loaded(parsed, "org_units", ("members",)) == [{"members": 95}]
    assert {(n.column_header, n.what) for n in parsed.notes} == {
        ("累计办卡数", "other_period_column"), ("上月会员人数", "other_period_column"),
        ("上年末会员人数", "other_period_column")}


def test_a_period_in_front_names_no_column_where_a_row_is_no_units_month(tmp_path):
    """Only in a sheet of one row per unit's month: alone, such a column would be read as
    the field of a class or a target, and last year's target is not this year's."""
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    targets = parse(write_xlsx(tmp_path / "区总工会_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "上年目标值"], [2026, "东湖街道", "建会率", 90]]}), reference=reference)
    classes = parse(write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"培训": [
        *LABELS, ["统一社会信用代码", "培训类别", "开班日期", "上年同期参训人次"], [A, "职工技能培训", "2026-03-10", 30]]}))
    for parsed in (targets, classes):
        assert parsed.status == "rejected"
        assert [i.rule for i in parsed.issues] == ["missing_column"]


def test_a_second_table_whose_header_names_the_year_so_far_in_front_is_refused(tmp_path):
    """A 劳动争议 table headed 本年累计受理件数 under the 服务卡 rows: another type's
    table, refused for giving the year so far (its row had loaded as a unit's 27 cards)."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"Sheet1": [
        ["统一社会信用代码", "本月办卡数"], [A, 8], [], ["劳动争议情况"],
        ["统一社会信用代码", "本年累计受理件数", "1-3月份调解成功件数"], [C, 27, 16]]})
    parsed = parse(path)
    assert parsed.status == "loaded_with_errors"
    assert loaded_all(parsed, "service_cards") == [(A, 8)]
    assert [(i.rule, i.column_header) for i in parsed.issues] == [
        ("missing_column", "受理件数"), ("missing_column", "调解成功件数")]
    assert "“本年累计受理件数”是其他期间" in parsed.issues[0].message


def test_a_rates_target_as_percentage_points_is_refused(tmp_path):
    """提高2个百分点, or 2 with 计量单位 个百分点: a change, whose target rate needs last
    year's; refused saying so (it had loaded as a target rate of 2%). 百分比 is the rate."""
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "计量单位", "目标值"], [2026, "东湖街道", "建会率", "个百分点", 2],
        [2026, "西城街道", "建会率", None, "提高2个百分点"], [2026, "东湖街道", "职工入会率", "%", 90],
        # (百分点 alone is a rate's loose unit; a remark saying the change explains the target)
        [2026, "西城街道", "职工入会率", "百分点", 92], [2026, "东湖街道", "集体合同签订率", None, "95%（提高2个百分点）"],
        [2026, "西城街道", "集体合同签订率", None, "2（个百分点）"]]})
    parsed = parse(path, reference=reference)
    assert loaded(parsed, "targets", ("street", "target_value")) == [
        {"street": "东湖街道", "target_value": 90.0}, {"street": "西城街道", "target_value": 92.0},
        {"street": "东湖街道", "target_value": 95.0}]
    assert [(i.row_number, i.value, i.rule) for i in parsed.issues] == [
        (2, "2个百分点", "target_points"), (3, "提高2个百分点", "target_points"),
        (7, "2（个百分点）", "target_points")]
    assert parsed.issues[0].message == (
        "第2行 “目标值” 值 “2个百分点” 是提高或降低的百分点，不是目标值本身：请填写目标值本身（比率如 95%，数量、金额按指标体系的单位）")
    headed = parse(write_xlsx(tmp_path / "区总工会_2026_表头.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值（个百分点）"], [2026, "东湖街道", "建会率", 2]]}), reference=reference)
    assert [(i.value, i.rule) for i in headed.issues] == [("2个百分点", "target_points")]


def test_a_currency_sign_before_an_amount_is_passed_over(tmp_path):
    """￥25,000.00 under 帮扶金额（元） is 25,000 元 (2.5 万元); ¥3.50 under 帮扶金额（万元）
    3.5 万元: the sign says money, the column (or the cell's own unit) which. They had been
    refused as no number."""
    yuan = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"困难帮扶": [
        *LABELS, ["统一社会信用代码", "帮扶人数", "帮扶金额（元）"], [A, 3, "￥25,000.00"], [B, 1, "RMB 3000"]]})
    assert loaded(clean(parse(yuan)), "assistance", ("amount",)) == [{"amount": 2.5}, {"amount": 0.3}]
    wan = write_xlsx(tmp_path / "西城街道_2026-03.xlsx", {"困难帮扶": [
        *LABELS, ["统一社会信用代码", "帮扶人数", "帮扶金额（万元）"], [A, 3, "¥3.50"], [B, 1, "¥1200元"]]})
    assert loaded(clean(parse(wan)), "assistance", ("amount",)) == [{"amount": 3.5}, {"amount": 0.12}]


def test_a_targets_year_must_be_a_year_and_a_rate_at_most_100(tmp_path):
    """26 or 20262027 in 年度 is no year (its target matched no month, silently); a
    rate's 150% or 120 is past the whole (it had loaded, every street's progress small)."""
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"], [26, "东湖街道", "新建工会数", 12], ["20262027", "东湖街道", "会员人数", 900],
        [2026, "东湖街道", "职工入会率", "150%"], [2026, "西城街道", "建会率", 120], [2026, "西城街道", "职工入会率", "100%"],
        [2026, "西城街道", "新建工会数", 150]]})
    parsed = parse(path, reference=reference)
    assert loaded(parsed, "targets", ("year", "kpi_code", "target_value")) == [
        {"year": 2026, "kpi_code": "membership_rate", "target_value": 100.0},
        {"year": 2026, "kpi_code": "new_unions", "target_value": 150.0}]
    assert [(i.row_number, i.value, i.rule) for i in parsed.issues] == [
        (2, "26", "year"), (3, "20262027", "year"), (4, "150%", "target_rate_over_100"),
        (5, "120", "target_rate_over_100")]
    assert parsed.issues[0].message == "第2行 “年度” 值 “26” 不是有效的年度：请写四位年份（如 2026），每格一个"


@pytest.mark.parametrize("cell", ["3 5", "10 20", "2 3人", "１２　３４"])
def test_digits_with_a_space_between_are_no_number(tmp_path, cell):
    """'3 5' is two figures or a slip: refused (it had loaded as 35); '1 234', thousands
    grouped by a space, is 1234."""
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"服务卡": [
        *LABELS, ["统一社会信用代码", "本月办卡数"], [A, cell], [B, "1 234"]]})
    parsed = parse(path)
    assert loaded_all(parsed, "service_cards") == [(B, 1234)]
    assert [(i.row_number, i.rule) for i in parsed.issues] == [(len(LABELS) + 2, "number_grouping")]


@pytest.mark.parametrize("column, written, read", [
    ("合同类别", "综合性集体合同", "综合集体合同"), ("合同类别", "工资集体协议", "工资专项集体合同"),
    ("合同类别", "女职工权益保护专项集体合同", "女职工专项集体合同"), ("签订形式", "区域", "区域性"),
    ("签订形式", "行业性集体合同", "行业性")])
def test_a_contracts_usual_wordings_are_its_choices(tmp_path, column, written, read):
    row = {"合同类别": "综合集体合同", "签订形式": "单独签订", column: written}
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"集体合同": [
        *LABELS, ["统一社会信用代码", "合同类别", "签订形式", "签订日期", "到期日期", "覆盖职工数"],
        [A, row["合同类别"], row["签订形式"], "2026-03-02", "2029-03-01", 30]]})
    field = "contract_type" if column == "合同类别" else "sign_form"
    assert loaded(clean(parse(path)), "contracts", (field,)) == [{field: read}]


@pytest.mark.parametrize("written, read", [("技能培训", "职工技能培训"), ("干部培训", "工会干部培训"),
                                           ("安全培训", "安全生产培训"), ("法律培训", "法律知识培训"),
                                           ("其它", "其他")])
def test_a_trainings_usual_wordings_are_its_choices(tmp_path, written, read):
    path = write_xlsx(tmp_path / "东湖街道_2026-03.xlsx", {"培训": [
        *LABELS, ["统一社会信用代码", "培训类别", "开班日期", "参训人次"], [A, written, "2026-03-10", 30]]})
    assert loaded(clean(parse(path)), "trainings", ("training_type",)) == [{"training_type": read}]


def test_a_township_and_a_district_office_in_a_street_list(tmp_path):
    """类型 乡 is a town's level, 地区办事处 a street's (乡 had been refused, and with it
    every report from the township)."""
    path = write_xlsx(tmp_path / "区总工会_街道名录.xlsx", {"街道名录": [
        ["街道代码", "街道名称", "类型"], ["S1", "东湖街道", "街道"], ["S7", "桃源乡", "乡"],
        ["S8", "南苑地区", "地区办事处"]]})
    assert loaded(clean(parse(path)), "streets", ("street_type",)) == [
        {"street_type": "街道"}, {"street_type": "镇"}, {"street_type": "街道"}]


def test_a_registry_export_with_its_own_words_and_an_as_of_title(tmp_path):
    """A 市场监管局 export: 街道办事处, 从业人数 and 企业状态 are the template's columns, and
    its title's 截至2026年1月31日 is its 报告期 (it had been refused: no month, and
    three columns missing)."""
    path = write_xlsx(tmp_path / "区市场监管局_企业名录.xlsx", {"企业名录": [
        ["企业名录（截至2026年1月31日）"], ["统一社会信用代码", "单位名称", "街道办事处", "从业人数", "企业状态"],
        [A, "甲公司", "东湖街道", 30, "存续"]]})
    parsed = clean(parse(path, "区市场监管局_企业名录.xlsx"))
    assert parsed.report_month == dt.date(2026, 1, 1)
    assert loaded(parsed, "registry", ("street", "workers", "status")) == [
        {"street": "东湖街道", "workers": 30, "status": "在营"}]


@pytest.mark.parametrize("lines", [
    [["说明：请于截止日期2026-04-05前报送"], ["东湖街道月报表（报告期：2026年3月）"]],
    [["东湖街道月报表（报告期：2026年3月，截止日期：2026-04-05）"]],
    [["报送截止2026年4月5日"], ["报告期：2026-03"]]])
def test_a_deadline_is_no_report_month(tmp_path, lines):
    """截止日期, 报送截止 or a date …前 is when to send the file, not what it reports:
    the 报告期 stands (a deadline had made it April)."""
    path = write_xlsx(tmp_path / "东湖街道.xlsx", {"服务卡": [
        *lines, ["填报单位：东湖街道总工会"], ["统一社会信用代码", "本月办卡数"], [A, 3]]})
    assert clean(parse(path, "东湖街道.xlsx")).report_month == dt.date(2026, 3, 1)


def test_a_deadline_alone_gives_no_month(tmp_path):
    path = write_xlsx(tmp_path / "东湖街道.xlsx", {"服务卡": [
        ["填报截止时间：2026年4月5日"], ["填报单位：东湖街道总工会"], ["统一社会信用代码", "本月办卡数"], [A, 3]]})
    parsed = parse(path, "东湖街道.xlsx")
    assert parsed.status == "rejected" and [i.rule for i in parsed.issues] == ["no_month"]


def test_a_targets_value_column_named_as_a_task(tmp_path):
    reference = Reference(streets=REF.streets, kpis=kpi_names())
    path = write_xlsx(tmp_path / "区总工会_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "年度目标"], [2026, "东湖街道", "新建工会数", 12]]})
    assert loaded(clean(parse(path, reference=reference)), "targets", ("target_value",)) == [{"target_value": 12.0}]


def test_a_csv_code_with_excels_text_mark_is_the_code(tmp_path):
    """'91110108… (an export's apostrophe keeping the code as text) is the code."""
    parsed = clean(parse(write_csv(tmp_path / "东湖街道_服务卡_2026-03.csv",
                                   [["统一社会信用代码", "本月办卡数"], ["'" + A, 3]])))
    assert loaded_all(parsed, "service_cards") == [(A, 3)]
