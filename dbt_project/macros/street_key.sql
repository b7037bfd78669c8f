{# Text as compared, the parser's way (ingestion.normalize.compact): spaces of any width
   and invisible characters (zero-width space and joiners, word joiner, BOM) removed. #}
{% macro compact_text(expr) -%}
    regexp_replace({{ expr }}, '[\s\x{3000}\x{00a0}\x{200b}-\x{200d}\x{2060}\x{feff}]', '', 'g')
{%- endmacro %}

{# How a street's name or code is compared. The parser stores streets the same way. #}
{% macro street_key(expr) -%}
    {{ compact_text(expr) }}
{%- endmacro %}
