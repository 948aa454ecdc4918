"""``ckan satudata …``: the command group; each capability adds its own sub-commands."""

from __future__ import annotations

from collections.abc import Sequence

import click

from ckanext.satudata.common.capability import Capability


def satudata_group(capabilities: Sequence[Capability]) -> click.Group:
    """The ``satudata`` group with ``demo`` and every capability's sub-commands."""

    @click.group(
        name="satudata", short_help="Satu Data portal tasks (agencies, deadlines, assessment, demo)"
    )
    def satudata() -> None:
        """Satu Data Indonesia portal tasks."""

    @satudata.command()
    def demo() -> None:
        """Load the Kabupaten Bekasi demo content (agencies, users, datasets, deadlines, scores).

        Idempotent: each capability loads what is missing and leaves the rest as it is."""
        # Data order, not floor order: agencies own the datasets, which the deadlines and the
        # assessment then read.
        for cap in sorted((c for c in capabilities if c.load_demo), key=lambda c: c.demo_order):
            click.echo(f"demo: {cap.name}")
            cap.load_demo()
        click.secho("demo content loaded", fg="green")

    for cap in capabilities:
        for command in cap.cli_commands:
            satudata.add_command(command)
    return satudata
