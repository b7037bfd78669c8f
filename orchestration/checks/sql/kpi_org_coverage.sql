-- How many organisations each (year, month, KPI) has, against how many there are.
select k.year, k.month, k.kpi_code, count(distinct k.org_code) as orgs,
       (select count(*) from marts.dim_org) as expected_orgs
from marts.kpi_monthly as k
group by all
