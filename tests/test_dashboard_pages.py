"""The dashboard pages beyond 总览 (街道排名, 趋势, 单位明细, 数据质量, SQL 查询, 上报),
driven through dashboards/app.py's navigation with streamlit.testing.v1.AppTest on the
tiny published warehouse of tests/fixtures_marts.py; and the pure modules behind them
(charts, exports, uploads, the new formatting and queries)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import sys
import types
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboards import charts, exports, queries, uploads
from dashboards import formatting as fmt
from ingestion.template_spec import MESSAGES
from tests.fixtures_marts import (
    DUPLICATE_MESSAGE, KPI_ROWS, REJECTED_MESSAGE, UNIT_A, UNIT_B, build_published_warehouse,
    write_warehouse,
)
from tests.tiny_district import A, unit
from tests.workbooks import write_xlsx

APP = Path(__file__).resolve().parent.parent / "dashboards" / "app.py"
TIMEOUT = 30

BAD_CODE = "91110108000000001X"  # wrong check character
BAD_CODE_MESSAGE = MESSAGES["credit_code"].format(row=5, header="统一社会信用代码", value=BAD_CODE)


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return build_published_warehouse(tmp_path)


@pytest.fixture
def home(tmp_path: Path, warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNIONKPI_HOME", str(tmp_path))
    return tmp_path


def open_page(page: str, **query: str) -> AppTest:
    """Run the app (with the URL's query parameters), then switch to app_pages/<page>.py
    through the navigation."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest, kind: str) -> list[str]:
    return [str(e.value) for e in getattr(at, kind)]


def frame(at: AppTest, columns: list[str]) -> pd.DataFrame:
    """The displayed table whose first columns are ``columns``."""
    for element in at.dataframe:
        value = element.value
        if list(value.columns[: len(columns)]) == columns:
            return value.reset_index(drop=True)
    raise AssertionError(f"no table starting with {columns}: {[list(e.value.columns) for e in at.dataframe]}")


def plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


# =========================================================================== navigation


class TestNavigation:
    def test_every_page_is_registered_and_runs(self, home: Path):
        from dashboards.app_pages import PAGES

        assert [p.title for p in PAGES] == ["总览", "街道排名", "趋势", "单位明细", "数据质量", "月度通报",
                                            "SQL 查询", "上报"]
        at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
        for page in PAGES[1:]:
            at.switch_page(f"app_pages/{page.file}").run()
            assert not at.exception, (page.file, [e.value for e in at.exception])
            assert at.title[0].value.startswith(page.title), page.file

    def test_street_filter_from_and_to_the_url(self, home: Path):
        at = open_page("trends", street="S02")
        assert at.selectbox(key="street").value == "S02"
        assert at.title[0].value == "趋势 · 东湖镇 · 2025年2–3月"  # the first report is February's
        assert "2025年1月全区尚无导入的月报，不显示；2月的环比是与没有月报的1月相比。" in texts(at, "caption")[0]
        assert at.query_params["street"] == "S02"
        at.selectbox(key="street").set_value("ALL").run()
        assert "street" not in at.query_params
        assert at.title[0].value == "趋势 · 全区 · 2025年2–3月"
        at.selectbox(key="street").set_value("S01").run()
        assert at.query_params == {"year": "2025", "month": "3", "street": "S01"}

    def test_unknown_street_in_url_means_district(self, home: Path):
        at = open_page("trends", street="S99")
        assert at.selectbox(key="street").value == "ALL"
        assert at.selectbox(key="street").options == ["全区", "城关街道", "东湖镇"]


# =========================================================================== 街道排名


class TestRankingPage:
    def test_default_kpi_ranking_chart_and_sentence(self, home: Path):
        at = open_page("ranking")
        assert at.title[0].value == "街道排名 · 2025年3月"
        assert at.selectbox(key="ranking_kpi").value == "new_unions"
        assert texts(at, "warning") == ["落后序时进度的街道：东湖镇"]
        table = frame(at, ["名次", "街道"])
        assert table.values.tolist() == [
            ["1", "城关街道", "30家", "100家", "30.0%", "超序时进度5.0个百分点", "超序时进度"],
            ["2", "东湖镇", "20家", "100家", "20.0%", "落后序时进度5.0个百分点", "落后序时进度"],
        ]
        (spec,) = plotly_specs(at)
        assert [t["name"] for t in spec["data"]] == ["超序时进度", "落后序时进度"]
        assert [t["marker"]["color"] for t in spec["data"]] == ["#1f5fbf", "#c62828"]
        assert spec["layout"]["shapes"][0]["x0"] == pytest.approx(0.25)
        assert spec["layout"]["annotations"][0]["text"] == "序时进度 25.0%"

    def test_rate_kpi_and_other_month(self, home: Path):
        at = open_page("ranking")
        at.selectbox(key="ranking_kpi").set_value("union_formation_rate").run()
        assert texts(at, "warning") == ["未达目标的街道：东湖镇"]
        table = frame(at, ["名次", "街道"])
        assert table["完成率"].tolist() == ["101.3%", "99.4%"]
        assert table["差距"].tolist() == ["高于目标1.2个百分点", "低于目标0.6个百分点"]
        assert table["状态"].tolist() == ["已完成", "未达目标"]
        at.selectbox(key="month").set_value(2).run()
        assert at.title[0].value == "街道排名 · 2025年2月"
        assert frame(at, ["名次", "街道"])["实际"].tolist() == ["96.0%", "93.8%"]

    def test_kpi_without_targets_ranks_actual_values(self, home: Path):
        at = open_page("ranking")
        at.selectbox(key="ranking_kpi").set_value("members").run()
        assert texts(at, "info") == ["该指标未设年度目标，按实际值排列。"]
        assert texts(at, "caption") == ["未设年度目标：按实际值从高到低排列，不排名次。"]  # no 完成率 or 序时进度
        table = frame(at, ["名次", "街道"])
        assert table[["街道", "实际", "目标", "状态"]].values.tolist() == [
            ["城关街道", "2.1万人", "—", "无目标"], ["东湖镇", "8,123人", "—", "无目标"]]
        (spec,) = plotly_specs(at)
        assert spec["data"][0]["x"] == [21000.0, 8123.0]
        assert not spec["layout"].get("shapes")

    def test_unranked_streets_come_last(self, home: Path):
        at = open_page("ranking")
        at.selectbox(key="ranking_kpi").set_value("membership_rate").run()
        assert texts(at, "warning") == ["未达目标的街道：城关街道"]
        table = frame(at, ["名次", "街道"])
        assert table[["名次", "街道", "完成率", "状态"]].values.tolist() == [
            ["1", "城关街道", "90.3%", "未达目标"], ["—", "东湖镇", "—", "无数据"]]

    def test_no_street_behind(self, home: Path):
        at = open_page("ranking")
        at.selectbox(key="ranking_kpi").set_value("assistance_amount").run()
        assert texts(at, "success") == ["没有落后序时进度的街道。"]
        assert frame(at, ["名次", "街道"])["状态"].tolist() == ["超序时进度", "无目标"]


# =========================================================================== 趋势


class TestTrendsPage:
    def test_a_kpi_without_any_value_says_so_instead_of_an_empty_chart(self, home: Path):
        at = open_page("trends", street="S02")
        at.selectbox(key="trend_kpi").set_value("membership_rate").run()
        assert texts(at, "info") == ["东湖镇2025年2–3月暂无该指标的数据。"]
        assert not at.get("plotly_chart")

    def test_a_street_behind_is_told_in_a_warning(self, home: Path):
        at = open_page("trends", street="S02")
        assert not at.success
        assert at.warning[0].value == "截至3月底，东湖镇新建工会20家，完成年度目标的20.0%，落后序时进度5.0个百分点。"

    def test_district_count_kpi(self, home: Path):
        at = open_page("trends")
        assert at.success[0].value == "截至3月底，全区新建工会52家，完成年度目标的26.0%，超序时进度1.0个百分点。"
        table = frame(at, ["月份", "实际"])
        assert table.values.tolist() == [
            ["2月", "34家", "200家", "17.0%", "16.7%", "超序时进度", "—", "+20家"],
            ["3月", "52家", "200家", "26.0%", "25.0%", "超序时进度", "+10家", "+18家"],
        ]
        (spec,) = plotly_specs(at)
        assert [t["name"] for t in spec["data"]] == ["实际", "年度目标", "序时进度"]
        assert spec["data"][2]["y"] == pytest.approx([200 * 2 / 12, 50.0])
        # The unit stands level above the axis (an axis title would lie on its side).
        assert [n["text"] for n in spec["layout"]["annotations"]] == ["单位：家"]
        assert "title" not in spec["layout"]["yaxis"] or not spec["layout"]["yaxis"]["title"].get("text")

    def test_street_rate_kpi(self, home: Path):
        at = open_page("trends", street="S01")
        at.selectbox(key="trend_kpi").set_value("union_formation_rate").run()
        table = frame(at, ["月份", "实际"])
        assert table[["月份", "实际", "目标", "序时进度", "状态", "环比"]].values.tolist() == [
            ["2月", "96.0%", "95.0%", "—", "已完成", "—"],
            ["3月", "96.2%", "95.0%", "—", "已完成", "+0.2个百分点"],
        ]
        (spec,) = plotly_specs(at)
        assert [t["name"] for t in spec["data"]] == ["实际", "年度目标"]
        assert spec["layout"]["yaxis"]["tickformat"] == ".0%"

    def test_month_limits_the_months(self, home: Path):
        at = open_page("trends", year="2025", month="2")
        assert frame(at, ["月份", "实际"])["月份"].tolist() == ["2月"]


# =========================================================================== 单位明细


class TestUnitsPage:
    def test_search_by_name_history_and_issues(self, home: Path):
        at = open_page("units")
        at.text_input(key="unit_query").set_value("机械").run()
        assert not at.exception
        assert at.selectbox(key="unit_code").options == [f"城关机械有限公司（{UNIT_A}，城关街道）"]
        assert at.header[0].value == "城关机械有限公司"
        history = frame(at, ["月份", "所属街道"])
        assert history[["月份", "职工人数", "会员人数", "建会形式", "是否本月上报"]].values.tolist() == [
            ["2025年3月", "125", "110", "单独建会", "是"],
            ["2025年2月", "120", "100", "单独建会", "是"],
        ]
        issues = frame(at, ["文件名"])
        assert issues["说明"].tolist() == [DUPLICATE_MESSAGE]
        assert issues["级别"].tolist() == ["警告"]
        (spec,) = plotly_specs(at)
        assert [t["name"] for t in spec["data"]] == ["职工人数", "会员人数"]
        assert spec["data"][1]["y"] == [100, 110]

    def test_search_by_code_carried_forward_month(self, home: Path):
        at = open_page("units")
        at.text_input(key="unit_query").set_value(UNIT_B[8:].lower()).run()  # 'ma00001026'
        assert at.header[0].value == "东湖食品有限公司"
        history = frame(at, ["月份", "所属街道"])
        assert history[["月份", "是否本月上报", "数据来自"]].values.tolist() == [
            ["2025年3月", "否", "2025年2月"], ["2025年2月", "是", "2025年2月"]]
        assert texts(at, "success") == ["导入记录中没有与该单位有关的问题。"]

    def test_a_units_issues_are_those_of_its_rows_whatever_the_column(self, home: Path):
        at = open_page("units")
        at.text_input(key="unit_query").set_value("东湖电子").run()
        assert at.header[0].value == "东湖电子有限公司"
        issues = frame(at, ["文件名"])
        assert issues["说明"].tolist() == ["第7行 “会员人数” 值 “-3” 不能为负数"]

    def test_street_filter_and_no_match(self, home: Path):
        at = open_page("units", street="S02")
        assert [o.split("（")[0] for o in at.selectbox(key="unit_code").options] == ["东湖电子有限公司", "东湖食品有限公司"]
        at.text_input(key="unit_query").set_value("城关").run()
        assert texts(at, "info") == ["在东湖镇没有找到匹配“城关”的单位。"]
        at.text_input(key="unit_query").set_value("%").run()  # a literal %, not a wildcard
        assert texts(at, "info") == ["在东湖镇没有找到匹配“%”的单位。"]


# =========================================================================== 数据质量


class TestQualityPage:
    def test_files_missing_units_issues_checks(self, home: Path):
        at = open_page("quality")
        # In the order of the template spec's file statuses, not alphabetical.
        assert [(m.label, m.value) for m in at.metric] == [
            ("已导入", "3个"), ("部分导入（有错误行）", "1个"), ("已拒收", "1个"), ("重复文件", "1个")]
        files = frame(at, ["文件名", "状态", "说明"])
        assert files["文件名"].tolist()[:3] == ["城关街道_2025-03(2).xlsx", "东湖镇_补报_2025-03.xlsx", "城关街道_2025-03.xlsx"]
        assert files["状态"].tolist()[:3] == ["重复文件", "已拒收", "部分导入（有错误行）"]
        assert files["说明"].tolist()[1] == REJECTED_MESSAGE

        assert "2025年3月有 1 家上月已建会的单位未上报。" in texts(at, "warning")
        missing = frame(at, ["街道", "单位名称"])
        assert missing.values.tolist() == [["东湖镇", "东湖食品有限公司", UNIT_B, "联合建会", "40", "30", "2025年2月"]]

        issues = frame(at, ["文件名", "工作表"])
        assert len(issues) == 4 and DUPLICATE_MESSAGE in issues["说明"].tolist()
        assert [b.label for b in at.download_button] == ["下载问题清单（Excel）"]
        # What the parser left out, in the template spec's words.
        assert [e.label for e in at.expander][0] == "已忽略的工作表和列（2 项，不是错误）"
        assert frame(at, ["文件", "说明"]).values.tolist() == [
            ["城关街道_2025-03.xlsx", "工作表“填表说明”为空或不是模板中的报表，已忽略"],
            ["城关街道_2025-03.xlsx", "工作表“组建与会员”中的列“备注”不在模板中，已忽略"]]

        assert texts(at, "error") == ["最近一次检查有 1 项未通过：KPI 月度表完整性"]
        checks = frame(at, ["检查", "结果"])
        assert checks[["检查", "结果", "未通过行数", "检查编号"]].values.tolist() == [
            ["KPI 月度表完整性", "未通过", "2", "kpi_monthly_suite"],
            ["收到的文件登记完整", "通过", "0", "raw_files_suite"]]
        details = frame(at, ["检查项", "列"])
        assert details.iloc[0].tolist() == ["不能为空", "org_name", "未通过", "2", "2"]

    @pytest.mark.parametrize("street, said", [
        ("S02", "2025年3月东湖镇有 1 家上月已建会的单位未上报。"),
        ("S01", "2025年3月：城关街道上月已建会的单位均已上报。")])
    def test_units_not_reported_follow_the_sidebars_street(self, home: Path, street, said):
        at = open_page("quality", street=street)
        assert said in texts(at, "warning") + texts(at, "success")

    def test_issue_filters(self, home: Path):
        at = open_page("quality")
        at.selectbox(key="issue_severity").set_value("error").run()
        issues = frame(at, ["文件名", "工作表"])
        assert issues["级别"].tolist() == ["错误", "错误"]
        assert issues["说明"].tolist() == ["第4行 “统一社会信用代码” 不能为空", "第7行 “会员人数” 值 “-3” 不能为负数"]
        at.selectbox(key="issue_file").set_value("F000004").run()
        assert frame(at, ["文件名", "工作表"])["行"].tolist() == ["7"]
        assert len(frame(at, ["文件", "说明"])) == 2  # that file's ignored sheet and column
        at.selectbox(key="issue_severity").select_index(0).run()  # 全部
        assert frame(at, ["文件名", "工作表"])["行"].tolist() == ["5", "7"]

    def test_february_nobody_missing(self, home: Path):
        at = open_page("quality", year="2025", month="2")
        assert "2025年2月：上月已建会的单位均已上报。" in texts(at, "success")

    def test_old_file_without_check_results(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
        path = tmp_path / "published" / "warehouse.duckdb"
        path.parent.mkdir(parents=True)
        write_warehouse(path, KPI_ROWS, with_quality=False)
        monkeypatch.setenv("UNIONKPI_HOME", str(tmp_path))
        at = open_page("quality")
        assert any("没有数据质量检查结果（quality.check_results）" in t for t in texts(at, "info"))
        assert queries.latest_check_results(path) is None


# =========================================================================== 月度通报


class TestBulletinPage:
    def test_the_bulletin_is_read_on_the_page_with_a_download_per_format(self, home: Path):
        at = open_page("bulletin", year="2025", month="3")
        assert at.title[0].value == "月度通报 · 2025年3月"
        preview = texts(at, "markdown")[0]
        assert preview.startswith("## 区总工会 2025年3月工会重点工作进展情况通报")
        assert "\n### 一、总体情况\n" in preview and "\n#### （一）新建工会数\n" in preview
        assert "截至3月底，全区新建工会52家，完成年度目标的26.0%，超序时进度1.0个百分点。" in preview
        assert "东湖镇" in preview and "城关街道" in preview
        assert [b.label for b in at.download_button] == ["下载 PDF", "下载 Excel", "下载 Markdown"]

    def test_the_issuer_typed_names_the_title(self, home: Path, monkeypatch: pytest.MonkeyPatch):
        monkeypatch.setenv("UNIONKPI_ISSUER", "东城区总工会")
        at = open_page("bulletin", year="2025", month="2")
        assert at.text_input(key="bulletin_issuer").value == "东城区总工会"
        assert texts(at, "markdown")[0].startswith("## 东城区总工会 2025年2月")
        at.text_input(key="bulletin_issuer").input("城关区总工会").run()
        assert texts(at, "markdown")[0].startswith("## 城关区总工会 2025年2月")
        at.text_input(key="bulletin_issuer").input("  ").run()  # left blank: the default
        assert texts(at, "markdown")[0].startswith("## 东城区总工会 2025年2月")

    def test_without_a_chinese_font_the_pdf_button_says_what_to_install(
            self, home: Path, monkeypatch: pytest.MonkeyPatch):
        monkeypatch.setenv("UNIONKPI_CJK_FONT", str(home / "no-such-font.ttf"))
        at = open_page("bulletin")
        assert [b.disabled for b in at.download_button] == [True, False, False]
        assert any("no-such-font.ttf" in c for c in texts(at, "caption"))

    def test_a_month_without_a_bulletin_says_why(self, home: Path, monkeypatch: pytest.MonkeyPatch):
        import reporting

        def unavailable(*args, **kwargs):
            raise reporting.BulletinUnavailable("2025年3月没有数据，无法生成月度通报：……")

        monkeypatch.setattr(reporting, "build_bulletin", unavailable)
        at = open_page("bulletin")
        assert texts(at, "info") == ["2025年3月没有数据，无法生成月度通报：……"]
        assert not at.download_button

    def test_only_analysts_have_the_page(self):
        from dashboards.app_pages import pages_for

        assert "bulletin" in [p.url_path for p in pages_for("analyst", has_data=True)]
        for role in ("street", "clerk"):
            assert "bulletin" not in [p.url_path for p in pages_for(role, has_data=True)]


# =========================================================================== SQL 查询


class TestSqlPage:
    def test_hostile_query_is_refused(self, home: Path, tmp_path: Path):
        target = tmp_path / "x.csv"
        at = open_page("sql")
        at.text_area(key="sql_text").input(f"COPY marts.kpi_monthly TO '{target}'")
        at.button(key="sql_run").click().run()
        assert texts(at, "error") == ["只允许只读查询（SELECT）；已拒绝 COPY 语句"]
        assert not target.exists()
        at.text_area(key="sql_text").input("select 1; select 2")
        at.button(key="sql_run").click().run()
        assert texts(at, "error") == ["一次只能执行一条 SELECT 查询"]
        at.text_area(key="sql_text").input(f"select * from read_csv('{APP}')")
        at.button(key="sql_run").click().run()
        assert texts(at, "error")[0].startswith("已拒绝：不允许访问文件、网络或修改设置")

    def test_a_failed_query_keeps_the_databases_words_in_a_fixed_width_block(self, home: Path):
        at = open_page("sql")
        at.text_area(key="sql_text").input("select org_nam from marts.kpi_monthly")
        at.button(key="sql_run").click().run()
        assert texts(at, "error") == ["查询失败：找不到列“org_nam”；可用的相近列：org_name、org_code、org_level、mom_change、rank"]
        (detail,) = at.code
        assert "org_nam" in detail.value and "^" in detail.value  # the caret under the place

    def test_query_result_and_csv_download(self, home: Path):
        at = open_page("sql")
        at.text_area(key="sql_text").input(
            "select org_name, actual from marts.kpi_monthly "
            "where year = 2025 and month = 3 and kpi_code = 'new_unions' order by actual desc")
        at.button(key="sql_run").click().run()
        assert not texts(at, "error")
        result = frame(at, ["org_name", "actual"])
        assert result.values.tolist() == [["全区", 52.0], ["城关街道", 30.0], ["东湖镇", 20.0]]
        assert "共 3 行、2 列。" in texts(at, "caption")
        assert [b.label for b in at.download_button] == ["下载结果（CSV）"]

    def test_example_fills_the_text_area_and_schema_browser(self, home: Path):
        at = open_page("sql")
        example = queries.schema_docs()["examples"][1]
        at.button(key="sql_example_1").click().run()
        assert at.text_area(key="sql_text").value == example["sql"].strip()
        at.button(key="sql_run").click().run()
        assert frame(at, ["街道", "新建工会数"])["名次"].tolist() == [1, 2]

        assert at.selectbox(key="sql_schema_table").value == "marts.kpi_monthly"
        schema = frame(at, ["列名", "类型", "说明"]).set_index("列名")
        assert schema.loc["progress_pct", "类型"] == "DOUBLE"
        assert schema.loc["progress_pct", "说明"] == "完成率 = 实际值 ÷ 年度目标（小数，0.26 即 26%）"
        assert at.selectbox(key="sql_schema_table").options == [
            "marts.kpi_monthly", "marts.kpi_report", "marts.dim_kpi", "marts.dim_org",
            "marts.submission_files", "marts.load_issues", "marts.load_notes",
            "marts.fct_unit_month", "marts.report_years", "quality.check_results"]
        at.selectbox(key="sql_schema_table").set_value("marts.kpi_report").run()
        schema = frame(at, ["列名", "类型", "说明"]).set_index("列名")
        assert schema.loc["elapsed_target", "说明"].startswith("序时进度应达值 = 年度目标 × 月份 ÷ 12")
        assert schema.loc["actual", "类型"] == "DOUBLE"
        at.selectbox(key="sql_schema_table").set_value("marts.fct_unit_month").run()
        schema = frame(at, ["列名", "类型", "说明"]).set_index("列名")
        assert schema.loc["reported_this_month", "说明"] == "本月是否上报（否表示沿用以前月份的数据）"

    def test_every_example_runs(self, warehouse: Path):
        from orchestration.safe_sql import run_query

        examples = queries.schema_docs()["examples"]
        assert 3 <= len(examples) <= 5
        for example in examples:
            assert not run_query(warehouse, example["sql"]).frame.empty, example["title"]


# =========================================================================== 上报


def bad_workbook(path: Path) -> Path:
    """A monthly file of 城关街道 for 2025-03 with one good row (row 4) and one row
    whose credit code has a wrong check character (row 5)."""
    header = ["统一社会信用代码", "单位名称", "所属街道", "单位类型", "经济类型", "职工人数",
              "农民工人数", "会员人数", "农民工会员人数", "建会形式", "建会日期",
              "法人资格登记", "职代会建制", "厂务公开建制"]
    return write_xlsx(path, {"组建与会员": [
        ["填报单位：城关街道总工会"], ["报告期：2025-03"], header,
        unit(A, "甲公司", "城关街道", 30, 20, "单独建会", dt.date(2020, 5, 1)),
        unit(BAD_CODE, "乙公司", "城关街道", 10, 5, "单独建会", dt.date(2021, 5, 1)),
    ]})


class TestSubmissionsPage:
    def test_upload_is_queued_and_checked(self, home: Path, tmp_path: Path):
        data = bad_workbook(tmp_path / "work" / "城关街道_2025-03.xlsx").read_bytes()
        at = open_page("submissions")
        at.file_uploader(key="upload_file").set_value(("城关街道_2025-03.xlsx", data, exports.XLSX_MIME)).run()
        assert not at.exception, [e.value for e in at.exception]
        assert (home / "inbox" / "城关街道_2025-03.xlsx").read_bytes() == data
        assert texts(at, "success")[0].startswith("文件已保存到收件箱：城关街道_2025-03.xlsx。它已进入导入队列")
        assert {m.label: m.value for m in at.metric} == {
            "文件类型": "月报表", "填报单位": "城关街道总工会", "报告期": "2025年3月", "预检状态": "部分行有错误"}
        assert "可导入 1 行，有错误未导入 1 行，有警告 0 行。" in texts(at, "caption")
        errors = frame(at, ["工作表", "行", "列", "值"])
        assert errors.values.tolist() == [["组建与会员", "5", "统一社会信用代码", BAD_CODE, "错误", BAD_CODE_MESSAGE]]

        assert not at.info  # new bytes: nothing received or waiting is the same
        waiting = frame(at, ["文件名", "大小", "保存时间"])  # an analyst sees the inbox
        assert waiting["文件名"].tolist() == ["城关街道_2025-03.xlsx"]
        assert waiting["大小"].iloc[0].endswith(" KB")

        at.run()  # a rerun does not save the file again
        assert sorted(p.name for p in (home / "inbox").iterdir()) == ["城关街道_2025-03.xlsx"]

        at.file_uploader(key="upload_file").set_value(("城关街道_2025-03.xlsx", data, exports.XLSX_MIME)).run()
        assert sorted(p.name for p in (home / "inbox").iterdir()) == ["城关街道_2025-03(2).xlsx", "城关街道_2025-03.xlsx"]
        assert "自动改名" in texts(at, "success")[0]
        # Kept, as every file, and told it repeats the file still waiting in the inbox.
        assert texts(at, "info") == [
            "此文件与“城关街道_2025-03.xlsx”（正在收件箱中等待导入）内容完全相同：导入时将记为重复文件，"
            "不会重复计数。如要更正数据，请修改文件后重新上传。"]

    def test_an_upload_repeating_a_received_file_says_so(self, home: Path, tmp_path: Path):
        data = bad_workbook(tmp_path / "work" / "城关街道_2025-03.xlsx").read_bytes()
        with duckdb.connect(str(home / "published" / "warehouse.duckdb")) as con:
            con.execute("update marts.submission_files set sha256 = ? where file_id = 'F000004'",
                        [hashlib.sha256(data).hexdigest()])
        at = open_page("submissions")
        at.file_uploader(key="upload_file").set_value(("改个名字.xlsx", data, exports.XLSX_MIME)).run()
        assert not at.exception, [e.value for e in at.exception]
        assert (home / "inbox" / "改个名字.xlsx").read_bytes() == data  # kept all the same
        assert texts(at, "info") == [
            "此文件与“城关街道_2025-03.xlsx”（2025-04-02 08:45 收到，部分导入（有错误行））内容完全相同："
            "导入时将记为重复文件，不会重复计数。如要更正数据，请修改文件后重新上传。"]

    def test_rejected_file(self, home: Path):
        at = open_page("submissions")
        at.file_uploader(key="upload_file").set_value(("说明.csv", "随便写点什么\n".encode(), "text/csv")).run()
        assert not at.exception
        assert at.metric[3].value == "将被拒收"
        assert texts(at, "error")[0].startswith("该文件将被拒收：")
        assert not at.success  # kept, but not said to be queued for loading
        assert texts(at, "warning")[0] == "文件已保存到收件箱：说明.csv。预检发现它将被拒收（原因见下），请改正后重新上传。"
        assert (home / "inbox" / "说明.csv").exists()

    @pytest.mark.parametrize("own, saved", [("东湖镇总工会", False), ("城关街道总工会", True)])
    def test_a_clerk_sends_only_their_own_units_reports(self, home: Path, tmp_path: Path, own, saved):
        from orchestration.access import User, add_user

        clerk = User("clerk", "clerk", submitter=own)
        add_user(home / "users.toml", clerk, "pw")  # a users file: the session's viewer counts
        data = bad_workbook(tmp_path / "work" / "城关街道_2025-03.xlsx").read_bytes()
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.session_state["viewer"] = clerk
        at.run()
        at.switch_page("app_pages/submissions.py").run()
        at.file_uploader(key="upload_file").set_value(("城关街道_2025-03.xlsx", data, exports.XLSX_MIME)).run()
        assert not at.exception, [e.value for e in at.exception]
        inbox = sorted(p.name for p in (home / "inbox").glob("*"))
        if saved:
            assert inbox == ["城关街道_2025-03.xlsx"] and not texts(at, "error")
            # Their own upload is listed as waiting; another file in the inbox is not.
            (home / "inbox" / "东湖镇_2025-03.xlsx").write_bytes(b"someone else's")
            at.run()
            assert frame(at, ["文件名", "大小", "保存时间"])["文件名"].tolist() == ["城关街道_2025-03.xlsx"]
        else:
            assert inbox == []
            assert texts(at, "error") == [
                "该文件的填报单位是“城关街道总工会”，不是您的单位“东湖镇总工会”，未保存。"
                "请只上报本单位的报表；如需代报，请联系区总工会。"]

    def test_template_download(self, home: Path, monkeypatch: pytest.MonkeyPatch):
        monkeypatch.setitem(sys.modules, "ingestion.template_writer", fake_template_writer())
        at = open_page("submissions")
        assert not texts(at, "warning")
        assert [b.label for b in at.download_button] == ["下载空白模板（xlsx）"]


def fake_template_writer() -> types.ModuleType:
    module = types.ModuleType("ingestion.template_writer")

    def write_template(target):
        target.write(b"PK fake template")

    module.write_template = write_template
    return module


# =========================================================================== pure modules


class TestCharts:
    def test_ranking_figure_count_kpi(self, warehouse: Path):
        fig = charts.ranking_figure(queries.street_ranking(2025, 3, "new_unions", db_path=warehouse))
        assert [t.name for t in fig.data] == ["超序时进度", "落后序时进度"]
        assert [t.marker.color for t in fig.data] == [fmt.STATUS_CSS_COLORS["blue"], fmt.STATUS_CSS_COLORS["red"]]
        assert [list(t.x) for t in fig.data] == [[0.3], [0.2]]
        assert [list(t.text) for t in fig.data] == [["30.0%"], ["20.0%"]]
        assert all(t.orientation == "h" for t in fig.data)
        assert list(fig.layout.yaxis.categoryarray) == ["城关街道", "东湖镇"]
        (line,) = fig.layout.shapes
        assert (line.x0, line.x1) == pytest.approx((0.25, 0.25))
        assert fig.layout.annotations[0].text == "序时进度 25.0%"

    def test_ranking_figure_rate_kpi_has_target_line(self, warehouse: Path):
        fig = charts.ranking_figure(queries.street_ranking(2025, 3, "union_formation_rate", db_path=warehouse))
        assert [t.name for t in fig.data] == ["已完成", "未达目标"]
        assert [t.marker.color for t in fig.data] == ["#1b7f3b", "#c62828"]
        assert fig.layout.shapes[0].x0 == 1.0
        # Labels inside the bars' ends where they fit, not on the target line beyond.
        assert {(t.textposition, t.insidetextanchor) for t in fig.data} == {("auto", "end")}

    def test_ranking_figure_without_targets(self, warehouse: Path):
        fig = charts.ranking_figure(queries.street_ranking(2025, 3, "members", db_path=warehouse))
        assert [t.name for t in fig.data] == ["无目标"]
        assert fig.data[0].marker.color == "#757575"
        assert list(fig.data[0].x) == [21000.0, 8123.0]
        assert list(fig.data[0].text) == ["2.1万人", "8,123人"]
        assert not fig.layout.shapes

    def test_trend_figure(self, warehouse: Path):
        rows = queries.kpi_trend(2025, 3, "ALL", "assistance_amount", db_path=warehouse)
        fig = charts.trend_figure(rows)
        assert [t.name for t in fig.data] == ["实际", "年度目标", "序时进度"]
        assert list(fig.data[0].y) == [8.245, 12.345]
        assert list(fig.data[2].y) == pytest.approx([50 * 2 / 12, 12.5])
        assert list(fig.data[0].x) == ["2月", "3月"]
        assert fig.data[2].line.dash == "dot"
        stock = charts.trend_figure(queries.kpi_trend(2025, 3, "S02", "members", db_path=warehouse))
        assert [t.name for t in stock.data] == ["实际"]
        # A rate is measured against its target, not a share of it: the mart gives no
        # 序时进度 value, so the chart draws no such line.
        rate = queries.kpi_trend(2025, 3, "ALL", "union_formation_rate", db_path=warehouse)
        assert rate["elapsed_target"].isna().all() and rate["target"].notna().all()
        assert [t.name for t in charts.trend_figure(rate).data] == ["实际", "年度目标"]
        assert charts.trend_figure(rows.iloc[0:0]).data == ()

    def test_unit_history_figure(self, warehouse: Path):
        fig = charts.unit_history_figure(queries.unit_history(UNIT_A, 2025, 3, db_path=warehouse))
        assert [t.name for t in fig.data] == ["职工人数", "会员人数"]
        assert list(fig.data[0].x) == ["2025年2月", "2025年3月"]
        assert list(fig.data[0].y) == [120, 125]


class TestExports:
    def test_each_bulletin_download_is_the_file_the_cli_writes(self, warehouse: Path, tmp_path: Path):
        from reporting import build_bulletin, render_bulletin, write_bulletin
        from reporting.render_md import render_markdown

        bulletin = build_bulletin(2025, 3, warehouse)
        assert [suffix for _, suffix, _ in exports.BULLETIN_FORMATS] == [".pdf", ".xlsx", ".md"]
        assert render_bulletin(bulletin, ".md") == render_markdown(bulletin).encode("utf-8")
        def cells(data: bytes) -> list[list[tuple]]:  # a workbook's zip holds its time: compare cells
            book = openpyxl.load_workbook(io.BytesIO(data))
            return [list(sheet.iter_rows(values_only=True)) for sheet in book]

        data = render_bulletin(bulletin, ".xlsx")
        assert cells(data) == cells(write_bulletin(bulletin, tmp_path / "通报.xlsx").read_bytes())
        assert cells(data)[0][0][0] == bulletin.title
        assert exports.bulletin_file_name(2025, 3, ".pdf") == "月度通报-2025-03.pdf"

    def test_issues_xlsx_reads_back_with_chinese_headers(self, warehouse: Path):
        data = exports.issues_xlsx(queries.load_issues(db_path=warehouse))
        book = openpyxl.load_workbook(io.BytesIO(data))
        sheet = book["导入问题"]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == ("文件名", "工作表", "行", "列", "值", "级别", "说明", "规则", "报告期", "填报单位")
        assert len(rows) == 5
        by_message = {r[6]: r for r in rows[1:]}
        assert by_message[DUPLICATE_MESSAGE] == (
            "城关街道_2025-03.xlsx", "组建与会员", 5, "统一社会信用代码", UNIT_A, "警告",
            DUPLICATE_MESSAGE, "单位重复填报", "2025年3月", "城关街道总工会")
        file_error = [r for r in rows[1:] if r[7] == "重复文件"][0]
        assert file_error[1:5] == (None, None, None, None)

    def test_frame_xlsx_types(self):
        frame_ = pd.DataFrame({"a": [1, None], "b": [dt.date(2025, 3, 1), None], "c": ["甲", "乙"],
                               "d": [True, False], "e": [pd.Timestamp("2025-04-02 08:45"), pd.NaT]})
        data = exports.frame_xlsx(frame_, {"c": "名称", "a": "数量", "b": "日期", "d": "是否", "e": "时间"}, "表")
        rows = list(openpyxl.load_workbook(io.BytesIO(data))["表"].iter_rows(values_only=True))
        assert rows == [("名称", "数量", "日期", "是否", "时间"),
                        ("甲", 1, dt.datetime(2025, 3, 1), "是", dt.datetime(2025, 4, 2, 8, 45)),
                        ("乙", None, None, "否", None)]

    def test_empty_frame_and_csv(self):
        data = exports.issues_xlsx(pd.DataFrame(columns=["file_name", "severity", "message"]))
        rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
        assert rows == [("文件名", "级别", "说明")]
        csv = exports.frame_csv(pd.DataFrame({"街道": ["城关街道"], "值": [1.5]}))
        assert csv.startswith("\ufeff".encode()) and csv.decode("utf-8-sig") == "街道,值\n城关街道,1.5\n"

    def test_issues_file_name_says_which_files_not_a_month(self):
        assert exports.issues_file_name(None) == "导入问题清单_全部文件.xlsx"
        assert exports.issues_file_name("城关街道_2025-03.xlsx") == "导入问题清单_城关街道_2025-03.xlsx"

    def test_template(self, monkeypatch: pytest.MonkeyPatch):
        monkeypatch.setitem(sys.modules, "ingestion.template_writer", fake_template_writer())
        assert exports.template_xlsx() == b"PK fake template"

    def test_real_template_is_a_workbook(self):
        book = openpyxl.load_workbook(io.BytesIO(exports.template_xlsx()))
        assert "组建与会员" in book.sheetnames


class TestUploads:
    def test_dropzone_words_name_the_templates_limit_and_types(self):
        button, hint = uploads.dropzone_words()
        assert button == "选择文件"
        assert hint == "或将文件拖到此处 · 单个文件不超过 20 MB · xlsx、xlsm、xls、csv"
        from dashboards import chinese_chrome

        assert f'content: "{hint}"' in chinese_chrome.style()

    def test_safe_names(self):
        assert uploads.safe_file_name("../../etc/城关街道_2025-03.xlsx") == "城关街道_2025-03.xlsx"
        assert uploads.safe_file_name("C:\\报表\\东湖镇.xlsx") == "东湖镇.xlsx"
        assert uploads.safe_file_name(".hidden.xlsx") == "hidden.xlsx"
        assert uploads.safe_file_name("~$lock.xlsx") == "lock.xlsx"
        assert uploads.safe_file_name('a<b>:c?.csv') == "a_b__c_.csv"
        assert uploads.safe_file_name("..") == "上报文件"

    def test_save_never_overwrites(self, tmp_path: Path):
        inbox = tmp_path / "inbox"
        first = uploads.save_to_inbox(b"one", "东湖镇_2025-03.xlsx", inbox)
        second = uploads.save_to_inbox(b"two", "东湖镇_2025-03.xlsx", inbox)
        third = uploads.save_to_inbox(b"three", "东湖镇_2025-03.xlsx", inbox)
        assert [p.name for p in (first, second, third)] == [
            "东湖镇_2025-03.xlsx", "东湖镇_2025-03(2).xlsx", "东湖镇_2025-03(3).xlsx"]
        assert [p.read_bytes() for p in (first, second, third)] == [b"one", b"two", b"three"]
        assert sorted(p.name for p in inbox.iterdir()) == sorted(p.name for p in (first, second, third))

    def test_a_repeat_of_a_waiting_file_is_told_before_any_load(self, tmp_path: Path):
        # No warehouse yet (nothing received): the inbox alone says the bytes repeat.
        inbox, nothing = tmp_path / "inbox", lambda sha256: None
        orgs = pd.DataFrame(columns=["org_code", "org_name", "org_level"])
        first = uploads.receive_upload(b"a,b\n1,2\n", "东湖镇_2025-03.csv", inbox, orgs, received=nothing)
        again = uploads.receive_upload(b"a,b\n1,2\n", "东湖镇_2025-03.csv", inbox, orgs, received=nothing)
        other = uploads.receive_upload(b"a,b\n1,3\n", "东湖镇_2025-03.csv", inbox, orgs, received=nothing)
        assert first.same_as is None and other.same_as is None
        assert again.same_as == uploads.EarlierCopy("东湖镇_2025-03.csv", None, None)
        assert again.saved_name == "东湖镇_2025-03(2).csv"

    def test_reference_from_dim_org(self, warehouse: Path):
        reference = uploads.build_reference(queries.dim_org(warehouse))
        assert reference.streets == {"城关街道": "S01", "S01": "S01", "东湖镇": "S02", "S02": "S02"}
        assert reference.kpis["新建工会数"] == "new_unions"

    def test_preview_of_a_bad_workbook(self, warehouse: Path, tmp_path: Path):
        path = bad_workbook(tmp_path / "城关街道_2025-03.xlsx")
        result = uploads.preview(path.read_bytes(), path.name, uploads.build_reference(queries.dim_org(warehouse)))
        assert (result.kind, result.submitter, result.report_month, result.status) == (
            "monthly", "城关街道总工会", dt.date(2025, 3, 1), "loaded_with_errors")
        assert result.issues[["row_number", "message"]].values.tolist() == [[5, BAD_CODE_MESSAGE]]


class TestFormattingAndQueries:
    def test_behind_sentence(self):
        rows = pd.DataFrame({"org_name": ["城关街道", "南山镇", "青石街道"], "kind": ["count_ytd"] * 3,
                             "status": ["ahead", "behind", "behind"]})
        assert fmt.behind_sentence(rows) == "落后序时进度的街道：南山镇、青石街道"
        assert fmt.behind_sentence(rows.assign(status="met")) == "没有落后序时进度的街道。"
        assert fmt.behind_sentence(rows.assign(kind="rate")) == "未达目标的街道：南山镇、青石街道"

    def test_check_details_view(self):
        assert fmt.check_details_view("not json").values.tolist() == [["not json"]]
        assert fmt.check_details_view(None).empty
        assert fmt.check_details_view('{"expectation": "e", "success": true}').values.tolist() == [
            ["e", "—", "通过", "—", "—"]]

    def test_like_pattern_escapes_wildcards(self):
        assert queries.like_pattern(" 机械 ") == "%机械%"
        assert queries.like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"
        assert queries.like_pattern(None) == "%%"

    def test_search_units(self, warehouse: Path):
        assert queries.search_units("", db_path=warehouse)["unit_name"].tolist() == [
            "东湖电子有限公司", "东湖食品有限公司", "城关机械有限公司", "城关物流有限公司"]
        assert queries.search_units("城关", "S01", db_path=warehouse)["credit_code"].tolist()[0] == UNIT_A
        assert queries.search_units("城关", "S02", db_path=warehouse).empty
        assert queries.search_units("_", db_path=warehouse).empty

    def test_missing_reports(self, warehouse: Path):
        assert queries.missing_reports(2025, 3, db_path=warehouse)["credit_code"].tolist() == [UNIT_B]
        assert queries.missing_reports(2025, 2, db_path=warehouse).empty  # no January states

    def test_tables_present(self, warehouse: Path):
        assert queries.has_table("marts", "fct_unit_month", warehouse)
        assert queries.has_table("quality", "check_results", warehouse)
        assert not queries.has_table("marts", "nothing", warehouse)
