-- One unit's state month by month (fct_unit_month), up to the chosen period.
-- Parameters: $1 credit_code, $2 year, $3 month.
select
    year,
    month,
    credit_code,
    unit_name,
    org_code,
    org_name,
    unit_type,
    workers,
    members,
    migrant_members,
    union_form,
    union_date,
    is_unionized,
    workers_congress,
    openness,
    legal_person,
    state_month,
    reported_this_month
from marts.fct_unit_month
where
    credit_code = $1
    and (year < $2 or (year = $2 and month <= $3))
order by year, month
