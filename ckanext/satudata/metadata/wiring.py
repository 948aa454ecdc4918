"""What plugin.py wires for the metadata capability (see docs/architecture.md)."""
from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk

from . import indexing

LICENSES_FILE = Path(__file__).resolve().parent / "licenses.json"


def update_config(config: Any) -> None:
    # Open licences first, CC BY as the portal default (see README). An explicit
    # licenses_group_url in the ini wins.
    if tk.asbool(config.get("ckanext.satudata.metadata.licenses", True)) \
            and not config.get("licenses_group_url"):
        config["licenses_group_url"] = "file://" + str(LICENSES_FILE)
    from .previews import default_jobs_db
    default_jobs_db(config)


def validators() -> dict[str, Any]:
    from .validators import all_validators
    return all_validators()


def chained_actions() -> dict[str, Any]:
    from .actions import package_create, package_update
    return {"package_create": package_create, "package_update": package_update}


def auth_functions() -> dict[str, Any]:
    from .auth import package_create
    return {"package_create": package_create}


def helpers() -> dict[str, Any]:
    from .helpers import all_helpers
    return all_helpers()


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


def organization_facets(facets: OrderedDict, organization_type: str,
                        package_type: str) -> OrderedDict:
    """On an agency's page: the same Satu Data facets, without the agency itself."""
    dataset_facets(facets, package_type)
    facets.pop("organization", None)
    return facets


def before_dataset_index(data: dict) -> dict:
    return indexing.prepare_index(data)


def blueprints() -> list[Any]:
    # cross-cutting, wired by the bottom floor: 403/404 for errors a view leaves uncaught
    from ckanext.satudata.errorpages import bp
    return [bp]


def xloader_can_upload(resource_id: str) -> bool:
    from .previews import may_load
    return may_load(resource_id)


def cli_commands() -> list[Any]:
    from .previews import previews_load, previews_token
    return [previews_token, previews_load]


def load_demo() -> None:
    from .demo import load_demo as _load
    _load()
