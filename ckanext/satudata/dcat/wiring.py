"""Wiring of the dcat capability (see docs/architecture.md)."""
from __future__ import annotations

from typing import Any


def blueprints() -> list[Any]:
    from ckanext.satudata.dcat.views import agency_feed_blueprint

    return [agency_feed_blueprint()]


def chained_actions() -> dict[str, Any]:
    from ckanext.satudata.dcat.actions import chained_actions as dcat_chained

    return dcat_chained()
