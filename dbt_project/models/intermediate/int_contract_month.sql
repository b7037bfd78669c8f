{{ config(**incremental_by_month("month_start")) }}
-- depends_on: {{ ref('stg_files') }}
-- Collective contracts as visible in each month: every (contract, covered enterprise)
-- reported in an effective file for a month at or before m (earlier years included),
-- its latest version (the latest report month's, as for a unit's state: a correction of
-- January received after April's report does not override April's), whether it is in
-- force at the end of m, and the enterprise's street (its state's, else the registry's).
with contract_rows as (
    select
        contracts.*,
        files.report_month,
        files.received_seq,
        -- which of a contract's rows is its latest version
        (files.report_month, files.received_seq, contracts.row_number) as version,
        coalesce(
            contracts.contract_no,
            contracts.credit_code || '|' || contracts.contract_type || '|' || strftime(contracts.signed_on, '%Y-%m-%d')
        ) as contract_key
    from {{ ref('stg_contracts') }} as contracts
    inner join {{ ref('int_effective_files') }} as files using (file_id)
    where files.kind = 'monthly'
),

visible as (
    select
        months.year,
        months.month,
        months.month_end,
        contract_rows.contract_key,
        contract_rows.credit_code,
        arg_max(contract_rows.contract_type, contract_rows.version) as contract_type,
        arg_max(contract_rows.signed_on, contract_rows.version) as signed_on,
        arg_max(contract_rows.expires_on, contract_rows.version) as expires_on,
        arg_max(contract_rows.covered_workers, contract_rows.version) as covered_workers
    from {{ ref('int_months') }} as months
    inner join contract_rows
        on contract_rows.report_month <= months.month_start
    where {{ only_recomputed_months('months.month_start') }}
    group by all
)

select
    visible.year,
    visible.month,
    make_date(visible.year, visible.month, 1) as month_start,
    visible.contract_key,
    visible.credit_code,
    visible.contract_type,
    visible.signed_on,
    visible.expires_on,
    visible.covered_workers,
    visible.signed_on <= visible.month_end and visible.month_end <= visible.expires_on as is_in_force,
    year(visible.signed_on) = visible.year and visible.signed_on <= visible.month_end as is_signed_ytd,
    coalesce(states.street_code, registry.street_code) as street_code
from visible
left join {{ ref('int_unit_month_state') }} as states
    on states.credit_code = visible.credit_code
    and states.year = visible.year
    and states.month = visible.month
left join {{ ref('int_registry_month') }} as registry
    on registry.credit_code = visible.credit_code
    and registry.year = visible.year
    and registry.month = visible.month
