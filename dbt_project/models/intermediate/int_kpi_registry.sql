{{ config(**incremental_by_month("make_date(year, month, 1)")) }}
-- depends_on: {{ ref('stg_files') }}
-- Formation rates over the 在营 enterprises of the registry in force, in the
-- registry's street, with the registry's size.
with registry as (
    select * from {{ ref('int_registry_month') }}
    where is_operating
        and {{ only_recomputed_months('month_start') }}
),

joined as (
    select
        registry.year,
        registry.month,
        registry.street_code,
        registry.workers >= 25 as is_25_plus,
        coalesce(states.is_unionized, false) as is_unionized,
        coalesce(states.union_form = '单独建会', false) as is_independent
    from registry
    left join {{ ref('int_unit_month_state') }} as states
        on states.credit_code = registry.credit_code
        and states.year = registry.year
        and states.month = registry.month
),

grouped as (
    select
        year,
        month,
        {{ org_code('street_code') }} as org_code,
        count(*) as enterprises,
        count(*) filter (where is_unionized) as unionized,
        count(*) filter (where is_25_plus) as enterprises_25_plus,
        count(*) filter (where is_25_plus and is_independent) as independent_25_plus
    from joined
    group by grouping sets ((year, month, street_code), (year, month))
),

aggregated as (
    select * from grouped where org_code is not null
)

{{ kpi_rate('union_formation_rate', 'unionized', 'enterprises') }}
union all
{{ kpi_rate('independent_union_rate', 'independent_25_plus', 'enterprises_25_plus') }}
