-- What was left out of files (ignored sheets and columns), newest file first, optionally
-- of one file. Parameters: $1 file_id (null for all).
select
    file_id,
    file_name,
    sheet,
    column_header,
    what
from marts.load_notes
where $1 is null or file_id = $1
order by received_seq desc, sheet, column_header nulls first
