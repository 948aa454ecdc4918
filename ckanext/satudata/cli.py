"""``ckan satudata …``: the command group; each capability adds its own sub-commands."""
from __future__ import annotations

import click

from ckanext.satudata import capabilities


@click.group(short_help="Satu Data portal tasks (agencies, deadlines, assessment, demo)")
def satudata() -> None:
    """Satu Data Indonesia portal tasks."""


@satudata.command()
def demo() -> None:
    """Load the Kabupaten Bekasi demo content (agencies, users, datasets, deadlines, scores).

    Idempotent: each capability loads what is missing and leaves the rest as it is."""
    # Data order, not floor order: agencies own the datasets, which the deadlines and the
    # assessment then read.
    order = ("agencies", "metadata", "deadlines", "assessment", "dcat")
    demos = sorted(capabilities.hooks("load_demo"),
                   key=lambda hook: order.index(hook.__module__.split(".")[2]))
    for load_demo in demos:
        click.echo(f"demo: {load_demo.__module__.split('.')[2]}")
        load_demo()
    click.secho("demo content loaded", fg="green")


for _cli_commands in capabilities.hooks("cli_commands"):
    for _command in _cli_commands():
        satudata.add_command(_command)
