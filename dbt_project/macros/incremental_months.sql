{# Month-watermarked incremental models.

   A model built this way keeps its rows and, on each build, deletes and recomputes the
   months at or after recompute_from(): the earliest month touched by files received
   since the model was last built (a registry snapshot or a monthly file touches its
   报告期 and every later month, and also the months of its year since the previous month
   with data, which it makes published; a street list touches everything; targets touch
   only kpi_monthly, which is rebuilt whole). Each model records the newest received_seq it
   has seen in intermediate.build_marks, in its own post-hook, so a failed build never
   skips work: the next build recomputes from the same month. It records too the first
   month it recomputed, so the data tests of the biggest models check only those months
   (see fct_unit_month in models/marts/_marts.yml). A change to the dbt
   project itself triggers a full refresh (orchestration/assets/dbt_models.py). #}

{% macro create_build_marks() %}
    create schema if not exists intermediate;
    create table if not exists intermediate.build_marks (model varchar primary key, max_seq bigint);
    alter table intermediate.build_marks add column if not exists recomputed_from date;
{% endmacro %}

{# The newest received_seq the model has seen (dbt unit tests override it). #}
{% macro seen_through() -%}
    coalesce((select max_seq from intermediate.build_marks where model = '{{ this.name }}'), -1)
{%- endmacro %}

{% macro recompute_from() -%}
    {%- set mark = seen_through() -%}
    (
        select min(case
            when new.kind = 'streets' then date '1900-01-01'
            -- A monthly file or registry snapshot touches its month, later months, and the
            -- months of its year since the one before it with data: those it makes
            -- published (and, for the first data of a year, the months the new year brings
            -- from January on).
            when new.kind in ('monthly', 'registry') then coalesce(
                (select (max(old.report_month) + interval 1 month)::date
                 from {{ ref('stg_files') }} as old
                 where old.kind in ('monthly', 'registry')
                     and old.parse_status in ('loaded', 'loaded_with_errors')
                     and old.received_seq <= {{ mark }}
                     and old.report_year = new.report_year
                     and old.report_month < new.report_month),
                make_date(new.report_year, 1, 1))
        end)
        from {{ ref('stg_files') }} as new
        where new.parse_status in ('loaded', 'loaded_with_errors')
            and new.received_seq > {{ mark }}
    )
{%- endmacro %}

{# Use as: {{ config(**incremental_by_month('month_start_expression')) }} where the
   expression gives the first day of a row's month in the model's own columns. #}
{% macro incremental_by_month(month_column) -%}
    {{ return({
        "materialized": "incremental",
        "incremental_strategy": "append",
        "pre_hook": "{% if is_incremental() %}delete from {{ this }} where " ~ month_column
                    ~ " >= {{ recompute_from() }}{% endif %}",
        "post_hook": "insert or replace into intermediate.build_marks select '{{ this.name }}', "
                     ~ "coalesce(max(received_seq), -1), "
                     ~ "{% if is_incremental() %}coalesce({{ recompute_from() }}, date '9999-12-31')"
                     ~ "{% else %}date '1900-01-01'{% endif %} from {{ ref('stg_files') }}",
    }) }}
{%- endmacro %}

{# The filter an incremental model applies to its output months. #}
{% macro only_recomputed_months(month_column) -%}
    {% if is_incremental() %}{{ month_column }} >= {{ recompute_from() }}{% else %}true{% endif %}
{%- endmacro %}
