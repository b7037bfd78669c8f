-- Report periods present in marts.kpi_monthly, newest first.
select distinct
    year,
    month
from marts.kpi_monthly
order by year desc, month desc
