-- The status of every received file, supersession included.
-- A newer parsed file (received later) from the same submitter, for the same report
-- month and of the same kind supersedes an older one as a whole. Rejected and
-- duplicate files supersede nothing: a rejected resubmission must not wipe out data.
-- 年度目标 files are replaced year by year (int_targets), so a targets file is superseded
-- as a whole only by one of the same 报告期 (or none stated by either) that names every
-- year it names: a 2027 file must not end 2026's targets, whatever the 报告期 of either.
-- Two monthly files that share no sheet type both count: a CSV holds one sheet, so a
-- clerk sends a month's report as one CSV per sheet, and the 服务卡 CSV must not wipe
-- out the 组建与会员 CSV sent before it (docs/decisions.md).
-- Submitters compare by stg_files.submitter_key, a street's label with the district's
-- name before it as the street (district_prefixed).
with street_names as (
    -- Every street name a street list gave, in force or not, compared as submitters are
    -- (name_key); and without the word naming its office (东湖街道 of a 民政 list's
    -- 东湖街道办事处). street_key is the street as a submitter: without that word.
    select distinct
        {{ submitter_key('street_name') }} as name_key,
        {{ submitter_key(street_without_office('street_name')) }} as street_key,
        street_code,
        file_id
    from {{ ref('stg_streets') }}
    union
    select distinct
        {{ submitter_key(street_without_office('street_name')) }},
        {{ submitter_key(street_without_office('street_name')) }},
        street_code,
        file_id
    from {{ ref('stg_streets') }}
),

short_names as (
    -- A street's name without its kind (东湖 of 东湖街道), as a file name shortens it
    -- (东湖_2026-04更正.xlsx): that street's, when no other street's name shortens so.
    -- (A short form that is itself a street's name names that street.)
    select short_key, any_value(street_key) as street_key
    from (select {{ street_without_kind('street_key') }} as short_key, street_key from street_names)
    where short_key <> street_key and short_key not in (select street_key from street_names)
    group by short_key
    having count(distinct street_key) = 1
),

one_street_names as (
    -- Names only one street ever had (a name passed from one street to another says
    -- neither: it is left as it is).
    select street_key, any_value(street_code) as street_code
    from street_names
    where street_code is not null
    group by street_key
    having count(distinct street_code) = 1
),

renamed as (
    -- A renamed street's every name keys as its name in the newest list that gives it:
    -- a correction from 西城新区总工会 replaces 西城街道总工会's file of the same month.
    select distinct names.street_key, newest.street_key as current_key
    from one_street_names as names
    inner join (
        select names.street_code, arg_max(names.street_key, lists.received_seq) as street_key
        from street_names as names
        inner join {{ ref('stg_files') }} as lists using (file_id)
        where names.street_code is not null
        group by names.street_code
    ) as newest using (street_code)
    inner join one_street_names as current_name on current_name.street_key = newest.street_key
    where names.street_key <> newest.street_key
),

submitters as (
    select file_id, submitter_key,
        -- (东湖街道 of a label 东湖街道办事处 or 临湖区东湖街道办事处)
        {{ street_without_office('submitter_key') }} as without_office
    from {{ ref('stg_files') }}
),

district_prefixed as (
    -- A label with the district (or city) before the street, 临湖区南山镇总工会, is the
    -- 南山镇 of a correction named 南山镇_2026-03.xlsx: what stands before a street's name
    -- must end like a place above it (市, 区, 县, 旗), so 临湖区南山镇中心小学 stays itself.
    -- A street's office (东湖街道办事处, 南山镇人民政府) sends the street's report too.
    select files.file_id, arg_max(names.street_key, length(names.name_key)) as street_key
    from submitters as files
    inner join street_names as names
        on length(names.name_key) >= 2
        and (
            (ends_with(files.submitter_key, names.name_key)
                and regexp_full_match(
                    left(files.submitter_key, length(files.submitter_key) - length(names.name_key)),
                    '.+[市区县旗]'))
            or (files.without_office <> files.submitter_key
                and ends_with(files.without_office, names.street_key)
                and regexp_full_match(
                    left(files.without_office, length(files.without_office) - length(names.street_key)),
                    '(?:.+[市区县旗])?')))
    group by files.file_id
),

files as (
    select stg_files.* replace (coalesce(
        renamed.current_key, district_prefixed.street_key, short_names.street_key,
        stg_files.submitter_key) as submitter_key)
    from {{ ref('stg_files') }} as stg_files
    left join district_prefixed using (file_id)
    left join short_names
        on short_names.short_key = stg_files.submitter_key and district_prefixed.street_key is null
        -- (written so, nothing taken off: 东湖工会 is a union of its own, not 东湖街道's)
        and stg_files.submitter_key = {{ compact_text(half_width('stg_files.submitter')) }}
    left join renamed
        on renamed.street_key = coalesce(
            district_prefixed.street_key, short_names.street_key, stg_files.submitter_key)
),

monthly_sheets as (
    -- The sheet types each monthly file loaded rows of.
    {%- for model in ['stg_org_units', 'stg_contracts', 'stg_service_cards', 'stg_trainings',
                      'stg_disputes', 'stg_assistance'] %}
    select distinct file_id, '{{ model }}' as sheet_type from {{ ref(model) }}
    {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
),

target_years as (
    select distinct file_id, year from {{ ref('stg_targets') }}
),

parsed as (
    select file_id, file_name, received_seq, received_at, kind, submitter_key, report_month
    from files
    where parse_status in ('loaded', 'loaded_with_errors')
),

superseded as (
    -- The newest file that replaces it, named in its message with when it came (a
    -- correction often carries the same name).
    select
        older.file_id,
        '“' || arg_max(newer.file_name, newer.received_seq) || '”（'
            || strftime(arg_max(newer.received_at, newer.received_seq), '%Y-%m-%d %H:%M')
            || ' 收到）替代' as replaced_by
    from parsed as older
    inner join parsed as newer
        on newer.kind = older.kind
        and (
            -- One street list is in force, the newest (int_streets), whoever sent it and
            -- whatever its 报告期: every older one is replaced.
            newer.kind = 'streets'
            or (
                newer.submitter_key is not distinct from older.submitter_key
                and (
                    newer.report_month = older.report_month
                    or (newer.report_month is null and older.report_month is null)
                )
            )
        )
        and newer.received_seq > older.received_seq
        and (
            older.kind <> 'targets'
            or not exists (
                select year from target_years where target_years.file_id = older.file_id
                except
                select year from target_years where target_years.file_id = newer.file_id
            )
        )
        and (
            older.kind <> 'monthly'
            or exists (
                select 1
                from monthly_sheets as older_sheet
                inner join monthly_sheets as newer_sheet using (sheet_type)
                where older_sheet.file_id = older.file_id and newer_sheet.file_id = newer.file_id
            )
        )
    group by older.file_id
)

select
    files.* replace (
        case
            when superseded.file_id is not null and files.kind = 'streets'
                then '已被后收到的街道名录' || superseded.replaced_by || '，街道以新名录为准'
            when superseded.file_id is not null and files.kind = 'targets' and files.report_month is null
                then '已被后收到的同一填报单位的年度目标文件' || superseded.replaced_by
                    || '：它的各年度目标都由新文件给出，本文件的目标不再计入'
            when superseded.file_id is not null
                then '已被后收到的同一填报单位、同一报告期的文件' || superseded.replaced_by
                    || '，本文件的数据不再计入'
            else files.message
        end as message
    ),
    case
        when superseded.file_id is not null then 'superseded'
        else files.parse_status
    end as status,
    superseded.file_id is null
        and files.parse_status in ('loaded', 'loaded_with_errors') as is_effective
from files
left join superseded using (file_id)
