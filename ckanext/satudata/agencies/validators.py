"""Validators of the organization schema (``ckanext/satudata/schemas/organization.yaml``)."""

from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.satudata.metadata.api import limits

from . import queries
from .core import registry

Invalid = tk.Invalid
missing = tk.missing


def _empty(value: Any) -> bool:
    return value is missing or value is None or value == ""


def satudata_agency_code(value: Any, context: Any) -> Any:
    if _empty(value):
        return value
    if not isinstance(value, str) or not registry.CODE_RE.match(value):
        raise Invalid(
            tk._(
                "Agency codes are 2-50 characters: lower-case letters, digits, "
                "'-' or '_', starting with a letter or digit"
            )
        )
    return value


def satudata_stop_if_invalid(key: Any, data: Any, errors: Any, context: Any) -> None:
    """Stop the field's validators once one failed (so that a name CKAN's
    ``name_validator`` refused never reaches the database in ``group_name_validator``)."""
    if errors.get(key):
        raise tk.StopOnError


def satudata_agency_code_unique(key: Any, data: Any, errors: Any, context: Any) -> None:
    value = data.get(key)
    if _empty(value) or errors.get(key):
        return
    group = context.get("group")
    q = model.Session.query(model.Group.id).filter(
        model.Group.extras["agency_code"].astext == value, model.Group.state != "deleted"
    )
    if group is not None and getattr(group, "id", None):
        q = q.filter(model.Group.id != group.id)
    if q.first() is not None:
        errors[key].append(tk._("Another organization already has this agency code"))
        return
    # a code is looked up before ids and names (state.resolve_org): one that is another
    # organization's id or URL name would capture every lookup of that organization
    if (
        _other_orgs(context)
        .filter(sa.or_(model.Group.id == value, model.Group.name == value))
        .first()
        is not None
    ):
        errors[key].append(tk._("This agency code is another organization's id or URL name"))


def _other_orgs(context: Any) -> Any:
    q = model.Session.query(model.Group.id).filter(model.Group.is_organization.is_(True))
    group = context.get("group")
    if group is not None and getattr(group, "id", None):
        q = q.filter(model.Group.id != group.id)
    return q


def satudata_org_name_not_a_code(key: Any, data: Any, errors: Any, context: Any) -> None:
    """An organization's URL name is never another organization's agency code (the code
    lookup would answer the other organization for it)."""
    value = data.get(key)
    if _empty(value) or errors.get(key) or not isinstance(value, str):
        return
    if (
        _other_orgs(context)
        .filter(model.Group.state != "deleted")
        .filter(model.Group.extras["agency_code"].astext == value)
        .first()
        is not None
    ):
        errors[key].append(tk._("This URL name is another agency's code"))


def satudata_agency_type(value: Any, context: Any) -> Any:
    if _empty(value):
        return value
    if value not in agency_types():
        raise Invalid(tk._("Unknown agency type: {}").format(value))
    return value


def satudata_agency_date(value: Any, context: Any) -> Any:
    if _empty(value):
        return value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    text = str(value).strip()
    if not registry.DATE_RE.match(text):
        raise Invalid(tk._("Dates are written YYYY-MM-DD"))
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise Invalid(tk._("Not a valid date"))
    problem = limits.check_date("agency", day)
    if problem:
        raise Invalid(problem.render(tk._))
    return text


def satudata_agency_area_code(value: Any, context: Any) -> Any:
    if _empty(value):
        return value
    text = str(value).strip()
    if not registry.AREA_RE.match(text):
        raise Invalid(tk._("Not a Kemendagri area code like 32.16 or 32.16.01"))
    codes = queries.area_codes()
    if codes is not None and text not in codes:
        raise Invalid(tk._("Area code {} is not in the area code list").format(text))
    return text


def satudata_agency_agreement_period(key: Any, data: Any, errors: Any, context: Any) -> None:
    until = data.get(key)
    start = data.get(key[:-1] + ("agreement_date",))
    if _empty(until) or _empty(start) or errors.get(key):
        return
    if str(until) < str(start):
        errors[key].append(tk._("The agreement ends before it starts"))


def agency_types() -> tuple[str, ...]:
    """Agency type codes: the metadata code list ``agency_type`` if shipped, else the
    built-in list."""
    try:
        from ckanext.satudata.metadata.api import codelists

        codes = tuple(e.code for e in codelists.load("agency_type"))
        if codes:
            return codes
    except Exception:
        pass
    return registry.AGENCY_TYPES


def all_validators() -> dict[str, Any]:
    return {
        "satudata_agency_code": satudata_agency_code,
        "satudata_stop_if_invalid": satudata_stop_if_invalid,
        "satudata_agency_code_unique": satudata_agency_code_unique,
        "satudata_org_name_not_a_code": satudata_org_name_not_a_code,
        "satudata_agency_type": satudata_agency_type,
        "satudata_agency_date": satudata_agency_date,
        "satudata_agency_area_code": satudata_agency_area_code,
        "satudata_agency_agreement_period": satudata_agency_agreement_period,
    }
