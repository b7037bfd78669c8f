{{ config(**incremental_by_month("make_date(year, month, 1)")) }}
-- depends_on: {{ ref('stg_files') }}
-- KPIs over the states of grassroots units, per street (the street of the state) and
-- for the district (all units, street known or not).
with states as (
    select * from {{ ref('int_unit_month_state') }}
    where {{ only_recomputed_months('month_start') }}
),

grouped as (
    select
        year,
        month,
        {{ org_code('street_code') }} as org_code,
        count(*) filter (
            where is_unionized and year(union_date) = year and union_date <= month_end
        ) as new_unions,
        sum(members) filter (where is_unionized) as members,
        sum(workers) filter (where is_unionized) as workers,
        sum(migrant_members) filter (where is_unionized) as migrant_members,
        count(*) filter (where is_unionized) as unionized_units,
        count(*) filter (where is_unionized and workers_congress) as with_workers_congress,
        count(*) filter (where is_unionized and openness) as with_openness,
        count(*) filter (where is_unionized and legal_person) as with_legal_person
    from states
    group by grouping sets ((year, month, street_code), (year, month))
),

aggregated as (
    select * from grouped where org_code is not null
)

{{ kpi_value('new_unions', 'new_unions') }}
union all
{{ kpi_value('members', 'members') }}
union all
{{ kpi_rate('membership_rate', 'members', 'workers') }}
union all
{{ kpi_value('migrant_members', 'migrant_members') }}
union all
{{ kpi_rate('workers_congress_rate', 'with_workers_congress', 'unionized_units') }}
union all
{{ kpi_rate('openness_rate', 'with_openness', 'unionized_units') }}
union all
{{ kpi_rate('legal_person_rate', 'with_legal_person', 'unionized_units') }}
