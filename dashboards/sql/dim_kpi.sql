-- The KPI catalog, in display order.
select
    kpi_code,
    kpi_name,
    short_name,
    kind,
    unit,
    display_format,
    direction,
    sort_order,
    is_key
from marts.dim_kpi
order by sort_order, kpi_code
