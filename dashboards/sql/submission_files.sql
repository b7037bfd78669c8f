-- Every received file, newest first.
select
    file_id,
    file_name,
    received_at,
    submitter,
    report_month,
    kind,
    status,
    rows_loaded,
    rows_rejected,
    rows_warned,
    message,
    duplicate_of,
    received_seq
from marts.submission_files
order by received_seq desc
