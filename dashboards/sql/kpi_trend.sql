-- One KPI of one organisation, month by month through the chosen month of a year, with
-- elapsed_target (the 序时进度 line of the chart, from the mart).
-- Parameters: $1 year, $2 month (last month shown), $3 org_code ('ALL' for 全区), $4 kpi_code.
select *
from marts.kpi_report
where
    year = $1
    and month <= $2
    and org_code = $3
    and kpi_code = $4
order by month
