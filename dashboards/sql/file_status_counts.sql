-- How many received files are in each status.
select
    status,
    count(*) as files
from marts.submission_files
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
