select
    file_id,
    sheet,
    row_number,
    street_code,
    street_name,
    street_type
from {{ source('raw', 'streets') }}
