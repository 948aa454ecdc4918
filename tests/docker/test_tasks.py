"""docker/satudata_tasks.py: the scheduled-tasks loop and the health checks of the image."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import sys
from zoneinfo import ZoneInfo

import pytest

from .docker_files import DOCKER

pytestmark = pytest.mark.pure

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(scope="module")
def tasks():
    spec = importlib.util.spec_from_file_location(
        "satudata_docker_tasks", os.path.join(DOCKER, "satudata_tasks.py")
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_tasks_are_the_satudata_commands(tasks):
    commands = {task.name: task.argv for task in tasks.TASKS}
    assert commands == {
        "deadlines-remind": ("ckan", "satudata", "deadlines", "remind"),
        "assess": ("ckan", "satudata", "assess"),
        "tracking-update": ("ckan", "tracking", "update"),
    }


def test_schedule_defaults(tasks):
    jobs = tasks.schedule({})
    assert [(j.task.name, j.cron) for j in jobs] == [
        ("deadlines-remind", "5 * * * *"),
        ("assess", "30 1 * * *"),
        ("tracking-update", "15 0 * * *"),
    ]


def test_schedule_overrides_and_off(tasks):
    jobs = tasks.schedule(
        {
            "SATUDATA_CRON_DEADLINES_REMIND": " 15 8 * * 1-5 ",
            "SATUDATA_CRON_ASSESS": "OFF",
            "SATUDATA_CRON_TRACKING_UPDATE": "off",
        }
    )
    assert [(j.task.name, j.cron) for j in jobs] == [("deadlines-remind", "15 8 * * 1-5")]


def test_schedule_rejects_a_bad_expression(tasks):
    with pytest.raises(ValueError, match="SATUDATA_CRON_ASSESS"):
        tasks.schedule({"SATUDATA_CRON_ASSESS": "every night"})


def test_next_run_in_jakarta_time(tasks):
    before = dt.datetime(2026, 11, 23, 6, 59, 30, tzinfo=WIB)
    assert tasks.next_run("0 7 * * *", before) == dt.datetime(2026, 11, 23, 7, 0, tzinfo=WIB)
    # strictly after: a run that ends at 07:00 sharp is next due tomorrow
    at = dt.datetime(2026, 11, 23, 7, 0, tzinfo=WIB)
    assert tasks.next_run("0 7 * * *", at) == dt.datetime(2026, 11, 24, 7, 0, tzinfo=WIB)
    # 01:30 WIB is 18:30 UTC of the day before
    nxt = tasks.next_run("30 1 * * *", dt.datetime(2026, 11, 23, 12, 0, tzinfo=WIB))
    assert nxt.astimezone(dt.timezone.utc) == dt.datetime(
        2026, 11, 23, 18, 30, tzinfo=dt.timezone.utc
    )


def test_next_run_needs_an_aware_time(tasks):
    with pytest.raises(ValueError):
        tasks.next_run("0 7 * * *", dt.datetime(2026, 11, 23, 6, 0))


def test_timezone(tasks):
    assert tasks.timezone({}).key == "Asia/Jakarta"
    assert tasks.timezone({"SATUDATA_SCHEDULE_TZ": "UTC"}).key == "UTC"


def test_tick_runs_what_is_due_earliest_first_and_reschedules(tasks):
    # reminders hourly at :05, assessment daily at 01:30 (the view counts' task left out here)
    jobs = [j for j in tasks.schedule({}) if j.task.name != "tracking-update"]
    due = {
        "deadlines-remind": dt.datetime(2026, 11, 23, 7, 5, tzinfo=WIB),
        "assess": dt.datetime(2026, 11, 23, 1, 30, tzinfo=WIB),
    }
    ran = []

    def runner(task):
        ran.append(task.name)
        return 0

    def ended_at(hour, minute):
        return lambda: dt.datetime(2026, 11, 23, hour, minute, tzinfo=WIB)

    # 07:00: only the assessment (01:30) is due; it ends at 07:02
    assert tasks.tick(
        jobs, due, dt.datetime(2026, 11, 23, 7, 0, tzinfo=WIB), runner, ended_at(7, 2)
    ) == ["assess"]
    assert due["assess"] == dt.datetime(2026, 11, 24, 1, 30, tzinfo=WIB)
    # 07:05: the reminders, next at 08:05; the assessment is not due again
    assert tasks.tick(
        jobs, due, dt.datetime(2026, 11, 23, 7, 5, tzinfo=WIB), runner, ended_at(7, 6)
    ) == ["deadlines-remind"]
    assert due["deadlines-remind"] == dt.datetime(2026, 11, 23, 8, 5, tzinfo=WIB)
    assert (
        tasks.tick(jobs, due, dt.datetime(2026, 11, 23, 8, 0, tzinfo=WIB), runner, ended_at(8, 0))
        == []
    )
    # both due (the scheduler was busy): earliest first
    due = {
        "deadlines-remind": dt.datetime(2026, 11, 24, 1, 5, tzinfo=WIB),
        "assess": dt.datetime(2026, 11, 24, 1, 30, tzinfo=WIB),
    }
    assert tasks.tick(
        jobs, due, dt.datetime(2026, 11, 24, 2, 0, tzinfo=WIB), runner, ended_at(2, 1)
    ) == ["deadlines-remind", "assess"]
    assert ran == ["assess", "deadlines-remind", "deadlines-remind", "assess"]


def test_a_failing_task_does_not_stop_the_schedule(tasks, tmp_path):
    failing = tasks.Task("fails", "X", "* * * * *", ("false",))
    job = tasks.Scheduled(failing, "* * * * *")
    now = dt.datetime(2026, 11, 23, 7, 0, tzinfo=WIB)
    due = {"fails": now}
    heartbeat = str(tmp_path / "hb")
    assert tasks.tick([job], due, now, lambda t: tasks._run_task(t, heartbeat), lambda: now) == [
        "fails"
    ]
    assert due["fails"] == dt.datetime(2026, 11, 23, 7, 1, tzinfo=WIB)


def test_run_task_returns_the_exit_code(tasks, tmp_path):
    heartbeat = str(tmp_path / "hb")
    assert tasks._run_task(tasks.Task("ok", "X", "", ("true",)), heartbeat) == 0
    assert tasks._run_task(tasks.Task("ko", "X", "", ("sh", "-c", "exit 3")), heartbeat) == 3


def test_a_long_task_keeps_the_heartbeat_going(tasks, tmp_path, monkeypatch):
    """The child ends only once the scheduler has beaten while waiting for it."""
    monkeypatch.setattr(tasks, "POLL", 0.05)
    heartbeat = tmp_path / "hb"
    argv = ("sh", "-c", f'while [ ! -f "{heartbeat}" ]; do sleep 0.02; done')
    assert tasks._run_task(tasks.Task("long", "X", "", argv), str(heartbeat)) == 0
    assert heartbeat.is_file()


def test_heartbeat_freshness(tasks, tmp_path):
    path = tmp_path / "hb"
    assert not tasks.heartbeat_is_fresh(str(path), now=1_000_000)
    path.write_text("x")
    os.utime(path, (1_000_000, 1_000_000))
    assert tasks.heartbeat_is_fresh(str(path), now=1_000_000 + tasks.HEARTBEAT_MAX_AGE)
    assert not tasks.heartbeat_is_fresh(str(path), now=1_000_001 + tasks.HEARTBEAT_MAX_AGE)


def test_check_scheduler_command(tasks, tmp_path, monkeypatch):
    path = tmp_path / "hb"
    monkeypatch.setenv("SATUDATA_HEARTBEAT", str(path))
    assert tasks.main(["satudata_tasks.py", "check-scheduler"]) == 1
    tasks._beat(str(path))
    assert tasks.main(["satudata_tasks.py", "check-scheduler"]) == 0


def test_unknown_command(tasks, capsys):
    assert tasks.main(["satudata_tasks.py", "frobnicate"]) == 2
    assert "check-worker" in capsys.readouterr().err


def test_heartbeat_max_age_fits_the_poll(tasks):
    assert tasks.HEARTBEAT_MAX_AGE >= 3 * tasks.POLL
