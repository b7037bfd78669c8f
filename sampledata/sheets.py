"""Draft the sheets of each file from the year's plan, in the template's canonical
layout: one column per template column, headed by its canonical name."""

from __future__ import annotations

import datetime as dt

from ingestion import template_spec as spec
from sampledata.activity import YearPlan
from sampledata.names import DISTRICT
from sampledata.population import Population, Street
from sampledata.seasons import BASELINE
from sampledata.targets import TargetRow
from sampledata.writer import Column, SheetDraft

TITLES = {
    spec.ORG_UNITS.key: "基层工会组建与会员情况月报表",
    spec.CONTRACTS.key: "集体合同签订情况月报表",
    spec.SERVICE_CARDS.key: "会员服务卡办理情况月报表",
    spec.TRAININGS.key: "职工培训情况月报表",
    spec.DISPUTES.key: "劳动争议调解情况月报表",
    spec.ASSISTANCE.key: "困难职工帮扶情况月报表",
    spec.REGISTRY_SHEET.key: "企业名录（法人库）",
    spec.STREET_SHEET.key: "街道（镇）名录",
    spec.TARGET_SHEET.key: "目标任务分解表",
}
WIDTHS = {"credit_code": 22, "unit_name": 36, "training_name": 32, "contract_no": 20,
          "contract_type": 20, "training_type": 14, "street": 12, "kpi_code": 34}
# Streets whose clerks fill 所属街道 only for classes the street federation itself runs.
STREET_ONLY_FOR_OWN_CLASSES = {"JD05", "JD06", "JD07", "JD08"}


def default_columns(sheet_type: spec.SheetType) -> list[Column]:
    return [Column(c.name, c.field, width=WIDTHS.get(c.field, 12)) for c in sheet_type.columns]


def draft_sheet(sheet_type: spec.SheetType, rows: list[dict],
                title_prefix: str = DISTRICT) -> SheetDraft:
    return SheetDraft(sheet_type, sheet_type.name, f"{title_prefix}{TITLES[sheet_type.key]}",
                      default_columns(sheet_type), rows)


# --- monthly sheets -----------------------------------------------------------------------
def org_unit_rows(plan: YearPlan, street: Street, t: int) -> list[dict]:
    rows = []
    for unit in plan.population.units_of(street):
        if t != BASELINE and not plan.reports(unit, t):
            continue
        state = plan.state(unit, t)
        rows.append({
            "credit_code": unit.code, "unit_name": unit.name, "street": street.name,
            "unit_type": unit.unit_type, "ownership": unit.ownership,
            "workers": state.workers, "migrant_workers": state.migrant_workers,
            "members": state.members, "migrant_members": state.migrant_members,
            "union_form": state.union_form, "union_date": state.union_date,
            "legal_person": state.legal_person, "workers_congress": state.workers_congress,
            "openness": state.openness, "_unit": unit,
        })
    return rows


def contract_rows(plan: YearPlan, street: Street, t: int) -> list[dict]:
    return [
        {"credit_code": unit.code, "contract_no": c.number, "contract_type": c.contract_type,
         "sign_form": c.sign_form, "signed_on": c.signed_on, "expires_on": c.expires_on,
         "covered_workers": covered, "_unit": unit}
        for c in plan.contracts[(street.code, t)] for unit, covered in c.parties
    ]


def card_rows(plan: YearPlan, street: Street, t: int,
              submitted_by: str | None = None) -> list[dict]:
    return [
        {"credit_code": f.unit.code, "street": street.name, "info_collected": f.info_collected,
         "cards_issued": f.cards_issued, "_unit": f.unit}
        for f in plan.cards[(street.code, t)] if f.submitted_by == submitted_by
    ]


def training_rows(plan: YearPlan, street: Street, t: int) -> list[dict]:
    own = plan.population.federation_codes[street.code]
    rows = []
    for c in plan.trainings[(street.code, t)]:
        fill_street = c.organiser_code == own or street.code not in STREET_ONLY_FOR_OWN_CLASSES
        rows.append({
            "credit_code": c.organiser_code, "street": street.name if fill_street else None,
            "training_name": c.name, "training_type": c.training_type, "start_date": c.start_date,
            "participants": c.participants, "hours": c.hours,
        })
    return rows


def dispute_rows(plan: YearPlan, street: Street, t: int) -> list[dict]:
    return [
        {"credit_code": f.unit.code, "street": street.name, "cases_received": f.received,
         "cases_mediated": f.mediated, "amount": f.amount, "_unit": f.unit}
        for f in plan.disputes.get((street.code, t), [])
    ]


def assistance_rows(plan: YearPlan, street: Street, t: int) -> list[dict]:
    return [
        {"credit_code": f.unit.code, "street": street.name, "assisted_workers": f.workers,
         "amount": f.amount, "_unit": f.unit}
        for f in plan.assistance.get((street.code, t), [])
    ]


def monthly_sheets(plan: YearPlan, street: Street, t: int) -> list[SheetDraft]:
    """组建与会员 always; the flow sheets from January on; the optional sheets when the
    street has something to report on them."""
    sheets = [draft_sheet(spec.ORG_UNITS, org_unit_rows(plan, street, t))]
    if t == BASELINE:
        return sheets
    sheets += [
        draft_sheet(spec.CONTRACTS, contract_rows(plan, street, t)),
        draft_sheet(spec.SERVICE_CARDS, card_rows(plan, street, t)),
        draft_sheet(spec.TRAININGS, training_rows(plan, street, t)),
    ]
    for sheet_type, rows in ((spec.DISPUTES, dispute_rows(plan, street, t)),
                             (spec.ASSISTANCE, assistance_rows(plan, street, t))):
        if rows:
            sheets.append(draft_sheet(sheet_type, rows))
    return sheets


# --- reference sheets ------------------------------------------------------------------------
def street_rows(population: Population) -> list[dict]:
    return [{"street_code": s.code, "street_name": s.name, "street_type": s.kind}
            for s in population.streets]


def registry_rows(population: Population) -> list[dict]:
    reporting = {u.code for u in population.units}
    return [
        {"credit_code": e.code, "unit_name": e.name, "street": e.street.name, "workers": e.workers,
         "status": e.status, "_category": e.category, "_reports": e.code in reporting}
        for e in population.registry
    ]


def target_sheet_rows(rows: list[TargetRow]) -> list[dict]:
    return [{"year": r.year, "street": r.street, "kpi_code": r.kpi_label, "target_value": r.value}
            for r in rows]


def submission_time(month: dt.date, street_index: int) -> dt.datetime:
    """When a report for `month` was filed: early the following month."""
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return dt.datetime(following.year, following.month, 2 + street_index % 6, 9, 30)
