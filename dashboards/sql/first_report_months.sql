-- The first and last month of each year with an imported monthly report
-- (marts.report_years): the dashboard neither offers nor draws the months of a year
-- before the first, nor those after the last (published by a later 企业名录 snapshot).
select
    year,
    first_month,
    last_month
from marts.report_years
