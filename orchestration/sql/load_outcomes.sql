-- What happened to each file received since a given received_seq (the load report).
select file_id, file_name, status, rows_loaded, rows_rejected, rows_warned, message
from marts.submission_files
where received_seq >= ?
order by received_seq
