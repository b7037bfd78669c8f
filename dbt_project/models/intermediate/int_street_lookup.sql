-- Every spelling of a street the files may use (its name or its code, spaces removed),
-- mapped to its code. 'ALL' stands for the district in targets files.
select distinct {{ street_key('street_name') }} as street_key, street_code
from {{ ref('int_streets') }}
union
select distinct {{ street_key('street_code') }}, street_code
from {{ ref('int_streets') }}
union
select 'ALL', 'ALL'
