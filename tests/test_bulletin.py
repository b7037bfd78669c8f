"""The monthly bulletin (月度通报): its content built from the tiny published warehouse of
``tests.fixtures_marts`` (exact sentences and table rows), the three renderers (.md,
.xlsx read back with openpyxl, .pdf with its embedded Chinese font and page 1 rendered to
``test-artifacts/`` when poppler's pdftoppm is there) and ``unionkpi bulletin``."""

from __future__ import annotations

import re

import datetime as dt
import logging
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from orchestration.cli import app
from reporting import (
    BulletinUnavailable,
    UnsupportedFormat,
    build_bulletin,
    check_output_path,
    parse_month,
    write_bulletin,
)
from reporting import render_pdf
from reporting.render_md import render_markdown
from tests.fixtures_marts import KPI_ROWS, UNIT_B, write_warehouse

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "test-artifacts"
ISSUED = dt.date(2025, 4, 5)

# 报表上报率 of 2025-03, consistent with the fixture's units: of the three units unionized
# in February (城关机械, 东湖食品, 东湖电子), 东湖食品 did not report March.
REPORTING_ROWS = [
    (2025, 3, "ALL", "reporting_rate", 2 / 3, 2, 3, 0.95, (2 / 3) / 0.95, (2 / 3 - 0.95) * 100, "behind", None, None, None),
    (2025, 3, "S01", "reporting_rate", 1.0, 1, 1, 0.95, 1 / 0.95, 5.0, "met", 1, None, None),
    (2025, 3, "S02", "reporting_rate", 0.5, 1, 2, 0.95, 0.5 / 0.95, -45.0, "behind", 2, None, None),
]

TITLE = "区总工会 2025年3月工会重点工作进展情况通报"
KPI_SENTENCES = [
    "截至3月底，全区新建工会52家，完成年度目标的26.0%，超序时进度1.0个百分点。",
    "截至3月底，全区建会率为95.3%，年度目标95.0%，高于目标0.3个百分点。",
    "截至3月底，全区职工入会率为82.0%，年度目标90.0%，低于目标8.0个百分点。",
]
FILES_CLAUSE = "共收到3月报送文件3个，其中已导入0个、部分导入（有错误行）1个、已拒收1个、重复文件1个"
COMPLETENESS = ("报送方面，3月全区报表上报率为66.7%（应报3家，已报2家），年度目标95.0%，"
                f"低于目标28.3个百分点；{FILES_CLAUSE}。")
RANKING_NEW_UNIONS = [
    ["1", "城关街道", "30家", "100家", "30.0%", "超序时进度5.0个百分点", "超序时进度"],
    ["2", "东湖镇", "20家", "100家", "20.0%", "落后序时进度5.0个百分点", "落后序时进度"],
]
RANKING_FORMATION = [
    ["1", "城关街道", "96.2%", "95.0%", "101.3%", "高于目标1.2个百分点", "已完成"],
    ["2", "东湖镇", "94.4%", "95.0%", "99.4%", "低于目标0.6个百分点", "未达目标"],
]
RANKING_MEMBERSHIP = [  # 东湖镇 has no data: no rank, after the ranked streets
    ["1", "城关街道", "81.3%", "90.0%", "90.3%", "低于目标8.8个百分点", "未达目标"],
    ["—", "东湖镇", "—", "90.0%", "—", "—", "无数据"],
]
BEHIND = [
    "（一）新建工会数：落后序时进度的有东湖镇，共1个。",
    "截至3月底，东湖镇新建工会20家，完成年度目标的20.0%，落后序时进度5.0个百分点。",
    "（二）建会率：未达目标的有东湖镇，共1个。",
    "截至3月底，东湖镇建会率为94.4%，年度目标95.0%，低于目标0.6个百分点。",
    "（三）职工入会率：未达目标的有城关街道，共1个。",
    "截至3月底，城关街道职工入会率为81.3%，年度目标90.0%，低于目标8.8个百分点。",
    "请以上街道（镇）工会分析原因，采取有效措施，加快工作进度。",
]
FILE_ROWS = [
    ["1", "城关街道_2025-03.xlsx", "城关街道总工会", "月报表", "2025-04-02 08:45", "部分导入（有错误行）",
     "2", "1", "1", ""],
    ["2", "东湖镇_补报_2025-03.xlsx", "东湖镇总工会", "月报表", "2025-04-03 16:05", "已拒收", "0", "1", "0",
     "没有可导入的数据行：第4行 “统一社会信用代码” 不能为空"],
    ["3", "城关街道_2025-03(2).xlsx", "城关街道总工会", "月报表", "2025-04-03 17:00", "重复文件", "0", "0", "0",
     "与已收到的文件“城关街道_2025-03.xlsx”内容相同，未重复导入"],
]
MISSING_ROWS = [["1", "东湖镇", "东湖食品有限公司", UNIT_B, "联合建会", "40", "2025年2月"]]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    write_warehouse(_published(tmp_path), KPI_ROWS + REPORTING_ROWS)
    return tmp_path


@pytest.fixture
def bulletin(home: Path):
    return build_bulletin(2025, 3, _published(home), issued_on=ISSUED)


def _published(home: Path) -> Path:
    path = home / "published" / "warehouse.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# =========================================================================== content


def test_title_and_sections(bulletin):
    assert bulletin.title == TITLE
    assert bulletin.intro == "为及时掌握全区工会重点工作进展情况，现将2025年1—3月全区及各街道（镇）重点指标完成情况通报如下。"
    assert [s.heading for s in bulletin.sections] == [
        "一、总体情况", "二、各街道进展", "三、落后序时进度的街道", "四、报送情况"]
    assert bulletin.key_kpis == ("new_unions", "union_formation_rate", "membership_rate")
    assert bulletin.issued_on_text == "2025年4月5日"
    assert bulletin.notes[0] == "序时进度为已过月份占全年的比例（3月为25.0%）；完成率为实际值与年度目标之比。"


def test_overview_has_the_catalog_sentences_and_reporting_completeness(bulletin):
    assert bulletin.section(1).paragraphs() == [*KPI_SENTENCES, COMPLETENESS]


def test_overview_without_reporting_rate_tells_the_files_only(tmp_path: Path):
    bulletin = build_bulletin(2025, 3, write_warehouse(_published(tmp_path), KPI_ROWS))
    assert bulletin.section(1).paragraphs()[-1] == f"报送方面，{FILES_CLAUSE}。"


def test_issuer_names_the_title(home: Path):
    bulletin = build_bulletin(2025, 3, _published(home), issuer="城关区总工会")
    assert bulletin.title == "城关区总工会 2025年3月工会重点工作进展情况通报"


def test_street_rankings_come_from_kpi_monthly(bulletin):
    section = bulletin.section(2)
    assert section.paragraphs() == ["（一）新建工会数", "（二）建会率", "（三）职工入会率"]
    tables = section.tables()
    assert [t.title for t in tables] == [
        "表1：各街道新建工会数完成情况", "表2：各街道建会率完成情况", "表3：各街道职工入会率完成情况"]
    assert tables[0].columns == ("名次", "街道", "实际", "目标", "完成率", "与序时进度差距", "状态")
    assert tables[1].columns == ("名次", "街道", "实际", "目标", "完成率", "与目标差距", "状态")
    assert tables[0].text_rows() == RANKING_NEW_UNIONS
    assert tables[1].text_rows() == RANKING_FORMATION
    assert tables[2].text_rows() == RANKING_MEMBERSHIP
    assert [t.sheet_name for t in tables] == ["新建工会数排名", "建会率排名", "职工入会率排名"]


def test_ranking_order_follows_the_rank_column(tmp_path: Path):
    # Swap the streets' ranks of new_unions: the table follows the warehouse, not the values.
    rows = [r[:11] + ({"S01": 2, "S02": 1}[r[2]],) + r[12:]
            if r[:2] == (2025, 3) and r[3] == "new_unions" and r[2] != "ALL" else r for r in KPI_ROWS]
    bulletin = build_bulletin(2025, 3, write_warehouse(_published(tmp_path), rows))
    assert [row[:2] for row in bulletin.section(2).tables()[0].text_rows()] == [["1", "东湖镇"], ["2", "城关街道"]]


def test_behind_streets_are_named_with_a_sentence_each(bulletin):
    assert bulletin.section(3).paragraphs() == BEHIND


def test_no_street_behind(tmp_path: Path):
    rows = [r[:10] + ("met" if r[10] == "behind" else r[10],) + r[11:] for r in KPI_ROWS]
    bulletin = build_bulletin(2025, 3, write_warehouse(_published(tmp_path), rows))
    assert bulletin.section(3).paragraphs() == ["各街道（镇）各项重点指标均达到序时进度或年度目标。"]


def test_a_superseded_files_rows_do_not_count_as_imported(tmp_path: Path, monkeypatch):
    from tests import fixtures_marts

    replaced = ("F000007", "东湖镇_2025-03_初报.xlsx", dt.datetime(2025, 4, 1, 9, 0), "东湖镇总工会",
                dt.date(2025, 3, 1), "monthly", "superseded", 5, 1, 0, None, None)
    monkeypatch.setattr(fixtures_marts, "FILE_ROWS", [*fixtures_marts.FILE_ROWS, replaced])
    bulletin = build_bulletin(2025, 3, write_warehouse(_published(tmp_path), KPI_ROWS))
    counts = bulletin.section(4).paragraphs()[1]
    assert "共导入数据2行，未导入2行，警告1行" in counts, counts


def test_submissions_list_the_files_and_the_units_not_reported(bulletin):
    section = bulletin.section(4)
    assert section.paragraphs() == [
        "（一）报送文件",
        f"{FILES_CLAUSE}；共导入数据2行，未导入2行，警告1行。明细见表4。",
        "（二）未报送单位",
        "上月已建会单位中，有1家未报送3月报表，其中东湖镇1家。名单见表5，请相关街道（镇）工会督促补报。",
    ]
    files, missing = section.tables()
    assert files.title == "表4：报送文件明细"
    assert files.columns == ("序号", "文件名", "填报单位", "类型", "收到时间", "状态", "导入行数",
                             "未导入行数", "警告行数", "说明")
    assert files.text_rows() == FILE_ROWS
    assert missing.title == "表5：未报送3月报表的单位"
    assert missing.text_rows() == MISSING_ROWS


def test_a_month_whose_units_all_reported(home: Path):
    section = build_bulletin(2025, 2, _published(home)).section(4)
    assert "上月已建会单位均已报送2月报表。" in section.paragraphs()
    assert [t.title for t in section.tables()] == ["表4：报送文件明细"]
    assert [row[1] for row in section.tables()[0].text_rows()] == ["城关街道_2025-02.xlsx", "东湖镇_2025-02.xlsx"]


@pytest.mark.parametrize(("year", "month", "message"), [
    (2025, 5, "2025年5月没有数据，无法生成月度通报：现有数据为2025年2月至2025年3月。"),
    (2025, 1, "2025年1月没有数据，无法生成月度通报：现有数据为2025年2月至2025年3月。"),
    (2024, 12, "2024年12月没有数据，无法生成月度通报：2024年1月至12月尚未导入任何月报文件。"),
])
def test_a_month_without_data_is_refused_in_chinese(tmp_path: Path, year, month, message):
    # December 2024: kpi_monthly rows, but no loaded monthly file of 2024.
    december = [(2024, 12, *r[2:]) for r in KPI_ROWS if r[:2] == (2025, 3)] if year == 2024 else []
    path = write_warehouse(_published(tmp_path), KPI_ROWS + december)
    with pytest.raises(BulletinUnavailable) as error:
        build_bulletin(year, month, path)
    assert str(error.value) == message


def test_month_and_suffix_parsing():
    assert parse_month("2026-10") == (2026, 10)
    assert parse_month(" 2026-3 ") == (2026, 3)
    for bad in ("2026-13", "2026/10", "202610", "26-10", "2026-00"):
        with pytest.raises(BulletinUnavailable, match="格式不对"):
            parse_month(bad)
    assert [check_output_path(f"a{s}") for s in (".md", ".XLSX", ".pdf")] == [".md", ".xlsx", ".pdf"]
    with pytest.raises(UnsupportedFormat, match="不支持的输出格式“.docx”"):
        check_output_path("通报.docx")


# =========================================================================== renderers


def test_markdown(bulletin, tmp_path: Path):
    text = write_bulletin(bulletin, tmp_path / "通报.md").read_text(encoding="utf-8")
    assert text == render_markdown(bulletin)
    assert text.startswith(f"# {TITLE}\n")
    for heading in ("## 一、总体情况", "## 二、各街道进展", "## 三、落后序时进度的街道", "## 四、报送情况",
                    "### （一）新建工会数", "**表1：各街道新建工会数完成情况**"):
        assert f"\n{heading}\n" in text
    for sentence in [*KPI_SENTENCES, COMPLETENESS, *BEHIND[1::2]]:
        assert f"\n{sentence}\n" in text
    assert ("| 名次 | 街道 | 实际 | 目标 | 完成率 | 与序时进度差距 | 状态 |\n"
            "| :---: | :--- | ---: | ---: | ---: | :--- | :---: |\n"
            "| 1 | 城关街道 | 30家 | 100家 | 30.0% | 超序时进度5.0个百分点 | 超序时进度 |\n"
            "| 2 | 东湖镇 | 20家 | 100家 | 20.0% | 落后序时进度5.0个百分点 | 落后序时进度 |\n") in text
    assert "| — | 东湖镇 | — | 90.0% | — | — | 无数据 |" in text
    # Markdown's special characters in file names are escaped.
    assert "| 2 | 东湖镇\\_补报\\_2025-03.xlsx | 东湖镇总工会 | 月报表 |" in text
    assert text.rstrip().endswith("区总工会  \n2025年4月5日")


@pytest.mark.parametrize("text", [
    "~$东湖镇_2025-03.xlsx", "$1$ 与 :red[红] 与 :material/home:", "[链接](http://x) ![图](y)",
    "1. 开头的编号", "- 开头的横线", "a|b*c`d<e>{f}#g\\h", "完成率26.0%，2025-03",
])
def test_markdown_text_reads_back_as_written(text):
    """Markup in file names, messages or a typed issuer is escaped (CommonMark's
    backslash before ASCII punctuation), so it shows as written; figures stay plain."""
    from reporting.render_md import _escape_text

    escaped = _escape_text(text)
    assert re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", escaped) == text
    assert not re.search(r"(?<!\\)[$~:\[\]*_`|<>]", escaped)
    if text.startswith("完成率"):
        assert escaped == text


def test_xlsx(bulletin, tmp_path: Path):
    path = write_bulletin(bulletin, tmp_path / "通报.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["通报", "新建工会数排名", "建会率排名", "职工入会率排名", "报送文件", "未报送单位"]

    text = [row[0] for row in book["通报"].iter_rows(values_only=True) if row[0] is not None]
    assert text[0] == TITLE
    for line in ["一、总体情况", *KPI_SENTENCES, COMPLETENESS, "二、各街道进展", *BEHIND, "四、报送情况"]:
        assert line in text
    link = next(c for c in book["通报"]["A"] if c.value == "表1：各街道新建工会数完成情况（见工作表“新建工会数排名”）")
    assert link.hyperlink is not None and link.hyperlink.location == "'新建工会数排名'!A1"
    assert text[-2:] == ["区总工会", "2025年4月5日"]

    sheet = book["新建工会数排名"]
    assert sheet["A1"].value == "表1：各街道新建工会数完成情况"
    assert [c.value for c in sheet[3]] == ["名次", "街道", "实际", "目标", "完成率", "与序时进度差距", "状态"]
    assert [c.value for c in sheet[4]] == [1, "城关街道", 30, 100, 0.3, 5, "超序时进度"]
    assert [c.value for c in sheet[5]] == [2, "东湖镇", 20, 100, 0.2, -5, "落后序时进度"]
    assert sheet["C4"].number_format == '#,##0"家"'
    assert sheet["E4"].number_format == "0.0%"
    assert sheet["F5"].number_format == '"超序时进度"0.0"个百分点";"落后序时进度"0.0"个百分点";"与序时进度持平"'

    sheet = book["建会率排名"]
    assert [c.value for c in sheet[4]] == [1, "城关街道", 0.962, 0.95, 1.013, 1.2, "已完成"]
    assert sheet["C4"].number_format == "0.0%"
    assert sheet["F4"].number_format == '"高于目标"0.0"个百分点";"低于目标"0.0"个百分点";"与目标持平"'

    sheet = book["职工入会率排名"]  # no data: the text, not a number
    assert [c.value for c in sheet[5]] == ["—", "东湖镇", "—", 0.9, "—", "—", "无数据"]

    sheet = book["报送文件"]
    assert [c.value for c in sheet[3]][:6] == ["序号", "文件名", "填报单位", "类型", "收到时间", "状态"]
    row = [c.value for c in sheet[5]]
    assert row[:4] == [2, "东湖镇_补报_2025-03.xlsx", "东湖镇总工会", "月报表"]
    assert row[4] == dt.datetime(2025, 4, 3, 16, 5) and sheet["E5"].number_format == "yyyy-mm-dd hh:mm"
    assert row[5:] == ["已拒收", 0, 1, 0, "没有可导入的数据行：第4行 “统一社会信用代码” 不能为空"]

    sheet = book["未报送单位"]
    assert [c.value for c in sheet[4]] == [1, "东湖镇", "东湖食品有限公司", UNIT_B, "联合建会", 40, "2025年2月"]


@pytest.fixture
def cjk_font():
    try:
        return render_pdf.find_cjk_font()
    except render_pdf.CjkFontMissing as missing:
        pytest.skip(f"no Chinese font here ({missing}); scripts/test-setup.sh installs fonts-noto-cjk")


def test_pdf_embeds_a_chinese_font_and_renders(bulletin, cjk_font, tmp_path: Path, caplog):
    caplog.set_level(logging.WARNING, logger="fpdf")
    path = write_bulletin(bulletin, tmp_path / "通报.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    assert b"/FontFile" in data  # the font program is embedded (a subset)
    assert b"/Type0" in data and b"/ToUnicode" in data  # Chinese text stays searchable
    assert not [r for r in caplog.records if "missing the following glyphs" in r.getMessage()]

    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
        assert rows and all("yes" == row[-5] for row in rows), fonts  # 'emb' column
        family = cjk_font.regular.family.replace(" ", "")
        if family:
            assert any(family in row[0] for row in rows), fonts

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (Debian poppler-utils) is not installed: page 1 not rendered to PNG")
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = ARTIFACTS / "bulletin-2025-03"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(path), str(prefix)],
                   check=True, timeout=60)
    png = prefix.with_suffix(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    if shutil.which("pdftotext"):  # the text layer reads back as the bulletin's Chinese
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert TITLE in text
        assert "全区新建工会52家" in text and "表1：各街道新建工会数完成情况" in text


def test_font_search_prefers_simplified_chinese(cjk_font):
    assert cjk_font.regular.path.is_file()
    assert render_pdf._covers(cjk_font.regular)
    if cjk_font.regular.family.startswith("Noto Sans CJK"):
        assert cjk_font.regular.family == "Noto Sans CJK SC"
        assert cjk_font.bold is not None and cjk_font.bold.family == "Noto Sans CJK SC"


def test_font_from_the_environment(cjk_font, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(render_pdf.FONT_ENV, str(cjk_font.regular.path))
    font = render_pdf.find_cjk_font()
    assert font.regular.path == cjk_font.regular.path and render_pdf._covers(font.regular)
    if cjk_font.regular.path.suffix == ".ttc":
        assert "SC" in font.regular.family  # the Simplified Chinese face of the collection

    monkeypatch.setenv(render_pdf.FONT_ENV, "/nonexistent/font.ttf")
    with pytest.raises(render_pdf.CjkFontMissing, match="UNIONKPI_CJK_FONT 指向的字体文件不存在"):
        render_pdf.find_cjk_font()


def test_no_chinese_font_names_the_debian_package(bulletin, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv(render_pdf.FONT_ENV, raising=False)
    monkeypatch.setattr(render_pdf, "_fontconfig_faces", lambda: [])
    monkeypatch.setattr(render_pdf, "_scan_font_dirs", lambda: [])
    render_pdf._find_cjk_font.cache_clear()
    try:
        with pytest.raises(render_pdf.CjkFontMissing) as missing:
            write_bulletin(bulletin, tmp_path / "通报.pdf")
    finally:
        render_pdf._find_cjk_font.cache_clear()
    assert "找不到可用的中文字体" in str(missing.value)
    assert "apt-get install fonts-noto-cjk" in str(missing.value)
    assert not (tmp_path / "通报.pdf").exists()


def test_line_breaking_follows_chinese_rules(cjk_font):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("cjk", "", str(cjk_font.regular.path), collection_font_number=cjk_font.regular.index)
    pdf.set_font("cjk", "", 11)
    text = "截至10月底，全区报表上报率为98.3%（应报2,595家，已报2,551家），年度目标98.0%。" * 3
    for width in (40, 55, 70, 90):
        lines = render_pdf.wrap_text(pdf, text, width)
        assert "".join(lines) == text
        assert not any(line[0] in "。，、）%" for line in lines[1:]), lines
        assert not any(line[-1] == "（" for line in lines), lines
        for number in ("98.3%", "2,595", "2,551", "98.0%"):  # never split
            assert sum(line.count(number) for line in lines) == text.count(number), lines
    table_lines = render_pdf.wrap_text(pdf, "部分导入（有错误行）", 18, hang=False)
    assert all(pdf.get_string_width(line) <= 18 for line in table_lines)
    assert not any(line[0] == "）" for line in table_lines)


# =========================================================================== command line


@pytest.fixture
def runner(home: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("UNIONKPI_HOME", str(home))
    monkeypatch.delenv("UNIONKPI_ISSUER", raising=False)
    return CliRunner()


def test_cli_writes_each_format(runner: CliRunner, tmp_path: Path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["bulletin", "--month", "2025-03", str(out / "通报.md")])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"已生成2025年3月月度通报：{out / '通报.md'}"
    text = (out / "通报.md").read_text(encoding="utf-8")
    assert text.startswith(f"# {TITLE}\n") and KPI_SENTENCES[0] in text

    result = runner.invoke(app, ["bulletin", "--month", "2025-03", "--issuer", "城关区总工会",
                                 str(out / "通报.xlsx")])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out / "通报.xlsx")
    assert book["通报"]["A1"].value == "城关区总工会 2025年3月工会重点工作进展情况通报"


def test_cli_issuer_from_the_environment_unless_given(runner: CliRunner, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("UNIONKPI_ISSUER", " 东城区总工会 ")
    assert runner.invoke(app, ["bulletin", "--month", "2025-03", str(tmp_path / "a.md")]).exit_code == 0
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith("# 东城区总工会 2025年3月")
    assert runner.invoke(app, ["bulletin", "--month", "2025-03", "--issuer", "城关区总工会",
                               str(tmp_path / "b.md")]).exit_code == 0
    assert (tmp_path / "b.md").read_text(encoding="utf-8").startswith("# 城关区总工会 2025年3月")


def test_cli_pdf(runner: CliRunner, cjk_font, tmp_path: Path):
    result = runner.invoke(app, ["bulletin", "--month", "2025-03", str(tmp_path / "通报.pdf")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "通报.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--month", "2025-03", "通报.docx"], 2, "错误：不支持的输出格式“.docx”：通报只能生成 .xlsx、.md 或 .pdf 文件"),
    (["--month", "2025-03", "通报"], 2, "错误：不支持的输出格式（无扩展名）"),
    (["--month", "2025/03", "通报.md"], 2, "错误：月份“2025/03”格式不对：应为 YYYY-MM，例如 2026-10"),
    (["--month", "2025-06", "通报.md"], 1, "错误：2025年6月没有数据，无法生成月度通报：现有数据为2025年2月至2025年3月。"),
])
def test_cli_refuses_in_chinese(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                args, code, message):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["bulletin", *args])
    assert result.exit_code == code, result.output
    assert result.stderr.strip().startswith(message)
    assert list(tmp_path.glob("通报*")) == []


def test_cli_without_a_published_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("UNIONKPI_HOME", str(tmp_path / "empty"))
    result = CliRunner().invoke(app, ["bulletin", "--month", "2025-03", str(tmp_path / "通报.md")])
    assert result.exit_code == 1
    assert result.stderr.startswith("错误：尚无数据：找不到已发布的数据仓库")
