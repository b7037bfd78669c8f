"""Progress lines for people running a load: the CLI prints them (stderr); under
`dagster dev` they go wherever Python logging goes. Dagster's own and dbt's logs stay
in Dagster's run log."""

from __future__ import annotations

import logging
import sys

progress = logging.getLogger("unionkpi.progress")


def show_progress_on_stderr() -> None:
    if any(getattr(h, "_unionkpi", False) for h in progress.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler._unionkpi = True  # type: ignore[attr-defined]
    progress.addHandler(handler)
    progress.setLevel(logging.INFO)
    progress.propagate = False
