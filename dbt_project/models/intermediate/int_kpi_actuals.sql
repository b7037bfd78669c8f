-- Every KPI value in long form, before targets and comparisons.
{% set families = ['int_kpi_units', 'int_kpi_registry', 'int_kpi_member_growth',
                   'int_kpi_reporting', 'int_kpi_flows', 'int_kpi_contracts'] %}
{% for family in families %}
select year, month, org_code, kpi_code, numerator, denominator, actual
from {{ ref(family) }}
{% if not loop.last %}union all{% endif %}
{% endfor %}
