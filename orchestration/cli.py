"""The `unionkpi` command line (interfaces.md)."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import os
import subprocess
import sys
from enum import Enum
from pathlib import Path

import typer

from ingestion.template_spec import FILE_STATUSES
from orchestration.home import REPO_ROOT, current_home

app = typer.Typer(help="区总工会数据仓库与指标看板 (unionkpi)", no_args_is_help=True,
                  add_completion=False)

DASHBOARD_HOST = "127.0.0.1"


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def load(files: list[Path] = typer.Argument(None, help="要接收的报表文件；不给则处理收件箱")) -> None:
    """Receive files and run the full monthly load (ingest, dbt build, checks, publish)."""
    from orchestration.pipeline import run_load
    from orchestration.progress import show_progress_on_stderr

    files = files or []
    # All or none: a mistyped name stops the call before any file is received.
    missing = [f"{path}（{'是文件夹，不是文件' if path.is_dir() else '文件不存在'}）"
               for path in files if not path.is_file()]
    if missing:
        typer.echo("无法导入：" + "；".join(missing) + "。本次未接收任何文件，请改正后重试。", err=True)
        raise typer.Exit(2)
    show_progress_on_stderr()
    typer.echo(f"接收 {len(files)} 个文件，开始导入……" if files else "处理收件箱……", err=True)
    report = run_load(files)
    _print_report(report)
    if not report.success:
        typer.echo("导入流程失败：详见 Dagster 运行日志", err=True)
        raise typer.Exit(1)


def _status_position(status: str) -> int:
    return list(FILE_STATUSES).index(status) if status in FILE_STATUSES else len(FILE_STATUSES)


def _print_report(report) -> None:
    _print_outcomes(report.files)
    if report.rechecked:
        typer.echo(f"本次还处理了此前收到的 {len(report.rechecked)} 个文件"
                   "（按新导入的街道名录重新校验，或上次导入未完成）：")
        _print_outcomes(report.rechecked)
    if report.replaced:  # what the load took away: those files' rows no longer count
        typer.echo(f"本次导入的文件替代了此前收到的 {len(report.replaced)} 个文件，它们的数据不再计入：")
        for outcome in report.replaced:
            typer.echo(f"  [{FILE_STATUSES.get(outcome.status, outcome.status)}] {outcome.file_name}："
                       f"{outcome.message}")
    typer.echo(f"文件：{_summary(report.files) or '无新文件'}")
    typer.echo(_rows_line(report.files))
    if report.rechecked:  # a load finishing what a stopped one received says so
        typer.echo(f"此前收到、本次处理的文件：{_summary(report.rechecked)}；"
                   + _rows_line(report.rechecked))


def _summary(outcomes) -> str:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    in_order = sorted(counts.items(), key=lambda kv: _status_position(kv[0]))
    return "，".join(f"{FILE_STATUSES.get(k, k)} {v}" for k, v in in_order)


def _rows_line(outcomes) -> str:
    rows = [sum(getattr(o, f) for o in outcomes) for f in ("rows_loaded", "rows_rejected", "rows_warned")]
    return f"数据行：导入 {rows[0]}，拒绝 {rows[1]}，警告 {rows[2]}"


def _print_outcomes(outcomes) -> None:
    for outcome in outcomes:
        label = FILE_STATUSES.get(outcome.status, outcome.status)
        typer.echo(f"  [{label}] {outcome.file_name}：导入 {outcome.rows_loaded} 行，"
                   f"拒绝 {outcome.rows_rejected} 行，警告 {outcome.rows_warned} 行")
        if outcome.status == "rejected" and outcome.message:
            typer.echo(f"      原因：{outcome.message}")
        elif outcome.status != "duplicate":
            for message in outcome.first_errors:
                typer.echo(f"      - {message}")
        if outcome.status != "duplicate":
            for note in outcome.ignored:
                typer.echo(f"      注：{note}")


@app.command()
def query(sql: str = typer.Argument(..., help="只读 SQL（SELECT）；以 -- 注释开头时写作 unionkpi query -- \"…\""),
          format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f")) -> None:
    """Run read-only SQL on the published warehouse."""
    from orchestration.safe_sql import QueryRefused, run_query

    try:
        result = run_query(current_home().published, sql)
    except QueryRefused as refusal:
        typer.echo(str(refusal), err=True)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        typer.echo("查询已取消", err=True)
        raise typer.Exit(130) from None
    frame = result.frame
    if format is OutputFormat.csv:
        typer.echo(frame.to_csv(index=False), nl=False)
    elif format is OutputFormat.json:
        typer.echo(json.dumps(_records(frame), ensure_ascii=False, default=str, allow_nan=False))
    else:
        # NULL is None (object columns); a float NaN is a value, shown as NaN.
        shown = frame.map(lambda value: "NULL" if value is None else value)
        typer.echo(shown.to_string(index=False) if len(frame) else "（无结果）")
    if result.limit_note:
        typer.echo(f"（{result.limit_note}）", err=True)


def _records(frame) -> list[dict]:
    def clean(value):
        if isinstance(value, float) and not math.isfinite(value):
            # JSON has no NaN or Infinity: named, as JavaScript writes them.
            return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if isinstance(value, decimal.Decimal):
            return float(value)
        if hasattr(value, "item"):  # numpy scalars
            return clean(value.item())
        return value
    return [{k: clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


@app.command()
def template(out: Path = typer.Argument(..., help="输出文件，如 月报表模板.xlsx")) -> None:
    """Write the blank official template (drop-downs, instructions sheet)."""
    from ingestion.template_writer import write_template

    write_template(out)
    typer.echo(f"已生成空白模板：{out}")


@app.command()
def bulletin(out: Path = typer.Argument(..., dir_okay=False,
                                        help="输出文件：.xlsx、.md 或 .pdf"),
             month: str = typer.Option(..., "--month", help="报告期，格式 YYYY-MM，如 2026-10"),
             issuer: str | None = typer.Option(
                 None, "--issuer", show_default=False,
                 help="发文单位，用于标题，如“某某区总工会”（默认：环境变量 UNIONKPI_ISSUER，"
                      "未设置时为“区总工会”）")) -> None:
    """Write the monthly bulletin (月度通报) as .xlsx, .md or .pdf by OUT's suffix."""
    import streamlit.logger

    # The query module caches with Streamlit, which warns at import when no app runs.
    streamlit.logger.set_log_level("error")
    from dashboards.queries import WarehouseMissing
    from reporting import BulletinUnavailable, UnsupportedFormat, build_bulletin, check_output_path, parse_month
    from reporting import write_bulletin as write
    from reporting.render_pdf import CjkFontMissing

    try:
        check_output_path(out)
        year, number = parse_month(month)
    except (UnsupportedFormat, BulletinUnavailable) as problem:
        typer.echo(f"错误：{problem}", err=True)
        raise typer.Exit(2) from None
    try:
        content = build_bulletin(year, number, current_home().published, issuer=issuer)
        write(content, out)
    except (BulletinUnavailable, WarehouseMissing, CjkFontMissing) as problem:
        typer.echo(f"错误：{problem}", err=True)
        raise typer.Exit(1) from None
    except OSError as problem:
        typer.echo(f"错误：无法写入 {out}：{problem.strerror or problem}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"已生成{content.period}月度通报：{out}")


user_app = typer.Typer(help="管理看板用户（用户文件：UNIONKPI_USERS 或 UNIONKPI_HOME/users.toml）")
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(username: str = typer.Argument(..., help="登录名"),
             role: str = typer.Option(..., "--role", help="analyst | street | clerk"),
             name: str = typer.Option("", "--name", help="显示名称"),
             street: str = typer.Option(None, "--street", help="街道代码（street 角色）"),
             submitter: str = typer.Option(None, "--submitter", help="填报单位（clerk 角色）"),
             password: str = typer.Option(..., prompt="密码", hide_input=True,
                                          confirmation_prompt=True,
                                          help="密码；不在命令行给出时会提示输入两次（不回显）")) -> None:
    """Add or replace a dashboard user; the password is stored as a PBKDF2 hash."""
    from orchestration.access import User, UsersFileError, add_user, users_file

    path = users_file()
    try:
        add_user(path, User(username, role, name, street, submitter), password)
    except UsersFileError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    typer.echo(f"已保存用户 {username}（{role}）到 {path}；看板此后需要登录")


@app.command()
def dashboard(port: int = typer.Option(8501, "--port", help="端口")) -> None:
    """Serve the Streamlit dashboard on 127.0.0.1."""
    serve_dashboard(port)


def streamlit_command(port: int) -> list[str]:
    """How the dashboard is served, by the CLI and by the browser tests alike."""
    return [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "dashboards" / "app.py"),
            "--server.address", DASHBOARD_HOST, "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--client.toolbarMode", "viewer",
            # Served, not developed: no "File change. Rerun?" bar (in English) when the
            # code changes under a running dashboard.
            "--server.fileWatcherType", "none", "--server.runOnSave", "false"]


def serve_dashboard(port: int) -> None:
    typer.echo(f"看板地址：http://{DASHBOARD_HOST}:{port}")
    env = {**os.environ, "UNIONKPI_HOME": str(current_home().root)}
    raise typer.Exit(subprocess.call(streamlit_command(port), env=env))


@app.command()
def demo(port: int = typer.Option(8501, "--port", help="端口"),
         serve: bool = typer.Option(True, help="导入后启动看板")) -> None:
    """Generate the sample district, load it through the pipeline, serve the dashboard."""
    from orchestration.pipeline import run_load
    from orchestration.progress import show_progress_on_stderr
    from sampledata.district import generate

    show_progress_on_stderr()
    home = current_home().ensure()
    as_of = dt.date.today()
    files = generate(home.sample, as_of=as_of)
    new_files = _not_yet_received(home, files)
    typer.echo(f"示例区数据：{len(files)} 个文件（截至 {as_of:%Y-%m}），其中 {len(new_files)} 个待导入")
    report = run_load(new_files)
    _print_report(report)
    if not report.success:
        raise typer.Exit(1)
    if serve:
        serve_dashboard(port)


def _not_yet_received(home, files: list[Path]) -> list[Path]:
    import duckdb

    from ingestion import intake, raw_store

    if not home.warehouse.exists():
        return files
    with duckdb.connect(str(home.warehouse)) as con:
        raw_store.ensure_schema(con)
        hashes = [intake.sha256_of(f) for f in files]
        received = raw_store.first_by_sha(con, hashes)
        return [f for f, sha in zip(files, hashes) if sha not in received]


if __name__ == "__main__":
    app()
