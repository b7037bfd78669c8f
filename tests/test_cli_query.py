"""What `unionkpi query` prints: values as the warehouse holds them, in every format
(an INTEGER column with a NULL stays whole numbers; the NULL is null, empty or NULL)."""

import json

import pytest
from typer.testing import CliRunner

from orchestration.cli import app
from orchestration.home import Home
from tests.fixtures_marts import write_warehouse

SQL = ("SELECT row_number, sheet, 1.5::DECIMAL(4, 2) AS amount, DATE '2026-03-01' AS month "
       "FROM marts.load_issues ORDER BY row_number NULLS FIRST LIMIT 2")


@pytest.fixture()
def home(tmp_path, monkeypatch):
    home = Home(tmp_path).ensure()
    write_warehouse(home.published, [])
    monkeypatch.setenv("UNIONKPI_HOME", str(tmp_path))
    return home


def query(*args: str) -> str:
    result = CliRunner().invoke(app, ["query", SQL, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_keeps_whole_numbers_and_nulls(home):
    rows = json.loads(query("--format", "json"))
    assert rows[0]["row_number"] is None and rows[0]["sheet"] is None  # a file error
    assert isinstance(rows[1]["row_number"], int) and rows[1]["row_number"] > 0
    assert rows[1]["amount"] == 1.5 and rows[1]["month"] == "2026-03-01"


def test_csv_and_table_print_whole_numbers(home):
    lines = query("--format", "csv").splitlines()
    assert lines[0] == "row_number,sheet,amount,month"
    assert lines[1].startswith(",,1.50,2026-03-01")
    number = lines[2].split(",")[0]
    assert number.isdigit(), lines[2]
    table = query().splitlines()
    assert "NULL" in table[1] and "NaN" not in "".join(table)
    assert table[2].split()[0] == number


def test_non_finite_numbers_stay_valid_json_and_apart_from_null(home):
    sql = "SELECT 1.0 / 0 AS inf, -1.0 / 0 AS minus, 'nan'::DOUBLE AS nan, NULL::DOUBLE AS missing"
    result = CliRunner().invoke(app, ["query", sql, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"inf": "Infinity", "minus": "-Infinity", "nan": "NaN", "missing": None}]
    table = CliRunner().invoke(app, ["query", sql]).stdout.splitlines()
    assert table[1].split() == ["inf", "-inf", "NaN", "NULL"]


def test_a_truncated_result_says_why(home):
    result = CliRunner().invoke(app, ["query", "SELECT * FROM range(100005)"])
    assert result.exit_code == 0
    assert result.stderr.strip() == "（结果超过 100,000 行，只显示前 100,000 行。）"
