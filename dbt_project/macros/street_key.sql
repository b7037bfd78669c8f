{# Text as compared, the parser's way (ingestion.normalize.compact): spaces of any width
   and invisible characters (zero-width space and joiners, direction marks, word joiner,
   soft hyphen, BOM) removed. #}
{% macro compact_text(expr) -%}
    regexp_replace({{ expr }}, '[\s\x{00a0}\x{00ad}\x{2000}-\x{200f}\x{2028}-\x{202f}\x{205f}-\x{2064}\x{2066}-\x{2069}\x{3000}\x{feff}]', '', 'g')
{%- endmacro %}

{# How a street's name or code is compared. The parser stores streets the same way. #}
{% macro street_key(expr) -%}
    {{ compact_text(expr) }}
{%- endmacro %}
