"""A load killed with SIGKILL at any phase loses no received file, leaves the published
copy readable, and the next load converges to the result of an uninterrupted one."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from ingestion.intake import sha256_of
from tests import tiny_district

pytestmark = pytest.mark.slow

UNIONKPI = str(Path(sys.executable).parent / "unionkpi")


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    """Built once: xlsxwriter stamps the time, so two builds differ byte for byte."""
    return tiny_district.build(tmp_path_factory.mktemp("sources"))


def fill_inbox(home: Path, files: dict[str, Path]) -> list[Path]:
    """The tiny district's files, dropped in the inbox in receive order (mtimes increase)."""
    inbox = home / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    dropped = []
    for i, key in enumerate(tiny_district.RECEIVE_ORDER):
        target = inbox / f"{i:02d}_{files[key].name}"
        shutil.copyfile(files[key], target)
        os.utime(target, ns=(1_700_000_000_000_000_000 + i, 1_700_000_000_000_000_000 + i))
        dropped.append(target)
    return dropped


def run_load(home: Path, kill_after: str | None = None, delay: float = 0.0) -> int | None:
    env = {**os.environ, "UNIONKPI_HOME": str(home)}
    process = subprocess.Popen([UNIONKPI, "load"], env=env, stderr=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, text=True)
    if kill_after is None:
        process.wait(timeout=300)
        return process.returncode
    for line in process.stderr:
        if kill_after in line:
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    return None


def result_of(home: Path):
    with duckdb.connect(str(home / "published" / "warehouse.duckdb"), read_only=True) as con:
        kpis = con.execute("SELECT * FROM marts.kpi_monthly ORDER BY ALL").fetchall()
        files = con.execute(
            "SELECT file_name, sha256, status, rows_loaded, rows_rejected, rows_warned "
            "FROM marts.submission_files ORDER BY received_seq").fetchall()
    return kpis, files


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, sources):
    root = tmp_path_factory.mktemp("clean")
    fill_inbox(root / "home", sources)
    assert run_load(root / "home") == 0
    return result_of(root / "home")


def assert_nothing_lost(home: Path, dropped: dict[Path, str]) -> None:
    """Every file gone from the inbox is archived byte for byte under its hash."""
    archived = {p.name.split(".")[0] for p in (home / "archive").rglob("*")
                if p.is_file() and not p.name.startswith(".")}
    for path, digest in dropped.items():
        assert path.exists() or digest in archived, path.name


def published_or_none(home: Path):
    if not (home / "published" / "warehouse.duckdb").exists():
        return None
    return result_of(home)


@pytest.mark.parametrize(("marker", "delay", "published_first"), [
    ("[3/", 0.0, False),            # while parsing files
    ("计算指标", 2.0, False),        # inside the dbt build
    ("数据质量检查 kpi_", 0.0, True),  # between the mart checks and publishing
])
def test_killed_load_converges(tmp_path, sources, uninterrupted, marker, delay, published_first):
    home = tmp_path / "home"
    dropped = {p: sha256_of(p) for p in fill_inbox(home, sources)}
    if published_first:  # a complete earlier load, so the dashboard has a copy to keep
        held = list(dropped)[3:]
        for path in held:
            path.rename(tmp_path / path.name)
        assert run_load(home) == 0
        for path in held:
            (tmp_path / path.name).rename(path)
    published_before = published_or_none(home)

    run_load(home, kill_after=marker, delay=delay)

    assert_nothing_lost(home, dropped)
    # The dashboard's copy is intact: the previous publish, or the new complete one.
    assert published_or_none(home) in (published_before, uninterrupted)

    assert run_load(home) == 0
    assert result_of(home) == uninterrupted
    assert not any(p.exists() for p in dropped)
