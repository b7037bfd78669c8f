-- One row per received file, duplicates and rejected files included. org_code is the
-- street the file reports for (most of its 组建与会员 rows, else a street named in its
-- 填报单位), so a street user sees their own street's files; null for district files.
-- (Ties between streets go to the smaller street code.)
with unit_street_names as (  -- counted by name as written first: few names, many rows
    select file_id, street, count(*) as units
    from {{ ref('stg_org_units') }}
    group by file_id, street
),

unit_streets as (
    select names.file_id, lookup.street_code, sum(names.units) as units
    from unit_street_names as names
    inner join {{ ref('int_street_lookup') }} as lookup
        on lookup.street_key = {{ street_key('names.street') }}
    where lookup.street_code <> 'ALL'
    group by names.file_id, lookup.street_code
),

file_streets as (
    select file_id, first(street_code order by units desc, street_code) as org_code
    from unit_streets
    group by file_id
),

streets as (
    -- (A 民政 list's 东湖街道办事处 is named 东湖街道 by its federation.)
    select street_code, street_name, {{ street_without_office('street_name') }} as short_name
    from {{ ref('int_streets') }}
),

named_streets as (
    select files.file_id, min(streets.street_code) as org_code
    from {{ ref('stg_files') }} as files
    inner join streets
        on position(streets.street_name in files.submitter) > 0
        or (length(streets.short_name) >= 2
            and position(streets.short_name in {{ compact_text(half_width('files.submitter')) }}) > 0)
    group by files.file_id
),

cross_file_warnings as (
    select file_id, count(*) as newly_warned
    from {{ ref('int_duplicate_unit_reports') }}
    where not is_warned
    group by file_id
),

file_orgs as (
    select files.file_id, coalesce(file_streets.org_code, named_streets.org_code) as org_code
    from {{ ref('stg_files') }} as files
    left join file_streets using (file_id)
    left join named_streets using (file_id)
)

-- A duplicate is not parsed: it is the file it repeats, byte for byte, so it shows that
-- file's submitter, month, kind and street.
select
    files.file_id::varchar as file_id,
    files.file_name::varchar as file_name,
    files.sha256::varchar as sha256,
    files.received_at::timestamp as received_at,
    coalesce(files.submitter, original.submitter)::varchar as submitter,
    coalesce(files.report_month, original.report_month)::date as report_month,
    coalesce(files.kind, original.kind)::varchar as kind,
    files.status::varchar as status,
    files.rows_loaded::integer as rows_loaded,
    files.rows_rejected::integer as rows_rejected,
    (files.rows_warned + coalesce(cross_file_warnings.newly_warned, 0))::integer as rows_warned,
    files.message::varchar as message,
    files.received_seq::bigint as received_seq,
    files.size_bytes::bigint as size_bytes,
    files.archive_path::varchar as archive_path,
    files.duplicate_of::varchar as duplicate_of,
    coalesce(own_org.org_code, original_org.org_code)::varchar as org_code
from {{ ref('int_file_status') }} as files
left join cross_file_warnings using (file_id)
left join file_orgs as own_org on own_org.file_id = files.file_id
left join {{ ref('stg_files') }} as original on original.file_id = files.duplicate_of
left join file_orgs as original_org on original_org.file_id = files.duplicate_of
