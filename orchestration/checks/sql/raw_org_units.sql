-- 组建与会员 rows as the parser stored them.
select file_id, sheet, row_number, credit_code, workers, members, migrant_members,
       migrant_workers, union_form, unit_type
from raw.org_units
