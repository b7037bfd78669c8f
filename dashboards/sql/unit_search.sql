-- Units whose name or credit code matches a pattern, with their latest name and street.
-- Parameters: $1 an ILIKE pattern ('%机械%', with \ escaping % and _ typed by the user),
-- $2 org_code of the street filter ('ALL' for every street).
with latest as (
    select
        credit_code,
        arg_max(unit_name, year * 100 + month) as unit_name,
        arg_max(org_code, year * 100 + month) as org_code,
        arg_max(org_name, year * 100 + month) as org_name,
        max(make_date(year, month, 1)) as last_month
    from marts.fct_unit_month
    group by credit_code
)

select
    credit_code,
    unit_name,
    org_code,
    org_name,
    last_month
from latest
where
    (unit_name ilike $1 escape '\' or credit_code ilike $1 escape '\')
    and ($2 = 'ALL' or org_code = $2)
order by unit_name, credit_code
limit 50
