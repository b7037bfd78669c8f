-- Every street's KPIs for one month (long: one row per street x KPI),
-- streets in dim_org order, KPIs in catalog order.
-- Parameters: year, month.
select *
from marts.kpi_report
where
    year = ?
    and month = ?
    and org_level = 'street'
order by org_sort_order nulls last, org_code, kpi_sort_order nulls last, kpi_code
