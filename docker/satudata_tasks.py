#!/usr/bin/env python3
"""Scheduled tasks and health checks of the ckanext-satudata Docker image.

    satudata_tasks.py run               run the scheduled `ckan satudata ...` tasks forever
    satudata_tasks.py check-scheduler   exit 0 when `run` is alive (its heartbeat is fresh)
    satudata_tasks.py check-worker      exit 0 when a `ckan jobs worker` of this container is
                                        registered in Redis (CKAN_REDIS_URL)

The ckan/ckan-base:2.12 image has no cron daemon and no supercronic, so `run` is a small loop:
each task has a cron expression (croniter, one of CKAN 2.12's own requirements) evaluated in
SATUDATA_SCHEDULE_TZ (default Asia/Jakarta, the portal's display timezone). A task runs as a
child process; its failure is logged and the loop goes on. Tasks run one at a time, in the
order they fall due. Environment:

    SATUDATA_CRON_DEADLINES_REMIND   default "5 * * * *"   (hourly at :05; the reminders are
                                     due at ckanext.satudata.deadlines.reminder_hour, the
                                     cutoff snapshots right after the cutoff, and a run
                                     sends nothing twice)
    SATUDATA_CRON_ASSESS             default "30 1 * * *"  (01:30 WIB, every day)
    SATUDATA_CRON_TRACKING_UPDATE    default "15 0 * * *"  (00:15 WIB: `ckan tracking update`,
                                     the view counts of the home page's most-used datasets)
    SATUDATA_SCHEDULE_TZ             default Asia/Jakarta
    SATUDATA_HEARTBEAT               default /tmp/satudata-scheduler.heartbeat

A cron value of "off" disables that task.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from zoneinfo import ZoneInfo

HEARTBEAT_DEFAULT = "/tmp/satudata-scheduler.heartbeat"
HEARTBEAT_MAX_AGE = 180  # seconds; the loop touches the heartbeat at least every POLL seconds
POLL = 30


@dataclasses.dataclass(frozen=True)
class Task:
    name: str
    env: str
    default_cron: str
    argv: tuple[str, ...]


TASKS: tuple[Task, ...] = (
    Task(
        "deadlines-remind",
        "SATUDATA_CRON_DEADLINES_REMIND",
        "5 * * * *",
        ("ckan", "satudata", "deadlines", "remind"),
    ),
    Task("assess", "SATUDATA_CRON_ASSESS", "30 1 * * *", ("ckan", "satudata", "assess")),
    # CKAN's tracking sums the page views of the day into the counts the home page's
    # most-used box sorts by; nothing else would ever run it in the image
    Task(
        "tracking-update",
        "SATUDATA_CRON_TRACKING_UPDATE",
        "15 0 * * *",
        ("ckan", "tracking", "update"),
    ),
)


@dataclasses.dataclass(frozen=True)
class Scheduled:
    task: Task
    cron: str


def schedule(environ: Mapping[str, str], tasks: Sequence[Task] = TASKS) -> list[Scheduled]:
    """The enabled tasks with their cron expressions; raises ValueError on a bad expression."""
    from croniter import croniter

    result = []
    for task in tasks:
        cron = environ.get(task.env, "").strip() or task.default_cron
        if cron.lower() == "off":
            continue
        if not croniter.is_valid(cron):
            raise ValueError(f"{task.env}={cron!r} is not a cron expression")
        result.append(Scheduled(task, cron))
    return result


def next_run(cron: str, after: dt.datetime) -> dt.datetime:
    """The first time strictly after `after` (timezone-aware) that matches `cron`, in the same
    timezone as `after`."""
    from croniter import croniter

    if after.tzinfo is None:
        raise ValueError("`after` must be timezone-aware")
    return croniter(cron, after).get_next(dt.datetime)


def timezone(environ: Mapping[str, str]) -> ZoneInfo:
    return ZoneInfo(environ.get("SATUDATA_SCHEDULE_TZ", "").strip() or "Asia/Jakarta")


def _log(message: str) -> None:
    stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    print(f"{stamp} [satudata-scheduler] {message}", flush=True)


def _beat(path: str) -> None:
    with open(path, "w") as f:
        f.write(str(time.time()))


def _run_task(task: Task, heartbeat: str) -> int:
    _log(f"start {task.name}: {' '.join(task.argv)}")
    started = time.monotonic()
    proc = subprocess.Popen(task.argv)
    while True:
        try:
            code = proc.wait(timeout=POLL)
            break
        except subprocess.TimeoutExpired:
            _beat(heartbeat)  # a long assessment run is not a dead scheduler
    _log(f"end {task.name}: exit {code} after {time.monotonic() - started:.0f}s")
    return code


def tick(
    jobs: Sequence[Scheduled],
    due: dict[str, dt.datetime],
    now: dt.datetime,
    runner: Callable[[Task], int],
    clock: Callable[[], dt.datetime],
) -> list[str]:
    """Runs, earliest first, the jobs due at `now` and moves each one's `due` to its next
    time after it ended (`clock()`). Returns the names of the jobs it ran."""
    ran = []
    for job in sorted(jobs, key=lambda j: due[j.task.name]):
        if due[job.task.name] <= now:
            runner(job.task)
            ran.append(job.task.name)
            due[job.task.name] = next_run(job.cron, clock())
            _log(f"{job.task.name}: next at {due[job.task.name].isoformat()}")
    return ran


def run(environ: Mapping[str, str]) -> None:
    heartbeat = environ.get("SATUDATA_HEARTBEAT", "").strip() or HEARTBEAT_DEFAULT
    tz = timezone(environ)
    jobs = schedule(environ)
    if not jobs:
        _log("no task enabled; idling")

    def clock() -> dt.datetime:
        return dt.datetime.now(tz)

    due = {job.task.name: next_run(job.cron, clock()) for job in jobs}
    for job in jobs:
        _log(f"{job.task.name}: '{job.cron}' ({tz.key}), next at {due[job.task.name].isoformat()}")
    while True:
        _beat(heartbeat)
        tick(jobs, due, clock(), lambda task: _run_task(task, heartbeat), clock)
        time.sleep(POLL)


def heartbeat_is_fresh(path: str, now: float, max_age: float = HEARTBEAT_MAX_AGE) -> bool:
    try:
        return now - os.stat(path).st_mtime <= max_age
    except FileNotFoundError:
        return False


def check_worker(environ: Mapping[str, str]) -> bool:
    """True when a RQ worker whose hostname is this container's is registered in Redis."""
    import redis
    from rq import Worker

    connection = redis.Redis.from_url(environ.get("CKAN_REDIS_URL", "redis://localhost:6379/0"))
    host = socket.gethostname()
    return any(worker.hostname == host for worker in Worker.all(connection=connection))


def main(argv: Sequence[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "run":
        run(os.environ)
        return 0
    if command == "check-scheduler":
        path = os.environ.get("SATUDATA_HEARTBEAT", "").strip() or HEARTBEAT_DEFAULT
        return 0 if heartbeat_is_fresh(path, time.time()) else 1
    if command == "check-worker":
        return 0 if check_worker(os.environ) else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
