-- A file's first problems for the load report ($1 the file, $2 how many): errors before
-- warnings, sheet by sheet in the file's order, row by row; the warehouse's own warnings
-- (a unit reported by two submitters, outliers) after the parser's, as in
-- marts.load_issues. A row's message is headed by its sheet (in Python).
select sheet, row_number, message
from marts.load_issues
where file_id = $1
order by severity, min(issue_seq) over (partition by sheet), row_number nulls first, issue_seq
limit $2
