{{ config(**incremental_by_month("month_start")) }}
-- depends_on: {{ ref('stg_files') }}
-- Every flow row of an effective monthly file (服务卡, 培训, 劳动争议, 困难帮扶) with the
-- street it counts in: the row's own 所属街道 when filled, else the street of the
-- unit's state in the month it was reported for, else none (district only).
with effective as (
    select file_id, report_month, report_year
    from {{ ref('int_effective_files') }}
    where kind = 'monthly'
        and {{ only_recomputed_months('report_month') }}
),

flows as (
    select file_id, credit_code, street,
        cards_issued, info_collected,
        0 as training_sessions, 0 as participants,
        0 as cases_received, 0 as cases_mediated,
        0 as assisted_workers, 0.0 as assistance_amount
    from {{ ref('stg_service_cards') }}
    union all
    select file_id, credit_code, street,
        0, 0,
        1, participants,
        0, 0,
        0, 0.0
    from {{ ref('stg_trainings') }}
    union all
    select file_id, credit_code, street,
        0, 0,
        0, 0,
        cases_received, cases_mediated,
        0, 0.0
    from {{ ref('stg_disputes') }}
    union all
    select file_id, credit_code, street,
        0, 0,
        0, 0,
        0, 0,
        assisted_workers, amount
    from {{ ref('stg_assistance') }}
)

select
    effective.report_year as year,
    month(effective.report_month) as month,
    effective.report_month as month_start,
    coalesce(row_street.street_code, states.street_code) as street_code,
    flows.credit_code,
    coalesce(flows.cards_issued, 0) as cards_issued,
    coalesce(flows.info_collected, 0) as info_collected,
    flows.training_sessions,
    coalesce(flows.participants, 0) as participants,
    coalesce(flows.cases_received, 0) as cases_received,
    coalesce(flows.cases_mediated, 0) as cases_mediated,
    coalesce(flows.assisted_workers, 0) as assisted_workers,
    coalesce(flows.assistance_amount, 0) as assistance_amount
from flows
inner join effective using (file_id)
left join {{ ref('int_street_lookup') }} as row_street
    on row_street.street_key = {{ street_key('flows.street') }}
left join {{ ref('int_unit_month_state') }} as states
    on states.credit_code = flows.credit_code
    and states.year = effective.report_year
    and states.month = month(effective.report_month)
