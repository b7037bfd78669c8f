-- Every street's row of one KPI and month, best first: by rank (ties share it), then
-- the unranked streets (no target or no data) by their actual value.
-- Parameters: year, month, kpi_code.
select
    k.year,
    k.month,
    k.org_code,
    coalesce(o.org_name, k.org_name) as org_name,
    o.sort_order as org_sort_order,
    k.kpi_code,
    coalesce(d.kpi_name, k.kpi_code) as kpi_name,
    coalesce(d.short_name, d.kpi_name, k.kpi_code) as short_name,
    d.kind,
    d.unit,
    d.display_format,
    d.direction,
    k.actual,
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
    and k.kpi_code = ?
    and k.org_level = 'street'
order by
    k.rank nulls last,
    k.progress_pct desc nulls last,
    k.actual desc nulls last,
    o.sort_order nulls last,
    k.org_code
