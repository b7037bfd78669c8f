-- The first received file with the given bytes (their SHA-256): what an identical upload
-- will be recorded a duplicate of. Parameters: $1 sha256 (lower-case hex).
select
    file_name,
    received_at,
    status
from marts.submission_files
where sha256 = $1
order by received_seq
limit 1
