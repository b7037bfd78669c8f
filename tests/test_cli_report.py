"""What `unionkpi load` prints after a load: each file's status in Chinese with its row
counts and first errors (a rejected file's reason), then the files by status in the
order of the template spec's file statuses, then the row totals."""

from orchestration import cli
from orchestration.pipeline import FileOutcome, LoadReport


def test_load_report_lists_each_file_then_statuses_in_spec_order(capsys):
    report = LoadReport(True, [
        FileOutcome("F1", "东湖街道_2026-03.xlsx", "rejected", 0, 3, 0, "缺少工作表"),
        FileOutcome("F2", "城关街道_2026-03.xlsx", "loaded_with_errors", 40, 2, 1, None,
                    first_errors=["组建与会员：第5行 “职工人数” 应为整数",
                                  "组建与会员：第9行 “建会日期” 不是日期"],
                    ignored=["工作表“填表说明”为空或不是模板中的报表，已忽略"]),
        FileOutcome("F3", "城关街道_2026-03(2).xlsx", "duplicate", 0, 0, 0, "与 F2 内容相同",
                    first_errors=["（不应显示）"]),
        FileOutcome("F4", "西城街道_2026-03.xlsx", "loaded", 12, 0, 0, None),
    ])
    cli._print_report(report)
    assert capsys.readouterr().out.splitlines() == [
        "  [已拒收] 东湖街道_2026-03.xlsx：导入 0 行，拒绝 3 行，警告 0 行",
        "      原因：缺少工作表",
        "  [部分导入（有错误行）] 城关街道_2026-03.xlsx：导入 40 行，拒绝 2 行，警告 1 行",
        "      - 组建与会员：第5行 “职工人数” 应为整数",
        "      - 组建与会员：第9行 “建会日期” 不是日期",
        "      注：工作表“填表说明”为空或不是模板中的报表，已忽略",
        "  [重复文件] 城关街道_2026-03(2).xlsx：导入 0 行，拒绝 0 行，警告 0 行",
        "  [已导入] 西城街道_2026-03.xlsx：导入 12 行，拒绝 0 行，警告 0 行",
        "文件：已导入 1，部分导入（有错误行） 1，已拒收 1，重复文件 1",
        "数据行：导入 52，拒绝 5，警告 1",
    ]


def test_files_checked_again_are_listed_apart_and_not_counted_as_new(capsys):
    report = LoadReport(True, [FileOutcome("F9", "街道名录.xlsx", "loaded", 4, 0, 0, None)], [
        FileOutcome("F1", "东湖街道_2026-01.xlsx", "loaded_with_errors", 1, 1, 0, None, True,
                    first_errors=["组建与会员：第4行 “所属街道” 值 “东湖街” 不是街道名录中的街道"])])
    cli._print_report(report)
    assert capsys.readouterr().out.splitlines() == [
        "  [已导入] 街道名录.xlsx：导入 4 行，拒绝 0 行，警告 0 行",
        "本次还处理了此前收到的 1 个文件（按新导入的街道名录重新校验，或上次导入未完成）：",
        "  [部分导入（有错误行）] 东湖街道_2026-01.xlsx：导入 1 行，拒绝 1 行，警告 0 行",
        "      - 组建与会员：第4行 “所属街道” 值 “东湖街” 不是街道名录中的街道",
        "文件：已导入 1",
        "数据行：导入 4，拒绝 0，警告 0",
        "此前收到、本次处理的文件：部分导入（有错误行） 1；数据行：导入 1，拒绝 1，警告 0",
    ]


def test_files_a_load_replaced_are_listed_with_what_replaced_them(capsys):
    report = LoadReport(True, [FileOutcome("F9", "东湖_2026-02更正.xlsx", "loaded", 3, 0, 0, None)],
                        replaced=[FileOutcome("F4", "东湖街道_2026-02.xlsx", "superseded", 5, 0, 0,
                                              "已被后收到的同一填报单位、同一报告期的文件“东湖_2026-02更正.xlsx”"
                                              "（2026-03-05 09:00 收到）替代，本文件的数据不再计入")])
    cli._print_report(report)
    assert capsys.readouterr().out.splitlines() == [
        "  [已导入] 东湖_2026-02更正.xlsx：导入 3 行，拒绝 0 行，警告 0 行",
        "本次导入的文件替代了此前收到的 1 个文件，它们的数据不再计入：",
        "  [已被替代] 东湖街道_2026-02.xlsx：已被后收到的同一填报单位、同一报告期的文件“东湖_2026-02更正.xlsx”"
        "（2026-03-05 09:00 收到）替代，本文件的数据不再计入",
        "文件：已导入 1",
        "数据行：导入 3，拒绝 0，警告 0",
    ]


def test_load_report_of_an_empty_inbox(capsys):
    cli._print_report(LoadReport(True, []))
    assert capsys.readouterr().out.splitlines() == ["文件：无新文件", "数据行：导入 0，拒绝 0，警告 0"]


def test_progress_line_of_a_parsed_file():
    """Each file's line while a long load runs (the CLI shows these on stderr)."""
    import logging

    from ingestion.parse import ParsedFile
    from orchestration.assets.ingestion import report_parsed
    from orchestration.progress import progress

    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())
    progress.addHandler(handler)
    level = progress.level
    progress.setLevel(logging.INFO)
    try:
        parsed = ParsedFile("城关街道_2026-03.xlsx", status="loaded_with_errors")
        report_parsed(3, 10, parsed.file_name, parsed)
    finally:
        progress.removeHandler(handler)
        progress.setLevel(level)
    assert lines == ["  [3/10] 城关街道_2026-03.xlsx：部分导入（有错误行），导入 0 行"]


def test_a_files_first_problems_and_what_was_ignored_come_from_the_warehouse(tmp_path):
    """Errors sheet by sheet in the file's order and row by row (not column by column),
    each headed by its sheet; ignored sheets and columns listed in Chinese."""
    import datetime as dt

    import duckdb

    from ingestion import intake, raw_store
    from orchestration.home import Home
    from tests.tiny_district import UNIT_HEADER, code, unit
    from tests.workbooks import write_xlsx

    home = Home(tmp_path / "home").ensure()
    good = unit(code(1), "甲公司", "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))
    bad_name = unit(code(2), None, "东湖街道", 30, 20, "单独建会", dt.date(2020, 5, 1))
    bad_workers = unit(code(3), "丙公司", "东湖街道", "三十", 20, "单独建会", dt.date(2020, 5, 1))
    write_xlsx(home.inbox / "东湖街道_2026-03.xlsx", {
        "填表说明": [["请按模板填写"]],
        "组建与会员": [["报告期：2026-03"], [*UNIT_HEADER, "备注"], good, bad_workers, bad_name],
        "服务卡": [["统一社会信用代码", "本月办卡数"], [code(1), "二"]],
    })
    with duckdb.connect(str(home.warehouse)) as con:
        raw_store.ensure_schema(con)
        (file_id,), _ = intake.ingest_inbox(con, home)
        errors = raw_store.first_errors(con, file_id, 3)
        ignored = raw_store.notes(con, file_id)
    assert errors == ["组建与会员：第4行 “职工人数” 值 “三十” 不是整数",
                      "组建与会员：第5行 “单位名称” 不能为空",
                      "服务卡：第2行 “本月办卡数” 值 “二” 不是整数"]
    assert ignored == ["工作表“填表说明”为空或不是模板中的报表，已忽略",
                       "工作表“组建与会员”中的列“备注”不在模板中，已忽略"]


def test_load_of_a_missing_file_says_so_in_chinese_and_receives_nothing(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from orchestration.home import Home

    monkeypatch.setenv("UNIONKPI_HOME", str(tmp_path / "home"))
    present = tmp_path / "东湖街道_2026-03.csv"
    present.write_text("统一社会信用代码,本月办卡数\n", encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["load", str(present), str(tmp_path / "不存在.xlsx"),
                                          str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"无法导入：{tmp_path / '不存在.xlsx'}（文件不存在）；{tmp_path}（是文件夹，不是文件）。"
        "本次未接收任何文件，请改正后重试。")
    archive = Home(tmp_path / "home").archive
    assert not archive.exists() or not any(archive.iterdir())
