"""The KPI catalog as a targets sheet names its KPIs. The list is declared once, as
dbt's seed (the models and dashboards read it too)."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from ingestion import template_spec as spec
from ingestion.normalize import compact, without_trailing_remark

KPI_SEED = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "kpi_catalog.csv"


@functools.lru_cache(maxsize=1)
def _catalog() -> tuple[dict[str, str], ...]:
    with KPI_SEED.open(encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def kpi_names() -> dict[str, str]:
    """Every way a targets sheet may name a KPI (_spellings), compacted and in lower
    case too -> its code."""
    names: dict[str, str] = {}
    for row in _catalog():
        for name in _spellings(row):
            names[compact(name)] = row["kpi_code"]
            names[compact(name).lower()] = row["kpi_code"]
    return names


def _spellings(row: dict[str, str]) -> list[str]:
    """A KPI's code, its Chinese name, the name without the part in brackets, either
    name with its unit in brackets (新建工会数（家）, 建会率(%)) or a rate's sign after it
    (建会率%), and a full name given in
    its name's brackets (数据库正常经营企业建会率 of 建会率（数据库正常经营企业建会率）)."""
    name, short = compact(row["kpi_name"]), compact(row["short_name"])
    spellings = [row["kpi_code"], name, short]
    names = [name, short]
    in_brackets = name[len(without_trailing_remark(name)) + 1:-1]
    if in_brackets.endswith(short):
        spellings.append(in_brackets)
        names.append(in_brackets)
    # Only the KPI's own unit, as a header may write it (万元人民币): 帮扶金额（元） would
    # read a target in 元 as one in 万元. Any unit of counting gives a count the same
    # number (新建工会数（个）).
    units = spec.COUNT_UNITS if row["unit"] in spec.COUNT_UNITS else (
        row["unit"], *(alias for alias, unit in spec.MONEY_UNIT_ALIASES.items()
                       if unit == row["unit"] and alias not in spec.CURRENCY_WORDS))
    spellings += [f"{n}({unit})" for n in names for unit in units]
    if row["unit"] == "%":  # a rate with its sign after the name, as a header writes it (建会率%)
        spellings += [f"{n}%" for n in names]  # (and ％: names are compared folded)
    return spellings


@functools.lru_cache(maxsize=1)  # (read for every target cell refused as no number)
def kpi_units() -> dict[str, str]:
    """Each KPI's unit (家, 人, 万元, %...), by its code."""
    return {row["kpi_code"]: row["unit"] for row in _catalog()}


def kpi_short_names() -> tuple[str, ...]:
    """The KPIs' short Chinese names in the catalog's order (a KPI's message lists them)."""
    return tuple(row["short_name"] for row in _catalog())
