"""Start a load when files arrive in UNIONKPI_HOME/inbox."""


import hashlib

import dagster as dg

from ingestion.intake import inbox_files
from orchestration.resources import DataHome
from orchestration.jobs import monthly_load_job


@dg.sensor(job=monthly_load_job, minimum_interval_seconds=30,
           default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext, data_home: DataHome):
    """One run per distinct set of waiting files (name, size, mtime): files still being
    copied change their key and are picked up once they settle."""
    home = data_home.home
    waiting = inbox_files(home)
    if not waiting:
        return dg.SkipReason("收件箱为空")
    fingerprint = "|".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in waiting)
    run_key = hashlib.sha256(fingerprint.encode()).hexdigest()[:16]
    return dg.RunRequest(run_key=run_key, tags={"trigger": "inbox", "files": str(len(waiting))})
