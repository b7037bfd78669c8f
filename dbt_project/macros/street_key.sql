{# How a street's name or code is compared: spaces of any width removed. The parser
   stores streets the same way (ingestion.normalize.compact). #}
{% macro street_key(expr) -%}
    regexp_replace({{ expr }}, '[\s　]', '', 'g')
{%- endmacro %}
