select
    file_id,
    issue_seq,
    sheet,
    row_number,
    column_header,
    value,
    severity,
    rule,
    message
from {{ source('raw', 'issues') }}
