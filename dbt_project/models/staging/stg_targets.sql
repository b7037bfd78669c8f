-- 年度目标: 每年、每个街道（或全区）、每个指标一行
select
    file_id,
    sheet,
    row_number,
    is_warned,
    year,
    street,
    kpi_code,
    target_value,
    target_is_percent
from {{ source('raw', 'targets') }}
