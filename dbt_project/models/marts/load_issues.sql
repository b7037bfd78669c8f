-- One row per row error, warning, sheet error or file error, in the order found;
-- cross-file warnings and outlier flags (rules outlier_*) follow the parser's issues.
-- credit_code: the unit of the row the issue is about (null for sheet and file errors).
with parser_issues as (
    select
        file_id, sheet, row_number, column_header, value, severity, rule, message,
        issue_seq, credit_code
    from {{ ref('stg_issues') }}
),

cross_file_warnings as (
    select
        duplicates.file_id,
        duplicates.sheet,
        duplicates.row_number,
        coalesce(headers.column_header, '统一社会信用代码') as column_header,
        duplicates.credit_code as value,
        'warning' as severity,
        'duplicate_unit_report' as rule,
        '第' || row_number || '行 单位 “' || credit_code || '” 在同一报告期已由其他单位填报（'
            || other_submitters || '），请核实' as message,
        1000000 + duplicates.row_number as issue_seq,
        duplicates.credit_code
    from {{ ref('int_duplicate_unit_reports') }} as duplicates
    left join {{ ref('stg_headers') }} as headers
        on headers.file_id = duplicates.file_id and headers.sheet = duplicates.sheet
        and headers.field = 'credit_code'
),

outliers as (
    select
        file_id, sheet, row_number, column_header, value,
        'warning' as severity, rule, message,
        2000000 + row_number as issue_seq,
        credit_code
    from {{ ref('int_outlier_flags') }}
),

all_issues as (
    select * from parser_issues
    union all
    select * from cross_file_warnings
    union all
    select * from outliers
)

select
    all_issues.file_id::varchar as file_id,
    files.file_name::varchar as file_name,
    all_issues.sheet::varchar as sheet,
    all_issues.row_number::integer as row_number,
    all_issues.column_header::varchar as column_header,
    all_issues.value::varchar as value,
    all_issues.severity::varchar as severity,
    all_issues.rule::varchar as rule,
    all_issues.message::varchar as message,
    files.received_seq,
    all_issues.issue_seq,
    all_issues.credit_code::varchar as credit_code
from all_issues
inner join {{ ref('stg_files') }} as files using (file_id)
