select
    file_id,
    sheet,
    column_header,
    what
from {{ source('raw', 'notes') }}
