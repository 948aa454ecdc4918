"""What the metadata capability plugs into CKAN (see docs/architecture.md)."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.common import errorpages
from ckanext.satudata.common.capability import Capability

from . import (
    actions,
    auth,
    demo,
    formviews,
    frontpage,
    helpers,
    indexing,
    previews,
    tags,
    validators,
)

HERE = Path(__file__).resolve().parent
LICENSES_FILE = HERE / "licenses.json"


def update_config(config: Any) -> None:
    # Open licences first, CC BY as the portal default (see README). An explicit
    # licenses_group_url in the ini wins.
    if tk.asbool(config.get("ckanext.satudata.metadata.licenses", True)) and not config.get(
        "licenses_group_url"
    ):
        config["licenses_group_url"] = "file://" + str(LICENSES_FILE)
    previews.default_jobs_db(config)


def blueprints() -> list[Any]:
    # Cross-cutting, wired by the bottom floor: 403/404 for errors a view leaves uncaught.
    return [errorpages.bp, formviews.bp]


def dataset_facets(facets: OrderedDict, package_type: str) -> OrderedDict:
    """Producing agency, topic, urusan, frequency, year, level and area, in that order,
    followed by whatever other facets were already there."""
    ours = OrderedDict((field, tk._(title)) for field, title, _cl in indexing.FACETS)
    for key, value in facets.items():
        if key not in ours:
            ours[key] = value
    facets.clear()
    facets.update(ours)
    return facets


def organization_facets(
    facets: OrderedDict, organization_type: str, package_type: str
) -> OrderedDict:
    """On an agency's page: the same Satu Data facets, without the agency itself."""
    dataset_facets(facets, package_type)
    facets.pop("organization", None)
    return facets


CAPABILITY = Capability(
    name="metadata",
    config_declaration=HERE / "config_declaration.yaml",
    update_config=update_config,
    chained_actions={
        "package_create": actions.package_create,
        "package_update": actions.package_update,
        "package_patch": actions.package_patch,
        **tags.chained_actions(),
    },
    auth_functions={"package_create": auth.package_create},
    validators=validators.all_validators(),
    helpers={**helpers.all_helpers(), **frontpage.all_helpers()},
    dataset_facets=dataset_facets,
    organization_facets=organization_facets,
    before_dataset_index=indexing.prepare_index,
    blueprints=blueprints,
    cli_commands=(previews.previews_token, previews.previews_load),
    may_load_resource=previews.may_load,
    load_demo=demo.load_demo,
    demo_order=1,
)
