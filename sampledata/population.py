"""Who is in the sample district: its streets, the grassroots units that report, and
the enterprise registry (企业名录), as they stand at the end of the previous year."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from sampledata import codes
from sampledata.names import COOPERATIVE_TERM, INDUSTRIES, Industry, NameFactory
from sampledata.seasons import weighted_sample

ENTERPRISE, AGENCY, INSTITUTION, SOCIAL_ORG = "企业", "机关", "事业单位", "社会组织"
INDEPENDENT, JOINT, NOT_UNIONIZED = "单独建会", "联合建会", "未建会"
IN_BUSINESS = "在营"
CLOSED_STATUSES = ("注销", "吊销", "迁出")
INDEPENDENT_THRESHOLD = 25  # 25人以上企业 must form their own union


@dataclass(frozen=True)
class Street:
    code: str
    name: str
    kind: str  # 类型: 街道 | 镇 | 开发区
    units: int  # grassroots units it reports on
    profile: str  # urban | town | tech: its mix of industries
    performance: float  # share of the annual plan it delivers (1.0 = on plan)
    unorganized_share: float  # share of its reporting enterprises without a union at the baseline
    missing_rate: float  # share of its units missing from a monthly report

    @property
    def federation(self) -> str:
        return f"{self.name}总工会"


# Two streets lag badly this year (南山镇, 青石街道); the rest are near or ahead of plan.
STREETS: tuple[Street, ...] = (
    Street("JD01", "东湖街道", "街道", 700, "urban", 1.04, 0.14, 0.010),
    Street("JD02", "西城街道", "街道", 520, "urban", 1.00, 0.14, 0.012),
    Street("JD03", "南山镇", "镇", 360, "town", 0.62, 0.20, 0.045),
    Street("JD04", "北苑街道", "街道", 430, "urban", 1.07, 0.13, 0.008),
    Street("JD05", "高新开发区", "开发区", 390, "tech", 0.97, 0.16, 0.012),
    Street("JD06", "临江镇", "镇", 210, "town", 1.02, 0.17, 0.010),
    Street("JD07", "青石街道", "街道", 110, "urban", 0.60, 0.19, 0.050),
    Street("JD08", "白鹭街道", "街道", 80, "urban", 1.10, 0.15, 0.010),
)
STREET_BY_CODE = {s.code: s for s in STREETS}

# Sector weights of each street profile.
PROFILES: dict[str, dict[str, float]] = {
    "urban": {"factory": 1, "build": 1.5, "service": 5, "office": 3, "tech": 1, "farm": 0},
    "town": {"factory": 5, "build": 2, "service": 2, "office": 0.5, "tech": 0.5, "farm": 1.5},
    "tech": {"factory": 3, "build": 0.5, "service": 1.5, "office": 1.5, "tech": 5, "farm": 0},
}
PUBLIC_SHARE = 0.082  # 机关、事业单位、社会组织 among a street's units
BRANCH_SHARE = 0.015  # branches (分公司) of companies from elsewhere: not in the 法人 registry
UNREPORTED_REGISTRY_SHARE = 0.17  # registry enterprises never reported, per reported unit
UNREPORTED_CLOSED_SHARE = 0.18  # of those, share 注销/吊销/迁出


@dataclass
class Unit:
    """A grassroots unit as reported in 组建与会员, at the baseline (December, year-1)."""

    code: str
    name: str
    street: Street
    unit_type: str
    ownership: str | None
    industry: Industry | None
    workers: int
    migrant_share: float
    union_form: str
    union_date: dt.date | None
    membership_ratio: float  # 会员/职工 (0 without a union)
    legal_person: bool
    workers_congress: bool
    openness: bool
    in_registry: bool = False

    @property
    def unionized(self) -> bool:
        return self.union_form != NOT_UNIONIZED

    @property
    def is_enterprise(self) -> bool:
        return self.unit_type == ENTERPRISE


@dataclass(frozen=True)
class RegistryEntry:
    code: str
    name: str
    street: Street
    workers: int
    status: str
    category: str  # 行业门类 (an extra column the loader ignores)


@dataclass
class Population:
    year: int
    streets: tuple[Street, ...]
    units: list[Unit]
    registry: list[RegistryEntry]
    federation_codes: dict[str, str]  # street code -> its federation's credit code
    rosters: dict[str, list[Unit]] = field(default_factory=dict)  # street code -> row order

    def units_of(self, street: Street) -> list[Unit]:
        return self.rosters[street.code]


def build_population(year: int) -> Population:
    rng = random.Random(f"sampledata:{year}:population")
    code_factory = codes.CodeFactory(rng)
    names = NameFactory(rng)
    federation_codes = {s.code: code_factory.new(codes.TRADE_UNION) for s in STREETS}
    population = Population(year, STREETS, [], [], federation_codes)

    for street in STREETS:
        builder = _StreetBuilder(street, year, rng, code_factory, names)
        units = builder.public_units() + builder.enterprises()
        builder.mark_unorganized(units)
        rng.shuffle(units)
        population.rosters[street.code] = units
        population.units.extend(units)
        population.registry.extend(builder.registry_entries(units))
        population.registry.extend(builder.unreported_registry())

    population.registry.sort(key=lambda e: e.code)
    return population


class _StreetBuilder:
    def __init__(self, street: Street, year: int, rng: random.Random,
                 code_factory: codes.CodeFactory, names: NameFactory):
        self.street, self.year, self.rng = street, year, rng
        self.codes, self.names = code_factory, names

    # --- public bodies ---------------------------------------------------------------
    def public_units(self) -> list[Unit]:
        n_public = round(self.street.units * PUBLIC_SHARE)
        split = {AGENCY: round(n_public * 0.22), SOCIAL_ORG: round(n_public * 0.25)}
        split[INSTITUTION] = n_public - split[AGENCY] - split[SOCIAL_ORG]
        units = []
        for unit_type, count in split.items():
            for _ in range(count):
                units.append(self._public_unit(unit_type))
        return units

    def _public_unit(self, unit_type: str) -> Unit:
        rng, street = self.rng, self.street
        if unit_type == AGENCY:
            name = self.names.agency(street.name)
            code = self.codes.new(codes.GOVERNMENT_AGENCY, new_style=False)
            workers = _clamp(round(rng.lognormvariate(math.log(55), 0.6)), 12, 600)
            migrant, ratio = rng.uniform(0.0, 0.03), rng.uniform(0.93, 1.0)
        elif unit_type == INSTITUTION:
            name = self.names.institution(street.name)
            code = self.codes.new(codes.PUBLIC_INSTITUTION, new_style=False)
            big = any(word in name for word in ("医院", "中医院", "保健院"))
            workers = round(rng.uniform(500, 1400)) if big else \
                _clamp(round(rng.lognormvariate(math.log(70), 0.5)), 15, 400)
            migrant, ratio = rng.uniform(0.0, 0.08), rng.uniform(0.88, 0.99)
        else:
            name, is_association = self.names.social_organization(street.name)
            prefix = codes.SOCIAL_ASSOCIATION if is_association else codes.PRIVATE_NONPROFIT
            code = self.codes.new(prefix, new_style=rng.random() < 0.7)
            workers = _clamp(round(rng.lognormvariate(math.log(14), 0.6)), 3, 120)
            migrant, ratio = rng.uniform(0.05, 0.35), rng.uniform(0.65, 0.95)
        tiny_association = unit_type == SOCIAL_ORG and workers < 10
        form = JOINT if tiny_association and rng.random() < 0.6 else INDEPENDENT
        return Unit(
            code=code, name=name, street=street, unit_type=unit_type, ownership=None,
            industry=None, workers=workers, migrant_share=migrant, union_form=form,
            union_date=self._union_date(1985 if unit_type != SOCIAL_ORG else 2005),
            membership_ratio=ratio,
            legal_person=rng.random() < (0.9 if form == INDEPENDENT else 0.3),
            workers_congress=rng.random() < (0.95 if unit_type != SOCIAL_ORG else 0.5),
            openness=rng.random() < (0.93 if unit_type != SOCIAL_ORG else 0.45),
        )

    # --- enterprises -------------------------------------------------------------------
    def enterprises(self) -> list[Unit]:
        street = self.street
        n_public = round(street.units * PUBLIC_SHARE)
        n_branches = round(street.units * BRANCH_SHARE)
        n_legal_persons = street.units - n_public - n_branches
        units = [self._enterprise(branch=False) for _ in range(n_legal_persons)]
        units += [self._enterprise(branch=True) for _ in range(n_branches)]
        return units

    def _pick_industry(self) -> Industry:
        weights = PROFILES[self.street.profile]
        return self.rng.choices(INDUSTRIES, weights=[weights[i.sector] for i in INDUSTRIES])[0]

    def _enterprise(self, branch: bool) -> Unit:
        rng = self.rng
        industry = self._pick_industry()
        while branch and industry.sector == "farm":
            industry = self._pick_industry()
        workers = _clamp(round(rng.lognormvariate(industry.size_mu + 0.6, 1.15)), 3, 6000)
        if branch:
            name = self.names.branch(industry)
            code = self.codes.new(codes.ENTERPRISE)
        else:
            name = self.names.enterprise(industry, workers, self.street.name)
            code = self._enterprise_code(industry)
        form = self._enterprise_union_form(workers)
        return Unit(
            code=code, name=name, street=self.street, unit_type=ENTERPRISE,
            ownership=self._ownership(workers), industry=industry, workers=workers,
            migrant_share=rng.uniform(*industry.migrant_share), union_form=form,
            # An 'MA' code was issued after 2015: its union cannot be older.
            union_date=self._union_date(2016 if code[8:10] == "MA" else 1995),
            membership_ratio=self._membership_ratio(workers),
            legal_person=rng.random() < (0.85 if form == INDEPENDENT else 0.35),
            workers_congress=rng.random() < _by_size(workers, 0.9, 0.72, 0.45),
            openness=rng.random() < _by_size(workers, 0.88, 0.68, 0.4),
            in_registry=not branch,
        )

    def _enterprise_code(self, industry: Industry) -> str:
        rng = self.rng
        prefix = codes.COOPERATIVE if industry.term == COOPERATIVE_TERM else codes.ENTERPRISE
        region = codes.CITY_REGION if rng.random() < 0.1 else codes.DISTRICT_REGION
        return self.codes.new(prefix, region, new_style=rng.random() < 0.65)

    def _enterprise_union_form(self, workers: int) -> str:
        if workers >= INDEPENDENT_THRESHOLD:
            return INDEPENDENT if self.rng.random() < 0.95 else JOINT
        return JOINT if self.rng.random() < 0.65 else INDEPENDENT

    def _ownership(self, workers: int) -> str:
        if workers >= 300:
            options = {"非公": 55, "国有": 18, "外资": 14, "港澳台": 8, "集体": 2, "其他": 3}
        else:
            options = {"非公": 86, "国有": 3, "外资": 4, "港澳台": 3, "集体": 2, "其他": 2}
        return self.rng.choices(list(options), weights=list(options.values()))[0]

    def _membership_ratio(self, workers: int) -> float:
        low = 0.62 if workers >= 300 else 0.5
        return self.rng.uniform(low, 0.92)

    def _union_date(self, earliest: int) -> dt.date:
        """Most unions were founded in the last fifteen years."""
        rng = self.rng
        years = list(range(earliest, self.year))
        weights = [1.0 + max(0, y - 2005) * 0.25 for y in years]
        year = rng.choices(years, weights=weights)[0]
        return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))

    def mark_unorganized(self, units: list[Unit]) -> None:
        """The street's enterprises without a union: mostly small ones."""
        enterprises = [u for u in units if u.is_enterprise and u.in_registry]
        n = round(len(enterprises) * self.street.unorganized_share)
        weights = [1.0 / math.sqrt(u.workers) for u in enterprises]
        for unit in weighted_sample(self.rng, enterprises, weights, n):
            unit.union_form, unit.union_date = NOT_UNIONIZED, None
            unit.membership_ratio = 0.0
            unit.legal_person = unit.workers_congress = unit.openness = False

    # --- the registry --------------------------------------------------------------------
    def registry_entries(self, units: list[Unit]) -> list[RegistryEntry]:
        """Reporting enterprises as the registry lists them (its headcount is the annual
        report's, a little off what the union reports)."""
        return [
            RegistryEntry(u.code, u.name, self.street,
                          max(1, round(u.workers * self.rng.uniform(0.85, 1.12))),
                          IN_BUSINESS, u.industry.category)
            for u in units if u.in_registry
        ]

    def unreported_registry(self) -> list[RegistryEntry]:
        """Registry enterprises no union report mentions: small, and some closed."""
        rng = self.rng
        entries = []
        for _ in range(round(self.street.units * UNREPORTED_REGISTRY_SHARE)):
            industry = self._pick_industry()
            workers = _clamp(round(rng.lognormvariate(industry.size_mu - 1.0, 0.9)), 1, 400)
            name = self.names.enterprise(industry, workers, self.street.name)
            code = self._enterprise_code(industry)
            status = IN_BUSINESS
            if rng.random() < UNREPORTED_CLOSED_SHARE:
                status = rng.choices(CLOSED_STATUSES, weights=[5, 3, 2])[0]
            entries.append(RegistryEntry(code, name, self.street, workers, status,
                                         industry.category))
        return entries


def _by_size(workers: int, large: float, medium: float, small: float) -> float:
    """A probability by headcount: 100 and more, 25 and more, fewer."""
    return large if workers >= 100 else medium if workers >= INDEPENDENT_THRESHOLD else small


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))
