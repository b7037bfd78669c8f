"""What `unionkpi load` prints after a load: each file's status in Chinese with its row
counts and first errors (a rejected file's reason), then the files by status in the
order of the template spec's file statuses, then the row totals."""

from orchestration import cli
from orchestration.pipeline import FileOutcome, LoadReport


def test_load_report_lists_each_file_then_statuses_in_spec_order(capsys):
    report = LoadReport(True, [
        FileOutcome("F1", "东湖街道_2026-03.xlsx", "rejected", 0, 3, 0, "缺少工作表"),
        FileOutcome("F2", "城关街道_2026-03.xlsx", "loaded_with_errors", 40, 2, 1, None,
                    ["第5行 “职工人数” 应为整数", "第9行 “建会日期” 不是日期"]),
        FileOutcome("F3", "城关街道_2026-03(2).xlsx", "duplicate", 0, 0, 0, "与 F2 内容相同",
                    ["（不应显示）"]),
        FileOutcome("F4", "西城街道_2026-03.xlsx", "loaded", 12, 0, 0, None),
    ])
    cli._print_report(report)
    assert capsys.readouterr().out.splitlines() == [
        "  [已拒收] 东湖街道_2026-03.xlsx：导入 0 行，拒绝 3 行，警告 0 行",
        "      原因：缺少工作表",
        "  [部分导入（有错误行）] 城关街道_2026-03.xlsx：导入 40 行，拒绝 2 行，警告 1 行",
        "      - 第5行 “职工人数” 应为整数",
        "      - 第9行 “建会日期” 不是日期",
        "  [重复文件] 城关街道_2026-03(2).xlsx：导入 0 行，拒绝 0 行，警告 0 行",
        "  [已导入] 西城街道_2026-03.xlsx：导入 12 行，拒绝 0 行，警告 0 行",
        "文件：已导入 1，部分导入（有错误行） 1，已拒收 1，重复文件 1",
        "数据行：导入 52，拒绝 5，警告 1",
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
