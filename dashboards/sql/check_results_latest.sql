-- The latest result of every data-quality check (quality.check_results).
-- Only run when the table exists (files published before the checks lack it).
select
    checked_at,
    run_id,
    check_name,
    asset,
    description,
    passed,
    rows_checked,
    failing_rows,
    details
from quality.check_results
qualify row_number() over (partition by check_name order by checked_at desc, run_id desc) = 1
order by passed, check_name
