-- Files received before a given received_seq ($1) that are superseded (by a newer file
-- of the same submitter, month and kind), with the message naming what replaced them:
-- the load report lists those a load replaced.
select file_id, file_name, status, rows_loaded, rows_rejected, rows_warned, message
from marts.submission_files
where status = 'superseded' and received_seq < $1
order by received_seq
