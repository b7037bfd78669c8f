{{ config(**incremental_by_month("make_date(year, month, 1)")) }}
-- depends_on: {{ ref('stg_files') }}
-- One row per grassroots unit and month it has a state in: the drill-down behind the
-- KPIs (单位明细), with the unit's name as its state reported it. reported_this_month
-- tells whether the state was reported for this month or carried forward.
with states as (
    select * from {{ ref('int_unit_month_state') }}
    where {{ only_recomputed_months('month_start') }}
)

select
    states.year::integer as year,
    states.month::integer as month,
    states.credit_code::varchar as credit_code,
    states.unit_name::varchar as unit_name,
    states.street_code::varchar as org_code,
    orgs.org_name::varchar as org_name,
    states.unit_type::varchar as unit_type,
    states.workers::bigint as workers,
    states.members::bigint as members,
    states.migrant_members::bigint as migrant_members,
    states.union_form::varchar as union_form,
    states.union_date::date as union_date,
    states.is_unionized::boolean as is_unionized,
    states.workers_congress::boolean as workers_congress,
    states.openness::boolean as openness,
    states.legal_person::boolean as legal_person,
    states.state_month::date as state_month,
    (states.state_month = make_date(states.year, states.month, 1))::boolean as reported_this_month
from states
inner join {{ ref('int_months') }} as months using (year, month)
left join {{ ref('dim_org') }} as orgs on orgs.org_code = states.street_code
where months.is_published
