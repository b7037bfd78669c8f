-- The reporting table with each KPI's kind.
select k.year, k.month, k.org_code, k.kpi_code, d.kind, k.actual, k.numerator, k.denominator,
       k.target, k.progress_pct, k.gap_pp, k.status,
       abs(k.progress_pct - k.actual / nullif(k.target, 0)) as progress_error
from marts.kpi_monthly as k
left join marts.dim_kpi as d using (kpi_code)
