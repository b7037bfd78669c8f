-- The status of every received file, supersession included.
-- A newer parsed file (received later) from the same submitter, for the same report
-- month and of the same kind supersedes an older one as a whole. Rejected and
-- duplicate files supersede nothing: a rejected resubmission must not wipe out data.
-- 年度目标 files are replaced year by year (int_targets), so a targets file without a
-- stated 报告期 is never superseded as a whole: a 2027 file must not end 2026's targets.
with files as (
    select * from {{ ref('stg_files') }}
),

parsed as (
    select file_id, file_name, received_seq, kind, submitter_key, report_month
    from files
    where parse_status in ('loaded', 'loaded_with_errors')
),

superseded as (
    -- The newest file that replaces it, named in its message.
    select older.file_id, arg_max(newer.file_name, newer.received_seq) as superseded_by
    from parsed as older
    inner join parsed as newer
        on newer.kind = older.kind
        and newer.submitter_key is not distinct from older.submitter_key
        and (
            newer.report_month = older.report_month
            or (older.kind <> 'targets' and newer.report_month is null and older.report_month is null)
        )
        and newer.received_seq > older.received_seq
    group by older.file_id
)

select
    files.* replace (
        case
            when superseded.file_id is not null
                then '已被后收到的同一填报单位、同一报告期的文件“' || superseded.superseded_by
                    || '”替代，本文件的数据不再计入'
            else files.message
        end as message
    ),
    case
        when superseded.file_id is not null then 'superseded'
        else files.parse_status
    end as status,
    superseded.file_id is null
        and files.parse_status in ('loaded', 'loaded_with_errors') as is_effective
from files
left join superseded using (file_id)
