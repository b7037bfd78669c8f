"""The dashboard: formatting (pure), the query layer (against a tiny published
warehouse) and the 总览 page (streamlit.testing.v1.AppTest on dashboards/app.py)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.access import LOCAL_ANALYST
from streamlit.testing.v1 import AppTest

from dashboards import formatting as fmt
from dashboards import queries
from tests.fixtures_marts import KPI_ROWS, build_published_warehouse, write_warehouse

APP = Path(__file__).resolve().parent.parent / "dashboards" / "app.py"
TIMEOUT = 30  # the first run imports pandas/duckdb; later runs take well under a second


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return build_published_warehouse(tmp_path)


@pytest.fixture
def home(tmp_path: Path, warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNIONKPI_HOME", str(tmp_path))
    return tmp_path


def all_text(at: AppTest) -> str:
    """Every piece of text the app showed, for 'appears somewhere' assertions."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success", "error", "warning"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for metric in at.metric:
        parts += [metric.label, metric.value, metric.proto.delta]
    for frame in at.dataframe:
        parts += [frame.value.to_csv(index=False)]
    return "\n".join(parts)


# =========================================================================== formatting


class TestFormatting:
    def test_percentages(self):
        assert fmt.fmt_pct(0.953) == "95.3%"
        assert fmt.fmt_pct(0.26) == "26.0%"
        assert fmt.fmt_pct(1) == "100.0%"
        assert fmt.fmt_pct(0.9535) == "95.4%"  # half-up on the decimal text
        assert fmt.fmt_pct(0.8125) == "81.3%"
        assert fmt.fmt_pct(None) == fmt.MISSING
        assert fmt.fmt_pct(float("nan")) == fmt.MISSING

    def test_counts(self):
        assert fmt.fmt_count(52) == "52"
        assert fmt.fmt_count(8123) == "8,123"
        assert fmt.fmt_count(9999) == "9,999"
        assert fmt.fmt_count(39200) == "3.92万"
        assert fmt.fmt_count(21000) == "2.1万"
        assert fmt.fmt_count(40000) == "4万"
        assert fmt.fmt_count(123456) == "12.35万"
        assert fmt.fmt_count(123_456_789) == "1.23亿"
        assert fmt.fmt_count(9999.6) == "1万"
        assert fmt.fmt_count(-39200) == "-3.92万"
        assert fmt.fmt_count(-120) == "-120"
        assert fmt.fmt_count(0) == "0"
        assert fmt.fmt_count(pd.NA) == fmt.MISSING

    def test_money(self):
        assert fmt.fmt_money_wan(12.345) == "12.35万元"
        assert fmt.fmt_money_wan(3.2) == "3.20万元"
        assert fmt.fmt_money_wan(12345) == "1.23亿元"

    def test_value_by_display_format_and_unit(self):
        assert fmt.fmt_value(0.953, "pct1", "%") == "95.3%"
        assert fmt.fmt_value(52.0, "int", "家") == "52家"
        assert fmt.fmt_value(39200, "int", "人") == "3.92万人"
        assert fmt.fmt_value(8123, "int", "人") == "8,123人"
        assert fmt.fmt_value(12.345, "dec2", "万元") == "12.35万元"
        assert fmt.fmt_value(1.5, "dec2", None) == "1.50"
        assert fmt.fmt_value(None, "int", "家") == fmt.MISSING

    def test_gaps(self):
        assert fmt.fmt_gap(1.0000000000000009) == "超序时进度1.0个百分点"
        assert fmt.fmt_gap(-5.0) == "落后序时进度5.0个百分点"
        assert fmt.fmt_gap(-0.31, "flow_ytd") == "落后序时进度0.3个百分点"
        assert fmt.fmt_gap(-0.04) == "与序时进度持平"  # rounds to 0.0: no '-0.0'
        assert fmt.fmt_gap(0.3000000000000027, "rate") == "高于目标0.3个百分点"
        assert fmt.fmt_gap(-8.75, "rate") == "低于目标8.8个百分点"
        assert fmt.fmt_gap(None, "stock") == fmt.MISSING
        assert fmt.fmt_pp(2.25) == "2.3个百分点"

    def test_changes(self):
        assert fmt.fmt_change(0.004, "pct1") == "+0.4个百分点"
        assert fmt.fmt_change(-0.01, "pct1") == "-1.0个百分点"
        assert fmt.fmt_change(320, "int", "人") == "+320人"
        assert fmt.fmt_change(-15000, "int", "人") == "-1.5万人"
        assert fmt.fmt_change(-4.1, "dec2", "万元") == "-4.10万元"
        assert fmt.fmt_change(0, "int", "人") == "0人"
        assert fmt.fmt_change(None, "int", "人") == fmt.MISSING

    def test_status_labels_and_colours(self):
        assert [fmt.status_label(s) for s in ("met", "ahead", "behind", "no_target", "no_data")] == [
            "已完成", "超序时进度", "落后序时进度", "无目标", "无数据",
        ]
        assert [fmt.status_color(s) for s in ("met", "ahead", "behind", "no_target", "no_data")] == [
            "green", "blue", "red", "gray", "gray",
        ]
        assert fmt.status_label("behind", "count_ytd") == "落后序时进度"
        assert fmt.status_label("behind", "rate") == "未达目标"  # rates have no 序时进度
        assert fmt.status_label(None) == "无数据"
        assert fmt.status_badge("met") == ":green-badge[已完成]"

    def test_sentence_count_kpi(self):
        row = {"month": 3, "org_name": "全区", "kpi_code": "new_unions", "kind": "count_ytd",
               "display_format": "int", "unit": "家", "short_name": "新建工会数",
               "actual": 52.0, "target": 200.0, "progress_pct": 0.26, "gap_pp": 1.0000000000000009}
        assert fmt.progress_sentence(row) == "截至3月底，全区新建工会52家，完成年度目标的26.0%，超序时进度1.0个百分点。"
        behind = {**row, "actual": 40.0, "progress_pct": 0.2, "gap_pp": -5.0}
        assert fmt.progress_sentence(behind) == "截至3月底，全区新建工会40家，完成年度目标的20.0%，落后序时进度5.0个百分点。"
        no_target = {**row, "target": None, "progress_pct": None, "gap_pp": None}
        assert fmt.progress_sentence(no_target) == "截至3月底，全区新建工会52家。"

    def test_sentence_rate_and_missing(self):
        row = {"month": 3, "org_name": "城关街道", "kpi_code": "union_formation_rate", "kind": "rate",
               "display_format": "pct1", "unit": "%", "short_name": "建会率",
               "actual": 0.953, "target": 0.95, "progress_pct": 1.003, "gap_pp": 0.3}
        assert fmt.progress_sentence(row) == "截至3月底，城关街道建会率为95.3%，年度目标95.0%，高于目标0.3个百分点。"
        assert fmt.progress_sentence({**row, "actual": float("nan")}) == "截至3月底，城关街道建会率暂无数据。"

    def test_card_view(self):
        row = {"kpi_code": "members", "kpi_name": "会员人数", "short_name": "会员人数", "kind": "stock",
               "unit": "人", "display_format": "int", "direction": "higher", "is_key": False,
               "actual": 39200.0, "target": None, "progress_pct": None, "time_elapsed_pct": 0.25,
               "gap_pp": None, "status": "no_target", "mom_change": 320.0}
        card = fmt.card_view(row)
        assert (card.label, card.value, card.target, card.progress, card.elapsed) == (
            "会员人数", "3.92万人", fmt.MISSING, fmt.MISSING, "")
        assert (card.status_label, card.badge, card.delta, card.delta_color, card.delta_arrow) == (
            "无目标", ":gray-badge[无目标]", "+320人", "normal", "auto")
        # A stock's target is a level, not a pace: no 序时进度 on its card.
        assert card.detail == "目标 —｜完成率 —"
        flows = fmt.card_view({**row, "kind": "flow_ytd"})
        assert flows.detail == "目标 —｜完成率 —｜序时进度 25.0%"

    def test_a_change_that_shows_as_zero_has_no_arrow_and_no_colour(self):
        row = {"kpi_code": "reporting_rate", "kind": "rate", "unit": "%", "display_format": "pct1",
               "direction": "higher", "status": "met", "mom_change": -0.0002}
        card = fmt.card_view(row)
        assert (card.delta, card.delta_color, card.delta_arrow) == ("0.0个百分点", "off", "off")
        falling = fmt.card_view({**row, "mom_change": -0.02})
        assert (falling.delta, falling.delta_color, falling.delta_arrow) == (
            "-2.0个百分点", "normal", "auto")


# =========================================================================== queries


class TestQueries:
    def test_available_periods_newest_first(self, warehouse: Path):
        assert queries.available_periods(warehouse) == [(2025, 3), (2025, 2)]

    def test_months_before_the_years_first_report_are_neither_offered_nor_drawn(self, warehouse: Path):
        """kpi_monthly lists every month up to the latest, counts 0 before the year's
        first monthly report (February here); a year with no monthly report at all
        (2024: its December only holds a baseline) is not offered either."""
        zeros = [(y, m, *r[2:4], 0, *r[5:12], None, None)
                 for y, m in ((2025, 1), (2024, 12)) for r in KPI_ROWS if r[1] == 2]
        write_warehouse(warehouse, KPI_ROWS + zeros)
        assert queries.first_report_months(warehouse) == {2025: 2}
        assert queries.available_periods(warehouse) == [(2025, 3), (2025, 2)]
        trend = queries.kpi_trend(2025, 3, "ALL", "new_unions", db_path=warehouse)
        assert list(trend["month"]) == [2, 3]
        assert queries.kpi_trend(2024, 12, "ALL", "new_unions", db_path=warehouse).empty
        assert fmt.month_span(2025, 2, 3) == "2025年2–3月" and fmt.month_span(2025, 12, 12) == "2025年12月"

    def test_kpi_cards_district(self, warehouse: Path):
        cards = queries.kpi_cards(2025, 3, db_path=warehouse)
        assert list(cards["kpi_code"]) == [
            "new_unions", "union_formation_rate", "members", "membership_rate", "assistance_amount"]
        assert set(cards["org_name"]) == {"全区"}
        first = cards.iloc[0]
        assert (first["kpi_name"], first["kind"], first["unit"], first["display_format"]) == (
            "新建工会数", "count_ytd", "家", "int")
        assert (first["actual"], first["target"], first["progress_pct"], first["gap_pp"], first["status"]) == (
            52.0, 200.0, 0.26, 1.0, "ahead")
        assert first["time_elapsed_pct"] == pytest.approx(0.25)
        assert list(cards["is_key"]) == [True, True, False, True, False]

    def test_kpi_cards_street_and_missing_period(self, warehouse: Path):
        cards = queries.kpi_cards(2025, 2, "S02", db_path=warehouse)
        assert list(cards["actual"].iloc[:3]) == [14.0, 0.938, 8003.0]
        assert set(cards["org_name"]) == {"东湖镇"}
        assert queries.kpi_cards(2024, 12, db_path=warehouse).empty

    def test_street_table(self, warehouse: Path):
        streets = queries.street_table(2025, 3, db_path=warehouse)
        assert len(streets) == 15  # 全区 and 2 streets x 5 KPIs
        assert list(streets["org_code"].drop_duplicates()) == ["ALL", "S01", "S02"]
        assert list(streets["org_name"].drop_duplicates()) == ["全区", "城关街道", "东湖镇"]
        row = streets[(streets["org_code"] == "S02") & (streets["kpi_code"] == "new_unions")].iloc[0]
        assert (row["actual"], row["status"], row["rank"], row["street_type"]) == (20.0, "behind", 2, "镇")

    def test_street_table_view(self, warehouse: Path):
        view = fmt.street_table_view(queries.street_table(2025, 3, db_path=warehouse))
        assert list(view.data.columns) == [
            "街道", "新建工会数", "新建工会数 完成率", "建会率", "建会率 完成率", "职工入会率", "职工入会率 完成率"]
        assert view.data.iloc[0]["街道"] == "全区"  # to compare the streets with
        assert view.data.iloc[1].tolist() == [
            "城关街道", "30家", "30.0%（超序时进度）", "96.2%", "101.3%（已完成）", "81.3%", "90.3%（未达目标）"]
        assert view.data.iloc[2].tolist() == [
            "东湖镇", "20家", "20.0%（落后序时进度）", "94.4%", "99.4%（未达目标）", "—", "无数据"]
        assert view.css.loc[2, "新建工会数 完成率"] == "color: #c62828"
        assert view.css.shape == view.data.shape

    def test_newly_published_file_is_picked_up(self, warehouse: Path):
        assert queries.kpi_cards(2025, 3, db_path=warehouse)["actual"].iloc[0] == 52.0
        changed = [(*r[:4], 60 if r[:4] == (2025, 3, "ALL", "new_unions") else r[4], *r[5:]) for r in KPI_ROWS]
        april = [(2025, 4, *r[2:]) for r in KPI_ROWS if r[1] == 3]
        before = queries.warehouse_version(warehouse)
        april_file = ("F000099", "城关街道_2025-04.xlsx", dt.datetime(2025, 5, 2, 9, 0), "城关街道总工会",
                      dt.date(2025, 4, 1), "monthly", "loaded", 2, 0, 0, None, None)
        # written aside, then renamed over
        write_warehouse(warehouse, changed + april, more_files=[april_file])
        assert queries.warehouse_version(warehouse) != before
        assert queries.kpi_cards(2025, 3, db_path=warehouse)["actual"].iloc[0] == 60.0
        assert queries.available_periods(warehouse)[0] == (2025, 4)

    def test_connection_is_read_only(self, warehouse: Path):
        conn = queries._connection(queries.warehouse_version(warehouse), LOCAL_ANALYST.scope)
        with pytest.raises(duckdb.Error):
            conn.execute("create table published.marts.scratch (i integer)")

    def test_missing_warehouse(self, tmp_path: Path):
        missing = tmp_path / "published" / "warehouse.duckdb"
        assert not queries.warehouse_exists(missing)
        with pytest.raises(queries.WarehouseMissing):
            queries.available_periods(missing)

    def test_default_path_follows_unionkpi_home(self, home: Path):
        assert queries.published_path() == (home / "published" / "warehouse.duckdb").resolve()
        assert queries.available_periods() == [(2025, 3), (2025, 2)]

    def test_sql_files(self, warehouse: Path):
        assert set(queries.sql_names()) >= {"available_periods", "kpi_cards", "street_table", "dim_kpi"}
        for name in ("../x", "kpi_cards; drop", "KPI"):
            with pytest.raises(ValueError):
                queries.load_sql(name)
        assert list(queries.dim_kpi(warehouse)["kpi_code"])[:2] == ["new_unions", "union_formation_rate"]

    def test_pick_period(self):
        periods = [(2025, 3), (2025, 2), (2024, 12), (2024, 11)]
        assert queries.pick_period(periods) == (2025, 3)
        assert queries.pick_period(periods, "2025", "2") == (2025, 2)
        assert queries.pick_period(periods, 2024, None) == (2024, 12)
        assert queries.pick_period(periods, "2024", "5") == (2024, 12)
        assert queries.pick_period(periods, "abc", "2") == (2025, 3)
        assert queries.pick_period(periods, "2023", "1") == (2025, 3)
        assert queries.pick_period([], "2025", "3") is None
        assert queries.months_of(periods, 2024) == [12, 11]


# =========================================================================== the app


class TestOverviewPage:
    def test_district_cards_and_street_table(self, home: Path):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
        assert not at.exception
        text = all_text(at)

        assert at.title[0].value == "总览 · 2025年3月"
        assert at.success[0].value == "截至3月底，全区新建工会52家，完成年度目标的26.0%，超序时进度1.0个百分点。"
        metrics = {m.label: m.value for m in at.metric}
        assert metrics == {"新建工会数": "52家", "建会率": "95.3%", "职工入会率": "82.0%",
                           "会员人数": "3.92万人", "帮扶金额": "12.35万元"}
        for expected in ("目标 200家｜完成率 26.0%｜序时进度 25.0%", "超序时进度1.0个百分点",
                         "高于目标0.3个百分点", "低于目标8.0个百分点", "落后序时进度0.3个百分点",
                         ":blue-badge[超序时进度]", ":green-badge[已完成]", ":gray-badge[无目标]",
                         ":red-badge[落后序时进度]", "+18家", "+0.4个百分点"):
            assert expected in text, expected

        table = at.dataframe[0].value
        assert list(table["街道"]) == ["全区", "城关街道", "东湖镇"]
        assert list(table["新建工会数"]) == ["52家", "30家", "20家"]
        assert list(table["新建工会数 完成率"]) == [
            "26.0%（超序时进度）", "30.0%（超序时进度）", "20.0%（落后序时进度）"]
        assert "会员人数" not in table.columns  # key KPIs only

        assert at.query_params == {"year": "2025", "month": "3"}
        assert at.selectbox(key="month").options == ["3月", "2月"]

    def test_the_street_chosen_in_the_sidebar_is_shown(self, home: Path):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params["street"] = "S02"
        at.run()
        assert not at.exception
        assert at.warning[0].value == "截至3月底，东湖镇新建工会20家，完成年度目标的20.0%，落后序时进度5.0个百分点。"
        assert {m.label: m.value for m in at.metric}["新建工会数"] == "20家"
        assert "东湖镇 · 序时进度" in all_text(at)
        at.selectbox(key="street").set_value("ALL").run()
        assert {m.label: m.value for m in at.metric}["新建工会数"] == "52家"

    def test_period_from_query_params(self, home: Path):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.query_params["year"] = "2025"
        at.query_params["month"] = "2"
        at.run()
        assert not at.exception
        assert at.title[0].value == "总览 · 2025年2月"
        assert {m.label: m.value for m in at.metric}["新建工会数"] == "34家"
        assert at.success[0].value == "截至2月底，全区新建工会34家，完成年度目标的17.0%，超序时进度0.3个百分点。"
        # February is 2025's first month with a report: no 环比 against an empty January.
        assert "全区 · 序时进度 16.7%（2/12）· 1月没有导入的月报，不显示环比" in all_text(at)
        assert not [m.proto.delta for m in at.metric if m.proto.delta]

    def test_month_selector_updates_page_and_url(self, home: Path):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
        at.selectbox(key="month").set_value(2).run()
        assert not at.exception
        assert at.query_params["month"] == "2"
        assert list(at.dataframe[0].value["新建工会数"]) == ["34家", "20家", "14家"]

    def test_no_data_yet(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
        monkeypatch.setenv("UNIONKPI_HOME", str(tmp_path / "empty-home"))
        at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
        assert not at.exception
        assert "尚无数据：请先运行 unionkpi load 导入报表" in at.info[0].value
        assert not at.metric and not at.dataframe

    def test_warehouse_without_rows(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
        path = tmp_path / "published" / "warehouse.duckdb"
        path.parent.mkdir(parents=True)
        write_warehouse(path, [])
        monkeypatch.setenv("UNIONKPI_HOME", str(tmp_path))
        at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
        assert not at.exception
        assert "尚无数据" in at.info[0].value
        assert os.path.exists(path)
