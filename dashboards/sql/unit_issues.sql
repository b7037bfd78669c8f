-- Load issues about one unit: those of its rows, whatever the column (issues stored
-- before rows carried their unit: those whose offending value is its code).
-- Parameter: credit_code.
select
    i.file_id,
    i.file_name,
    f.report_month,
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
where coalesce(i.credit_code, i.value) = ?
order by i.received_seq desc, i.issue_seq
