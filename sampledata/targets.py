"""The annual targets (年度目标) the district federation hands its streets.

Count and flow targets are each street's share of the district plan, so a street that
delivers its plan tracks time-elapsed progress (序时进度); the two lagging streets
deliver about 60% of theirs. Rate targets sit near the rate each street reaches by
year end (a few points above it for the lagging streets).
"""

from __future__ import annotations

from dataclasses import dataclass

from sampledata.activity import WAGE, YearPlan
from sampledata.population import IN_BUSINESS, INDEPENDENT, INDEPENDENT_THRESHOLD, Street

DISTRICT_LABEL = "全区"
YEAR_END = 12
LAGGING_THRESHOLD = 0.8  # performance below this: a lagging street
REPORTING_RATE_TARGET = 98


@dataclass(frozen=True)
class TargetKpi:
    code: str
    label: str  # as the 指标 cell reads: a code, a short or a full Chinese name
    kind: str  # count | rate
    rounding: int = 1  # count targets are rounded to this
    as_text_percent: bool = False  # rate written as '85%' (else the number 85)


TARGET_KPIS: tuple[TargetKpi, ...] = (
    TargetKpi("new_unions", "新建工会数", "count"),
    TargetKpi("union_formation_rate", "建会率", "rate", as_text_percent=True),
    TargetKpi("independent_union_rate", "independent_union_rate", "rate"),
    TargetKpi("membership_rate", "职工入会率", "rate", as_text_percent=True),
    TargetKpi("member_growth", "member_growth", "count", rounding=100),
    TargetKpi("wage_contract_rate", "工资集体协商建制率", "rate"),
    TargetKpi("contracts_signed", "contracts_signed", "count"),
    TargetKpi("service_cards", "会员服务卡办卡数", "count", rounding=100),
    TargetKpi("training_participants", "training_participants", "count", rounding=100),
    TargetKpi("reporting_rate", "报表上报率", "rate", as_text_percent=True),
)
# The district row of this KPI spells out the catalog's full name.
FULL_NAMES = {"union_formation_rate": "建会率（数据库正常经营企业建会率）"}


@dataclass(frozen=True)
class TargetRow:
    year: int
    street: str  # street name, or 全区
    kpi_label: str
    value: int | str  # a number, or a percentage text like '85%'


def target_rows(plan: YearPlan) -> list[TargetRow]:
    streets = plan.population.streets
    rows = []
    for kpi in TARGET_KPIS:
        by_street = {s.code: _street_target(plan, s, kpi) for s in streets}
        if kpi.kind == "count":
            district = sum(by_street.values())
        else:
            district = _district_rate_target(plan, kpi)
        rows.append(TargetRow(plan.year, DISTRICT_LABEL, FULL_NAMES.get(kpi.code, kpi.label),
                              _cell(kpi, district)))
        rows += [TargetRow(plan.year, s.name, kpi.label, _cell(kpi, by_street[s.code]))
                 for s in streets]
    return rows


def _cell(kpi: TargetKpi, value: int) -> int | str:
    return f"{value}%" if kpi.as_text_percent else value


def _street_target(plan: YearPlan, street: Street, kpi: TargetKpi) -> int:
    if kpi.kind == "count":
        base = plan.base[(street.code, kpi.code)]
        return max(kpi.rounding, round(base / kpi.rounding) * kpi.rounding)
    if kpi.code == "reporting_rate":
        return REPORTING_RATE_TARGET
    lagging = street.performance < LAGGING_THRESHOLD
    numerator, denominator = year_end_rate(plan, kpi.code, [street])
    percent = round(100 * numerator / denominator) if denominator else 0
    slack = 5 if kpi.code == "wage_contract_rate" else 1  # contracts still come in Nov-Dec
    return min(100, percent + 4) if lagging else max(0, percent - slack)


def _district_rate_target(plan: YearPlan, kpi: TargetKpi) -> int:
    if kpi.code == "reporting_rate":
        return REPORTING_RATE_TARGET
    numerator, denominator = year_end_rate(plan, kpi.code, list(plan.population.streets))
    slack = 5 if kpi.code == "wage_contract_rate" else 0
    return round(100 * numerator / denominator) - slack


def year_end_rate(plan: YearPlan, kpi_code: str, streets: list[Street]) -> tuple[int, int]:
    """(numerator, denominator) of a rate KPI at the end of the plan year."""
    wanted = {s.code for s in streets}
    units = [u for u in plan.population.units if u.street.code in wanted]
    states = {u.code: plan.state(u, YEAR_END) for u in units}
    if kpi_code in ("union_formation_rate", "independent_union_rate"):
        registry = [e for e in plan.population.registry
                    if e.street.code in wanted and e.status == IN_BUSINESS]
        if kpi_code == "independent_union_rate":
            registry = [e for e in registry if e.workers >= INDEPENDENT_THRESHOLD]
            hit = [e for e in registry
                   if e.code in states and states[e.code].union_form == INDEPENDENT]
        else:
            hit = [e for e in registry if e.code in states and states[e.code].unionized]
        return len(hit), len(registry)
    unionized = [u for u in units if states[u.code].unionized]
    if kpi_code == "membership_rate":
        return (sum(states[u.code].members for u in unionized),
                sum(states[u.code].workers for u in unionized))
    if kpi_code == "wage_contract_rate":
        covered = {unit.code for contracts in plan.contracts.values() for c in contracts
                   if c.contract_type == WAGE for unit, _ in c.parties}
        enterprises = [u for u in unionized if u.is_enterprise]
        return sum(u.code in covered for u in enterprises), len(enterprises)
    raise ValueError(kpi_code)
