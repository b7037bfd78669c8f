-- depends_on: {{ ref('stg_issues') }}
-- Annual targets in force: for each year, the rows of the latest effective 年度目标
-- file that names that year (a later targets file for a year replaces that year's
-- targets whatever its 报告期). Rate targets are fractions: '95%' or 95 → 0.95;
-- a bare number ≤ 1 is taken as a fraction already.
with target_rows as (
    select targets.*, files.received_seq
    from {{ ref('stg_targets') }} as targets
    inner join {{ ref('int_effective_files') }} as files using (file_id)
    where files.kind = 'targets'
        and not {{ superseded_in_file('targets') }}
),

latest_file_per_year as (
    select year, arg_max(file_id, received_seq) as file_id
    from target_rows
    group by year
),

orgs as (
    -- Every street's spellings, and the district: the parser stores a targets row's
    -- 全区 (合计, ALL) as 'ALL'.
    select street_key, street_code from {{ ref('int_street_lookup') }}
    union all
    select 'ALL', 'ALL'
),

chosen as (
    select target_rows.*
    from target_rows
    inner join latest_file_per_year using (year, file_id)
)

select
    chosen.year,
    lookup.street_code as org_code,
    chosen.kpi_code,
    arg_max(
        case
            when kpis.kind in ('rate', 'rate_ytd')
                and (chosen.target_is_percent or chosen.target_value > 1)
                then chosen.target_value / 100
            else chosen.target_value
        end,
        chosen.row_number
    ) as target
from chosen
inner join {{ ref('kpi_catalog') }} as kpis using (kpi_code)
inner join orgs as lookup
    on lookup.street_key = {{ street_key('chosen.street') }}
group by all
