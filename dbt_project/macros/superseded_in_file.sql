{#- Whether a sheet row was superseded by a later row of its own file about the same
    thing (the parser's duplicate_row warning: a unit, an enterprise or a year-street-KPI
    given twice). The parser decides which row counts; the models leave the others out. -#}
{% macro superseded_in_file(row) -%}
    exists (
        select 1
        from {{ ref('stg_issues') }} as duplicate
        where duplicate.rule = 'duplicate_row'
            and duplicate.file_id = {{ row }}.file_id
            and duplicate.sheet = {{ row }}.sheet
            and duplicate.row_number = {{ row }}.row_number
    )
{%- endmacro %}
