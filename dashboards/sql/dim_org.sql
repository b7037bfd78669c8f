-- The district (ALL, first) and every street, in display order.
select
    org_code,
    org_name,
    org_level,
    street_type,
    sort_order
from marts.dim_org
order by sort_order nulls last, org_code
