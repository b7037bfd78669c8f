{{ config(**incremental_by_month("make_date(year, month, 1)")) }}
-- depends_on: {{ ref('stg_files') }}
-- 会员净增: members(m) − members(December of y−1), 0 where y−1 has no data: no monthly
-- report (a 企业名录 snapshot alone holds no members; counting from it had made the
-- whole membership the year's growth).
with members as (
    select year, month, org_code, actual
    from {{ ref('int_kpi_units') }}
    where kpi_code = 'members'
),

data_years as (
    select distinct year from {{ ref('int_months') }} where has_monthly_file
),

aggregated as (
    select
        grid.year,
        grid.month,
        grid.org_code,
        case
            when grid.year - 1 in (select year from data_years)
                then coalesce(current_members.actual, 0) - coalesce(baseline.actual, 0)
            else 0
        end as member_growth
    from {{ ref('int_org_months') }} as grid
    left join members as current_members
        on current_members.year = grid.year
        and current_members.month = grid.month
        and current_members.org_code = grid.org_code
    left join members as baseline
        on baseline.year = grid.year - 1
        and baseline.month = 12
        and baseline.org_code = grid.org_code
    where {{ only_recomputed_months('grid.month_start') }}
)

{{ kpi_value('member_growth', 'member_growth') }}
