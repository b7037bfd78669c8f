-- Every (year, month, org) a KPI is computed for: each street of the registry in force
-- and the district ('ALL'), for every month of int_months.
with orgs as (
    select street_code as org_code from {{ ref('int_streets') }}
    union all
    select 'ALL'
)

select months.year, months.month, months.month_start, months.month_end, orgs.org_code
from {{ ref('int_months') }} as months
cross join orgs
