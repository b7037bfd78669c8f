{{ config(**incremental_by_month("report_month")) }}
-- depends_on: {{ ref('stg_files') }}
-- depends_on: {{ ref('stg_issues') }}
-- One 组建与会员 report per unit and report month, from effective files only (a unit
-- given twice in one file: the row the parser kept).
-- When two files report the same unit for the same month (two submitters), the one
-- received last counts; the overlap is flagged in int_duplicate_unit_reports.
with rows_in_effect as (
    select
        units.*,
        files.report_month,
        files.report_year,
        files.received_seq,
        files.submitter
    from {{ ref('stg_org_units') }} as units
    inner join {{ ref('int_effective_files') }} as files using (file_id)
    where files.kind = 'monthly'
        and {{ only_recomputed_months('files.report_month') }}
        and not {{ superseded_in_file('units') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by credit_code, report_month
            order by received_seq desc, row_number desc
        ) as version
    from rows_in_effect
)

select
    ranked.credit_code,
    ranked.report_month,
    ranked.report_year,
    ranked.file_id,
    ranked.sheet,
    ranked.row_number,
    ranked.submitter,
    ranked.unit_name,
    lookup.street_code,
    ranked.unit_type,
    ranked.ownership,
    ranked.workers,
    ranked.migrant_workers,
    ranked.members,
    ranked.migrant_members,
    ranked.union_form,
    ranked.union_date,
    ranked.union_form in ('单独建会', '联合建会') as is_unionized,
    coalesce(ranked.legal_person, false) as legal_person,
    coalesce(ranked.workers_congress, false) as workers_congress,
    coalesce(ranked.openness, false) as openness
from ranked
left join {{ ref('int_street_lookup') }} as lookup
    on lookup.street_key = {{ street_key('ranked.street') }}
where ranked.version = 1
