-- One organisation's KPIs for one month, one row per KPI in catalog order.
-- Parameters: year, month, org_code ('ALL' for 全区).
-- Left join: a KPI missing from dim_kpi still shows, under its code, after the others.
select
    k.year,
    k.month,
    k.org_code,
    k.org_name,
    k.org_level,
    k.kpi_code,
    coalesce(d.kpi_name, k.kpi_code) as kpi_name,
    coalesce(d.short_name, d.kpi_name, k.kpi_code) as short_name,
    d.kind,
    d.unit,
    d.display_format,
    d.direction,
    d.sort_order as kpi_sort_order,
    coalesce(d.is_key, false) as is_key,
    k.actual,
    k.numerator,
    k.denominator,
    k.target,
    k.progress_pct,
    k.time_elapsed_pct,
    k.gap_pp,
    k.status,
    k.rank,
    k.yoy_change,
    k.mom_change
from marts.kpi_monthly as k
left join marts.dim_kpi as d
    on k.kpi_code = d.kpi_code
where
    k.year = ?
    and k.month = ?
    and k.org_code = ?
order by d.sort_order nulls last, k.kpi_code
