"""The intake's pipelined path: files left received by an earlier load come first, then
the inbox a chunk at a time, each chunk received while the reader processes read the
chunk before; duplicates are logged, never parsed; progress counts what is parsed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
import time
from pathlib import Path

import duckdb
import pytest

from ingestion import intake, raw_store, workers
from orchestration.home import Home
from tests import tiny_district
from tests.workbooks import write_xlsx


def test_inbox_in_chunks_after_the_files_left_received(tmp_path, monkeypatch):
    files = tiny_district.build(tmp_path / "district")
    order = tiny_district.RECEIVE_ORDER
    home = Home(tmp_path / "home").ensure()
    monkeypatch.setattr(intake, "RECEIVE_CHUNK", 3)
    con = duckdb.connect(str(home.warehouse))
    raw_store.ensure_schema(con)
    # An earlier load received the street list and stopped before parsing it.
    (left,) = intake.receive_many(con, home, [files[order[0]]])
    inbox = order[1:]  # its last file is the January file of 东湖街道 again: a duplicate
    assert order[-1] in order[:-1]
    for i, key in enumerate(inbox):
        target = home.inbox / f"{i:02d}_{files[key].name}"
        shutil.copyfile(files[key], target)
        os.utime(target, ns=(1_000_000_000 * (i + 1),) * 2)  # the inbox's order

    progress: list[tuple[int, int, str]] = []
    received, parsed = intake.ingest_inbox(
        con, home, on_parsed=lambda i, n, name, p: progress.append((i, n, name)))

    assert len(received) == len(inbox)
    assert parsed == [left, *received[:-1]]  # in received order; the duplicate is not parsed
    assert [i for i, _, _ in progress] == list(range(1, len(order)))
    assert progress[-1][1] == len(order) - 1  # the duplicate left the count when received
    statuses = dict(con.execute("SELECT file_id, parse_status FROM raw.files").fetchall())
    assert statuses[received[-1]] == "duplicate"
    assert set(statuses.values()) == {"loaded", "loaded_with_errors", "duplicate"}
    # Each file has the time it was received, in the order received: within a chunk too.
    times = [t for t, in con.execute("SELECT received_at FROM raw.files ORDER BY received_seq").fetchall()]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert not any(home.inbox.iterdir())
    # Every file is archived under its hash, as received.
    for file_id, path in con.execute("SELECT file_id, archive_path FROM raw.files").fetchall():
        assert (home.root / path).exists(), file_id
    con.close()


def _inbox_of_tiny_district(tmp_path) -> tuple[Home, list[str]]:
    files = tiny_district.build(tmp_path / "district")
    home = Home(tmp_path / "home").ensure()
    names = []
    for i, key in enumerate(dict.fromkeys(tiny_district.RECEIVE_ORDER)):  # no duplicate
        target = home.inbox / f"{i:02d}_{files[key].name}"
        shutil.copyfile(files[key], target)
        os.utime(target, ns=(1_000_000_000 * (i + 1),) * 2)
        names.append(target.name)
    return home, names


def test_batches_are_stored_on_their_own_thread_and_a_failed_store_loses_nothing(
        tmp_path, monkeypatch):
    """A batch is stored on the store thread while the next is validated; when a store
    fails, the load stops with that error, the batches before it are whole, the rest
    stay received, and the next load ends where an uninterrupted one does."""
    home, names = _inbox_of_tiny_district(tmp_path)
    monkeypatch.setattr(intake, "BATCH_FILES", 2)
    monkeypatch.setattr(intake, "TAIL_BATCH_FILES", 2)
    original = raw_store.store_parsed
    threads: list[str] = []

    def store_failing_second(con, batch):
        threads.append(threading.current_thread().name)
        if len(threads) == 2:
            raise duckdb.IOException("disk full")
        original(con, batch)
    monkeypatch.setattr(raw_store, "store_parsed", store_failing_second)
    con = duckdb.connect(str(home.warehouse))
    raw_store.ensure_schema(con)
    with pytest.raises(duckdb.IOException, match="disk full"):
        intake.ingest_inbox(con, home)
    assert all(name.startswith("unionkpi-store") for name in threads)
    statuses = [s for (s,) in con.execute(
        "SELECT parse_status FROM raw.files ORDER BY received_seq").fetchall()]
    assert len(statuses) == len(names)  # every file was received before the failure
    # The street list is stored alone (later files are checked against it); the next
    # batch failed whole.
    assert statuses[0] == "loaded"
    assert statuses[1:3] == ["received", "received"]

    monkeypatch.setattr(raw_store, "store_parsed", original)
    intake.ingest_inbox(con, home)
    after_failure = con.execute(
        "SELECT file_name, parse_status, rows_loaded, rows_rejected FROM raw.files "
        "ORDER BY received_seq").fetchall()
    con.close()

    clean_home, _ = _inbox_of_tiny_district(tmp_path / "clean")
    clean = duckdb.connect(str(clean_home.warehouse))
    raw_store.ensure_schema(clean)
    intake.ingest_inbox(clean, clean_home)
    assert after_failure == clean.execute(
        "SELECT file_name, parse_status, rows_loaded, rows_rejected FROM raw.files "
        "ORDER BY received_seq").fetchall()
    clean.close()


def test_files_received_while_a_batch_is_being_stored(tmp_path, monkeypatch):
    """Receiving (its own inserts into the file log) goes on while the store thread
    updates the log for an earlier batch: every file ends stored once, none lost."""
    home = Home(tmp_path / "home").ensure()
    for n in range(30):
        path = tiny_district.monthly(
            home.inbox / f"东湖街道_2026-{n % 12 + 1:02d}_{n:02d}.xlsx", "东湖街道总工会",
            f"2026-{n % 12 + 1:02d}",
            [tiny_district.unit(tiny_district.code(100 + n), f"单位{n}", "东湖街道", 30, 20,
                                "单独建会", dt.date(2020, 5, 1))])
        os.utime(path, ns=(1_000_000_000 * (n + 1),) * 2)
    monkeypatch.setattr(intake, "FIRST_CHUNK", 3)
    monkeypatch.setattr(intake, "RECEIVE_CHUNK", 3)
    monkeypatch.setattr(intake, "BATCH_FILES", 4)
    monkeypatch.setattr(intake, "TAIL_BATCH_FILES", 4)
    monkeypatch.setattr(workers, "WINDOW", 1)  # jobs taken (and files received) as read
    original = raw_store.store_parsed
    overlapped: list[int] = []

    def slow_store(con, batch):
        before = len(os.listdir(home.inbox))
        time.sleep(0.05)  # long enough for the loading thread to receive meanwhile
        original(con, batch)
        overlapped.append(before - len(os.listdir(home.inbox)))
    monkeypatch.setattr(raw_store, "store_parsed", slow_store)
    con = duckdb.connect(str(home.warehouse))
    raw_store.ensure_schema(con)
    received, parsed = intake.ingest_inbox(con, home)
    assert len(received) == 30 and parsed == received
    assert any(overlapped)  # files were received while a batch was being stored
    rows = con.execute("SELECT parse_status, rows_loaded, count(*) FROM raw.files "
                       "GROUP BY ALL").fetchall()
    assert rows == [("loaded", 1, 30)]
    assert con.execute("SELECT count(*) FROM raw.org_units").fetchone()[0] == 30
    con.close()


def test_a_file_still_being_written_waits_in_the_inbox_for_a_settled_run(tmp_path):
    """Runs the sensor or the schedule starts take only files unchanged for a while: a
    file being copied in is neither received half-written nor lost."""
    files = tiny_district.build(tmp_path / "district")
    streets, january = (files[key] for key in tiny_district.RECEIVE_ORDER[:2])
    home = Home(tmp_path / "home").ensure()
    settled, arriving = home.inbox / streets.name, home.inbox / january.name
    shutil.copyfile(streets, settled)
    os.utime(settled, (time.time() - 60,) * 2)
    shutil.copyfile(january, arriving)  # modified just now
    con = duckdb.connect(str(home.warehouse))
    raw_store.ensure_schema(con)

    intake.ingest_inbox(con, home, settle_seconds=intake.INBOX_SETTLE_SECONDS)
    assert [name for (name,) in con.execute("SELECT file_name FROM raw.files").fetchall()] == [
        streets.name]
    assert [p.name for p in home.inbox.iterdir()] == [january.name]
    # Without settling (a run `unionkpi load` starts), it is taken at once.
    intake.ingest_inbox(con, home)
    assert con.execute("SELECT count(*) FROM raw.files").fetchone()[0] == 2
    assert not any(home.inbox.iterdir())
    con.close()


def _street_typo_files(folder) -> tuple:
    """The street list, and a report whose second unit's 所属街道 is a typo (东湖街)."""
    files = tiny_district.build(folder)
    report = tiny_district.monthly(folder / "东湖街道_2026-01.xlsx", "东湖街道总工会", "2026-01", [
        tiny_district.unit(tiny_district.A, "甲公司", "东湖街道", 30, 22, "单独建会",
                           dt.date(2020, 5, 1)),
        tiny_district.unit(tiny_district.B, "乙公司", "东湖街", 10, 5, "单独建会",
                           dt.date(2026, 1, 5))])
    return files["streets"], report


def _raw_state(con) -> tuple:
    files = con.execute("SELECT file_name, parse_status, kind, rows_loaded, rows_rejected, "
                        "streets_checked FROM raw.files ORDER BY file_name").fetchall()
    issues = con.execute("SELECT f.file_name, i.row_number, i.rule FROM raw.issues i "
                         "JOIN raw.files f USING (file_id) ORDER BY ALL").fetchall()
    units = con.execute("SELECT credit_code, street FROM raw.org_units ORDER BY ALL").fetchall()
    return files, issues, units


@pytest.mark.parametrize("in_one_load", [False, True])
def test_a_street_list_arriving_after_the_reports_checks_them_again(tmp_path, in_one_load):
    """Before any street list, 所属街道 is taken as written; once one is loaded, the
    reports parsed before it are parsed again against it: the raw layer ends as if the
    list had come first, whatever the order of loads."""
    streets, report = _street_typo_files(tmp_path / "district")
    states = []
    for order in ([streets, report], [report, streets]):
        home = Home(tmp_path / f"home{len(states)}").ensure()
        con = duckdb.connect(str(home.warehouse))
        raw_store.ensure_schema(con)
        loads = [order] if in_one_load else [[path] for path in order]
        for paths in loads:
            intake.receive_many(con, home, paths)
            intake.ingest_inbox(con, home)
        states.append(_raw_state(con))
        con.close()
    street_first, report_first = states
    assert report_first == street_first
    files, issues, units = street_first
    assert (report.name, "loaded_with_errors", "monthly", 1, 1, True) in files
    assert issues == [(report.name, 5, "street")]
    assert units == [(tiny_district.A, "东湖街道")]


@pytest.mark.parametrize("in_one_load", [False, True])
def test_a_street_list_adding_a_street_checks_the_rows_refused_for_it_again(tmp_path, in_one_load):
    """A report naming 南山镇, read against the list before the list that adds 南山镇
    (given after it in one load, or loaded later): its refused row is read again and
    loads, as if the lists had come first; a row refused for a street no list has stays
    refused."""
    home, con, files = _home_with_streets(tmp_path)
    report = tiny_district.monthly(tmp_path / "南山镇_2026-03.xlsx", "南山镇总工会", "2026-03", [
        tiny_district.unit(tiny_district.A, "甲公司", "南山镇", 30, 22, "单独建会", dt.date(2020, 5, 1)),
        tiny_district.unit(tiny_district.B, "乙公司", "北山镇", 10, 5, "单独建会", dt.date(2020, 5, 1))])
    new_list = _street_list(tmp_path, ("S1", "东湖街道"), ("S2", "西城街道"), ("S3", "南山镇"))
    _load_in_turn(con, home, [files["streets"]],
                  *([[report, new_list]] if in_one_load else [[report], [new_list]]))
    units = con.execute("SELECT credit_code, street FROM raw.org_units").fetchall()
    issues = con.execute("SELECT row_number, rule, value FROM raw.issues").fetchall()
    status = con.execute("SELECT parse_status FROM raw.files WHERE file_name = ?",
                         [report.name]).fetchone()
    con.close()
    assert units == [(tiny_district.A, "南山镇")]
    assert issues == [(5, "street", "北山镇")] and status == ("loaded_with_errors",)


def test_a_street_list_that_also_drops_a_street_rewrites_no_loaded_row(tmp_path):
    """The list adding 北湖街道 drops 东湖街道, which the report's loaded row names: the
    report is not read again (it would lose that row); its 北湖街道 row stays refused."""
    home, con, files = _home_with_streets(tmp_path)
    report = tiny_district.monthly(tmp_path / "东湖街道_2026-01.xlsx", "东湖街道总工会", "2026-01", [
        tiny_district.unit(tiny_district.A, "甲公司", "东湖街道", 30, 22, "单独建会", dt.date(2020, 5, 1)),
        tiny_district.unit(tiny_district.B, "乙公司", "北湖街道", 10, 5, "单独建会", dt.date(2020, 5, 1))])
    new_list = _street_list(tmp_path, ("S2", "西城街道"), ("S3", "北湖街道"))
    _load_in_turn(con, home, [files["streets"]], [report], [new_list])
    units = con.execute("SELECT credit_code, street FROM raw.org_units").fetchall()
    issues = con.execute("SELECT row_number, rule FROM raw.issues").fetchall()
    con.close()
    assert units == [(tiny_district.A, "东湖街道")] and issues == [(5, "street")]


def test_a_registry_is_read_again_for_a_street_the_new_list_adds(tmp_path):
    """A registry's rows of streets no list had load with a warning (counted in 全区):
    the list adding 南山镇 clears that one's warning; 北湖村, in no list, keeps its own
    (it is no street the new list dropped)."""
    home, con, files = _home_with_streets(tmp_path)
    registry = write_xlsx(tmp_path / "区市场监管局_企业名录_2026-01.xlsx", {"企业名录": [
        ["报告期：2026-01"], ["统一社会信用代码", "单位名称", "所属街道", "职工人数", "经营状态"],
        [tiny_district.A, "甲公司", "南山镇", 30, "在营"], [tiny_district.B, "乙公司", "北湖村", 10, "在营"]]})
    new_list = _street_list(tmp_path, ("S1", "东湖街道"), ("S2", "西城街道"), ("S3", "南山镇"))
    _load_in_turn(con, home, [files["streets"]], [registry], [new_list])
    issues = con.execute("SELECT row_number, rule, value FROM raw.issues").fetchall()
    con.close()
    assert issues == [(4, "street_unknown_registry", "北湖村")]


def test_a_file_dated_in_the_future_is_not_taken_for_one_being_written():
    now = 1_000_000 * 10**9
    second = 10**9
    assert intake._still_written(now - 3 * second, now, 10)
    assert not intake._still_written(now - 11 * second, now, 10)
    assert intake._still_written(now + 30 * second, now, 10)  # clocks a little apart
    assert not intake._still_written(now + 3600 * second, now, 10)  # a share's clock ahead


def test_targets_loaded_before_the_street_list_are_checked_against_it(tmp_path):
    home, con, files = _home_with_streets(tmp_path)
    targets = write_xlsx(tmp_path / "区总工会_年度目标_2026.xlsx", {"年度目标": [
        ["年度", "街道", "指标", "目标值"], [2026, "全区", "新建工会数", 12],
        [2026, "东湖街", "新建工会数", 3]]})
    _load_in_turn(con, home, [targets], [files["streets"]])
    issues = con.execute("SELECT i.row_number, i.rule FROM raw.issues i JOIN raw.files f "
                         "USING (file_id) WHERE f.kind = 'targets'").fetchall()
    con.close()
    assert issues == [(3, "street")]


def test_an_older_warehouse_gains_the_new_columns_with_what_they_would_have_held(tmp_path):
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute("CREATE SCHEMA raw")
    old_columns = [c for c in raw_store.FILES_COLUMNS if c[0] != "streets_checked"]
    con.execute("CREATE TABLE raw.files (" + ", ".join(f"{n} {k}" for n, k in old_columns) + ")")
    for seq, kind, status in ((1, "monthly", "loaded"), (2, "streets", "loaded"),
                              (3, "monthly", "loaded_with_errors"), (4, None, "received")):
        con.execute("INSERT INTO raw.files (file_id, received_seq, kind, parse_status) "
                    "VALUES (?, ?, ?, ?)", [f"F{seq}", seq, kind, status])
    raw_store.ensure_schema(con)
    checked = con.execute("SELECT file_id, streets_checked FROM raw.files ORDER BY 1").fetchall()
    con.close()
    # Files are parsed in received order: only those after a street list were checked.
    assert checked == [("F1", False), ("F2", False), ("F3", True), ("F4", None)]


def _home_with_streets(tmp_path) -> tuple[Home, duckdb.DuckDBPyConnection, dict]:
    files = tiny_district.build(tmp_path / "district")
    home = Home(tmp_path / "home").ensure()
    con = duckdb.connect(str(home.warehouse))
    raw_store.ensure_schema(con)
    return home, con, files


def _load_in_turn(con, home: Home, *loads: list[Path]) -> None:
    """One load (receive, then ingest) for each list of files, in turn."""
    for paths in loads:
        intake.receive_many(con, home, paths)
        intake.ingest_inbox(con, home)


def _street_list(folder: Path, *streets: tuple[str, str]) -> Path:
    """A later 街道名录 of the given (code, name) streets."""
    return write_xlsx(folder / "街道名录_2026调整.xlsx", {"街道名录": [
        ["街道代码", "街道名称", "类型"],
        *[[code, name, "镇" if name.endswith("镇") else "街道"] for code, name in streets]]})


def _logged(con) -> list[tuple[str, str]]:
    return con.execute("SELECT file_name, parse_status FROM raw.files ORDER BY received_seq").fetchall()


def test_files_in_folders_of_the_inbox_are_received_with_their_folders(tmp_path):
    home, con, files = _home_with_streets(tmp_path)
    january = files[tiny_district.RECEIVE_ORDER[1]]
    (home.inbox / "东湖街道" / "2026年1月").mkdir(parents=True)
    shutil.copyfile(january, home.inbox / "东湖街道" / "2026年1月" / january.name)
    # What Windows, macOS and Office leave beside a clerk's files stays where it is.
    left = ["Thumbs.db", "desktop.ini", ".DS_Store", "~$东湖街道_2026-01.xlsx",
            "~WRL0003.tmp", "._东湖街道_2026-01.xlsx", ".~lock.东湖街道_2026-01.xlsx#"]
    for name in left:
        (home.inbox / "东湖街道" / name).write_bytes(b"x")
    intake.ingest_inbox(con, home)
    assert [name for name, _ in _logged(con)] == [f"东湖街道/2026年1月/{january.name}"]
    assert sorted(p.name for p in (home.inbox / "东湖街道").iterdir() if p.is_file()) == sorted(left)
    con.close()


def test_a_file_name_that_is_not_utf8_is_received_as_read_in_gbk(tmp_path):
    # A zip made on Chinese Windows, unpacked here: the name's bytes are GBK.
    home, con, files = _home_with_streets(tmp_path)
    january = files[tiny_district.RECEIVE_ORDER[1]]
    gbk = os.fsdecode("东湖街道_2026-01.xlsx".encode("gbk"))
    shutil.copyfile(january, home.inbox / gbk)
    shutil.copyfile(files["streets"], home.inbox / files["streets"].name)
    intake.ingest_inbox(con, home)
    assert sorted(name for name, _ in _logged(con)) == sorted(
        [files["streets"].name, "东湖街道_2026-01.xlsx"])
    assert not any(home.inbox.iterdir())
    con.close()


def test_a_file_held_open_for_writing_is_left_until_its_writer_is_done(tmp_path):
    # A copier that wrote half the file and holds it open, however long it pauses: the
    # file is not taken (its archive is a hard link to it, which the copier would go on
    # changing under the logged hash); once closed, the next load takes it whole.
    home, con, files = _home_with_streets(tmp_path)
    target = home.inbox / files["streets"].name
    data = files["streets"].read_bytes()
    with open(target, "wb") as copier:
        copier.write(data[:len(data) // 2])
        copier.flush()
        os.utime(target, (time.time() - 60,) * 2)  # long settled, still open
        intake.ingest_inbox(con, home)
        assert _logged(con) == [] and target.exists()
        copier.write(data[len(data) // 2:])
    intake.ingest_inbox(con, home)
    (name, status), = _logged(con)
    (sha256, path), = con.execute("SELECT sha256, archive_path FROM raw.files").fetchall()
    assert (name, status) == (files["streets"].name, "loaded")
    assert intake.sha256_of(home.root / path) == sha256 == intake.sha256_of(files["streets"])
    con.close()


def test_a_file_written_to_while_it_is_received_is_left_for_the_next_load(tmp_path, monkeypatch):
    home, con, files = _home_with_streets(tmp_path)
    target = home.inbox / files["streets"].name
    shutil.copyfile(files["streets"], target)
    hashed = intake.sha256_of

    def hash_while_written(source):
        digest = hashed(source)
        with open(source, "ab") as writer:
            writer.write(b"more")
        return digest

    monkeypatch.setattr(intake, "sha256_of", hash_while_written)
    intake.ingest_inbox(con, home)
    assert _logged(con) == [] and target.exists()
    monkeypatch.undo()
    target.write_bytes(files["streets"].read_bytes())
    intake.ingest_inbox(con, home)
    assert _logged(con) == [(files["streets"].name, "loaded")]
    con.close()


def test_the_same_file_sent_again_with_its_time_kept_is_a_logged_duplicate(tmp_path):
    # cp -p, Explorer and sync tools keep the modification time: the file sent again
    # is still another receipt, logged as a duplicate, never silently dropped.
    home, con, files = _home_with_streets(tmp_path)
    shutil.copy2(files["streets"], home.inbox / files["streets"].name)
    intake.ingest_inbox(con, home)
    shutil.copy2(files["streets"], home.inbox / files["streets"].name)
    intake.ingest_inbox(con, home)
    assert [status for _, status in _logged(con)] == ["loaded", "duplicate"]
    assert not any(home.inbox.iterdir())
    con.close()


def test_a_cli_load_waits_for_a_file_just_written_to_settle(tmp_path):
    home = Home(tmp_path / "home").ensure()
    (home.inbox / "a.xlsx").write_bytes(b"x")
    start = time.monotonic()
    intake.settle(home, 0.5)
    assert 0.3 <= time.monotonic() - start < 5
    os.utime(home.inbox / "a.xlsx", (time.time() - 60,) * 2)
    start = time.monotonic()
    intake.settle(home, 0.5)
    assert time.monotonic() - start < 0.3


def test_links_and_folders_named_like_skipped_files_in_the_inbox(tmp_path):
    # A link to a clerk's working copy is archived as a copy (the working copy saved
    # over later must not change the archive); a linked folder is not entered (taking
    # its files would remove the clerk's own), and named; a folder named like a skipped
    # file is still a folder; a non-UTF-8 name in a UTF-8 folder is read part by part.
    home, con, files = _home_with_streets(tmp_path)
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    working = outside / files["streets"].name
    shutil.copyfile(files["streets"], working)
    (home.inbox / files["streets"].name).symlink_to(working)
    january = files[tiny_district.RECEIVE_ORDER[1]]
    shutil.copyfile(january, outside / "folder" / "东湖街道_2026-01.xlsx")
    (home.inbox / "东湖上报").symlink_to(outside / "folder")
    (home.inbox / "archive").symlink_to(home.root / "archive")
    (home.inbox / "四月报表.tmp").mkdir()
    shutil.copyfile(january, home.inbox / "四月报表.tmp" / "a.xlsx")
    (home.inbox / "临江镇").mkdir()
    shutil.copyfile(january, home.inbox / "临江镇" / os.fsdecode("临江镇_2026-01.xlsx".encode("gbk")))
    intake.ingest_inbox(con, home)
    names = [name for name, _ in _logged(con)]
    assert sorted(names) == sorted([files["streets"].name, "四月报表.tmp/a.xlsx",
                                    "临江镇/临江镇_2026-01.xlsx"])
    assert (outside / "folder" / "东湖街道_2026-01.xlsx").exists()
    assert sorted(intake.linked_folders(home)) == ["archive", "东湖上报"]
    working.write_bytes(b"saved over in place")
    for sha256, path in con.execute("SELECT sha256, archive_path FROM raw.files").fetchall():
        assert intake.sha256_of(home.root / path) == sha256
    assert working.exists()  # the clerk's own file stays
    con.close()


def test_a_load_stopped_before_removing_a_logged_file_knows_it_again(tmp_path, monkeypatch):
    # Hard-linking into the archive changes the file's change time: the key logged is
    # the file as left, so the next load does not log it again as a duplicate.
    home, con, files = _home_with_streets(tmp_path)
    shutil.copyfile(files["streets"], home.inbox / files["streets"].name)
    unlink = Path.unlink
    monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: None
                        if self.parent == home.inbox else unlink(self, missing_ok=missing_ok))
    intake.ingest_inbox(con, home)  # "stopped" after the log, before the removal
    monkeypatch.undo()
    assert (home.inbox / files["streets"].name).exists()
    intake.ingest_inbox(con, home)
    assert _logged(con) == [(files["streets"].name, "loaded")]
    assert not any(home.inbox.iterdir())
    con.close()


def test_a_file_whose_writers_cannot_be_told_is_archived_as_a_copy(tmp_path, monkeypatch):
    # Another owner's file (a Samba share's), a network file system: no lease tells
    # whether a writer holds it, so it is copied, never hard-linked.
    home, con, files = _home_with_streets(tmp_path)
    target = home.inbox / files["streets"].name
    shutil.copyfile(files["streets"], target)
    inode = target.stat().st_ino
    monkeypatch.setattr(intake, "_open_for_writing", lambda path: None)
    intake.ingest_inbox(con, home)
    (path,), = con.execute("SELECT archive_path FROM raw.files").fetchall()
    assert (home.root / path).stat().st_ino != inode
    con.close()


def test_a_file_taken_away_while_the_load_receives_is_skipped(tmp_path, monkeypatch):
    # A clerk's safe-save renames the file, or someone deletes it, mid-load: the load
    # goes on with the others.
    home, con, files = _home_with_streets(tmp_path)
    january = files[tiny_district.RECEIVE_ORDER[1]]
    shutil.copyfile(files["streets"], home.inbox / files["streets"].name)
    shutil.copyfile(january, home.inbox / january.name)
    hashed = intake.sha256_of

    def hash_unless_gone(path):
        if path.name == january.name:
            path.unlink()
        return hashed(path)

    monkeypatch.setattr(intake, "sha256_of", hash_unless_gone)
    intake.ingest_inbox(con, home)
    assert _logged(con) == [(files["streets"].name, "loaded")]
    con.close()


def test_a_copy_a_killed_load_left_unfinished_is_removed_by_the_next(tmp_path):
    home, con, files = _home_with_streets(tmp_path)
    leftover = home.root / intake._INCOMING / "tmpabc123"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"half a workbook")
    intake.ingest_inbox(con, home)
    assert not leftover.exists()
    con.close()
