-- The years with an imported monthly report (loaded, or loaded with errors), and the
-- first and last month their reports cover. kpi_monthly lists every month of a year up
-- to its latest, with counts of 0 before the year's first report; the dashboard offers
-- and draws a year's months from first_month on. One small table every viewer may read
-- whole (a street user's copy of submission_files holds only their street's files).
select
    cast(year(report_month) as integer) as year,
    cast(min(month(report_month)) as integer) as first_month,
    cast(max(month(report_month)) as integer) as last_month
from {{ ref('submission_files') }}
where
    kind = 'monthly'
    and status in ('loaded', 'loaded_with_errors')
    and report_month is not null
group by 1
