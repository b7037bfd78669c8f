{# Helpers for the long KPI tables (year, month, org_code, kpi_code, numerator,
   denominator, actual). A count, flow or stock carries its value in `actual`; a rate
   carries numerator and denominator, and kpi_monthly divides (so 0/0 stays null). #}

{% macro org_code(street_column) -%}
    case when grouping({{ street_column }}) = 1 then 'ALL' else {{ street_column }} end
{%- endmacro %}

{% macro kpi_value(kpi_code, value, source='aggregated') -%}
    select year, month, org_code, '{{ kpi_code }}' as kpi_code,
        null::double as numerator, null::double as denominator,
        coalesce({{ value }}, 0)::double as actual
    from {{ source }}
{%- endmacro %}

{% macro kpi_rate(kpi_code, numerator, denominator, source='aggregated') -%}
    select year, month, org_code, '{{ kpi_code }}' as kpi_code,
        coalesce({{ numerator }}, 0)::double as numerator,
        coalesce({{ denominator }}, 0)::double as denominator,
        null::double as actual
    from {{ source }}
{%- endmacro %}
