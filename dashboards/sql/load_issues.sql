-- Load issues, newest file first, optionally of one severity and/or one file.
-- Parameters: $1 severity ('error', 'warning' or null for both), $2 file_id (null for all).
select
    i.file_id,
    i.file_name,
    f.report_month,
    f.submitter,
    i.sheet,
    i.row_number,
    i.column_header,
    i.value,
    i.severity,
    i.rule,
    i.message
from marts.load_issues as i
left join marts.submission_files as f
    on i.file_id = f.file_id
where
    ($1 is null or i.severity = $1)
    and ($2 is null or i.file_id = $2)
order by i.received_seq desc, i.issue_seq
