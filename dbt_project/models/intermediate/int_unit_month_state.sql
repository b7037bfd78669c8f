{{ config(**incremental_by_month("month_start")) }}
-- depends_on: {{ ref('stg_files') }}
-- The state of each unit in each month: its latest 组建与会员 report for a month at or
-- before m in the same year (carried forward). A unit has no state before its first
-- report of the year.
-- Incrementally, the months from recompute_from() on need only the reports from that
-- month on and the states of the month before it (carried into the rest of its year).
{% set state_columns = 'unit_name, street_code, unit_type, workers, members, migrant_members, '
    ~ 'union_form, union_date, is_unionized, legal_person, workers_congress, openness' %}
with reports as (
    select credit_code, report_month, report_year, {{ state_columns }}
    from {{ ref('int_unit_reports') }}
    {% if is_incremental() %}
    where report_month >= {{ recompute_from() }}
    union all
    select credit_code, state_month, year, {{ state_columns }}
    from {{ this }}
    where month_start = ({{ recompute_from() }} - interval 1 month)::date
        and year = year({{ recompute_from() }})
    {% endif %}
),
unit_years as (
    select distinct credit_code, report_year as year
    from reports
),

grid as (
    select unit_years.credit_code, months.year, months.month, months.month_start, months.month_end
    from unit_years
    inner join {{ ref('int_months') }} as months using (year)
    where {{ only_recomputed_months('months.month_start') }}
)

select
    grid.year,
    grid.month,
    grid.month_start,
    grid.month_end,
    grid.credit_code,
    reports.unit_name,
    reports.report_month as state_month,
    reports.street_code,
    reports.unit_type,
    reports.workers,
    reports.members,
    reports.migrant_members,
    reports.union_form,
    reports.union_date,
    reports.is_unionized,
    reports.legal_person,
    reports.workers_congress,
    reports.openness
from grid
asof inner join reports
    on reports.credit_code = grid.credit_code
    and reports.report_year = grid.year
    and reports.report_month <= grid.month_start
