{{ config(**incremental_by_month("make_date(year, month, 1)")) }}
-- depends_on: {{ ref('stg_files') }}
-- Year-to-date flows: the rows reported for months 1..m of year y.
with monthly as (
    select
        year,
        month,
        street_code,
        sum(cards_issued) as cards_issued,
        sum(info_collected) as info_collected,
        sum(training_sessions) as training_sessions,
        sum(participants) as participants,
        sum(cases_received) as cases_received,
        sum(cases_mediated) as cases_mediated,
        sum(assisted_workers) as assisted_workers,
        sum(assistance_amount) as assistance_amount
    from {{ ref('int_flow_rows') }}
    group by all
),

year_to_date as (
    select
        months.year,
        months.month,
        {{ org_code('monthly.street_code') }} as org_code,
        sum(monthly.cards_issued) as cards_issued,
        sum(monthly.info_collected) as info_collected,
        sum(monthly.training_sessions) as training_sessions,
        sum(monthly.participants) as participants,
        sum(monthly.cases_received) as cases_received,
        sum(monthly.cases_mediated) as cases_mediated,
        sum(monthly.assisted_workers) as assisted_workers,
        sum(monthly.assistance_amount) as assistance_amount
    from {{ ref('int_months') }} as months
    inner join monthly
        on monthly.year = months.year
        and monthly.month <= months.month
    where {{ only_recomputed_months('months.month_start') }}
    group by grouping sets ((months.year, months.month, monthly.street_code), (months.year, months.month))
),

aggregated as (
    select * from year_to_date where org_code is not null
)

{{ kpi_value('service_cards', 'cards_issued') }}
union all
{{ kpi_value('member_info_collected', 'info_collected') }}
union all
{{ kpi_value('training_sessions', 'training_sessions') }}
union all
{{ kpi_value('training_participants', 'participants') }}
union all
{{ kpi_value('disputes_received', 'cases_received') }}
union all
{{ kpi_rate('mediation_success_rate', 'cases_mediated', 'cases_received') }}
union all
{{ kpi_value('assisted_workers', 'assisted_workers') }}
union all
{{ kpi_value('assistance_amount', 'assistance_amount') }}
