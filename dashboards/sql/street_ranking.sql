-- Every street's row of one KPI and month, best first: by rank (ties share it), then
-- the unranked streets (no target or no data) by their actual value.
-- Parameters: year, month, kpi_code.
select *
from marts.kpi_report
where
    year = ?
    and month = ?
    and kpi_code = ?
    and org_level = 'street'
order by
    rank nulls last,
    progress_pct desc nulls last,
    actual desc nulls last,
    org_sort_order nulls last,
    org_code
