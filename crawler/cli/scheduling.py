"""`policywatch schedule`: run `policywatch run` every night (see scheduler.py)."""

from __future__ import annotations

import click


class PassThrough(click.Command):
    """Hands every argument, `--` and --help included, to scheduler.py's own parser: click
    would drop the `--` that separates the scheduler's options from `run`'s."""

    def parse_args(self, ctx, args):
        ctx.args = list(args)
        return []


@click.command(cls=PassThrough)
@click.pass_context
def schedule(ctx) -> None:
    """Start the scheduler: `policywatch run` every night at 03:00 local time, in a subprocess.

    Options: --cron, --jitter, --misfire-grace, --run-timeout, --log-dir; options for `run`
    after --. See policywatch schedule --help.
    """
    import scheduler

    scheduler.main(ctx.args)


COMMANDS = [schedule]
