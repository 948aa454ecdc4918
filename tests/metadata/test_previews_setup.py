"""What the portal adds to ckanext-xloader's setup (metadata/previews.py): its jobs database,
the site user's API token, and the command that queues the loads a token-less start missed.
The loads themselves run in test_previews.py."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest

from ckanext.satudata.metadata import previews

SQLITE = previews.XLOADER_DEFAULT_JOBS_DB
CKAN_DB = "postgresql://ckan_default:pass@127.0.0.1:5432/satudata"


@pytest.mark.parametrize(
    "given,expected",
    [
        ({}, CKAN_DB),  # nothing set
        ({previews.JOBS_DB_KEY: SQLITE}, CKAN_DB),  # xloader's default
        ({previews.JOBS_DB_KEY: "postgresql://x@db/jobs"}, "postgresql://x@db/jobs"),  # explicit
        (
            {
                "ckanext.satudata.metadata.xloader_jobs_in_ckan_db": "false",
                previews.JOBS_DB_KEY: SQLITE,
            },
            SQLITE,
        ),  # turned off
    ],
)
def test_xloader_jobs_go_to_ckans_database_unless_the_ini_says_otherwise(given, expected):
    config = {"sqlalchemy.url": CKAN_DB, **given}
    previews.default_jobs_db(config)
    assert config[previews.JOBS_DB_KEY] == expected


def test_the_running_app_keeps_xloader_jobs_in_its_own_database(ckan_config, with_plugins):
    # CKAN_SQLALCHEMY_URL (the worktree's port) is applied before the plugins' update_config
    assert tk.config[previews.JOBS_DB_KEY] == tk.config["sqlalchemy.url"]
    assert not tk.config[previews.JOBS_DB_KEY].startswith("sqlite")


@pytest.mark.usefixtures("clean_db", "with_plugins")
def test_the_site_user_token_is_renewed_not_piled_up():
    from ckan.lib.api_token import get_user_from_token

    first = previews.site_user_token()
    second = previews.site_user_token()
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    assert get_user_from_token(second).name == site_user["name"]
    assert get_user_from_token(first) is None, "the earlier token still authenticates"
    tokens = tk.get_action("api_token_list")({"ignore_auth": True}, {"user_id": site_user["name"]})
    assert [t["name"] for t in tokens] == [previews.TOKEN_NAME]


@pytest.mark.usefixtures("clean_db", "with_plugins")
def test_previews_load_refuses_to_run_without_xloaders_token(cli):
    from satudata_testing import satudata_cli

    satudata = satudata_cli()

    assert tk.config.get("ckanext.xloader.api_token") == "NOT_SET"  # test.ini's
    result = cli.invoke(satudata, ["previews-load"])
    assert result.exit_code == 2, result.output
    assert "ckanext.xloader.api_token is not set" in result.output
