-- The months KPIs are computed for: all twelve months of every year with loaded data
-- (an effective monthly report or 企业名录 snapshot; earlier years are needed for 同比,
-- 环比 and baselines); is_published marks those up to the latest month with any loaded
-- data, as the catalog says (a registry snapshot for July publishes June and July
-- after May's reports); has_monthly_file, the months a monthly report was loaded for.
with data_months as (
    select distinct report_month, kind = 'monthly' as is_monthly
    from {{ ref('int_effective_files') }}
    where kind in ('monthly', 'registry') and report_month is not null
),

years as (
    select year(report_month) as year, max(month(report_month)) as last_month
    from data_months
    group by 1
),

months as (
    select unnest(range(1, 13)) as month
)

select
    years.year,
    months.month,
    make_date(years.year, months.month, 1) as month_start,
    last_day(make_date(years.year, months.month, 1)) as month_end,
    months.month <= years.last_month as is_published,
    exists (
        select 1 from data_months d
        where d.is_monthly and d.report_month = make_date(years.year, months.month, 1)
    ) as has_monthly_file
from years
cross join months
