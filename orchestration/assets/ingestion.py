"""Ingestion: receive the inbox, parse every pending file into the raw tables."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from ingestion import intake, raw_store
from ingestion.template_spec import FILE_STATUSES
from orchestration.resources import DataHome, LoadLock
from orchestration.progress import progress

def report_parsed(i: int, n: int, file_name: str, parsed) -> None:
    progress.info(f"  [{i}/{n}] {file_name}：{FILE_STATUSES[parsed.status]}，"
                  f"导入 {parsed.rows_loaded} 行")

def _first_names(names: list[str], shown: int = 10) -> str:
    return "、".join(names[:shown]) + ("……" if len(names) > shown else "")


# Runs say who started them; the CLI's runs take the inbox as it is.
TRIGGER_TAG, CLI_TRIGGER = "trigger", "cli"

RAW_KEYS = {table: dg.AssetKey(["raw", table]) for table in raw_store.RAW_TABLES}

@dg.multi_asset(
    name="ingest_submissions",
    group_name="ingestion",
    specs=[
        dg.AssetSpec(key, description=f"raw.{table}: rows as received and typed by the parser",
                     kinds={"duckdb", "python"})
        for table, key in RAW_KEYS.items()
    ],
)
def ingest_submissions(context: dg.AssetExecutionContext, warehouse: DuckDBResource,
                       data_home: DataHome, load_lock: LoadLock):
    """Receives the files waiting in the inbox (archived by SHA-256) and parses every
    received file not yet parsed, in the order received. A run `unionkpi load` starts
    takes every waiting file (the user just put them there), once none has changed for
    a second; any other run (sensor, schedule, Dagster UI) only those unchanged for
    INBOX_SETTLE_SECONDS. A file still being written is left for the next load."""
    home = data_home.home
    if context.run.tags.get(TRIGGER_TAG) == CLI_TRIGGER:
        settle = intake.CLI_SETTLE_SECONDS
        intake.settle(home, settle)
    else:
        settle = intake.INBOX_SETTLE_SECONDS
    with warehouse.get_connection() as con:
        raw_store.ensure_schema(con)
        progress.info("接收并解析报表……")
        received, parsed = intake.ingest_inbox(con, home, on_parsed=report_parsed,
                                               settle_seconds=settle)
        statuses = raw_store.status_counts(con)
    left = [intake.inbox_name(home, path) for path in intake.inbox_files(home)]
    if left:
        progress.info(f"以下 {len(left)} 个文件仍在写入（复制或保存未完成），留待下次导入："
                      + _first_names(left))
    linked = intake.linked_folders(home)
    if linked:
        progress.info("以下文件夹是快捷方式（链接），未读取，请将其中的文件直接放入收件箱："
                      + _first_names(linked))
    context.log.info(f"received {len(received)} file(s) from the inbox, parsed {len(parsed)}")
    for table, key in RAW_KEYS.items():
        metadata = {"files_parsed": len(parsed)}
        if table == "files":
            metadata.update({f"files_{k}": v for k, v in statuses.items()})
        yield dg.MaterializeResult(asset_key=key, metadata=metadata)
