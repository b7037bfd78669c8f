select
    file_id,
    received_seq,
    file_name,
    sha256,
    size_bytes,
    received_at,
    archive_path,
    parse_status,
    kind,
    submitter,
    -- The submitter as compared (supersession, units reported twice): a person reads
    -- '东湖街道 总工会' as '东湖街道总工会', and as the 东湖街道 of a file named
    -- 东湖街道_2026-03.xlsx.
    {{ submitter_key('submitter') }} as submitter_key,
    report_month,
    year(report_month) as report_year,
    rows_loaded,
    rows_rejected,
    rows_warned,
    message,
    duplicate_of
from {{ source('raw', 'files') }}
