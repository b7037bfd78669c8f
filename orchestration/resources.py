"""Resources bound when the definitions are built, so a run works in the data home it
was built for (not whatever UNIONKPI_HOME says while it runs)."""

import dagster as dg

from orchestration.home import Home


class DataHome(dg.ConfigurableResource):
    """The data home (inbox, archive, warehouse, published copy)."""

    root: str

    @property
    def home(self) -> Home:
        from pathlib import Path

        return Home(Path(self.root)).ensure()
