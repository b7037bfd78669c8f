-- Files whose loaded rows count: loaded or loaded_with_errors, and not superseded.
select
    file_id,
    received_seq,
    kind,
    submitter,
    submitter_key,
    report_month,
    report_year
from {{ ref('int_file_status') }}
where is_effective
