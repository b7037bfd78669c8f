-- Every street's KPIs for one month (long: one row per street x KPI),
-- streets in dim_org order, KPIs in catalog order.
-- Parameters: year, month.
select
    k.year,
    k.month,
    k.org_code,
    coalesce(o.org_name, k.org_name) as org_name,
    o.street_type,
    o.sort_order as org_sort_order,
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
left join marts.dim_org as o
    on k.org_code = o.org_code
left join marts.dim_kpi as d
    on k.kpi_code = d.kpi_code
where
    k.year = ?
    and k.month = ?
    and k.org_level = 'street'
order by o.sort_order nulls last, k.org_code, d.sort_order nulls last, k.kpi_code
