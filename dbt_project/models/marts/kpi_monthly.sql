-- The reporting table of kpi-catalog.md: every KPI for every street and the district,
-- every month of a year up to the latest month with data, against annual targets.
with kpis as (
    select kpi_code, kind from {{ ref('dim_kpi') }}
),

grid as (
    select org_months.year, org_months.month, org_months.org_code, kpis.kpi_code, kpis.kind
    from {{ ref('int_org_months') }} as org_months
    cross join kpis
),

with_values as (
    select
        grid.*,
        grid.kind in ('rate', 'rate_ytd') as is_rate,
        actuals.numerator as raw_numerator,
        actuals.denominator as raw_denominator,
        actuals.actual as raw_actual
    from grid
    left join {{ ref('int_kpi_actuals') }} as actuals using (year, month, org_code, kpi_code)
),

measured as (
    select
        year, month, org_code, kpi_code, kind,
        case when is_rate then coalesce(raw_numerator, 0) end as numerator,
        case when is_rate then coalesce(raw_denominator, 0) end as denominator,
        case
            when not is_rate then coalesce(raw_actual, 0)
            when coalesce(raw_denominator, 0) > 0 then raw_numerator / raw_denominator
        end as actual
    from with_values
),

against_target as (
    select
        measured.*,
        targets.target,
        measured.month / 12.0 as time_elapsed_pct,
        case
            when targets.target is not null and targets.target <> 0 and measured.actual is not null
                then measured.actual / targets.target
        end as progress_pct
    from measured
    left join {{ ref('int_targets') }} as targets using (year, org_code, kpi_code)
),

with_gap as (
    select
        *,
        case
            when target is null or actual is null then null
            when kind in ('count_ytd', 'flow_ytd') then (progress_pct - time_elapsed_pct) * 100
            when kind in ('rate', 'rate_ytd') then (actual - target) * 100
        end as gap_pp
    from against_target
),

with_status as (
    select
        *,
        case
            when target is null then 'no_target'
            when actual is null then 'no_data'
            when actual >= target then 'met'
            when kind in ('count_ytd', 'flow_ytd') and gap_pp >= 0 then 'ahead'
            else 'behind'
        end as status,
        org_code <> 'ALL' and target is not null and progress_pct is not null as is_ranked
    from with_gap
),

months_with_files as (
    select year, month from {{ ref('int_months') }} where has_monthly_file
),

compared as (
    select
        current_value.*,
        case when current_value.is_ranked then
            rank() over (
                partition by current_value.year, current_value.month, current_value.kpi_code,
                    current_value.is_ranked
                order by current_value.progress_pct desc
            )
        end as rank,
        case
            when exists (
                select 1 from months_with_files f
                where f.year = current_value.year - 1 and f.month <= current_value.month
            )
                then current_value.actual - last_year.actual
        end as yoy_change,
        case
            when current_value.month > 1 then current_value.actual - last_month.actual
            when current_value.kind in ('count_ytd', 'flow_ytd', 'rate_ytd') then null
            when exists (
                select 1 from months_with_files f
                where f.year = current_value.year - 1 and f.month = 12
            )
                then current_value.actual - last_december.actual
        end as mom_change
    from with_status as current_value
    left join with_status as last_year
        on last_year.year = current_value.year - 1
        and last_year.month = current_value.month
        and last_year.org_code = current_value.org_code
        and last_year.kpi_code = current_value.kpi_code
    left join with_status as last_month
        on last_month.year = current_value.year
        and last_month.month = current_value.month - 1
        and last_month.org_code = current_value.org_code
        and last_month.kpi_code = current_value.kpi_code
    left join with_status as last_december
        on last_december.year = current_value.year - 1
        and last_december.month = 12
        and last_december.org_code = current_value.org_code
        and last_december.kpi_code = current_value.kpi_code
)

select
    compared.year::integer as year,
    compared.month::integer as month,
    compared.org_code::varchar as org_code,
    orgs.org_name::varchar as org_name,
    orgs.org_level::varchar as org_level,
    compared.kpi_code::varchar as kpi_code,
    compared.actual::double as actual,
    compared.numerator::double as numerator,
    compared.denominator::double as denominator,
    compared.target::double as target,
    compared.progress_pct::double as progress_pct,
    compared.time_elapsed_pct::double as time_elapsed_pct,
    compared.gap_pp::double as gap_pp,
    compared.status::varchar as status,
    compared.rank::integer as rank,
    compared.yoy_change::double as yoy_change,
    compared.mom_change::double as mom_change
from compared
inner join {{ ref('int_months') }} as months using (year, month)
inner join {{ ref('dim_org') }} as orgs using (org_code)
where months.is_published
