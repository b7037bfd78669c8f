-- depends_on: {{ ref('stg_issues') }}
-- The street registry in force: the rows of the newest effective 街道名录 file (a code
-- listed twice: its last row, as the parser warned).
with latest_file as (
    select file_id
    from {{ ref('int_effective_files') }}
    where kind = 'streets'
    order by received_seq desc
    limit 1
)

select
    street_code,
    street_name,
    street_type,
    row_number() over (order by min(row_number)) as sort_order
from {{ ref('stg_streets') }} as streets
where file_id = (select file_id from latest_file)
    and not {{ superseded_in_file('streets') }}
group by street_code, street_name, street_type
