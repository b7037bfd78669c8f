{{ config(**incremental_by_month("report_month")) }}
-- depends_on: {{ ref('stg_files') }}
-- Warnings: the same unit reported by two submitters for one month (effective files).
with rows_in_effect as (
    select
        units.file_id,
        units.sheet,
        units.row_number,
        units.credit_code,
        units.is_warned,
        files.report_month,
        files.submitter,
        files.submitter_key
    from {{ ref('stg_org_units') }} as units
    inner join {{ ref('int_effective_files') }} as files using (file_id)
    where files.kind = 'monthly'
        and {{ only_recomputed_months('files.report_month') }}
),

overlapping as (
    select credit_code, report_month
    from rows_in_effect
    group by 1, 2
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
inner join overlapping using (credit_code, report_month)
inner join rows_in_effect as other
    on other.credit_code = r.credit_code
    and other.report_month = r.report_month
    and other.submitter_key <> r.submitter_key
group by all
