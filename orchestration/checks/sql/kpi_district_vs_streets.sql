-- For KPIs that add up over units, the district must hold at least the sum of its
-- streets (units of unknown street count in the district only). contracts_signed
-- counts a multi-street contract in each street, so it is not additive. The shortfall
-- is relative to the streets' sum (at least 1): an amount in 万元 added in another
-- order differs in its last bits (−3.7e-9 on 1e7 had failed a load).
with streets as (
    select year, month, kpi_code,
        sum(coalesce(numerator, actual)) as street_value,
        sum(denominator) as street_denominator
    from marts.kpi_monthly
    where org_level = 'street'
    group by all
)
select
    d.year, d.month, d.kpi_code,
    (coalesce(d.numerator, d.actual) - streets.street_value)
        / greatest(1.0, abs(streets.street_value)) as district_minus_streets,
    coalesce((d.denominator - streets.street_denominator)
        / greatest(1.0, abs(streets.street_denominator)), 0) as district_minus_streets_denominator
from marts.kpi_monthly as d
inner join streets using (year, month, kpi_code)
inner join marts.dim_kpi as k using (kpi_code)
where d.org_code = 'ALL'
    and d.kpi_code not in ('contracts_signed', 'member_growth')
