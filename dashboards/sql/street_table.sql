-- Every street's KPIs for one month, and the district's to compare with (long: one row
-- per organisation x KPI), in dim_org order (全区 first), KPIs in catalog order.
-- Parameters: year, month.
select *
from marts.kpi_report
where
    year = ?
    and month = ?
    and org_level in ('street', 'district')
order by org_sort_order nulls last, org_code, kpi_sort_order nulls last, kpi_code
