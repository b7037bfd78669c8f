"""A deterministic sample district (江州市临湖区): every file its federation would
receive up to a given day, as real workbooks.

    generate(out_dir, as_of) -> paths, in the order they must be received:
        街道名录, 企业名录 (January), 年度目标, then the streets' monthly reports:
        December of the previous year (组建与会员 only: the baseline), then January up to
        the last complete month before as_of.

The same as_of always gives byte-identical files; a later as_of of the same year adds
months without changing the earlier ones.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from ingestion import template_spec as spec
from sampledata import quirks, sheets
from sampledata.activity import JOINT_UNION_DRIVES, YearPlan, plan_year
from sampledata.names import DISTRICT_FEDERATION, MARKET_REGULATOR, NameFactory
from sampledata.population import Street, build_population
from sampledata.seasons import BASELINE, month_start
from sampledata.targets import target_rows
from sampledata.writer import Column, FileDraft, PlantedIssue, write

REGISTRY_MONTH = 1  # the registry snapshot is dated January of the current year


@dataclass
class GeneratedDistrict:
    paths: list[Path]  # in receive order
    planted: list[PlantedIssue]  # every error (and warning) deliberately written
    plan: YearPlan


def generate(out_dir: Path, as_of: dt.date) -> list[Path]:
    """Write the sample district's files into out_dir; return them in receive order."""
    return write_district(out_dir, as_of).paths


def write_district(out_dir: Path, as_of: dt.date) -> GeneratedDistrict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = plan_year(build_population(as_of.year))
    paths, planted = [], []
    for draft in drafts(plan, last_month(as_of)):
        path, issues = write(draft, out_dir)
        paths.append(path)
        planted.extend(issues)
    return GeneratedDistrict(paths, planted, plan)


def last_month(as_of: dt.date) -> int:
    """The last complete month before as_of, in as_of's year (0: none yet)."""
    return as_of.month - 1


def drafts(plan: YearPlan, until_month: int) -> list[FileDraft]:
    files = [streets_draft(plan), registry_draft(plan), targets_draft(plan)]
    for t in (BASELINE, *range(1, until_month + 1)):
        for index, street in enumerate(plan.population.streets):
            files.append(monthly_draft(plan, street, index, t))
            drive = JOINT_UNION_DRIVES.get((street.code, t))
            if drive:
                files.append(joint_union_draft(plan, street, index, t, drive))
    return files


def _context(plan: YearPlan, t: int, key: str) -> quirks.Context:
    rng = random.Random(f"sampledata:{plan.year}:quirks:{key}")
    return quirks.Context(plan, t, rng, NameFactory(rng))


# --- reference files -----------------------------------------------------------------------
def streets_draft(plan: YearPlan) -> FileDraft:
    year = plan.year
    sheet = sheets.draft_sheet(spec.STREET_SHEET, sheets.street_rows(plan.population))
    return FileDraft("街道名录.xlsx", spec.STREETS, DISTRICT_FEDERATION, f"{year}-01",
                     dt.datetime(year, 1, 4, 9, 0), [sheet])


def registry_draft(plan: YearPlan) -> FileDraft:
    month = month_start(plan.year, REGISTRY_MONTH)
    sheet = sheets.draft_sheet(spec.REGISTRY_SHEET, sheets.registry_rows(plan.population))
    draft = FileDraft(f"企业名录_{month:%Y-%m}.xlsx", spec.REGISTRY, MARKET_REGULATOR,
                      f"{month:%Y-%m}", dt.datetime(plan.year, 1, 20, 16, 0), [sheet])
    ctx = _context(plan, REGISTRY_MONTH, "registry")
    quirks.apply(draft, ("registry", REGISTRY_MONTH), ctx)
    return draft


def targets_draft(plan: YearPlan) -> FileDraft:
    sheet = sheets.draft_sheet(spec.TARGET_SHEET, sheets.target_sheet_rows(target_rows(plan)),
                               title_prefix=f"{DISTRICT_FEDERATION}{plan.year}年度")
    sheet.columns.append(Column("备注", extra=lambda row, i: _target_note(row), width=24))
    return FileDraft(f"年度目标_{plan.year}.xlsx", spec.TARGETS, DISTRICT_FEDERATION,
                     f"{plan.year}年1月", dt.datetime(plan.year, 2, 10, 10, 0), [sheet])


def _target_note(row: dict) -> str | None:
    return "区总工会全委会审议通过" if row["street"] == "全区" else None


# --- monthly reports -------------------------------------------------------------------------
def monthly_draft(plan: YearPlan, street: Street, index: int, t: int) -> FileDraft:
    month = month_start(plan.year, t)
    draft = FileDraft(
        file_name=f"{street.name}_{month:%Y-%m}.xlsx", kind=spec.MONTHLY,
        submitter=street.federation, month_label=f"{month:%Y-%m}",
        created=sheets.submission_time(month, index),
        sheets=sheets.monthly_sheets(plan, street, t),
    )
    if t != BASELINE:
        quirks.apply(draft, (street.code, t), _context(plan, t, f"{street.code}-{t}"))
    return draft


def joint_union_draft(plan: YearPlan, street: Street, index: int, t: int, union: str) -> FileDraft:
    """A joint union's own 服务卡 report for its member enterprises: a GB18030 CSV with a
    单位名称 column the template does not have, a 合计 row and a footer."""
    month = month_start(plan.year, t)
    rows = sheets.card_rows(plan, street, t, submitted_by=union)
    sheet = sheets.draft_sheet(spec.SERVICE_CARDS, rows, title_prefix=union)
    sheet.columns.insert(1, Column("单位名称", extra=lambda row, i: row["_unit"].name))
    sheet.totals_row = True
    ctx = _context(plan, t, f"{union}-{t}")
    sheet.footer = [f"填表人：{ctx.names.person()}", f"联系电话：{ctx.names.phone()}"]
    return FileDraft(
        file_name=f"{union}_{month:%Y-%m}.csv", kind=spec.MONTHLY, submitter=union,
        month_label=f"{month.year}年{month.month}月",
        created=sheets.submission_time(month, index), sheets=[sheet], csv_encoding="gb18030",
    )
