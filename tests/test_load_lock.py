"""One load at a time per data home: a Dagster run (sensor, schedule, UI) waits for a
load in progress and holds the lock until its last step; the CLI's own run, in the
CLI's process under its lock, does not wait for itself."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap

import dagster as dg

from orchestration.home import Home
from orchestration.load_lock import load_lock
from orchestration.progress import progress
from orchestration.resources import LoadLock

HOLD = textwrap.dedent("""
    import fcntl, sys, time
    with open(sys.argv[1], "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        print("holding", flush=True)
        time.sleep(1.5)
        open(sys.argv[2], "w").close()  # written while still holding the lock
""")
TRY = textwrap.dedent("""
    import fcntl, sys
    with open(sys.argv[1], "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            sys.exit(1)
""")


def free_for_another_process(home: Home) -> bool:
    return subprocess.run([sys.executable, "-c", TRY, str(home.load_lock)]).returncode == 0


def test_a_run_waits_for_a_load_and_holds_the_lock_to_its_last_step(tmp_path):
    home = Home(tmp_path / "home").ensure()
    released = tmp_path / "released"
    seen: list[tuple[str, bool, bool]] = []  # step, holder done, lock free for others

    @dg.asset
    def first(load_lock: LoadLock) -> None:
        seen.append(("first", released.exists(), free_for_another_process(home)))

    @dg.asset(deps=[first])
    def last(load_lock: LoadLock) -> None:
        seen.append(("last", released.exists(), free_for_another_process(home)))

    defs = dg.Definitions(
        assets=[first, last],
        jobs=[dg.define_asset_job("load", executor_def=dg.in_process_executor)],
        resources={"load_lock": LoadLock(root=str(home.root))})
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(home.load_lock), str(released)],
                              stdout=subprocess.PIPE, text=True)
    said: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: said.append(record.getMessage())
    progress.addHandler(handler)
    level, progress.level = progress.level, logging.INFO
    try:
        assert holder.stdout.readline().strip() == "holding"
        assert defs.resolve_job_def("load").execute_in_process().success
    finally:
        holder.wait(timeout=30)
        progress.removeHandler(handler)
        progress.setLevel(level)
    assert seen == [("first", True, False), ("last", True, False)]
    assert said == ["另一个导入正在进行，等待其完成后开始……"]  # a waiting load says so
    assert free_for_another_process(home)


def test_the_lock_is_reentrant_within_a_process(tmp_path):
    home = Home(tmp_path / "home")
    with load_lock(home):
        with load_lock(home):  # the CLI's job, run in the CLI's process
            assert not free_for_another_process(home)
        assert not free_for_another_process(home)
    assert free_for_another_process(home)
