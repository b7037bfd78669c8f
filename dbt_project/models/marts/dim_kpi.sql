-- The KPI list with Chinese names, kind, unit, display format and direction (a seed:
-- dashboards and the bulletin read names from here, never from code).
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
from {{ ref('kpi_catalog') }}
