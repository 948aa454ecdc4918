"""``ckan satudata agencies sync FILE [--dry-run] [--prune]`` and ``agencies merge OLD NEW``."""

from __future__ import annotations

import sys

import click

from .core.registry import RegisterError


@click.group(short_help="Agency register: sync and merge")
def agencies() -> None:
    """The agency register (perangkat daerah and kecamatan) and its organizations."""


@agencies.command("sync")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Only print the plan; change nothing.")
@click.option(
    "--prune", is_flag=True, help="Archive (never delete) agencies that are missing from FILE."
)
def sync_command(file: str, dry_run: bool, prune: bool) -> None:
    """Create or update one organization per agency of FILE (YAML or CSV), matched by
    agency code; appoint the admins named in it. Idempotent."""
    from . import sync

    try:
        register = sync.load_register(file)
        result = sync.sync(register, prune=prune, dry_run=dry_run)
    except RegisterError as e:
        for err in e.errors:
            click.secho(f"error: {err}", fg="red", err=True)
        click.secho("nothing was changed", fg="red", err=True)
        sys.exit(1)
    for step in result["steps"]:
        line = f"{step['action']:8} {step['code']}: {step['title']}"
        if step.get("old_title"):
            line += f" (was: {step['old_title']})"
        changed = [f for f in step.get("changes", {}) if f != "title"]
        if changed:
            line += f" [{', '.join(changed)}]"
        if step.get("add_admins"):
            line += f" +admins {', '.join(step['add_admins'])}"
        click.echo(line)
    summary = ", ".join(f"{k}: {v}" for k, v in result["summary"].items())
    prefix = (
        "dry run, nothing changed"
        if dry_run
        else ("applied" if result["applied"] else "nothing to change")
    )
    click.secho(f"{prefix}: {summary}", fg="green")


@agencies.command("merge")
@click.argument("old")
@click.argument("new")
@click.option("--dry-run", is_flag=True, help="Only count what would move.")
def merge_command(old: str, new: str, dry_run: bool) -> None:
    """Merge agency OLD into NEW (codes or organization names): datasets, members and
    deadline/assessment history move in one transaction; OLD is archived."""
    from . import merge

    try:
        result = merge.merge(old, new, dry_run=dry_run)
    except merge.MergeError as e:
        click.secho(f"error: {e}", fg="red", err=True)
        sys.exit(1)
    hooks = ", ".join(f"{k}: {v}" for k, v in result["hooks"].items()) or "none"
    click.secho(
        f"{'dry run: ' if dry_run else ''}{result['old']} -> {result['new']}: "
        f"{result['datasets']} datasets, {result['members']} members, hooks: {hooks}"
        + (f", child agencies: {', '.join(result['children'])}" if result.get("children") else ""),
        fg="green",
    )


@agencies.command("export")
def export_command() -> None:
    """Print the portal's agencies as a YAML register (feeds back into sync)."""
    from . import sync
    from .core import registry

    click.echo(registry.dump_yaml(sync.export_register()), nl=False)
