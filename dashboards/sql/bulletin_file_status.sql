-- The files received for one report month by status, with their row counts.
-- Parameters: $1 year, $2 month, $3 the statuses in the order they are listed.
select
    status,
    count(*) as files,
    coalesce(sum(rows_loaded), 0) as rows_loaded,
    coalesce(sum(rows_rejected), 0) as rows_rejected,
    coalesce(sum(rows_warned), 0) as rows_warned
from marts.submission_files
where report_month = make_date($1, $2, 1)
group by status
order by list_position($3, status) nulls last, status
