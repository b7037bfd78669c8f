-- What a clerk may read: the files of their own 填报单位 and those files' problems.
create schema marts;
create table marts.submission_files as
    select * from published.marts.submission_files where submitter = getvariable('scope_submitter');
create table marts.load_issues as
    select * from published.marts.load_issues
    where file_id in (select file_id from marts.submission_files);
create table marts.load_notes as
    select * from published.marts.load_notes
    where file_id in (select file_id from marts.submission_files);
create table marts.dim_org as select * from published.marts.dim_org;
