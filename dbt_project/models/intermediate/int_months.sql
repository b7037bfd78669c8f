-- The months KPIs are computed for: all twelve months of every year that has an
-- effective monthly file (earlier years are needed for 同比, 环比 and baselines);
-- is_published marks those up to the latest month with data, the ones reported.
with data_months as (
    select distinct report_month
    from {{ ref('int_effective_files') }}
    where kind = 'monthly'
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
        select 1 from data_months d where d.report_month = make_date(years.year, months.month, 1)
    ) as has_monthly_file
from years
cross join months
