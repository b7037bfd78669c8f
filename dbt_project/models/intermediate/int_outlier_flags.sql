{{ config(**incremental_by_month("report_month")) }}
-- depends_on: {{ ref('stg_files') }}
-- Values that jump abnormally, flagged for a person to look at (warnings, never
-- blocking): a unit's 会员人数 moving by more than outlier_members_change from its
-- previous report within the 13 months before, and a month's 本月办卡数 above the
-- unit's 会员人数.
with reports_in_window as (
    select credit_code, report_month, members, is_unionized, file_id, sheet, row_number
    from {{ ref('int_unit_reports') }}
    {% if is_incremental() %}
    where report_month >= {{ recompute_from() }}
    union all
    -- Before the recomputed months only each unit's latest report counts (as the
    -- previous one of its first recomputed report): one row per unit, not 13 months.
    select credit_code, max(report_month), arg_max(members, report_month),
        arg_max(is_unionized, report_month), null, null, null
    from {{ ref('int_unit_reports') }}
    where report_month >= {{ recompute_from() }} - interval 13 month
        and report_month < {{ recompute_from() }}
    group by credit_code
    {% endif %}
),

reports as (
    select
        *,
        lag(members) over (partition by credit_code order by report_month) as previous_members,
        lag(report_month) over (partition by credit_code order by report_month) as previous_month,
        lag(is_unionized) over (partition by credit_code order by report_month) as was_unionized
    from reports_in_window
),

member_jumps as (
    select
        reports.file_id,
        reports.sheet,
        reports.row_number,
        coalesce(headers.column_header, '会员人数') as column_header,
        members::varchar as value,
        'outlier_members_jump' as rule,
        report_month,
        credit_code,
        '第' || row_number || '行 单位“' || credit_code || '”会员人数由' || previous_members
            || '（' || strftime(previous_month, '%Y-%m') || '）变为' || members
            || '，变动超过' || round({{ var('outlier_members_change') }} * 100)::integer
            || '%，请核实' as message
    from reports
    left join {{ ref('stg_headers') }} as headers
        on headers.file_id = reports.file_id and headers.sheet = reports.sheet
        and headers.field = 'members'
    -- A union just formed grows from nothing: only units unionized in both reports.
    where is_unionized and was_unionized
        and previous_members is not null
        and previous_month >= report_month - interval 13 month
        and {{ only_recomputed_months('report_month') }}
        and greatest(members, previous_members) >= {{ var('outlier_min_members') }}
        and abs(members - previous_members) > {{ var('outlier_members_change') }} * previous_members
),

cards as (
    select cards.file_id, cards.sheet, cards.row_number, cards.credit_code, cards.cards_issued,
        files.report_month
    from {{ ref('stg_service_cards') }} as cards
    inner join {{ ref('int_effective_files') }} as files using (file_id)
    where {{ only_recomputed_months('files.report_month') }}
),

cards_above_members as (
    select
        cards.file_id,
        cards.sheet,
        cards.row_number,
        coalesce(headers.column_header, '本月办卡数') as column_header,
        cards.cards_issued::varchar as value,
        'outlier_cards_above_members' as rule,
        cards.report_month,
        cards.credit_code,
        '第' || cards.row_number || '行 单位“' || cards.credit_code || '”本月办卡数' || cards.cards_issued
            || '张，超过其会员人数' || states.members || '人，请核实' as message
    from cards
    inner join {{ ref('int_unit_month_state') }} as states
        on states.credit_code = cards.credit_code
        and states.year = year(cards.report_month)
        and states.month = month(cards.report_month)
    left join {{ ref('stg_headers') }} as headers
        on headers.file_id = cards.file_id and headers.sheet = cards.sheet
        and headers.field = 'cards_issued'
    where cards.cards_issued > coalesce(states.members, 0)
)

select * from member_jumps
union all
select * from cards_above_members
