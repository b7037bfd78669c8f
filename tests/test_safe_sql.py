"""Ad-hoc SQL's limits (orchestration.safe_sql), found by a security review: a query
DuckDB cannot interrupt is killed at the time limit, memory and result size are capped,
nothing spills to (or is read from) the working directory, and refusals name what was
typed."""

from __future__ import annotations

import pytest

from orchestration import safe_sql
from orchestration.safe_sql import QueryRefused, run_query
from tests.fixtures_marts import write_warehouse


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    path = tmp_path_factory.mktemp("safe_sql") / "published.duckdb"
    write_warehouse(path, [])
    return path


def test_a_query_duckdb_cannot_interrupt_is_killed(published, monkeypatch):
    # One list function over a long list never checks for an interrupt (~50 s here).
    monkeypatch.setattr(safe_sql, "_KILL_AFTER_EXTRA_S", 2.0)
    with pytest.raises(QueryRefused, match="时限"):
        run_query(published, "SELECT len(list_distinct(range(30000000)))", timeout_s=1)


def test_memory_is_capped(published):
    with pytest.raises(QueryRefused, match=r"内存超过上限（64MB）"):
        run_query(published, "SELECT count(*) FROM (SELECT * FROM range(20000000) ORDER BY random())",
                  memory_limit="64MB")


def test_results_are_capped_in_bytes(published):
    result = run_query(published, "SELECT repeat('x', 1000) AS s FROM range(1000)", byte_limit=100_000)
    assert 0 < len(result.frame) < 100 and result.truncated
    assert result.limit_note == f"结果超过 97 KB，只显示前 {len(result.frame):,} 行；请缩小范围或只选需要的列。"


def test_the_working_directory_is_not_readable(published, tmp_path, monkeypatch):
    # DuckDB allows its temporary directory (.tmp in the working directory) even with
    # external access off: queries have none, so nothing spills there or is read there.
    (tmp_path / ".tmp").mkdir()
    (tmp_path / ".tmp" / "spill").write_text("another session's data")
    monkeypatch.chdir(tmp_path)
    for sql in ("SELECT * FROM read_text('.tmp/spill')", "SELECT * FROM glob('.tmp/*')"):
        with pytest.raises(QueryRefused, match="已拒绝"):
            run_query(published, sql)


@pytest.mark.parametrize("sql, message", [
    ("", "请先输入查询语句"),
    (" ; ", "请先输入查询语句"),
    ("-- 只有注释", "请先输入查询语句"),
    ("INSTALL httpfs", "已拒绝 INSTALL 语句"),
    ("USE memory", "已拒绝 USE 语句"),
    ("/* 说明 */ CHECKPOINT", "已拒绝 CHECKPOINT 语句"),
    ("WITH x AS (DELETE FROM marts.kpi_monthly RETURNING *) SELECT * FROM x",
     "只允许只读查询：已发布的数据不能修改"),
    ("SELECT * FROM mart.kpi_monthly", "模式（schema）“mart”不存在"),
])
def test_refusals_say_what_was_typed(published, sql, message):
    with pytest.raises(QueryRefused) as refused:
        run_query(published, sql)
    assert message in refused.value.summary


def test_pivot_without_an_in_list_and_unqualified_names_are_reads(published):
    frame = run_query(published, "PIVOT (SELECT * FROM (VALUES ('东湖', 1), ('西城', 2)) AS t(k, v)) "
                                 "ON k USING sum(v)").frame
    assert frame.to_dict("records") == [{"东湖": 1, "西城": 2}]
    assert "kpi_monthly" in set(run_query(published, "SHOW TABLES").frame["name"])
