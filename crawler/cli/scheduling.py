"""`policywatch schedule`: run `policywatch run` every night (see scheduler.py)."""

from __future__ import annotations

import click


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def schedule(ctx) -> None:
    """Start the scheduler: `policywatch run` every night at 03:00 local time, in a subprocess.

    \b
    Options: --cron EXPR (or $POLICYWATCH_SCHEDULE), --jitter SECONDS, --misfire-grace SECONDS,
    --run-timeout SECONDS, --log-dir DIR (default data/logs); options for `run` after --.
    Example: policywatch schedule --cron "30 2 * * *" -- --alerts data/alerts.yaml
    """
    import scheduler

    scheduler.main(ctx.args)


COMMANDS = [schedule]
