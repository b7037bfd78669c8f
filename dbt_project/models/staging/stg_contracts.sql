-- 集体合同: 每份合同每个覆盖企业一行；区域性、行业性合同的各企业共用一个合同编号
select
    file_id,
    sheet,
    row_number,
    is_warned,
    credit_code,
    contract_no,
    contract_type,
    sign_form,
    signed_on,
    expires_on,
    covered_workers
from {{ source('raw', 'contracts') }}
