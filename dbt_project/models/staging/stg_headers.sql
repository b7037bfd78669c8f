-- Each loaded sheet's template columns as headed in its file (会员人数 may be headed
-- 工会会员数（人）): the warnings found here name a column so, as the parser's do.
select
    file_id,
    sheet,
    field,
    column_header
from {{ source('raw', 'headers') }}
