"""The data-quality suites, declared: which asset each checks, the SQL that reads its
frame (sql/<name>.sql), and the Great Expectations it must meet.

Expectations are given as (GX expectation class name, keyword arguments) so this module
imports nothing heavy; gx_runner turns them into a GX suite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ingestion import template_spec as spec

CREDIT_CODE_PATTERN = r"^[0-9A-HJ-NPQRTUWXY]{18}$"
EPSILON = 1e-9


@dataclass(frozen=True)
class Expectation:
    kind: str  # e.g. "ExpectColumnValuesToBeBetween"
    kwargs: dict[str, Any]
    where: str | None = None  # a pandas row condition: the rows it applies to


@dataclass(frozen=True)
class Suite:
    name: str
    asset: tuple[str, ...]  # asset key path
    frame_sql: str  # file name in sql/
    description: str  # in Chinese: the 数据质量 page shows it
    expectations: tuple[Expectation, ...] = field(default_factory=tuple)


def _between(column: str, low=None, high=None, where: str | None = None) -> Expectation:
    kwargs: dict[str, Any] = {"column": column}
    if low is not None:
        kwargs["min_value"] = low
    if high is not None:
        kwargs["max_value"] = high
    return Expectation("ExpectColumnValuesToBeBetween", kwargs, where)


RATE_KINDS = ("rate", "rate_ytd")
# 职工入会率 may exceed 100%: 会员人数 > 职工人数 is only a warning in the template.
UNBOUNDED_RATES = ("membership_rate",)

SUITES: tuple[Suite, ...] = (
    Suite(
        name="raw_org_units_valid",
        asset=("raw", "org_units"),
        frame_sql="raw_org_units",
        description="组建与会员原始数据：信用代码有效，人数不为负，选项在模板范围内",
        expectations=(
            Expectation("ExpectColumnValuesToMatchRegex",
                        {"column": "credit_code", "regex": CREDIT_CODE_PATTERN}),
            Expectation("ExpectColumnValuesToNotBeNull", {"column": "workers"}),
            _between("workers", 0), _between("members", 0), _between("migrant_members", 0),
            Expectation("ExpectColumnValuesToBeInSet",
                        {"column": "union_form", "value_set": list(spec.ORG_UNITS.column("union_form").enum)}),
            Expectation("ExpectColumnValuesToBeInSet",
                        {"column": "unit_type", "value_set": list(spec.ORG_UNITS.column("unit_type").enum)}),
            Expectation("ExpectCompoundColumnsToBeUnique",
                        {"column_list": ["file_id", "sheet", "row_number"]}),
        ),
    ),
    Suite(
        name="raw_files_accounted",
        asset=("raw", "files"),
        frame_sql="raw_files",
        description="每个收到的文件都已存档、记录哈希值，并有最终解析状态",
        expectations=(
            Expectation("ExpectColumnValuesToBeUnique", {"column": "file_id"}),
            Expectation("ExpectColumnValuesToMatchRegex", {"column": "sha256", "regex": r"^[0-9a-f]{64}$"}),
            Expectation("ExpectColumnValuesToBeInSet", {
                "column": "parse_status",
                "value_set": ["loaded", "loaded_with_errors", "rejected", "duplicate"]}),
            Expectation("ExpectColumnValuesToNotBeNull", {"column": "archive_path"}),
        ),
    ),
    Suite(
        name="kpi_monthly_consistent",
        asset=("marts", "kpi_monthly"),
        frame_sql="kpi_monthly",
        description="指标表：每行唯一，比率在0～100%之间，完成率=实际÷目标，状态有效",
        expectations=(
            Expectation("ExpectCompoundColumnsToBeUnique",
                        {"column_list": ["year", "month", "org_code", "kpi_code"]}),
            _between("actual", 0, 1,
                     where=f"kind in {list(RATE_KINDS)} and kpi_code not in {list(UNBOUNDED_RATES)}"),
            _between("numerator", 0), _between("denominator", 0),
            Expectation("ExpectColumnPairValuesAToBeGreaterThanB",
                        {"column_A": "denominator", "column_B": "numerator", "or_equal": True},
                        where=f"kind in {list(RATE_KINDS)} and kpi_code not in {list(UNBOUNDED_RATES)}"),
            _between("progress_error", high=EPSILON, where="target == target and target != 0 and actual == actual"),
            Expectation("ExpectColumnValuesToBeInSet", {
                "column": "status", "value_set": ["met", "ahead", "behind", "no_target", "no_data"]}),
        ),
    ),
    Suite(
        name="kpi_every_org_every_month",
        asset=("marts", "kpi_monthly"),
        frame_sql="kpi_org_coverage",
        description="每个指标、每个月份都有全区和每个街道的数值",
        expectations=(Expectation("ExpectColumnPairValuesToBeEqual",
                                  {"column_A": "orgs", "column_B": "expected_orgs"}),),
    ),
    Suite(
        name="kpi_district_recomputed",
        asset=("marts", "kpi_monthly"),
        frame_sql="kpi_district_vs_streets",
        description="全区数值不小于各街道之和（由全部单位重新汇总，从不取平均）",
        expectations=(_between("district_minus_streets", -EPSILON),
                      _between("district_minus_streets_denominator", -EPSILON)),
    ),
)
