{{ config(**incremental_by_month("make_date(year, month, 1)")) }}
-- depends_on: {{ ref('stg_files') }}
-- Every KPI value in long form, before targets and comparisons. Each family recomputes
-- the same months (macros/incremental_months.sql), and so does this union.
{% set families = ['int_kpi_units', 'int_kpi_registry', 'int_kpi_member_growth',
                   'int_kpi_reporting', 'int_kpi_flows', 'int_kpi_contracts'] %}
{% for family in families %}
select year, month, org_code, kpi_code, numerator, denominator, actual
from {{ ref(family) }}
where {{ only_recomputed_months('make_date(year, month, 1)') }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
