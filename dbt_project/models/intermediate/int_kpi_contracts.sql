{{ config(**incremental_by_month("make_date(year, month, 1)")) }}
-- depends_on: {{ ref('stg_files') }}
-- Collective-contract KPIs. A contract covering enterprises in several streets counts
-- once in each of those streets and once for the district.
with contracts as (
    select * from {{ ref('int_contract_month') }}
    where {{ only_recomputed_months('month_start') }}
),

contract_counts as (
    select
        year,
        month,
        {{ org_code('street_code') }} as org_code,
        count(distinct contract_key) filter (where is_signed_ytd) as contracts_signed,
        sum(covered_workers) filter (where is_in_force) as covered_workers
    from contracts
    group by grouping sets ((year, month, street_code), (year, month))
),

covered_units as (
    select
        year,
        month,
        credit_code,
        bool_or(contract_type = '工资专项集体合同') as has_wage_contract,
        bool_or(contract_type = '综合集体合同') as has_collective_contract
    from contracts
    where is_in_force
    group by all
),

unit_coverage as (
    select
        states.year,
        states.month,
        {{ org_code('states.street_code') }} as org_code,
        count(*) as enterprises,
        count(*) filter (where covered_units.has_wage_contract) as with_wage_contract,
        count(*) filter (where covered_units.has_collective_contract) as with_collective_contract
    from {{ ref('int_unit_month_state') }} as states
    left join covered_units using (year, month, credit_code)
    where states.is_unionized and states.unit_type = '企业'
        and {{ only_recomputed_months('states.month_start') }}
    group by grouping sets ((states.year, states.month, states.street_code), (states.year, states.month))
),

counts as (
    select * from contract_counts where org_code is not null
),

coverage as (
    select * from unit_coverage where org_code is not null
)

{{ kpi_value('contracts_signed', 'contracts_signed', 'counts') }}
union all
{{ kpi_value('contract_covered_workers', 'covered_workers', 'counts') }}
union all
{{ kpi_rate('wage_contract_rate', 'with_wage_contract', 'enterprises', 'coverage') }}
union all
{{ kpi_rate('collective_contract_rate', 'with_collective_contract', 'enterprises', 'coverage') }}
