"""What the assessment capability plugs into CKAN (see docs/architecture.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ckanext.satudata.agencies import api as agencies_api
from ckanext.satudata.common.actionguard import guard_all
from ckanext.satudata.common.capability import Capability

from . import (
    actions,
    auth,
    cli,
    demo,
    helpers,
    jobs,
    lifecycle_hook,
    manual,
    variable_proposals,
    views,
)

HERE = Path(__file__).resolve().parent


def after_dataset_change(context: Any, pkg_dict: dict, created: bool) -> None:
    """Schedule a debounced re-assessment; never writes to the dataset."""
    lifecycle_hook.schedule(pkg_dict)


def after_dataset_show(context: Any, pkg_dict: dict) -> None:
    """Flat values only: ``satudata_score``, ``satudata_band``, ``satudata_assessed_at``."""
    lifecycle_hook.add_flat_values(pkg_dict)


CAPABILITY = Capability(
    name="assessment",
    config_declaration=HERE / "config_declaration.yaml",
    actions=guard_all(
        {
            **actions.actions(),
            "satudata_variables_from_file": variable_proposals.variables_from_file,
        }
    ),
    auth_functions={
        **auth.auth_functions(),
        "satudata_variables_from_file": variable_proposals.auth,
    },
    helpers=helpers.helpers(),
    blueprints=views.blueprints,
    cli_commands=(cli.assess,),
    after_dataset_show=after_dataset_show,
    after_dataset_change=after_dataset_change,
    signal_subscriptions={agencies_api.agency_merged: [manual.move_rows_on_merge]},
    before_fork=jobs.warm_up_once,
    panels={
        "admin_tabs": ["satudata/assessment/admin_tab.html"],
        "walidata_menu": ["satudata/assessment/walidata_menu_item.html"],
        "dataset_header": ["satudata/assessment/dataset_badge.html"],
        "agency_sidebar": ["satudata/assessment/agency_report_card.html"],
        "main_nav": ["satudata/assessment/main_nav_item.html"],
        "dashboard_tabs": ["satudata/assessment/dashboard_tab.html"],
        "dataset_form_variables": ["satudata/assessment/propose_variables.html"],
    },
    load_demo=demo.load_demo,
    demo_order=3,
)
