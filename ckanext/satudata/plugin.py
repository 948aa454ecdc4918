"""The ``satudata`` plugin: every capability of the portal; holds no logic of its own.

``CAPABILITIES`` is the whole registry: each capability's ``wiring.CAPABILITY``, bottom floor
first (metadata < agencies < deadlines < assessment < dcat). The interface methods that walk it
live in common/capability_plugin.py (shared with ``satudata_metadata``, metadata_plugin.py);
this class adds what only the whole portal has: the ``ckan satudata`` commands, permission
labels, the xloader guard and the CSRF middleware.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ckan.plugins as p

# Not in the toolkit: CKAN's default permission labels, which CKAN drops once a plugin
# implements IPermissionLabels.
from ckan.lib.plugins import DefaultPermissionLabels
from ckanext.xloader.interfaces import IXloader  # the DataStore loader (requirements.txt)

from ckanext.satudata.agencies import wiring as agencies
from ckanext.satudata.assessment import wiring as assessment
from ckanext.satudata.common import csrf
from ckanext.satudata.common.capability import Capability
from ckanext.satudata.common.capability_plugin import CapabilityPlugin, merged
from ckanext.satudata.dcat import wiring as dcat
from ckanext.satudata.deadlines import wiring as deadlines
from ckanext.satudata.metadata import wiring as metadata

CAPABILITIES: tuple[Capability, ...] = (
    metadata.CAPABILITY,
    agencies.CAPABILITY,
    deadlines.CAPABILITY,
    assessment.CAPABILITY,
    dcat.CAPABILITY,
)

__all__ = ["CAPABILITIES", "SatudataPlugin", "merged"]


class SatudataPlugin(CapabilityPlugin):
    p.implements(p.IClick)
    p.implements(p.IPermissionLabels)
    p.implements(IXloader, inherit=True)

    def capabilities(self) -> Sequence[Capability]:
        return CAPABILITIES

    # IMiddleware: one CSRF check of every cookie-authenticated write (common/csrf.py)
    def make_middleware(self, app: Any, config: Any) -> Any:
        return super().make_middleware(csrf.install(app), config)

    # IClick
    def get_commands(self) -> list[Any]:
        from ckanext.satudata.cli import satudata_group

        return [satudata_group(CAPABILITIES)]

    # IPermissionLabels: CKAN's defaults plus what the capabilities add (the walidata).
    def get_dataset_labels(self, dataset_obj: Any) -> list[str]:
        labels = DefaultPermissionLabels().get_dataset_labels(dataset_obj)
        for cap in CAPABILITIES:
            if cap.dataset_labels:
                labels.extend(x for x in cap.dataset_labels(dataset_obj) if x not in labels)
        return labels

    def get_user_dataset_labels(self, user_obj: Any) -> list[str]:
        labels = DefaultPermissionLabels().get_user_dataset_labels(user_obj)
        for cap in CAPABILITIES:
            if cap.user_dataset_labels:
                labels.extend(x for x in cap.user_dataset_labels(user_obj) if x not in labels)
        return labels

    # IXloader: may the DataStore loader fetch this resource? Every capability must agree.
    def can_upload(self, resource_id: str) -> bool:
        return all(
            cap.may_load_resource(resource_id) for cap in CAPABILITIES if cap.may_load_resource
        )
