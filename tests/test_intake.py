"""The intake's pipelined path: files left received by an earlier load come first, then
the inbox a chunk at a time, each chunk received while the reader processes read the
chunk before; duplicates are logged, never parsed; progress counts what is parsed."""

from __future__ import annotations

import os
import shutil

import duckdb

from ingestion import intake, raw_store
from orchestration.home import Home
from tests import tiny_district


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
    assert not any(home.inbox.iterdir())
    # Every file is archived under its hash, as received.
    for file_id, path in con.execute("SELECT file_id, archive_path FROM raw.files").fetchall():
        assert (home.root / path).exists(), file_id
    con.close()
