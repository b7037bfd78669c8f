{# Text as compared, the parser's way (ingestion.normalize.compact): spaces of any width
   and invisible characters (zero-width space and joiners, direction marks, word joiner,
   soft hyphen, BOM) removed. #}
{% macro compact_text(expr) -%}
    regexp_replace({{ expr }}, '[\s\x{00a0}\x{00ad}\x{2000}-\x{200f}\x{2028}-\x{202f}\x{205f}-\x{2064}\x{2066}-\x{2069}\x{3000}\x{feff}]', '', 'g')
{%- endmacro %}

{# Full-width letters, digits and punctuation as their ASCII forms: the part of the
   parser's NFKC fold (ingestion.normalize.fold) a name typed in a Chinese input method
   needs (ＡＢＣ公司, 第１中学). #}
{% macro half_width(expr) -%}
    translate({{ expr }}, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~')
{%- endmacro %}

{# How a street's name or code is compared. The parser stores streets the same way. #}
{% macro street_key(expr) -%}
    {{ compact_text(expr) }}
{%- endmacro %}

{# A 填报单位 as compared (supersession, units reported by two submitters), the parser's
   way (ingestion.normalize.submitter_key): compacted, without its union's name, so
   东湖街道, 东湖街道总工会 and 东湖街道 工会 are one submitter;
   full-width letters and digits are folded, as NFKC does. #}
{% macro submitter_key(expr) -%}
    {%- set compacted = compact_text(half_width(expr)) -%}
    {%- set without_remark = "coalesce(nullif(regexp_replace(" ~ compacted ~ ", '[（(][^（()）]*[)）]$', ''), ''), " ~ compacted ~ ")" -%}
    nullif(coalesce(
        nullif(regexp_replace({{ without_remark }}, '(?:{{ var("submitter_suffixes") | join("|") }})$', ''), ''),
        {{ without_remark }}), '')
{%- endmacro %}

{# A street list's name without the word naming its office, the parser's way
   (ingestion.validate._short_names): 东湖街道 of 东湖街道办事处, 南山镇 of 南山镇人民政府;
   a name with no such word stays whole. #}
{% macro street_without_office(expr) -%}
    {%- set compacted = compact_text(half_width(expr)) -%}
    regexp_replace({{ compacted }}, '(?:{{ var("street_words_after") | join("|") }})$', '')
{%- endmacro %}

{# A street's name without its kind, as a file name may shorten it (东湖 of 东湖街道,
   南山 of 南山镇; the parser's ingestion.validate._short_names); a name that would be
   left shorter than two characters stays whole. #}
{% macro street_without_kind(expr) -%}
    regexp_replace({{ expr }}, '^(.{2,}?)(?:{{ var("street_kinds") | join("|") }})$', '\1')
{%- endmacro %}

{# The district's words as SQL literals (var district_words = template_spec.DISTRICT_WORDS). #}
{% macro district_words_sql() -%}
    {%- for word in var("district_words") %}'{{ word | upper }}'{% if not loop.last %}, {% endif %}{% endfor -%}
{%- endmacro %}
