"""What the deadlines capability plugs into CKAN (see docs/architecture.md)."""

from __future__ import annotations

from pathlib import Path

from ckanext.satudata.agencies import api as agencies_api
from ckanext.satudata.common.actionguard import guard_all
from ckanext.satudata.common.capability import Capability

from . import actions, auth, cli, demo, helpers, lifecycle_hook, org_merge, validators, views

HERE = Path(__file__).resolve().parent


CAPABILITY = Capability(
    name="deadlines",
    config_declaration=HERE / "config_declaration.yaml",
    actions=guard_all(actions.actions()),
    auth_functions=auth.auth_functions(),
    validators=validators.validators(),
    helpers=helpers.helpers(),
    blueprints=views.blueprints,
    cli_commands=(cli.deadlines,),
    after_dataset_change=lifecycle_hook.after_dataset_change,
    signal_subscriptions={agencies_api.agency_merged: [org_merge.move_org_rows_on_merge]},
    panels={
        "admin_tabs": ["satudata/deadlines/admin_tab.html"],
        "walidata_menu": ["satudata/deadlines/walidata_menu_item.html"],
        "agency_sidebar": ["satudata/deadlines/agency_checklist.html"],
        "home_sections": ["satudata/deadlines/home_countdown.html"],
    },
    load_demo=demo.load_demo,
    demo_order=2,
)
