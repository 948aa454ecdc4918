"""The ``satudata_metadata`` plugin: the metadata capability alone, for a portal that receives
Satu Data datasets (a provincial portal, the national SDI portal) with the stock CKAN-to-CKAN
harvester: the schema's validators, code lists, helpers, facets and templates; no agencies,
deadlines, assessment or DCAT (docs/deployment.md, "A receiving portal").

``satudata`` already contains all of this. With both in ``ckan.plugins`` this one stands
aside (registers nothing), so nothing is registered twice and ``satudata`` works unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import ckan.plugins as p

from ckanext.satudata.common.capability import Capability
from ckanext.satudata.common.capability_plugin import CapabilityPlugin
from ckanext.satudata.metadata import wiring as metadata

log = logging.getLogger(__name__)

CAPABILITIES: tuple[Capability, ...] = (metadata.RECEIVING,)


class SatudataMetadataPlugin(CapabilityPlugin):
    _warned = False

    def capabilities(self) -> Sequence[Capability]:
        if p.plugin_loaded("satudata"):
            if not SatudataMetadataPlugin._warned:
                SatudataMetadataPlugin._warned = True
                log.warning("satudata_metadata stands aside: satudata is loaded and contains it")
            return ()
        return CAPABILITIES
