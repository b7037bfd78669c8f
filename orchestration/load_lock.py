"""One load at a time per data home: the CLI holds the lock while it receives files and
runs the job; every run of the job holds it for the whole run (resources.LoadLock),
whether the CLI, the inbox sensor, the schedule or the Dagster UI started it. A second
load waits for the first instead of failing on DuckDB's single-writer lock.

Re-entrant within a process: the CLI runs the job in its own process, under its lock.
"""

from __future__ import annotations

import contextlib
import fcntl
from typing import Iterator

from orchestration.home import Home

_HELD: set[str] = set()  # lock files this process holds


@contextlib.contextmanager
def load_lock(home: Home) -> Iterator[None]:
    key = str(home.load_lock)
    if key in _HELD:
        yield
        return
    home.ensure()
    with home.load_lock.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            from orchestration.progress import progress

            progress.info("另一个导入正在进行，等待其完成后开始……")
            fcntl.flock(handle, fcntl.LOCK_EX)
        _HELD.add(key)
        try:
            yield
        finally:
            _HELD.discard(key)
            fcntl.flock(handle, fcntl.LOCK_UN)
