-- Tables and views of the published file (to tell old files, which lack some tables).
select
    schema_name,
    table_name
from duckdb_tables()
where database_name = current_database()
union
select
    schema_name,
    view_name as table_name
from duckdb_views()
where database_name = current_database() and not internal
order by schema_name, table_name
