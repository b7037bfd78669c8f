-- The file log after ingestion: every received file must have been parsed.
select file_id, file_name, sha256, parse_status, archive_path
from raw.files
