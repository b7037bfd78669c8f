-- 服务卡: 每个单位一行，填报当月发生数
select
    file_id,
    sheet,
    row_number,
    is_warned,
    credit_code,
    street,
    info_collected,
    cards_issued
from {{ source('raw', 'service_cards') }}
