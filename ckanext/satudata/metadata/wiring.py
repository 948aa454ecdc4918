"""What the metadata capability plugs into CKAN (see docs/architecture.md)."""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.common import errorpages
from ckanext.satudata.common.capability import Capability

from . import (
    actions,
    api,
    auth,
    demo,
    formviews,
    frontpage,
    helpers,
    indexing,
    js_translations,
    kegiatan,
    kegiatan_form,
    kegiatan_labels,
    previews,
    tags,
    translated,
    validators,
)

HERE = Path(__file__).resolve().parent
api.register_ms_keg_reader(kegiatan.ms_keg_items)
LICENSES_FILE = HERE / "licenses.json"
STOCK_LOGO = "/base/images/ckan-logo.png"
PORTAL_LOGO = "/satudata/logo.svg"


def update_config(config: Any) -> None:
    # Open licences first, CC BY as the portal default (see README). An explicit
    # licenses_group_url in the ini wins.
    if tk.asbool(config.get("ckanext.satudata.metadata.licenses", True)) and not config.get(
        "licenses_group_url"
    ):
        config["licenses_group_url"] = "file://" + str(LICENSES_FILE)
    previews.default_jobs_db(config)
    # The portal's own wordmark instead of CKAN's stock logo; a logo set in the ini or by the
    # sysadmin (ckan.site_logo) wins.
    tk.add_public_directory(config, str(HERE.parent / "public"))
    if config.get("ckan.site_logo") in (None, "", STOCK_LOGO):
        config["ckan.site_logo"] = PORTAL_LOGO
    js_translations.refresh(config)


def blueprints() -> list[Any]:
    # Cross-cutting, wired by the bottom floor: 403/404 for errors a view leaves uncaught.
    return [errorpages.bp, formviews.bp, translated.bp]


def dataset_facets(facets: OrderedDict, package_type: str) -> OrderedDict:
    """Producing agency, topic, urusan, frequency, year, level and area, in that order,
    followed by whatever other facets were already there."""
    wanted = indexing.KEGIATAN_FACETS if package_type == kegiatan.KEGIATAN else indexing.FACETS
    ours = OrderedDict((field, tk._(title)) for field, title, _cl in wanted)
    # a kegiatan has no tags, groups, files or licence: only its own facets
    for key, value in () if package_type == kegiatan.KEGIATAN else facets.items():
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
    validators={**validators.all_validators(), **kegiatan.all_validators()},
    helpers={
        **helpers.all_helpers(),
        **frontpage.all_helpers(),
        **kegiatan.all_helpers(),
        **kegiatan_labels.all_helpers(),
    },
    dataset_facets=dataset_facets,
    organization_facets=organization_facets,
    before_dataset_index=indexing.prepare_index,
    before_dataset_search=kegiatan.only_datasets_by_default,
    blueprints=blueprints,
    cli_commands=(previews.previews_token, previews.previews_load),
    may_load_resource=previews.may_load,
    install_on_app=kegiatan_form.install,
    load_demo=demo.load_demo,
    demo_order=1,
)

# The capability on a portal that loads it alone (plugin ``satudata_metadata``, e.g. a provincial
# portal harvesting ours): the same schema, so the validators it names from higher floors get
# stand-ins that keep the source portal's values (validators.HIGHER_FLOOR_STAND_INS). No demo
# loader (it makes agencies) and no xloader guard (satudata's IXloader is not loaded there).
RECEIVING = dataclasses.replace(
    CAPABILITY,
    validators={**CAPABILITY.validators, **validators.HIGHER_FLOOR_STAND_INS},
    may_load_resource=None,
    load_demo=None,
)
