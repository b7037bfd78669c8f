-- One row per received file, duplicates and rejected files included.
with cross_file_warnings as (
    select file_id, count(*) as newly_warned
    from {{ ref('int_duplicate_unit_reports') }}
    where not is_warned
    group by file_id
)

select
    files.file_id::varchar as file_id,
    files.file_name::varchar as file_name,
    files.sha256::varchar as sha256,
    files.received_at::timestamp as received_at,
    files.submitter::varchar as submitter,
    files.report_month::date as report_month,
    files.kind::varchar as kind,
    files.status::varchar as status,
    files.rows_loaded::integer as rows_loaded,
    files.rows_rejected::integer as rows_rejected,
    (files.rows_warned + coalesce(cross_file_warnings.newly_warned, 0))::integer as rows_warned,
    files.message::varchar as message,
    files.received_seq::bigint as received_seq,
    files.size_bytes::bigint as size_bytes,
    files.archive_path::varchar as archive_path,
    files.duplicate_of::varchar as duplicate_of
from {{ ref('int_file_status') }} as files
left join cross_file_warnings using (file_id)
