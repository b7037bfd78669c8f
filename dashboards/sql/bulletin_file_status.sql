-- The files received for one report month by status, with their row counts.
-- Parameters: $1 year, $2 month.
select
    status,
    count(*) as files,
    coalesce(sum(rows_loaded), 0) as rows_loaded,
    coalesce(sum(rows_rejected), 0) as rows_rejected,
    coalesce(sum(rows_warned), 0) as rows_warned
from marts.submission_files
where report_month = make_date($1, $2, 1)
group by status
order by
    case status
        when 'loaded' then 1
        when 'loaded_with_errors' then 2
        when 'rejected' then 3
        when 'duplicate' then 4
        when 'superseded' then 5
        else 6
    end,
    status
