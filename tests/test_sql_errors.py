"""DuckDB's errors said in Chinese: each rule against the message this DuckDB really
gives (a DuckDB upgrade that rewords one fails here, not in front of an analyst)."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.sql_errors import explain


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    con.execute("create schema marts; "
                "create table marts.kpi_monthly(year int, org_name varchar, actual double)")
    yield con
    con.close()


def message(con, sql: str) -> str:
    with pytest.raises(duckdb.Error) as caught:
        con.execute(sql).fetchall()
    return str(caught.value)


@pytest.mark.parametrize("sql, chinese", [
    ("select * from marts.kpi", "表“kpi”不存在；是否指“kpi_monthly”？"),
    ("select * from kpi_monthly", "表“kpi_monthly”不存在；是否指“marts.kpi_monthly”？"),
    ("select yeer from marts.kpi_monthly", "找不到列“yeer”；可用的相近列：year"),
    ("select foo(1)", "函数“foo”不存在；是否指“floor”？"),
    ("selec 1", "语法错误：在“selec”附近"),
    ("select 'abc", "语法错误：引号未闭合"),
    ("select org_name, sum(actual) from marts.kpi_monthly",
     "列“org_name”须写进 GROUP BY，或放在聚合函数（如 sum、max、any_value）中"),
    ("select cast('abc' as int)", "类型转换失败：文本“abc”不能转为 INT32"),
    ("select year from marts.kpi_monthly a, marts.kpi_monthly b",
     "列名“year”不明确：多个表都有此列，请加表名或别名限定"),
    ("select sum('a', 2)",
     "函数的参数类型不匹配：sum(STRING_LITERAL, INTEGER_LITERAL)，可能需要显式类型转换（CAST）"),
    ("select x.year from marts.kpi_monthly", "找不到表或别名“x”"),
])
def test_duckdbs_error_in_chinese(con, sql, chinese):
    assert explain(message(con, sql)) == chinese


def test_a_message_no_rule_knows_gets_a_general_sentence():
    assert explain("Some Error: something new") == "数据库报告了错误"
    assert explain("") == "数据库报告了错误"
