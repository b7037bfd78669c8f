-- What happened to each file of a load (the load report): the files received since a
-- given received_seq ($1), and the earlier files parsed again in it (parsed after $2,
-- the newest parse before the load: checked again against a street list it brought).
select file_id, file_name, status, rows_loaded, rows_rejected, rows_warned, message,
    received_seq < $1 as rechecked
from marts.submission_files
where received_seq >= $1
    or file_id in (select file_id from raw.files where parsed_at > $2)
order by received_seq
