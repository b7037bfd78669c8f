"""The monthly run of the load job, after the reporting deadline.

Units report by the 5th of the following month; at 06:00 on the 8th every file of the
month is in: the run receives what waits in the inbox, builds (incrementally, like any
load; fully when the dbt project changed), checks and publishes. It fires only while
`dagster dev` (its daemon) runs.
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
