"""Start a load when files arrive in UNIONKPI_HOME/inbox."""


import hashlib

import dagster as dg

from ingestion.intake import INBOX_SETTLE_SECONDS, inbox_files
from orchestration.assets.ingestion import TRIGGER_TAG
from orchestration.jobs import monthly_load_job
from orchestration.resources import DataHome


@dg.sensor(job=monthly_load_job, minimum_interval_seconds=30,
           default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext, data_home: DataHome):
    """One run per distinct set of settled files (name, size, mtime): a file still being
    copied in (modified in the last INBOX_SETTLE_SECONDS) waits for a later tick, and
    the run it starts leaves such files in the inbox too."""
    home = data_home.home
    if not inbox_files(home):
        return dg.SkipReason("收件箱为空")
    settled = inbox_files(home, INBOX_SETTLE_SECONDS)
    if not settled:
        return dg.SkipReason("收件箱中的文件仍在写入，稍后再导入")
    fingerprint = "|".join(f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in settled)
    run_key = hashlib.sha256(fingerprint.encode()).hexdigest()[:16]
    return dg.RunRequest(run_key=run_key, tags={TRIGGER_TAG: "inbox", "files": str(len(settled))})
