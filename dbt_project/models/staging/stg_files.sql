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
    report_month,
    year(report_month) as report_year,
    rows_loaded,
    rows_rejected,
    rows_warned,
    message,
    duplicate_of
from {{ source('raw', 'files') }}
