"""Users, passwords and roles; and the warehouse as each role may see it — enforced
where the warehouse is opened, so SQL cannot reach past it."""

from __future__ import annotations

import pytest

from orchestration.access import (
    LOCAL_ANALYST, Scope, User, UsersFileError, add_user, authenticate, hash_password,
    load_users, verify_password,
)
from orchestration.safe_sql import QueryRefused, run_query
from orchestration.scoping import open_published
from tests.fixtures_marts import build_published_warehouse

STREET = Scope("street", street="S02")
CLERK = Scope("clerk", submitter="城关街道总工会")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return build_published_warehouse(tmp_path_factory.mktemp("access"))


def test_password_hash_round_trip():
    stored = hash_password("东湖2026!")
    assert stored.startswith("pbkdf2_sha256$")
    assert verify_password("东湖2026!", stored)
    assert not verify_password("东湖2026", stored)
    assert not verify_password("东湖2026!", stored[:-4] + "AAAA")
    assert hash_password("same") != hash_password("same")  # salted


def test_users_file_round_trip_and_login(tmp_path):
    path = tmp_path / "users.toml"
    add_user(path, User("analyst", "analyst", "区总工会分析员"), "a-secret")
    add_user(path, User("donghu", "street", "东湖镇用户", street="S02"), "s-secret")
    add_user(path, User("clerk1", "clerk", submitter="城关街道总工会"), "c-secret")
    users = load_users(path)
    assert set(users) == {"analyst", "donghu", "clerk1"}
    assert "s-secret" not in path.read_text(encoding="utf-8")
    assert authenticate(users, "donghu", "s-secret").scope == STREET
    assert authenticate(users, "donghu", "a-secret") is None
    assert authenticate(users, "nobody", "x") is None
    assert LOCAL_ANALYST.scope.is_everything


def test_a_user_the_file_cannot_hold_is_refused_before_writing(tmp_path):
    path = tmp_path / "users.toml"
    add_user(path, User("analyst", "analyst", '分析员 "甲"'), "a-secret")  # quotes kept
    before = path.read_bytes()
    for refused, message in ((User("bob", "street"), "street"),
                             (User("carol", "clerk"), "submitter"),
                             (User("dave", "boss"), "角色")):
        with pytest.raises(UsersFileError, match=message):
            add_user(path, refused, "secret")
    with pytest.raises(UsersFileError, match="无法保存的字符"):
        add_user(path, User("erin", "analyst", "a\x7fb"), "secret")
    assert path.read_bytes() == before  # the file still works: no bad entry was written
    assert load_users(path)["analyst"].display_name == '分析员 "甲"'
    assert [p.name for p in tmp_path.iterdir()] == ["users.toml"]


def test_the_users_file_keeps_its_permissions_and_its_link(tmp_path):
    import os
    import stat

    real = tmp_path / "secrets" / "users.toml"
    add_user(real, User("analyst", "analyst"), "a-secret")
    assert stat.S_IMODE(real.stat().st_mode) == 0o600  # made private: it holds hashes
    os.chmod(real, 0o640)
    link = tmp_path / "users.toml"
    link.symlink_to(real)
    add_user(link, User("clerk1", "clerk", submitter="城关街道总工会"), "c-secret")
    assert link.is_symlink() and set(load_users(real)) == {"analyst", "clerk1"}
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


@pytest.mark.parametrize(("text", "message"), [
    ('[users.a]\nrole = "boss"\npassword_hash = "x"\n', "角色"),
    ('[users.a]\nrole = "street"\npassword_hash = "x"\n', "street"),
    ('[users.a]\nrole = "clerk"\npassword_hash = "x"\n', "submitter"),
    ('[users.a]\nrole = "analyst"\n', "password_hash"),
    ("", "没有用户"),
    ("[users\n", "无法读取"),
])
def test_a_bad_users_file_is_refused_whole(tmp_path, text, message):
    path = tmp_path / "users.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsersFileError, match=message):
        load_users(path)


def test_analyst_sees_every_street(published):
    con = open_published(published, None)
    orgs = {r[0] for r in con.execute("SELECT DISTINCT org_code FROM marts.kpi_monthly").fetchall()}
    assert orgs == {"ALL", "S01", "S02"}


def test_street_user_sees_only_their_street_everywhere(published):
    con = open_published(published, STREET)
    for table in ("kpi_monthly", "kpi_report", "fct_unit_month", "dim_org", "submission_files"):
        orgs = {r[0] for r in con.execute(f"SELECT DISTINCT org_code FROM marts.{table}").fetchall()}
        assert orgs == {"S02"}, table
    files = {r[0] for r in con.execute("SELECT DISTINCT file_id FROM marts.load_issues").fetchall()}
    assert files == {"F000005"}  # 东湖镇's rejected file; 城关街道's issues are gone
    with pytest.raises(Exception, match="published"):
        con.execute("SELECT * FROM published.marts.kpi_monthly")


def test_a_street_user_is_offered_the_same_months_whatever_their_files_say(tmp_path, monkeypatch):
    """The months offered follow marts.report_years, which every viewer reads whole: a
    street user whose files name no street (flows-only reports: org_code null) sees none
    of them, yet is offered the months an analyst is."""
    import duckdb

    from dashboards import queries

    path = build_published_warehouse(tmp_path)
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE marts.submission_files SET org_code = NULL WHERE org_code = 'S02'")
    analyst = queries.available_periods(path)
    monkeypatch.setattr(queries, "current_scope", lambda: STREET)
    assert queries.run("submission_files", (), path).empty
    assert queries.available_periods(path) == analyst == [(2025, 3), (2025, 2)]
    assert list(queries.kpi_trend(2025, 3, "S02", "new_unions", db_path=path)["month"]) == [2, 3]


def test_a_file_published_before_the_newer_marts_still_opens_for_a_street_user(tmp_path, monkeypatch):
    """A street user may open the dashboard after an upgrade, before the next load has
    published the newer marts: their copies are left out, and the months are offered
    unfiltered."""
    import duckdb

    from dashboards import queries

    path = build_published_warehouse(tmp_path)
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE marts.report_years")
        con.execute("DROP TABLE marts.fct_unit_month")
    con = open_published(path, STREET)
    assert {r[0] for r in con.execute("SELECT DISTINCT org_code FROM marts.kpi_monthly").fetchall()} == {"S02"}
    monkeypatch.setattr(queries, "current_scope", lambda: STREET)
    assert queries.first_report_months(path) is None
    assert queries.available_periods(path) == [(2025, 3), (2025, 2)]


def test_street_user_sql_cannot_reach_other_streets(published):
    result = run_query(published, "SELECT DISTINCT org_code FROM marts.kpi_monthly", scope=STREET)
    assert list(result.frame["org_code"]) == ["S02"]
    for sql in ("SELECT * FROM published.marts.kpi_monthly",
                f"ATTACH '{published}' AS again (READ_ONLY)",
                f"SELECT * FROM read_parquet('{published}')",
                "SELECT * FROM raw.org_units"):
        with pytest.raises(QueryRefused):
            run_query(published, sql, scope=STREET)


def test_clerk_sees_only_their_own_files(published):
    result = run_query(published, "SELECT DISTINCT submitter FROM marts.submission_files", scope=CLERK)
    assert list(result.frame["submitter"]) == ["城关街道总工会"]
    with pytest.raises(QueryRefused):
        run_query(published, "SELECT * FROM marts.kpi_monthly", scope=CLERK)


def test_a_runaway_query_is_stopped_by_the_time_limit(published):
    with pytest.raises(QueryRefused, match="时限"):
        run_query(published, "SELECT count(*) FROM range(100000000) a, range(100000000) b "
                              "WHERE a.range + b.range = -1", timeout_s=1)


def test_results_are_capped_at_the_row_limit(published):
    result = run_query(published, "SELECT * FROM range(50)", row_limit=10)
    assert len(result.frame) == 10 and result.truncated
