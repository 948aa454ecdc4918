"""The ``satudata_agreed_item`` validator of the dataset field ``agreed_item``."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import missing

from . import agency_lookup, agreed_items
from .core import lifecycle as lc


def agreed_item(key, data, errors, context):
    """The value is the id of a daftar-data item of the dataset's own agency,
    open (not submitted, or returned) or already linked to this dataset."""
    value = data.get(key)
    if value is missing or value is None:
        return
    value = str(value).strip()
    data[key] = value
    if not value:
        return
    item = agreed_items.get_item(value)
    if item is None:
        errors[key].append(tk._("Unknown agreed data item"))
        return
    owner = data.get(("owner_org",))
    group = agency_lookup.get_org(owner) if owner and owner is not missing else None
    if group is None or group.id != item.org_id:
        errors[key].append(tk._("This item belongs to another agency's data list"))
        return
    dataset_id = data.get(("id",))
    if dataset_id is missing:
        dataset_id = None
    if dataset_id and item.dataset_id == dataset_id:
        return
    if item.dataset_id and item.dataset_id != dataset_id:
        pkg = model.Package.get(item.dataset_id)
        if pkg is not None and pkg.state != "deleted":
            errors[key].append(tk._("This item is already linked to another dataset"))
            return
        return  # its dataset was deleted: a new one may deliver it (a correction after the cutoff)
    if item.state not in lc.OPEN_STATES:
        errors[key].append(tk._("This item is no longer open"))


def validators() -> dict:
    return {"satudata_agreed_item": agreed_item}
