{{ config(**incremental_by_month("report_month")) }}
-- depends_on: {{ ref('stg_files') }}
-- Warnings: the same unit reported by two submitters for one month (effective files), in
-- the same sheet of one row per unit (its figures would count twice: both rows do count,
-- flagged to be checked). A unit in one submitter's 组建与会员 and another's 服务卡 is no
-- overlap; 集体合同 and 培训 have a row per contract and per class, which two
-- submitters may well both report for one unit.
with unit_rows as (
    {% for sheet_type in ['org_units', 'service_cards', 'disputes', 'assistance'] -%}
    select '{{ sheet_type }}' as sheet_type, file_id, sheet, row_number, credit_code, is_warned
    from {{ ref('stg_' ~ sheet_type) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

rows_in_effect as (
    select
        units.sheet_type,
        units.file_id,
        units.sheet,
        units.row_number,
        units.credit_code,
        units.is_warned,
        files.report_month,
        files.submitter,
        files.submitter_key
    from unit_rows as units
    inner join {{ ref('int_effective_files') }} as files using (file_id)
    where files.kind = 'monthly'
        and units.credit_code is not null
        and {{ only_recomputed_months('files.report_month') }}
),

overlapping as (
    select sheet_type, credit_code, report_month
    from rows_in_effect
    group by 1, 2, 3
    having count(distinct submitter_key) > 1
)

select
    r.file_id,
    r.sheet,
    r.row_number,
    r.credit_code,
    r.report_month,
    r.is_warned,
    string_agg(distinct other.submitter, '、') as other_submitters
from rows_in_effect as r
inner join overlapping using (sheet_type, credit_code, report_month)
inner join rows_in_effect as other
    on other.sheet_type = r.sheet_type
    and other.credit_code = r.credit_code
    and other.report_month = r.report_month
    and other.submitter_key <> r.submitter_key
group by all
