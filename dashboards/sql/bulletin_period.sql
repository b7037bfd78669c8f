-- Whether the monthly bulletin of one month has data: its rows in kpi_monthly, and the
-- effective (loaded or loaded_with_errors) monthly files of its year up to that month.
-- A month the warehouse lists only because a later month has data has no such files.
-- Parameters: $1 year, $2 month.
select
    (
        select count(*)
        from marts.kpi_monthly
        where year = $1 and month = $2
    ) as kpi_rows,
    (
        select count(*)
        from marts.submission_files
        where
            kind = 'monthly'
            and status in ('loaded', 'loaded_with_errors')
            and report_month between make_date($1, 1, 1) and make_date($1, $2, 1)
    ) as effective_monthly_files
