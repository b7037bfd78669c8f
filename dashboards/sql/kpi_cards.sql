-- One organisation's KPIs for one month, one row per KPI in catalog order (a KPI
-- missing from the catalog shows under its code, after the others).
-- Parameters: year, month, org_code ('ALL' for 全区).
select *
from marts.kpi_report
where
    year = ?
    and month = ?
    and org_code = ?
order by kpi_sort_order nulls last, kpi_code
