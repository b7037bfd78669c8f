-- 培训: 每个培训班次一行
select
    file_id,
    sheet,
    row_number,
    is_warned,
    credit_code,
    street,
    training_name,
    training_type,
    start_date,
    participants,
    hours
from {{ source('raw', 'trainings') }}
