select
    file_id,
    issue_seq,
    sheet,
    row_number,
    column_header,
    value,
    severity,
    rule,
    message,
    credit_code
from {{ source('raw', 'issues') }}
