-- depends_on: {{ ref('stg_issues') }}
-- Every spelling of a street the files may use (its name or its code, spaces removed),
-- mapped to its code. (A targets file's 'ALL', the district, is int_targets' own: a
-- unit's street written 'ALL' is no street, counted in the district only, never as a
-- second district row. A street list may not use it: the parser refuses that row.)
-- Names from earlier street lists count too, for streets still in the list in force: a
-- street renamed in a new list keeps the reports, registries and targets that name it
-- as they were written. Where two lists give one spelling to different streets, the
-- newest list's wins.
with lists as (
    select file_id, received_seq
    from {{ ref('int_file_status') }}
    where kind = 'streets' and status in ('loaded', 'loaded_with_errors', 'superseded')
),

spellings as (
    select {{ street_key('streets.street_name') }} as street_key, streets.street_code, lists.received_seq
    from {{ ref('stg_streets') }} as streets
    inner join lists using (file_id)
    where not {{ superseded_in_file('streets') }}
    union all
    select {{ street_key('streets.street_code') }}, streets.street_code, lists.received_seq
    from {{ ref('stg_streets') }} as streets
    inner join lists using (file_id)
    where not {{ superseded_in_file('streets') }}
)

select street_key, arg_max(street_code, received_seq) as street_code
from spellings
where street_code in (select street_code from {{ ref('int_streets') }})
group by street_key
