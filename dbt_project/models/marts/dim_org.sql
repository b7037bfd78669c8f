-- The organisations KPIs are reported for: the district first, then each street in
-- the order of the street registry.
select
    'ALL' as org_code,
    '全区' as org_name,
    'district' as org_level,
    null as street_type,
    0 as sort_order
union all
select
    street_code,
    street_name,
    'street',
    street_type,
    sort_order
from {{ ref('int_streets') }}
