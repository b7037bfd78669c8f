-- What a street user may read: their street's rows of the marts, nothing else (no raw,
-- staging or intermediate layers, no district rows, no other street's files).
create schema marts;
create table marts.dim_kpi as select * from published.marts.dim_kpi;
create table marts.dim_org as
    select * from published.marts.dim_org where org_code = getvariable('scope_street');
create table marts.kpi_monthly as
    select * from published.marts.kpi_monthly where org_code = getvariable('scope_street');
create table marts.kpi_report as
    select * from published.marts.kpi_report where org_code = getvariable('scope_street');
create table marts.report_years as select * from published.marts.report_years;
create table marts.fct_unit_month as
    select * from published.marts.fct_unit_month where org_code = getvariable('scope_street');
create table marts.submission_files as
    select * from published.marts.submission_files where org_code = getvariable('scope_street');
create table marts.load_issues as
    select * from published.marts.load_issues
    where file_id in (select file_id from marts.submission_files);
create table marts.load_notes as
    select * from published.marts.load_notes
    where file_id in (select file_id from marts.submission_files);
