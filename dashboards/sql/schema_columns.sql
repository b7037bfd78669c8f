-- Every column of the published file's own tables and views, for the schema browser.
select
    schema_name,
    table_name,
    column_name,
    data_type,
    column_index
from duckdb_columns()
where database_name = current_database() and not internal
order by schema_name, table_name, column_index
