"""What the agencies capability plugs into CKAN (see docs/architecture.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ckanext.satudata.common.actionguard import guard_all
from ckanext.satudata.common.capability import Capability

from . import actions, cli, demo, helpers, identity, validators, views, walidata

HERE = Path(__file__).resolve().parent


def blueprints() -> list[Any]:
    return [views.bp]


CAPABILITY = Capability(
    name="agencies",
    config_declaration=HERE / "config_declaration.yaml",
    actions=guard_all(actions.all_actions()),
    chained_actions=identity.chained_actions(),
    auth_functions={
        "satudata_is_walidata": walidata.satudata_is_walidata,
        "satudata_agency_sync": walidata.agency_sync_auth,
        "satudata_agency_merge": walidata.agency_merge_auth,
        "satudata_agency_list": walidata.agency_read_auth,
        "satudata_agency_show": walidata.agency_read_auth,
    },
    validators=validators.all_validators(),
    helpers=helpers.all_helpers(),
    blueprints=blueprints,
    cli_commands=(cli.agencies,),
    dataset_labels=walidata.get_dataset_labels,
    user_dataset_labels=walidata.get_user_dataset_labels,
    panels={
        "admin_tabs": ["satudata/agencies/admin_tab.html"],
        "walidata_menu": ["satudata/agencies/walidata_menu_item.html"],
        "home_sections": ["satudata/agencies/home_agencies.html"],
    },
    load_demo=demo.load_demo,
    demo_order=0,
)
