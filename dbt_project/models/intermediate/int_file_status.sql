-- The status of every received file, supersession included.
-- A newer parsed file (received later) from the same submitter, for the same report
-- month and of the same kind supersedes an older one as a whole. Rejected and
-- duplicate files supersede nothing: a rejected resubmission must not wipe out data.
with files as (
    select * from {{ ref('stg_files') }}
),

parsed as (
    select file_id, received_seq, kind, submitter, report_month
    from files
    where parse_status in ('loaded', 'loaded_with_errors')
),

superseded as (
    select distinct older.file_id
    from parsed as older
    inner join parsed as newer
        on newer.kind = older.kind
        and newer.submitter is not distinct from older.submitter
        and newer.report_month is not distinct from older.report_month
        and newer.received_seq > older.received_seq
)

select
    files.*,
    case
        when superseded.file_id is not null then 'superseded'
        else files.parse_status
    end as status,
    superseded.file_id is null
        and files.parse_status in ('loaded', 'loaded_with_errors') as is_effective
from files
left join superseded using (file_id)
