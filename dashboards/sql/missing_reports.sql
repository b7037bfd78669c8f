-- Units unionized in the month before the chosen one that have not reported the chosen
-- month (no 组建与会员 row for it): the units missing from 报表上报率's numerator.
-- January looks back to December of the year before.
-- Parameters: $1 year, $2 month, $3 org_code ('ALL': every street).
with periods as (
    select
        make_date($1, $2, 1) as this_month,
        cast(make_date($1, $2, 1) - interval 1 month as date) as last_month
),

unionized_last_month as (
    select u.*
    from marts.fct_unit_month as u, periods
    where
        make_date(u.year, u.month, 1) = periods.last_month
        and u.is_unionized
),

reported_this_month as (
    select u.credit_code
    from marts.fct_unit_month as u, periods
    where
        make_date(u.year, u.month, 1) = periods.this_month
        and u.reported_this_month
)

select
    prev.credit_code,
    prev.unit_name,
    prev.org_code,
    prev.org_name,
    prev.union_form,
    prev.workers,
    prev.members,
    prev.state_month as last_reported_month
from unionized_last_month as prev
left join marts.dim_org as o
    on prev.org_code = o.org_code
where
    prev.credit_code not in (select credit_code from reported_this_month)
    and ($3 = 'ALL' or prev.org_code = $3)
order by o.sort_order nulls last, prev.org_code, prev.unit_name, prev.credit_code
