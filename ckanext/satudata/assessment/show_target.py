"""What ``satudata_assessment_show`` is asked about, the way CKAN's show actions take it:
``id`` is a dataset's or an agency's id or name (a dataset first: CKAN keeps dataset and
organization names in separate tables, so a name may be both). The older keys
``dataset_id`` and ``org_id`` (``organization_id``) stay accepted as aliases."""

from __future__ import annotations

from typing import NamedTuple

import ckan.model as model
import ckan.plugins.toolkit as tk

DATASET = "dataset"
AGENCY = "agency"
MAX_REF = 100  # CKAN's names are at most 100 characters, ids are 36


class Target(NamedTuple):
    kind: str
    ref: str


def _ref(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise tk.ValidationError({"id": [tk._("Give the id or name of a dataset or agency")]})
    value = value.strip()
    if len(value) > MAX_REF:
        raise tk.ValidationError({"id": [tk._("An id or name has at most 100 characters")]})
    return value


def target_of(data_dict: dict) -> Target:
    """The kind and reference asked for: a ValidationError (409) when nothing usable is
    given, ObjectNotFound (404) when ``id`` names neither a dataset nor an agency."""
    data_dict = data_dict or {}
    dataset_ref = _ref(data_dict.get("dataset_id"))
    if dataset_ref:
        return Target(DATASET, dataset_ref)
    org_ref = _ref(data_dict.get("org_id") or data_dict.get("organization_id"))
    if org_ref:
        return Target(AGENCY, org_ref)
    ref = _ref(data_dict.get("id"))
    if not ref:
        raise tk.ValidationError({"id": [tk._("Give the id or name of a dataset or agency")]})
    pkg = model.Package.get(ref)
    if pkg is not None and pkg.state == "active":
        return Target(DATASET, pkg.id)
    org = model.Group.get(ref)
    if org is not None and org.is_organization and org.state == "active":
        return Target(AGENCY, org.id)
    raise tk.ObjectNotFound(tk._("No dataset or agency has this id or name"))
