"""Resource previews: what the portal adds to CKAN's DataStore and ckanext-xloader.

- xloader keeps its job log in ``ckanext.xloader.jobs_db.uri``, by default an SQLite file in
  /tmp shared by every CKAN on the host; the portal keeps it in CKAN's own database instead
  (``sqlalchemy.url``, as xloader's README recommends for production) unless the ini names one.
- xloader needs ``ckanext.xloader.api_token``, a token of a user who may read every resource;
  ``ckan satudata previews-token`` prints a fresh one of the site user, revoking the earlier
  ones it made, so re-running it leaves a single live token.
- Only uploads are loaded, links only with ``ckanext.satudata.metadata.previews_load_links``
  (``preview_rules``): the IXloader hook ``can_upload`` asks :func:`may_load`.
- Resources created while xloader had no token (e.g. by ``ckan satudata demo`` before the
  portal's first start) are not in the DataStore; ``ckan satudata previews-load`` submits each
  of them once (resources already loaded are left alone, so it can run at every start).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
import click

JOBS_DB_KEY = "ckanext.xloader.jobs_db.uri"
# xloader's declared default; CKAN fills declared defaults in before IConfigurer runs, so
# "not set in the ini" reads as this value.
XLOADER_DEFAULT_JOBS_DB = "sqlite:////tmp/xloader_jobs.db"
TOKEN_NAME = "satudata-xloader"


def default_jobs_db(config: Any) -> None:
    """CKAN's database as xloader's jobs database when the ini sets none (IConfigurer runs
    after CKAN applied CKAN_SQLALCHEMY_URL, so this follows the environment too)."""
    if (
        tk.asbool(config.get("ckanext.satudata.metadata.xloader_jobs_in_ckan_db", True))
        and config.get(JOBS_DB_KEY) in (None, "", XLOADER_DEFAULT_JOBS_DB)
        and config.get("sqlalchemy.url")
    ):
        config[JOBS_DB_KEY] = config["sqlalchemy.url"]


def site_user_token() -> str:
    """A new API token of the site user; the earlier tokens of that name are revoked."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    for token in tk.get_action("api_token_list")(context, {"user_id": site_user["name"]}):
        if token["name"] == TOKEN_NAME:
            tk.get_action("api_token_revoke")(context, {"jti": token["id"]})
    return tk.get_action("api_token_create")(
        context, {"user": site_user["name"], "name": TOKEN_NAME}
    )["token"]


def may_load(resource_id: str) -> bool:
    """IXloader.can_upload: may xloader fetch this resource (preview_rules.loadable)?"""
    from .preview_rules import loadable

    try:
        resource = tk.get_action("resource_show")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return False
    return loadable(
        resource, tk.asbool(tk.config.get("ckanext.satudata.metadata.previews_load_links", False))
    )


def resources_to_load(page_size: int = 100) -> Iterator[dict]:
    """Resources of every dataset (private ones too) in a format xloader loads, with a file or
    URL of their own, that are not in the DataStore yet."""
    from ckanext.xloader.utils import XLoaderFormats

    start = 0
    while True:
        page = tk.get_action("package_search")(
            {"ignore_auth": True},
            {
                "q": "*:*",
                "include_private": True,
                "rows": page_size,
                "start": start,
                "sort": "id asc",
            },
        )
        for dataset in page["results"]:
            for resource in dataset.get("resources", []):
                if (
                    not resource.get("datastore_active")
                    and XLoaderFormats.is_it_an_xloader_format(resource.get("format"))
                    and resource.get("url_type") not in ("datastore", "datapusher", "xloader")
                ):
                    yield resource
        start += len(page["results"])
        if not page["results"] or start >= page["count"]:
            return


def submit_unloaded() -> int:
    """Queue an xloader job for each of :func:`resources_to_load`; how many were queued."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    queued = 0
    for resource in list(resources_to_load()):
        if tk.get_action("xloader_submit")(
            {"user": site_user["name"], "ignore_auth": True}, {"resource_id": resource["id"]}
        ):
            queued += 1
    return queued


@click.command("previews-load")
def previews_load() -> None:
    """Queue DataStore loads of the resources that are not loaded yet (needs the jobs worker
    and ckanext.xloader.api_token)."""
    if tk.config.get("ckanext.xloader.api_token") in (None, "", "NOT_SET"):
        raise click.UsageError(
            "ckanext.xloader.api_token is not set in this ini "
            "(ckan satudata previews-token makes one)"
        )
    click.echo(f"queued {submit_unloaded()} DataStore load(s)")


@click.command("previews-token")
def previews_token() -> None:
    """Print a new API token of the site user for ckanext.xloader.api_token (the earlier ones
    this command made are revoked)."""
    click.echo(site_user_token())
