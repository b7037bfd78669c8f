-- What the parser left out of each file, never an error: a sheet of no known type (or
-- blank), a column of unknown name, a repeated column, a sheet of another kind of
-- report. The load report lists them; their Chinese wording is the template spec's
-- (ingestion/template_spec.py, NOTE_MESSAGES).
select
    notes.file_id,
    files.file_name,
    files.received_seq,
    notes.sheet,
    notes.column_header,
    notes.what
from {{ ref('stg_notes') }} as notes
inner join {{ ref('submission_files') }} as files using (file_id)
