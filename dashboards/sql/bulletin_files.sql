-- The files received for one report month (报告期), every status, in the order received.
-- Parameters: $1 year, $2 month.
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
    message
from marts.submission_files
where report_month = make_date($1, $2, 1)
order by received_seq, file_id
