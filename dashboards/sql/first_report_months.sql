-- The first month of each year with an imported monthly report (marts.report_years):
-- the dashboard neither offers nor draws the months of a year before it.
select
    year,
    first_month
from marts.report_years
