{{ config(**incremental_by_month("month_start")) }}
-- depends_on: {{ ref('stg_files') }}
-- depends_on: {{ ref('stg_issues') }}
-- The enterprise registry in force in each month: the latest effective 企业名录
-- snapshot whose 报告期 is at or before the month (any year). Size and street are
-- the registry's own.
with snapshots as (
    select report_month, arg_max(file_id, received_seq) as file_id
    from {{ ref('int_effective_files') }}
    where kind = 'registry'
    group by report_month
),

month_snapshot as (
    select months.year, months.month, snapshots.file_id
    from {{ ref('int_months') }} as months
    asof inner join snapshots
        on snapshots.report_month <= months.month_start
    where {{ only_recomputed_months('months.month_start') }}
),

registry_rows as (
    select
        registry.file_id,
        registry.credit_code,
        arg_max(registry.street, registry.row_number) as street,
        arg_max(registry.workers, registry.row_number) as workers,
        arg_max(registry.status, registry.row_number) as status
    from {{ ref('stg_registry') }} as registry
    where registry.file_id in (select file_id from snapshots)
        and not {{ superseded_in_file('registry') }}
    group by registry.file_id, registry.credit_code
)

select
    month_snapshot.year,
    month_snapshot.month,
    make_date(month_snapshot.year, month_snapshot.month, 1) as month_start,
    registry_rows.credit_code,
    lookup.street_code,
    registry_rows.workers,
    registry_rows.status,
    registry_rows.status = '在营' as is_operating
from month_snapshot
inner join registry_rows using (file_id)
left join {{ ref('int_street_lookup') }} as lookup
    on lookup.street_key = {{ street_key('registry_rows.street') }}
