-- 组建与会员: 每个基层单位一行，填报月末状态
select
    file_id,
    sheet,
    row_number,
    is_warned,
    credit_code,
    unit_name,
    street,
    unit_type,
    ownership,
    workers,
    migrant_workers,
    members,
    migrant_members,
    union_form,
    union_date,
    legal_person,
    workers_congress,
    openness
from {{ source('raw', 'org_units') }}
