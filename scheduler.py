"""Start `policywatch run` on a schedule (default every night at 03:00 local time).

Imports APScheduler and the standard library only, never Scrapy: each run is a subprocess,
because Twisted's reactor cannot be restarted in one process. The schedule:

- cron expression from --cron or $POLICYWATCH_SCHEDULE (default "0 3 * * *", local time),
  with up to --jitter seconds of random delay so many installations do not hit sites at once;
- max_instances=1: a run still going when the next is due makes the next one wait out;
- coalesce + misfire grace: runs missed while the machine slept are caught up once, not N
  times, if the wake-up is within the grace period;
- across processes (a manual `policywatch crawl`, a second scheduler) the run lock of the
  database file applies: such a run exits 75 and is logged as skipped.

Logs go to data/logs/scheduler.log (rotated). Usage:
    python scheduler.py [--cron EXPR] [--jitter S] [--log-dir DIR] [-- RUN OPTIONS…]
    policywatch schedule …        (the same)
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import shlex
import subprocess
import sys
from pathlib import Path

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

DEFAULT_CRON = "0 3 * * *"
DEFAULT_JITTER = 600  # seconds: spread nightly runs over ten minutes
# A run missed by more than this (machine off all day) is skipped; the next night runs.
DEFAULT_MISFIRE_GRACE = 12 * 3600
# A run still going after this long is killed so that it cannot block every later night.
DEFAULT_RUN_TIMEOUT = 4 * 3600
EXIT_LOCKED = 75  # crawler.jobs.runlock.EXIT_LOCKED, not imported: that would pull in the crawler
JOB_ID = "policywatch-run"
LOG_BYTES, LOG_BACKUPS = 1_000_000, 5


def run_command(run_args: list[str]) -> list[str]:
    return [sys.executable, "-m", "crawler", "run", *run_args]


def start_run(command: list[str], log: logging.Logger, timeout: float) -> int:
    """The scheduled job: one `policywatch run` subprocess, its output copied to the log."""
    log.info("starting: %s", shlex.join(command))
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        log.error("run killed after %s s", timeout)
        return -1
    for line in (result.stdout + result.stderr).splitlines():
        log.info("  %s", line)
    if result.returncode == EXIT_LOCKED:
        log.warning("skipped: another policywatch process holds the run lock")
    else:
        log.info("finished with exit status %d", result.returncode)
    return result.returncode


def build_scheduler(
    command: list[str],
    trigger: BaseTrigger,
    log: logging.Logger,
    scheduler: BaseScheduler | None = None,
    misfire_grace: int = DEFAULT_MISFIRE_GRACE,
    timeout: float = DEFAULT_RUN_TIMEOUT,
) -> BaseScheduler:
    """A scheduler (blocking unless one is given) with the run job added."""
    scheduler = scheduler or BlockingScheduler()
    scheduler.add_job(
        start_run,
        trigger,
        args=[command, log, timeout],
        id=JOB_ID,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=misfire_grace,
        replace_existing=True,
    )
    return scheduler


def nightly_trigger(expression: str, jitter: int) -> CronTrigger:
    """A crontab expression (minute hour day month weekday) in local time, with jitter."""
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(f"expected 5 fields (minute hour day month weekday), got {len(fields)}")
    minute, hour, day, month, weekday = fields
    return CronTrigger(
        minute=minute,
        hour=hour,
        day=day,
        month=month,
        day_of_week=crontab_weekdays(weekday),
        jitter=jitter or None,
    )


CRONTAB_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def crontab_weekdays(field: str) -> str:
    """crontab's weekday field in APScheduler's terms: crontab counts from Sunday (0 or 7),
    APScheduler from Monday, so numbers are written out as day names. `*`, names and
    name ranges pass as they are."""
    if not any(char.isdigit() for char in field.split("/")[0]) and "/" not in field:
        return field
    days: list[int] = []
    for part in field.split(","):
        span, _, step = part.partition("/")
        if span == "*":
            first, last = 0, 6
        elif "-" in span:
            first, last = (int(end) for end in span.split("-"))
        else:
            first = int(span)
            last = 6 if step else first
        days += range(first, last + 1, int(step or 1))
    return ",".join(dict.fromkeys(CRONTAB_DAYS[day % 7] for day in days))


def file_logger(directory: Path) -> logging.Logger:
    directory.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        directory / "scheduler.log", maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log = logging.getLogger("policywatch.scheduler")
    log.setLevel(logging.INFO)
    log.addHandler(handler)
    logging.getLogger("apscheduler").addHandler(handler)
    return log


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The scheduler's options; what follows `--` is kept for `policywatch run`."""
    parser = argparse.ArgumentParser(
        prog="policywatch schedule",
        description="Start `policywatch run` on a schedule, each run in a subprocess.",
        epilog='Example: policywatch schedule --cron "30 2 * * *" -- --alerts data/alerts.yaml',
    )
    parser.add_argument(
        "--cron",
        default=os.environ.get("POLICYWATCH_SCHEDULE", DEFAULT_CRON),
        help="crontab expression in local time (default: $POLICYWATCH_SCHEDULE or "
        f"{DEFAULT_CRON!r})",
    )
    parser.add_argument(
        "--jitter",
        type=int,
        default=DEFAULT_JITTER,
        help=f"up to this many seconds of random delay (default {DEFAULT_JITTER})",
    )
    parser.add_argument(
        "--misfire-grace",
        type=int,
        default=DEFAULT_MISFIRE_GRACE,
        help=f"seconds a missed run may still start late (default {DEFAULT_MISFIRE_GRACE})",
    )
    parser.add_argument(
        "--run-timeout",
        type=float,
        default=DEFAULT_RUN_TIMEOUT,
        help=f"seconds after which a run is killed (default {DEFAULT_RUN_TIMEOUT})",
    )
    parser.add_argument("--log-dir", type=Path, default=Path("data/logs"), help="default data/logs")
    parser.add_argument(
        "run_args",
        nargs="*",
        metavar="-- RUN OPTIONS",
        help="options for `policywatch run`, after --, checked before the scheduler starts",
    )
    argv = list(sys.argv[1:] if argv is None else argv)
    split = argv.index("--") if "--" in argv else len(argv)
    # Only what follows `--` is for `run`: an unknown scheduler option is an error now,
    # not a failed run at 03:00.
    args, unknown = parser.parse_known_args(argv[:split])
    if unknown or args.run_args:
        stray = " ".join([*unknown, *args.run_args])
        parser.error(f"unrecognized arguments: {stray} (options for `run` go after --)")
    args.run_args = argv[split + 1 :]
    return args


# Parses `run`'s options with `run`'s own click parser, in a subprocess like the runs
# themselves (this module never imports the crawler), and runs nothing.
CHECK_RUN_ARGS = """
import sys, click
from crawler.cli.running import run
try:
    run.make_context("policywatch run", sys.argv[1:])
except click.ClickException as error:
    sys.exit(f"Error: bad options for `policywatch run`: {error.format_message()}")
"""


def check_run_args(run_args: list[str]) -> str | None:
    """Why `policywatch run RUN_ARGS` would refuse its options, or None."""
    result = subprocess.run(
        [sys.executable, "-c", CHECK_RUN_ARGS, *run_args], capture_output=True, text=True
    )
    if result.returncode == 0:
        return None
    return result.stderr.strip() or f"exit status {result.returncode}"


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    try:
        trigger = nightly_trigger(args.cron, args.jitter)
    except ValueError as error:
        sys.exit(f"Error: bad --cron {args.cron!r}: {error}")
    problem = check_run_args(args.run_args)
    if problem:
        print(problem, file=sys.stderr)
        sys.exit(2)
    log = file_logger(args.log_dir)
    scheduler = build_scheduler(
        run_command(args.run_args), trigger, log, None, args.misfire_grace, args.run_timeout
    )
    log.info("schedule %r (jitter %s s); log in %s", args.cron, args.jitter, args.log_dir)
    print(
        f"policywatch schedule: {args.cron!r}, logging to {args.log_dir / 'scheduler.log'}",
        flush=True,  # a service manager reading the pipe sees it before the first run
    )
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        log.info("scheduler stopped")


if __name__ == "__main__":
    main()
