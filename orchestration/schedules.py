"""The monthly full build, after the reporting deadline.

Units report by the 5th of the following month; at 06:00 on the 8th every file of the
month is in, and the full build recomputes every KPI and publishes.
"""

import dagster as dg

from orchestration.jobs import monthly_load_job

monthly_schedule = dg.ScheduleDefinition(
    name="monthly_after_deadline",
    job=monthly_load_job,
    cron_schedule="0 6 8 * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
