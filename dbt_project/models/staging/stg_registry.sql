-- 企业名录: 每个企业一行，完整快照
select
    file_id,
    sheet,
    row_number,
    is_warned,
    credit_code,
    unit_name,
    street,
    workers,
    status
from {{ source('raw', 'registry') }}
