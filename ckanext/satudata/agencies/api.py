"""What the other capabilities may use of the agencies capability (floor 1).

- ``is_walidata(user)`` (a name, id, ``model.User`` or ``current_user``) and the auth function
  ``walidata_only(context, data_dict)``: the one walidata check (sysadmins and the admins/editors of the
  walidata organization, ``ckanext.satudata.walidata_organization``); ``walidata_org()`` and
  ``WALIDATA_CAPACITIES`` for who receives the walidata's mail; ``WALIDATA_CONFIG_KEY``;
- ``agency_type_label(code, lang)``: the label of an agency type;
- ``agency_merged``: the signal sent while an agency is merged into another (see
  :mod:`.signals`: receivers move their own rows in the merge's transaction).
"""

from __future__ import annotations

from .core.status import type_label as agency_type_label
from .signals import agency_merged, send_agency_merged
from .walidata import CONFIG_KEY as WALIDATA_CONFIG_KEY
from .walidata import WALIDATA_CAPACITIES, is_walidata, walidata_org
from .walidata import satudata_is_walidata as walidata_only

__all__ = [
    "WALIDATA_CAPACITIES",
    "WALIDATA_CONFIG_KEY",
    "agency_merged",
    "agency_type_label",
    "is_walidata",
    "send_agency_merged",
    "walidata_only",
    "walidata_org",
]
