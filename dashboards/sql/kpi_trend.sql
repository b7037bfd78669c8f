-- One KPI of one organisation, month by month through the chosen month of a year.
-- elapsed_target is the 序时进度 line of the chart: the part of the annual target due
-- by the end of the month (target x month/12); meaningful for count and flow KPIs.
-- Parameters: $1 year, $2 month (last month shown), $3 org_code ('ALL' for 全区), $4 kpi_code.
select
    k.year,
    k.month,
    k.org_code,
    k.org_name,
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
    k.time_elapsed_pct * k.target as elapsed_target,
    k.gap_pp,
    k.status,
    k.rank,
    k.yoy_change,
    k.mom_change
from marts.kpi_monthly as k
left join marts.dim_kpi as d
    on k.kpi_code = d.kpi_code
where
    k.year = $1
    and k.month <= $2
    and k.org_code = $3
    and k.kpi_code = $4
order by k.month
