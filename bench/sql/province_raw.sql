-- A province-scale raw layer for bench/build_bench.py: getvariable('units') units over
-- getvariable('months') months from January of getvariable('first_year'), in
-- getvariable('streets') streets, with contracts, cards, training, disputes and
-- assistance in the sample district's proportions. Deterministic (hash-based).
create or replace temp table months as
select m as month_index,
       make_date(getvariable('first_year') + (m // 12)::integer, (m % 12) + 1, 1) as report_month
from range(getvariable('from_month'), getvariable('months')) t(m);

create or replace temp table street_list as
select s as street_index, 'P' || lpad(s::varchar, 4, '0') as street_code,
       '街道' || s as street_name
from range(getvariable('streets')) t(s);

create or replace temp table units as
select u as unit_index,
       '9133' || lpad(u::varchar, 13, '0') || '0' as credit_code,  -- placeholder check digit
       u % getvariable('streets') as street_index,
       5 + hash(u, 'w') % 400 as workers,
       hash(u, 'f') % 100 as form_draw
from range(getvariable('units')) t(u);

-- Files: one per street and month, with ids as the intake gives them (F + received_seq:
-- a later month's files have higher ids); the references only on the first run.
insert into raw.files (file_id, received_seq, file_name, sha256, size_bytes, received_at,
    archive_path, parse_status, kind, submitter, report_month, rows_loaded, rows_rejected, rows_warned)
select 'F' || lpad((1000 + month_index * 10000 + street_index)::varchar, 6, '0'),
       1000 + month_index * 10000 + street_index,
       street_name || '_' || strftime(report_month, '%Y-%m') || '.xlsx', md5(street_name || month_index),
       0, now(), 'archive', 'loaded', 'monthly', street_name || '总工会', report_month, 0, 0, 0
from street_list, months;
insert into raw.files (file_id, received_seq, file_name, sha256, received_at, archive_path,
    parse_status, kind, submitter, report_month, rows_loaded, rows_rejected, rows_warned)
select * from (values ('STREETS', 1, '街道名录.xlsx', md5('s'), now(), 'a', 'loaded', 'streets', '省总工会', null, 0, 0, 0),
       ('REGISTRY', 2, '企业名录.xlsx', md5('r'), now(), 'a', 'loaded', 'registry', '市场监管局',
        make_date(getvariable('first_year'), 1, 1), 0, 0, 0),
       ('TARGETS', 3, '年度目标.xlsx', md5('t'), now(), 'a', 'loaded', 'targets', '省总工会', null, 0, 0, 0))
where getvariable('from_month') = 0;

insert into raw.streets (file_id, sheet, row_number, is_warned, street_code, street_name, street_type)
select 'STREETS', '街道名录', street_index + 2, false, street_code, street_name, '街道' from street_list
where getvariable('from_month') = 0;

insert into raw.registry (file_id, sheet, row_number, is_warned, credit_code, unit_name, street, workers, status)
select 'REGISTRY', '企业名录', unit_index + 2, false, credit_code, '企业' || unit_index,
       s.street_name, workers, case when hash(unit_index, 's') % 40 = 0 then '注销' else '在营' end
from units join street_list s using (street_index)
where getvariable('from_month') = 0;

insert into raw.targets (file_id, sheet, row_number, is_warned, year, street, kpi_code, target_value, target_is_percent)
select 'TARGETS', '年度目标', row_number() over (), false, y, s.street_name, k, v, false
from street_list s,
     (select distinct year(report_month) as y from months),
     (values ('new_unions', 300.0), ('service_cards', 5000.0), ('union_formation_rate', 85.0)) t(k, v)
where getvariable('from_month') = 0;

-- The state of every unit every month: unionized from a hashed month on.
insert into raw.org_units (file_id, sheet, row_number, is_warned, credit_code, unit_name, street,
    unit_type, ownership, workers, migrant_workers, members, migrant_members, union_form,
    union_date, legal_person, workers_congress, openness)
select 'F' || lpad((1000 + m.month_index * 10000 + u.street_index)::varchar, 6, '0'), '组建与会员', u.unit_index + 4, false,
       u.credit_code, '企业' || u.unit_index, s.street_name, '企业', '非公', u.workers,
       u.workers // 3, case when unionized then (u.workers * 3) // 4 else 0 end,
       case when unionized then u.workers // 4 else 0 end,
       case when not unionized then '未建会' when u.form_draw < 70 then '单独建会' else '联合建会' end,
       case when unionized then make_date(2015, 1, 1) + (hash(u.unit_index, 'd') % 4000)::integer end,
       u.form_draw % 3 = 0, u.form_draw % 2 = 0, u.form_draw % 5 <> 0
from units u
join street_list s using (street_index)
cross join months m
cross join lateral (select u.form_draw < 60 + m.month_index / 2 as unionized);

insert into raw.service_cards (file_id, sheet, row_number, is_warned, credit_code, street,
    info_collected, cards_issued)
select 'F' || lpad((1000 + m.month_index * 10000 + u.street_index)::varchar, 6, '0'), '服务卡', u.unit_index + 2, false,
       u.credit_code, null, hash(u.unit_index, m.month_index, 'i') % 20,
       least(hash(u.unit_index, m.month_index, 'c') % 10, (u.workers * 3) // 4)
from units u cross join months m
-- Cards go to members: only unionized units issue them, never more than their members.
where hash(u.unit_index, m.month_index, 'p') % 10 < 4
    and u.form_draw < 60 + m.month_index / 2;

insert into raw.contracts (file_id, sheet, row_number, is_warned, credit_code, contract_no,
    contract_type, sign_form, signed_on, expires_on, covered_workers)
select 'F' || lpad((1000 + m.month_index * 10000 + u.street_index)::varchar, 6, '0'), '集体合同', u.unit_index + 2, false,
       u.credit_code, 'HT' || u.unit_index || '-' || m.month_index,
       case when hash(u.unit_index, 'ct') % 3 = 0 then '综合集体合同' else '工资专项集体合同' end,
       '单独签订', m.report_month + 5, m.report_month + 5 + interval 3 year - interval 1 day, u.workers
from units u cross join months m
where hash(u.unit_index, m.month_index, 'k') % 100 < 4;

insert into raw.trainings (file_id, sheet, row_number, is_warned, credit_code, street,
    training_name, training_type, start_date, participants, hours)
select 'F' || lpad((1000 + m.month_index * 10000 + u.street_index)::varchar, 6, '0'), '培训', u.unit_index + 2, false,
       u.credit_code, null, '班次', '职工技能培训', m.report_month + 9, 10 + hash(u.unit_index, m.month_index) % 80, 8
from units u cross join months m
where hash(u.unit_index, m.month_index, 't') % 1000 < 13;

insert into raw.disputes (file_id, sheet, row_number, is_warned, credit_code, street,
    cases_received, cases_mediated, amount)
select 'F' || lpad((1000 + m.month_index * 10000 + u.street_index)::varchar, 6, '0'), '劳动争议', u.unit_index + 2, false,
       u.credit_code, null, 2, 1, 1.5
from units u cross join months m
where hash(u.unit_index, m.month_index, 'x') % 1000 < 7;

insert into raw.assistance (file_id, sheet, row_number, is_warned, credit_code, street,
    assisted_workers, amount)
select 'F' || lpad((1000 + m.month_index * 10000 + u.street_index)::varchar, 6, '0'), '困难帮扶', u.unit_index + 2, false,
       u.credit_code, null, 3, 0.6
from units u cross join months m
where hash(u.unit_index, m.month_index, 'y') % 1000 < 7;
