"""What happens in the sample district during the year: unions founded, members
recruited, contracts signed, service cards issued, classes held, disputes mediated,
workers assisted; and which units miss a monthly report.

The whole year (months 1..12) is planned from the year alone, so a district generated
in June holds exactly the months January..May of one generated in November.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from sampledata.names import TRAINING_TITLES
from sampledata.population import (
    INDEPENDENT, INDEPENDENT_THRESHOLD, JOINT, NOT_UNIONIZED, STREET_BY_CODE, Population,
    Street, Unit,
)
from sampledata.seasons import (
    MONTHS, allocate, cumulative_share, day_in_month, monthly_volumes,
    weighted_sample, years_later,
)

# --- the district's annual plan (at performance 1.0) --------------------------------
NEW_UNIONS = 250
MEMBER_GROWTH = 50_500
SERVICE_CARDS = 49_000
TRAINING_PARTICIPANTS = 31_000
ASSISTED_WORKERS = 2_600
MEAN_CLASS_SIZE = 62
WAGE, GENERAL, WOMEN = "工资专项集体合同", "综合集体合同", "女职工专项集体合同"
SINGLE, REGIONAL, INDUSTRY = "单独签订", "区域性", "行业性"
# (合同类别, single or multi-enterprise, contracts per year, seasonality)
CONTRACT_PLAN = (
    (WAGE, SINGLE, 630, "wage_contracts"),
    (WAGE, REGIONAL, 48, "wage_contracts"),
    (GENERAL, SINGLE, 360, "general_contracts"),
    (GENERAL, REGIONAL, 25, "general_contracts"),
    (WOMEN, SINGLE, 30, "general_contracts"),
)
CONTRACT_ABBREVIATIONS = {WAGE: "GZ", GENERAL: "ZH", WOMEN: "NZ"}
# A multi-enterprise contract of these streets reaches over the border into a neighbour.
CROSS_STREET_CONTRACTS = {"JD01": "JD02", "JD06": "JD03"}
DISPUTE_CASES = {"JD01": 70, "JD02": 50, "JD03": 25, "JD05": 45, "JD06": 30}  # per year
# A joint union (联合工会) that submits its member enterprises' service cards itself.
JOINT_UNION_DRIVES = {("JD08", 7): "白鹭街道商贸联合工会"}
# Units whose headcount falls below their membership (layoffs): street -> first month.
LAYOFFS = {"JD01": 8, "JD04": 9, "JD06": 10}


@dataclass(frozen=True)
class UnitState:
    """One 组建与会员 row: a unit's state at a month's end."""

    workers: int
    migrant_workers: int
    members: int
    migrant_members: int
    union_form: str
    union_date: dt.date | None
    legal_person: bool
    workers_congress: bool
    openness: bool

    @property
    def unionized(self) -> bool:
        return self.union_form != NOT_UNIONIZED


@dataclass(frozen=True)
class Contract:
    number: str
    contract_type: str
    sign_form: str
    signed_on: dt.date
    expires_on: dt.date
    lead_street: Street  # the street federation that reports it
    parties: tuple[tuple[Unit, int], ...]  # covered enterprise, covered workers


@dataclass(frozen=True)
class CardFlow:
    unit: Unit
    info_collected: int
    cards_issued: int
    submitted_by: str | None = None  # a joint union reporting on its own


@dataclass(frozen=True)
class TrainingClass:
    organiser_code: str
    street: Street
    name: str
    training_type: str
    start_date: dt.date
    participants: int
    hours: float


@dataclass(frozen=True)
class DisputeFlow:
    unit: Unit
    received: int
    mediated: int
    amount: float  # 万元


@dataclass(frozen=True)
class AssistanceFlow:
    unit: Unit
    workers: int
    amount: float  # 万元


Key = tuple[str, int]  # (street code, month index)


@dataclass
class YearPlan:
    year: int
    population: Population
    states: dict[str, list[UnitState]] = field(default_factory=dict)  # unit code -> [t]
    join_month: dict[str, int] = field(default_factory=dict)  # new unions: code -> month
    missing: set[tuple[str, int]] = field(default_factory=set)  # (unit code, month)
    contracts: dict[Key, list[Contract]] = field(default_factory=lambda: defaultdict(list))
    cards: dict[Key, list[CardFlow]] = field(default_factory=lambda: defaultdict(list))
    trainings: dict[Key, list[TrainingClass]] = field(default_factory=lambda: defaultdict(list))
    disputes: dict[Key, list[DisputeFlow]] = field(default_factory=lambda: defaultdict(list))
    assistance: dict[Key, list[AssistanceFlow]] = field(default_factory=lambda: defaultdict(list))
    # Annual plan of each street at performance 1.0: (street code, kpi code) -> volume.
    base: dict[tuple[str, str], float] = field(default_factory=dict)

    def state(self, unit: Unit, t: int) -> UnitState:
        return self.states[unit.code][t]

    def reports(self, unit: Unit, t: int) -> bool:
        return (unit.code, t) not in self.missing


def plan_year(population: Population) -> YearPlan:
    plan = YearPlan(population.year, population)
    rng = random.Random(f"sampledata:{population.year}:activity")
    _plan_new_unions(plan, rng)
    _plan_states(plan, rng)
    _plan_layoffs(plan, rng)
    _plan_missing_reports(plan, rng)
    _plan_contracts(plan, rng)
    _plan_service_cards(plan, rng)
    _plan_trainings(plan, rng)
    _plan_disputes(plan, rng)
    _plan_assistance(plan, rng)
    return plan


# --- shares of the district plan ------------------------------------------------------
def _street_shares(population: Population, weigh) -> dict[str, float]:
    totals = {s.code: sum(weigh(u) for u in population.units_of(s)) for s in population.streets}
    grand = sum(totals.values())
    return {code: value / grand for code, value in totals.items()}


def _street_volume(plan: YearPlan, street: Street, kpi: str, district_volume: float,
                   share: float) -> int:
    """Record the street's plan (for its targets) and return what it actually delivers."""
    base = district_volume * share
    plan.base[(street.code, kpi)] = plan.base.get((street.code, kpi), 0.0) + base
    return round(base * street.performance)


# --- unions and members ---------------------------------------------------------------
def _plan_new_unions(plan: YearPlan, rng: random.Random) -> None:
    population = plan.population
    shares = _street_shares(population, lambda u: 0 if u.unionized else 1)
    for street in population.streets:
        candidates = [u for u in population.units_of(street) if not u.unionized]
        wanted = _street_volume(plan, street, "new_unions", NEW_UNIONS, shares[street.code])
        chosen = weighted_sample(rng, candidates, [math.sqrt(u.workers) for u in candidates],
                                 max(0, min(wanted, len(candidates) - 1)))
        volumes = monthly_volumes(len(chosen), "new_unions")
        months = [m for m, n in zip(MONTHS, volumes) for _ in range(n)]
        rng.shuffle(chosen)
        for unit, month in zip(chosen, months, strict=True):
            plan.join_month[unit.code] = month


def _plan_states(plan: YearPlan, rng: random.Random) -> None:
    population = plan.population
    growth_share = _street_shares(population, lambda u: u.workers if u.unionized else 0)
    for street in population.streets:
        units = population.units_of(street)
        workers = {u.code: _headcount_path(u, rng) for u in units}
        members = {u.code: _members_before_recruitment(plan, u, workers[u.code], rng)
                   for u in units}
        target = _street_volume(plan, street, "member_growth", MEMBER_GROWTH,
                                growth_share[street.code])
        from_new_unions = sum(members[u.code][12] for u in units if u.code in plan.join_month)
        _recruit_members(units, workers, members, max(0, target - from_new_unions), rng)
        for unit in units:
            plan.states[unit.code] = _state_path(plan, unit, workers[unit.code],
                                                 members[unit.code], rng)


def _headcount_path(unit: Unit, rng: random.Random) -> list[int]:
    growth = max(-0.2, min(0.3, rng.gauss(0.035, 0.06)))
    return [max(1, round(unit.workers * (1 + growth * t / 12))) for t in range(13)]


def _members_before_recruitment(plan: YearPlan, unit: Unit, workers: list[int],
                                rng: random.Random) -> list[int]:
    """Members before this year's recruitment drives: steady in an existing union, none
    without a union, a burst when a new union is founded."""
    if unit.unionized:
        return [min(w, round(unit.workers * unit.membership_ratio)) for w in workers]
    join = plan.join_month.get(unit.code)
    if join is None:
        return [0] * 13
    ratio = rng.uniform(0.7, 0.95)
    return [0 if t < join else min(workers[t], round(workers[t] * (ratio + 0.04 * (t - join) / 12)))
            for t in range(13)]


def _recruit_members(units: list[Unit], workers: dict[str, list[int]],
                     members: dict[str, list[int]], target: int, rng: random.Random) -> None:
    """Spread the street's recruitment over its existing unions by room to grow,
    month by month along the seasonal curve."""
    existing = [u for u in units if u.unionized]
    room = {u.code: max(0, math.floor(0.98 * workers[u.code][12]) - members[u.code][0])
            for u in existing}
    weights = [room[u.code] * rng.uniform(0.3, 1.7) for u in existing]
    gains = allocate(target, weights)
    curve = cumulative_share("member_growth")
    for unit, gain in zip(existing, gains, strict=True):
        gain = min(gain, room[unit.code])
        path = members[unit.code]
        for t in range(13):
            path[t] = min(workers[unit.code][t], path[0] + round(gain * curve[t]))


def _state_path(plan: YearPlan, unit: Unit, workers: list[int], members: list[int],
                rng: random.Random) -> list[UnitState]:
    join = plan.join_month.get(unit.code)
    if join is not None:
        form = INDEPENDENT if unit.workers >= INDEPENDENT_THRESHOLD or rng.random() < 0.3 else JOINT
        founded = day_in_month(rng, plan.year, join)
        registered_from = join + 2 if rng.random() < 0.7 else 99
        congress_from = join + 4 if rng.random() < 0.25 else 99
    migrant_member_factor = rng.uniform(0.75, 1.0)
    states = []
    for t in range(13):
        migrants = round(workers[t] * unit.migrant_share)
        migrant_members = min(members[t],
                              round(members[t] * unit.migrant_share * migrant_member_factor))
        if join is None:
            form_t, date_t = unit.union_form, unit.union_date
            flags = (unit.legal_person, unit.workers_congress, unit.openness)
        elif t < join:
            form_t, date_t, flags = NOT_UNIONIZED, None, (False, False, False)
        else:
            form_t, date_t = form, founded
            flags = (t >= registered_from, t >= congress_from, t >= congress_from)
        states.append(UnitState(workers[t], min(migrants, workers[t]), members[t], migrant_members,
                                form_t, date_t, *flags))
    return states


def _plan_layoffs(plan: YearPlan, rng: random.Random) -> None:
    """A few unions keep their members after a layoff: 会员人数 > 职工人数 (a warning)."""
    population = plan.population
    for street_code, first_month in LAYOFFS.items():
        candidates = [u for u in population.units_of(STREET_BY_CODE[street_code])
                      if u.is_enterprise and u.unionized and 40 <= u.workers <= 400
                      and u.membership_ratio >= 0.8]
        if not candidates:
            continue
        unit = candidates[0]
        path = plan.states[unit.code]
        kept = path[first_month - 1]
        for t in range(first_month, 13):
            workers = math.floor(kept.members * rng.uniform(0.8, 0.92))
            path[t] = UnitState(workers, min(kept.migrant_workers, workers), kept.members,
                                kept.migrant_members, kept.union_form, kept.union_date,
                                kept.legal_person, kept.workers_congress, kept.openness)


def _plan_missing_reports(plan: YearPlan, rng: random.Random) -> None:
    """Each month a few units are left out of their street's report (never in the month
    their union is founded)."""
    for street in plan.population.streets:
        for unit in plan.population.units_of(street):
            for t in MONTHS:
                if t != plan.join_month.get(unit.code) and rng.random() < street.missing_rate:
                    plan.missing.add((unit.code, t))


# --- collective contracts -------------------------------------------------------------
def _plan_contracts(plan: YearPlan, rng: random.Random) -> None:
    population = plan.population
    shares = _street_shares(population, lambda u: 1 if u.is_enterprise and u.unionized else 0)
    covered: dict[str, set[str]] = defaultdict(set)  # contract type -> enterprises signed this year
    for street in population.streets:
        numbering: dict[str, int] = defaultdict(int)
        for contract_type, form, per_year, season in CONTRACT_PLAN:
            count = _street_volume(plan, street, "contracts_signed", per_year, shares[street.code])
            for t, n in zip(MONTHS, monthly_volumes(count, season)):
                for _ in range(n):
                    contract = _sign_contract(plan, street, t, contract_type, form,
                                              covered[contract_type], numbering, rng)
                    if contract is not None:
                        plan.contracts[(street.code, t)].append(contract)


def _contract_pool(plan: YearPlan, street: Street, t: int, already: set[str],
                   small_only: bool) -> list[Unit]:
    pool = []
    for unit in plan.population.units_of(street):
        state = plan.state(unit, t)
        if not unit.is_enterprise or not state.unionized or unit.code in already:
            continue
        if small_only and state.workers >= 60:
            continue
        if not small_only and (state.union_form != INDEPENDENT or state.workers < 8):
            continue
        pool.append(unit)
    return pool


def _sign_contract(plan: YearPlan, street: Street, t: int, contract_type: str, form: str,
                   already: set[str], numbering: dict[str, int],
                   rng: random.Random) -> Contract | None:
    multi = form != SINGLE
    pool = _contract_pool(plan, street, t, already, small_only=multi)
    if not pool:
        return None
    if not multi:
        parties = weighted_sample(rng, pool, [math.sqrt(plan.state(u, t).workers) for u in pool], 1)
        sign_form = SINGLE
    else:
        sign_form = rng.choice((REGIONAL, INDUSTRY))
        if sign_form == INDUSTRY:
            sector = rng.choice(pool).industry.sector
            pool = [u for u in pool if u.industry.sector == sector]
        parties = rng.sample(pool, min(len(pool), rng.randint(3, 9)))
        neighbour = CROSS_STREET_CONTRACTS.get(street.code)
        if neighbour and numbering[f"multi-{contract_type}"] == 0:
            outside = _contract_pool(plan, STREET_BY_CODE[neighbour], t, already, small_only=True)
            parties += rng.sample(outside, min(2, len(outside)))
        numbering[f"multi-{contract_type}"] += 1
    already.update(u.code for u in parties)
    numbering[contract_type] += 1
    abbreviation = CONTRACT_ABBREVIATIONS[contract_type]
    marker = {SINGLE: "", REGIONAL: "QY", INDUSTRY: "HY"}[sign_form]
    number = f"{street.code}-{plan.year}-{marker}{abbreviation}{numbering[contract_type]:03d}"
    signed_on = day_in_month(rng, plan.year, t)
    term = rng.choices((3, 2, 1), weights=(85, 10, 5))[0]
    return Contract(number, contract_type, sign_form, signed_on, years_later(signed_on, term),
                    street, tuple((u, plan.state(u, t).workers) for u in parties))


# --- flows: service cards, trainings, disputes, assistance ------------------------------
def _unionized_at(plan: YearPlan, street: Street, t: int) -> list[Unit]:
    return [u for u in plan.population.units_of(street) if plan.state(u, t).unionized]


def _plan_service_cards(plan: YearPlan, rng: random.Random) -> None:
    population = plan.population
    shares = _street_shares(population, lambda u: u.workers * u.membership_ratio)
    for street in population.streets:
        annual = _street_volume(plan, street, "service_cards", SERVICE_CARDS, shares[street.code])
        for t, total in zip(MONTHS, monthly_volumes(annual, "service_cards")):
            active = _unionized_at(plan, street, t)
            drive = JOINT_UNION_DRIVES.get((street.code, t))
            drive_units = _joint_union_members(plan, active, t)[:10] if drive else []
            active = [u for u in active if u not in drive_units]
            k = max(3, round(len(active) * 0.11))
            chosen = weighted_sample(rng, active, [plan.state(u, t).members + 1 for u in active], k)
            weights = [plan.state(u, t).members * rng.uniform(0.4, 1.6) + 1 for u in chosen]
            flows = [_card_flow(u, n, rng) for u, n in zip(chosen, allocate(total, weights))]
            flows += [_card_flow(u, rng.randint(2, 8), rng, drive) for u in drive_units]
            plan.cards[(street.code, t)] = flows


def _joint_union_members(plan: YearPlan, units: list[Unit], t: int) -> list[Unit]:
    return [u for u in units if u.is_enterprise and plan.state(u, t).union_form == JOINT]


def _card_flow(unit: Unit, cards: int, rng: random.Random,
               submitted_by: str | None = None) -> CardFlow:
    collected = cards + round(cards * rng.uniform(0.0, 0.35))
    if rng.random() < 0.15:
        collected += rng.randint(1, 6)  # collected this month, cards to follow
    return CardFlow(unit, collected, cards, submitted_by)


TRAINING_MIX = {  # 培训类别 -> (share of classes, typical size, typical hours)
    "职工技能培训": (30, 45, (8, 16, 24, 40)),
    "工会干部培训": (15, 40, (4, 8, 16)),
    "安全生产培训": (25, 85, (2, 3, 4, 8)),
    "法律知识培训": (18, 60, (2, 3, 4)),
    "其他": (12, 55, (1.5, 2, 3)),
}


def _plan_trainings(plan: YearPlan, rng: random.Random) -> None:
    population = plan.population
    shares = _street_shares(population, lambda u: u.workers)
    types = list(TRAINING_MIX)
    for street in population.streets:
        annual = _street_volume(plan, street, "training_participants", TRAINING_PARTICIPANTS,
                                shares[street.code])
        for t, total in zip(MONTHS, monthly_volumes(annual, "training")):
            if total == 0:
                continue
            n_classes = max(1, round(total / MEAN_CLASS_SIZE))
            kinds = rng.choices(types, weights=[TRAINING_MIX[k][0] for k in types], k=n_classes)
            sizes = allocate(total, [TRAINING_MIX[k][1] * rng.uniform(0.5, 1.6) for k in kinds])
            hosts = [u for u in _unionized_at(plan, street, t) if plan.state(u, t).workers >= 30]
            plan.trainings[(street.code, t)] = [
                _training_class(plan, street, t, kind, max(5, size), hosts, rng)
                for kind, size in zip(kinds, sizes)
            ]


def _training_class(plan: YearPlan, street: Street, t: int, kind: str, size: int,
                    hosts: list[Unit], rng: random.Random) -> TrainingClass:
    title = rng.choice(TRAINING_TITLES[kind])
    if rng.random() < 0.3 or not hosts:
        organiser, name = plan.population.federation_codes[street.code], f"{street.name}{title}"
    else:
        organiser, name = rng.choice(hosts).code, title
    hours = rng.choice(TRAINING_MIX[kind][2])
    start = day_in_month(rng, plan.year, t)
    return TrainingClass(organiser, street, name, kind, start, size, hours)


def _plan_disputes(plan: YearPlan, rng: random.Random) -> None:
    for street_code, per_year in DISPUTE_CASES.items():
        street = STREET_BY_CODE[street_code]
        units = plan.population.units_of(street)
        for t, cases in zip(MONTHS, monthly_volumes(per_year, "disputes")):
            flows = []
            while cases > 0:
                received = min(cases, rng.choices((1, 2, 3), weights=(70, 22, 8))[0])
                cases -= received
                mediated = sum(rng.random() < 0.78 for _ in range(received))
                amount = round(received * rng.uniform(0.3, 6.0), 2)
                flows.append(DisputeFlow(rng.choice(units), received, mediated, amount))
            plan.disputes[(street_code, t)] = flows


def _plan_assistance(plan: YearPlan, rng: random.Random) -> None:
    population = plan.population
    shares = _street_shares(population, lambda u: u.workers)
    for street in population.streets:
        annual = round(ASSISTED_WORKERS * shares[street.code])  # no target: plan as is
        for t, persons in zip(MONTHS, monthly_volumes(annual, "assistance")):
            units = _unionized_at(plan, street, t)
            flows = []
            while persons > 0:
                helped = min(persons, rng.randint(2, 20))
                persons -= helped
                per_person = rng.uniform(0.1, 0.3) if t == 1 else rng.uniform(0.05, 0.25)
                amount = round(helped * per_person, 2)
                flows.append(AssistanceFlow(rng.choice(units), helped, amount))
            plan.assistance[(street.code, t)] = flows
