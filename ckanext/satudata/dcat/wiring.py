"""What the dcat capability plugs into CKAN (see docs/architecture.md). The RDF profile itself
is registered through the ``ckan.rdf.profiles`` entry point, as ckanext-dcat expects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ckanext.satudata.common.capability import Capability

from . import actions, freshness, views

HERE = Path(__file__).resolve().parent


def blueprints() -> list[Any]:
    return [views.agency_feed_blueprint()]


CAPABILITY = Capability(
    name="dcat",
    config_declaration=HERE / "config_declaration.yaml",
    chained_actions=actions.chained_actions(),
    blueprints=blueprints,
    install_on_app=freshness.install,
)
