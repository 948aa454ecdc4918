"""Resource previews: what the portal adds to CKAN's DataStore and ckanext-xloader.

- xloader keeps its job log in ``ckanext.xloader.jobs_db.uri``, by default an SQLite file in
  /tmp shared by every CKAN on the host; the portal keeps it in CKAN's own database instead
  (``sqlalchemy.url``, as xloader's README recommends for production) unless the ini names one.
- xloader needs ``ckanext.xloader.api_token``, a token of a user who may read every resource;
  ``ckan satudata previews-token`` prints a fresh one of the site user, revoking the earlier
  ones it made, so re-running it leaves a single live token.
"""
from __future__ import annotations

from typing import Any

import click

import ckan.plugins.toolkit as tk

JOBS_DB_KEY = "ckanext.xloader.jobs_db.uri"
# xloader's declared default; CKAN fills declared defaults in before IConfigurer runs, so
# "not set in the ini" reads as this value.
XLOADER_DEFAULT_JOBS_DB = "sqlite:////tmp/xloader_jobs.db"
TOKEN_NAME = "satudata-xloader"


def default_jobs_db(config: Any) -> None:
    """CKAN's database as xloader's jobs database when the ini sets none (IConfigurer runs
    after CKAN applied CKAN_SQLALCHEMY_URL, so this follows the environment too)."""
    if tk.asbool(config.get("ckanext.satudata.metadata.xloader_jobs_in_ckan_db", True)) \
            and config.get(JOBS_DB_KEY) in (None, "", XLOADER_DEFAULT_JOBS_DB) \
            and config.get("sqlalchemy.url"):
        config[JOBS_DB_KEY] = config["sqlalchemy.url"]


def site_user_token() -> str:
    """A new API token of the site user; the earlier tokens of that name are revoked."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    for token in tk.get_action("api_token_list")(context, {"user_id": site_user["name"]}):
        if token["name"] == TOKEN_NAME:
            tk.get_action("api_token_revoke")(context, {"jti": token["id"]})
    return tk.get_action("api_token_create")(
        context, {"user": site_user["name"], "name": TOKEN_NAME})["token"]


@click.command("previews-token")
def previews_token() -> None:
    """Print a new API token of the site user for ckanext.xloader.api_token (the earlier ones
    this command made are revoked)."""
    click.echo(site_user_token())
