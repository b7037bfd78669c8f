-- The first month of each year with an imported monthly report (loaded, or loaded with
-- errors). marts.kpi_monthly lists every month of a year up to its latest, counts 0 in
-- the months before the year's first report; those months say nothing, so the dashboard
-- neither offers nor draws them.
select
    year(report_month) as year,
    min(month(report_month)) as first_month
from marts.submission_files
where
    kind = 'monthly'
    and status in ('loaded', 'loaded_with_errors')
    and report_month is not null
group by 1
