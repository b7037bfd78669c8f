-- 劳动争议: 每个单位一行，填报当月发生数（选报）
select
    file_id,
    sheet,
    row_number,
    is_warned,
    credit_code,
    street,
    cases_received,
    cases_mediated,
    amount
from {{ source('raw', 'disputes') }}
