"""Resources bound when the definitions are built, so a run works in the data home it
was built for (not whatever UNIONKPI_HOME says while it runs)."""

import contextlib
from pathlib import Path
from typing import Iterator

import dagster as dg

from orchestration.home import Home
from orchestration.load_lock import load_lock


class DataHome(dg.ConfigurableResource):
    """The data home (inbox, archive, warehouse, published copy)."""

    root: str

    @property
    def home(self) -> Home:
        return Home(Path(self.root)).ensure()


class LoadLock(dg.ConfigurableResource):
    """Holds the data home's load lock from the start of a run to its end (the job runs
    in one process, so resources live as long as the run): a run waits for a load in
    progress, and a load waits for a run (orchestration.load_lock)."""

    root: str

    @contextlib.contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator["LoadLock"]:
        with load_lock(Home(Path(self.root))):
            yield self
