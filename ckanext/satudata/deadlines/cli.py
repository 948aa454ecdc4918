"""``ckan satudata deadlines ...``: reminders for cron, the scheduled job,
cutoff snapshots, daftar-data import."""

from __future__ import annotations

import sys

import click


@click.group(short_help="Submission periods, reminders and cutoff snapshots")
def deadlines() -> None:
    """Deadline tracker of the collection rounds."""


@deadlines.command("remind")
def remind() -> None:
    """Take due cutoff snapshots and send every due reminder not sent yet
    (safe to run from cron as often as you like)."""
    from . import reminders

    report = reminders.run()
    for snap in report["snapshots"]:
        click.echo(f"snapshot {snap['period']}: {snap['rows']} items frozen at the cutoff")
    for sent in report["sent"]:
        click.echo(f"sent {sent['period']} {sent['key']} to {sent['org']}: {', '.join(sent['to'])}")
    click.echo(
        f"{len(report['sent'])} sent, {report['superseded']} superseded, "
        f"{report['nothing_missing']} with nothing missing, "
        f"{report['no_recipient']} without recipient"
    )
    for err in report["errors"]:
        click.secho(f"error: {err}", fg="red", err=True)
    if report["errors"]:
        sys.exit(1)


@deadlines.command("schedule")
@click.option("--minutes", type=int, default=None, help="Delay of the first run.")
def schedule(minutes) -> None:
    """Schedule the recurring job on the worker's scheduler (idempotent)."""
    from . import reminders

    job = reminders.schedule_job(minutes)
    click.echo(f"scheduled job {job.id}")


@deadlines.command("snapshot")
@click.argument("period")
def snapshot(period) -> None:
    """Freeze the picture of PERIOD at its cutoff (once; after the cutoff)."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    from . import figures, periods

    p = periods.get_period(period)
    if p is None:
        raise click.ClickException(f"no period {period}")
    try:
        taken, rows = figures.take_snapshot(p)
    except tk.ValidationError as exc:
        raise click.ClickException(str(exc.error_dict))
    model.repo.commit()
    click.echo(("frozen" if taken else "already frozen") + f": {rows} items")


@deadlines.command("import")
@click.argument("period")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--agency", default=None, help="Agency for rows without an agency column.")
def import_(period, file, agency) -> None:
    """Import a daftar data (CSV or XLSX) into PERIOD, all or nothing."""
    import ckan.plugins.toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    with open(file, "rb") as stream:
        data = stream.read()
    import base64

    try:
        result = tk.get_action("satudata_item_import")(
            {"user": site_user["name"], "ignore_auth": True},
            {
                "period_id": period,
                "content_base64": base64.b64encode(data).decode(),
                "filename": file,
                "org_id": agency,
            },
        )
    except tk.ValidationError as exc:
        for _key, messages in exc.error_dict.items():
            for message in messages:
                click.secho(f"error: {message}", fg="red", err=True)
        sys.exit(1)
    click.echo(f"{result['created']} items imported")
