"""The everyday messiness of real submissions, planted in a few files.

VARIATIONS: layouts the submission template tolerates (aliases, two-row headers, totals
rows, text numbers...). They must load with exactly the values a person reads.
PLANTS: a handful of bad rows (and two late-dated classes) the parser must report.

Both are keyed by (street code, month of the current year), or ("registry", 1).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from ingestion import template_spec as spec
from sampledata.activity import SINGLE, YearPlan
from sampledata.codes import corrupt, is_all_digits
from sampledata.names import NameFactory
from sampledata.population import INDEPENDENT, NOT_UNIONIZED
from sampledata.seasons import month_end, month_start
from sampledata.writer import Column, FileDraft, Plant, SheetDraft

EXCEL_EPOCH = dt.date(1899, 12, 30)
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
CHINESE_DIGITS = "零一二三四五六七八九"


@dataclass
class Context:
    plan: YearPlan
    t: int  # the report month (index into the year)
    rng: random.Random
    names: NameFactory


Quirk = Callable[[FileDraft, Context], None]


def alias(sheet_type: spec.SheetType, field: str, k: int = 0) -> str:
    return sheet_type.column(field).aliases[k]


# --- cell renderers ------------------------------------------------------------------------
def numbers_as_text(unit: str):
    """Thousands separators on big numbers; here and there full-width digits, a unit of
    counting, or a whole float."""
    def render(value: int, i: int) -> str:
        if value >= 1000:
            return f"{value:,}"
        if i % 6 == 1:
            return str(value).translate(FULL_WIDTH_DIGITS)
        if i % 6 == 3:
            return f"{value}{unit}"
        if i % 6 == 5:
            return f"{value}.0"
        return str(value)
    return render


def date_as_text(value: dt.date, i: int) -> str:
    return f"{value.year}/{value.month}/{value.day}" if i % 2 == 0 else \
        f"{value.year}年{value.month}月{value.day}日"


def date_dotted(value: dt.date, _: int) -> str:
    return f"{value.year}.{value.month}.{value.day}"


def date_as_serial(value: dt.date, _: int) -> int:
    return (value - EXCEL_EPOCH).days


def booleans_as(true: str, false: str):
    return lambda value, _: true if value else false


def money_with_unit(value: float, _: int) -> str:
    return f"{value:g}万元"


def code_lower_with_space(every: int, offset: int):
    def render(value: str, i: int) -> str:
        if i % every == offset:
            return f"{value[:8].lower()} {value[8:].lower()}"
        return value
    return render


def padded_with_full_width_spaces(every: int):
    return lambda value, i: f"\u3000{value}\u3000" if i % every == 0 else value


def chinese_number(n: int) -> str:
    """10..99 in words, the way a clerk might type 职工人数: 12 -> 十二, 35 -> 三十五."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_DIGITS[tens]
    return head + "十" + ("" if ones == 0 else CHINESE_DIGITS[ones])


# --- variations --------------------------------------------------------------------------------
def aliased_headers_in_another_order(draft: FileDraft, ctx: Context) -> None:
    """西城街道: an old form with the aliases of every column, in its own order."""
    org = draft.sheet(spec.ORG_UNITS.key)
    for column in org.columns:
        column.header = alias(spec.ORG_UNITS, column.field)
    _reorder(org, ["unit_name", "credit_code", "street", "union_form", "union_date", "workers",
                   "migrant_workers", "members", "migrant_members", "unit_type", "ownership",
                   "legal_person", "workers_congress", "openness"])
    contracts = draft.sheet(spec.CONTRACTS.key)
    for column in contracts.columns:  # 社会信用代码 rather than 信用代码 here
        column.header = alias(spec.CONTRACTS, column.field, int(column.field == "credit_code"))
    _reorder(contracts, ["contract_no", "credit_code", "contract_type", "sign_form", "signed_on",
                         "expires_on", "covered_workers"])


def group_labels_totals_and_footer(draft: FileDraft, ctx: Context) -> None:
    """东湖街道: group labels over a two-row header, a 合计 row, a signed footer and an
    instructions sheet."""
    org = draft.sheet(spec.ORG_UNITS.key)
    groups = {"workers": "职工情况", "migrant_workers": "职工情况", "members": "会员情况",
              "migrant_members": "会员情况", "legal_person": "组织建设情况",
              "workers_congress": "组织建设情况", "openness": "组织建设情况"}
    for column in org.columns:
        column.over = groups.get(column.field)
    org.totals_row = True
    org.footer = _footer(ctx)
    trainings = draft.sheet(spec.TRAININGS.key)
    trainings.totals_row = True
    trainings.footer = _footer(ctx)
    draft.notes_sheet = ("填表说明", [
        "1. 本表由街道（镇）总工会汇总填报，每月5日前报区总工会。",
        "2. 统一社会信用代码请填写18位代码，单元格设置为文本格式。",
        "3. 建会形式填写：单独建会、联合建会、未建会。",
        "4. 是否类指标填写“是”或“否”。",
    ])


def qizhong_header_and_blank_rows(draft: FileDraft, ctx: Context) -> None:
    """北苑街道: 职工人数 merged over two rows beside 其中 over 农民工人数; blank rows between
    blocks of data; units in brackets after the headers."""
    org = draft.sheet(spec.ORG_UNITS.key)
    org.column("migrant_workers").over = "其中"
    org.column("migrant_members").over = "其中"
    org.column("migrant_members").header = alias(spec.ORG_UNITS, "migrant_members", 1)
    org.blank_row_every = 25
    cards = draft.sheet(spec.SERVICE_CARDS.key)
    cards.column("cards_issued").header = "本月办卡数（张）"
    cards.column("info_collected").header = "本月采集会员信息数（人）"
    trainings = draft.sheet(spec.TRAININGS.key)
    trainings.column("participants").header = "参训人次（人次）"
    trainings.column("hours").header = "学时（小时）"


def text_everywhere(draft: FileDraft, ctx: Context) -> None:
    """临江镇: numbers typed as text (1,234 / １２３ / 12人 / 12.0), dates as text, booleans
    as 有/无 and √/×, money with 万元."""
    org = draft.sheet(spec.ORG_UNITS.key)
    for name in ("workers", "migrant_workers", "members", "migrant_members"):
        org.column(name).render = numbers_as_text("人")
    org.column("union_date").render = date_as_text
    org.column("legal_person").render = booleans_as("有", "无")
    org.column("workers_congress").render = booleans_as("√", "×")
    contracts = draft.sheet(spec.CONTRACTS.key)
    contracts.column("signed_on").render = date_as_text
    contracts.column("expires_on").render = date_as_text
    contracts.column("covered_workers").render = numbers_as_text("人")
    cards = draft.sheet(spec.SERVICE_CARDS.key)
    cards.column("cards_issued").render = numbers_as_text("张")
    cards.column("info_collected").render = numbers_as_text("人")
    trainings = draft.sheet(spec.TRAININGS.key)
    trainings.column("participants").render = numbers_as_text("人次")
    trainings.column("start_date").render = date_dotted
    for key in (spec.ASSISTANCE.key, spec.DISPUTES.key):
        sheet = draft.sheet(key)
        if sheet is not None:
            sheet.column("amount").render = money_with_unit


def messy_codes_and_serial_dates(draft: FileDraft, ctx: Context) -> None:
    """高新开发区: some codes in lower case with a space inside, names padded with
    full-width spaces, founding dates as bare Excel serial numbers, and the report month
    as the number 202606 in the cell after its label."""
    org = draft.sheet(spec.ORG_UNITS.key)
    org.column("credit_code").render = code_lower_with_space(40, 7)
    org.column("unit_name").render = padded_with_full_width_spaces(6)
    org.column("union_date").render = date_as_serial
    cards = draft.sheet(spec.SERVICE_CARDS.key)
    cards.column("credit_code").render = code_lower_with_space(10, 3)
    draft.label_style = "split"
    month = month_start(ctx.plan.year, ctx.t)
    draft.month_label = month.year * 100 + month.month


def sheet_aliases_and_extra_columns(draft: FileDraft, ctx: Context) -> None:
    """南山镇: sheets named by their aliases; 序号, 联系人 and 备注 columns the template does
    not know."""
    for sheet in draft.sheets:
        sheet.name = sheet.sheet_type.aliases[0]
    org = draft.sheet(spec.ORG_UNITS.key)
    contacts = {row["credit_code"]: ctx.names.person() for row in org.rows}
    year = ctx.plan.year
    org.columns = [
        Column("序号", extra=lambda row, i: i + 1, width=6),
        *org.columns,
        Column("联系人", extra=lambda row, i: contacts[row["credit_code"]]),
        Column("备注", extra=lambda row, i: "新建" if _founded_in(row, year) else None),
    ]


def unnamed_sheets_without_contract_numbers(draft: FileDraft, ctx: Context) -> None:
    """青石街道: sheets left as Sheet1, Sheet2... (their type comes from the header), no
    合同编号 column, and the month under the label 统计期."""
    for n, sheet in enumerate(draft.sheets, start=1):
        sheet.name = f"Sheet{n}"
    contracts = draft.sheet(spec.CONTRACTS.key)
    contracts.columns = [c for c in contracts.columns if c.field != "contract_no"]
    month = month_start(ctx.plan.year, ctx.t)
    draft.month_label_name = "统计期"
    draft.month_label = f"{month.year}年{month.month}月"


def registry_variations(draft: FileDraft, ctx: Context) -> None:
    """The market regulator's export: its own header words, an 行业门类 column, and two
    codes typed in lower case with a space inside."""
    registry = draft.sheet(spec.REGISTRY_SHEET.key)
    registry.column("unit_name").header = alias(spec.REGISTRY_SHEET, "unit_name")
    registry.column("status").header = alias(spec.REGISTRY_SHEET, "status")
    registry.column("credit_code").render = code_lower_with_space(1500, 321)
    registry.columns.insert(3, Column("行业门类", extra=lambda row, i: row["_category"], width=28))


def _founded_in(row: dict, year: int) -> bool:
    return row["union_date"] is not None and row["union_date"].year == year


def _reorder(sheet: SheetDraft, fields: list[str]) -> None:
    by_field = {c.field: c for c in sheet.columns}
    sheet.columns = [by_field[f] for f in fields]


def _footer(ctx: Context) -> list[str]:
    filed = month_end(ctx.plan.year, ctx.t) + dt.timedelta(days=3)
    return [f"填表人：{ctx.names.person()}", f"审核人：{ctx.names.person()}",
            f"联系电话：{ctx.names.phone()}", f"填表日期：{filed:%Y-%m-%d}"]


VARIATIONS: dict[tuple[str, int], Quirk] = {
    ("registry", 1): registry_variations,
    ("JD02", 2): aliased_headers_in_another_order,
    ("JD01", 3): group_labels_totals_and_footer,
    ("JD04", 4): qizhong_header_and_blank_rows,
    ("JD06", 5): text_everywhere,
    ("JD05", 6): messy_codes_and_serial_dates,
    ("JD03", 8): sheet_aliases_and_extra_columns,
    ("JD07", 9): unnamed_sheets_without_contract_numbers,
}


# --- plants: bad rows the parser must catch ---------------------------------------------------
def _first(sheet: SheetDraft | None, test, start: int = 0) -> int | None:
    if sheet is None:
        return None
    return next((i for i, row in enumerate(sheet.rows) if i >= start and test(row)), None)


def _plant(sheet: SheetDraft | None, i: int | None, field: str, cell, rule: str,
           severity: str = "error") -> None:
    if sheet is not None and i is not None:
        sheet.plants.append(Plant(i, field, cell, rule, severity))


def headcount_in_words(draft: FileDraft, ctx: Context) -> None:
    """职工人数 typed as 十二."""
    org = draft.sheet(spec.ORG_UNITS.key)
    i = _first(org, lambda r: 10 <= r["workers"] <= 99 and r["union_form"] != NOT_UNIONIZED,
               start=20)
    if i is not None:
        _plant(org, i, "workers", chinese_number(org.rows[i]["workers"]), "int")


def migrants_above_headcount(draft: FileDraft, ctx: Context) -> None:
    """农民工人数 > 职工人数: the clerk added the dispatched workers."""
    org = draft.sheet(spec.ORG_UNITS.key)
    i = _first(org, lambda r: r["workers"] >= 20, start=30)
    if i is not None:
        workers = org.rows[i]["workers"]
        _plant(org, i, "migrant_workers", workers + max(3, workers // 10), "migrant_gt_workers")


def union_form_not_in_list(draft: FileDraft, ctx: Context) -> None:
    """建会形式 '已建会', a value the list does not have."""
    org = draft.sheet(spec.ORG_UNITS.key)
    _plant(org, _first(org, lambda r: r["union_form"] == INDEPENDENT, start=15), "union_form",
           "已建会", "enum")


def card_code_mistyped(draft: FileDraft, ctx: Context) -> None:
    """Two characters of a credit code swapped: its check character fails."""
    cards = draft.sheet(spec.SERVICE_CARDS.key)
    i = _first(cards, lambda r: True, start=2)
    if i is not None:
        mistyped = corrupt(cards.rows[i]["credit_code"], ctx.rng)
        _plant(cards, i, "credit_code", mistyped, "credit_code")


def expiry_not_moved_on(draft: FileDraft, ctx: Context) -> None:
    """到期日期 the day before 签订日期: the clerk forgot to add the term."""
    contracts = draft.sheet(spec.CONTRACTS.key)
    i = _first(contracts, lambda r: r["sign_form"] == SINGLE)
    if i is not None:
        signed = contracts.rows[i]["signed_on"]
        _plant(contracts, i, "expires_on", signed - dt.timedelta(days=1),
               "expiry_not_after_signing")


def class_without_participants(draft: FileDraft, ctx: Context) -> None:
    """参训人次 0: a class that was called off."""
    trainings = draft.sheet(spec.TRAININGS.key)
    _plant(trainings, _first(trainings, lambda r: True, start=1), "participants", 0,
           "participants_below_one")


def code_as_number(draft: FileDraft, ctx: Context) -> None:
    """An all-digit credit code typed into a number cell: its last digits are lost."""
    org = draft.sheet(spec.ORG_UNITS.key)
    i = _first(org, lambda r: is_all_digits(r["credit_code"]), start=10)
    if i is not None:
        _plant(org, i, "credit_code", float(org.rows[i]["credit_code"]), "credit_code_number")


def founding_reported_early(draft: FileDraft, ctx: Context) -> None:
    """A union reported as founded, with the founding date of next month."""
    org = draft.sheet(spec.ORG_UNITS.key)
    joins = ctx.plan.join_month
    upcoming = [r for r in org.rows if joins.get(r["credit_code"], 0) > ctx.t]
    if not upcoming:
        return
    row = min(upcoming, key=lambda r: joins[r["credit_code"]])
    founded = ctx.plan.state(row["_unit"], joins[row["credit_code"]]).union_date
    row.update(union_form=INDEPENDENT, members=round(row["workers"] * 0.8), legal_person=False)
    _plant(org, org.rows.index(row), "union_date", founded, "date_after_report_month")


def more_mediated_than_received(draft: FileDraft, ctx: Context) -> None:
    """调解成功件数 > 受理件数."""
    disputes = draft.sheet(spec.DISPUTES.key)
    i = _first(disputes, lambda r: True)
    if i is not None:
        _plant(disputes, i, "cases_mediated", disputes.rows[i]["cases_received"] + 1,
               "mediated_gt_received")


def class_dated_last_month(draft: FileDraft, ctx: Context) -> None:
    """A warning, not an error: a class held at the end of last month, reported late."""
    trainings = draft.sheet(spec.TRAININGS.key)
    i = _first(trainings, lambda r: True)
    if i is not None:
        day = month_start(ctx.plan.year, ctx.t) - dt.timedelta(days=1)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        _plant(trainings, i, "start_date", day, "training_outside_month", severity="warning")


def registry_code_mistyped(draft: FileDraft, ctx: Context) -> None:
    registry = draft.sheet(spec.REGISTRY_SHEET.key)
    i = _first(registry, lambda r: not r["_reports"] and r["status"] == "在营", start=100)
    if i is not None:
        mistyped = corrupt(registry.rows[i]["credit_code"], ctx.rng)
        _plant(registry, i, "credit_code", mistyped, "credit_code")


PLANTS: dict[tuple[str, int], Quirk] = {
    ("registry", 1): registry_code_mistyped,
    ("JD01", 1): headcount_in_words,
    ("JD05", 3): card_code_mistyped,
    ("JD01", 4): more_mediated_than_received,
    ("JD02", 5): migrants_above_headcount,
    ("JD04", 6): union_form_not_in_list,
    ("JD05", 7): founding_reported_early,
    ("JD06", 8): expiry_not_moved_on,
    ("JD01", 9): class_without_participants,
    ("JD02", 10): code_as_number,
    # warnings
    ("JD04", 3): class_dated_last_month,
    ("JD06", 9): class_dated_last_month,
}


def apply(draft: FileDraft, key: tuple[str, int], ctx: Context) -> None:
    for table in (VARIATIONS, PLANTS):
        quirk = table.get(key)
        if quirk is not None:
            quirk(draft, ctx)
