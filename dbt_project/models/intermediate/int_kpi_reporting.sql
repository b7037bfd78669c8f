{{ config(**incremental_by_month("make_date(year, month, 1)")) }}
-- depends_on: {{ ref('stg_files') }}
-- 报表上报率: of the units unionized in m−1 (January: December of y−1), the share that
-- reported a 组建与会员 row for m in an effective file. Street: the state's in m−1.
with previous_states as (
    select
        case when states.month = 12 then states.year + 1 else states.year end as year,
        case when states.month = 12 then 1 else states.month + 1 end as month,
        states.credit_code,
        states.street_code
    from {{ ref('int_unit_month_state') }} as states
    where states.is_unionized
        -- (the month column itself is compared, so the scan skips older row groups)
        {% if is_incremental() %}and states.month_start >= {{ recompute_from() }} - interval 1 month{% endif %}
),

reports as (
    select distinct credit_code, report_month
    from {{ ref('int_unit_reports') }}
    where {{ only_recomputed_months('report_month') }}
),

joined as (
    select
        previous_states.year,
        previous_states.month,
        previous_states.street_code,
        reports.credit_code is not null as has_reported
    from previous_states
    inner join {{ ref('int_months') }} as months using (year, month)
    left join reports
        on reports.credit_code = previous_states.credit_code
        and reports.report_month = months.month_start
),

grouped as (
    select
        year,
        month,
        {{ org_code('street_code') }} as org_code,
        count(*) filter (where has_reported) as reported,
        count(*) as expected
    from joined
    group by grouping sets ((year, month, street_code), (year, month))
),

aggregated as (
    select * from grouped where org_code is not null
)

{{ kpi_rate('reporting_rate', 'reported', 'expected') }}
