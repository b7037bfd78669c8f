select
    file_id,
    row_number,
    street_code,
    street_name,
    street_type
from {{ source('raw', 'streets') }}
