-- How many received files are in each status.
-- Parameters: $1 the statuses in the order they are listed.
select
    status,
    count(*) as files
from marts.submission_files
group by status
order by list_position($1, status) nulls last, status
