-- kpi_monthly as a report shows it: each row with its KPI's Chinese names, unit, format
-- and catalog order, its organisation's type and order, and the 序时进度 due value.
-- Dashboards and the bulletin read this; kpi_monthly stays the contract of the spec.
select
    k.year,
    k.month,
    k.org_code,
    k.org_name,
    k.org_level,
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
    -- What the target asks for by the end of the month (target × m ÷ 12): the line a
    -- count or flow is measured against; other kinds are measured against the target.
    case when d.kind in ('count_ytd', 'flow_ytd') then k.target * k.time_elapsed_pct end
        as elapsed_target,
    k.gap_pp,
    k.status,
    k.rank,
    k.yoy_change,
    k.mom_change
from {{ ref('kpi_monthly') }} as k
left join {{ ref('dim_kpi') }} as d on k.kpi_code = d.kpi_code
left join {{ ref('dim_org') }} as o on k.org_code = o.org_code
