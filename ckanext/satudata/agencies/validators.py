"""Validators of the organization schema (``schemas/organization.yaml``)."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.metadata import limits

from . import state
from .core import registry

Invalid = tk.Invalid
missing = tk.missing


def _empty(value: Any) -> bool:
    return value is missing or value is None or value == ""


def satudata_agency_code(value: Any, context: Any) -> Any:
    if _empty(value):
        return value
    if not isinstance(value, str) or not registry.CODE_RE.match(value):
        raise Invalid(tk._("Agency codes are 2-50 characters: lower-case letters, digits, "
                           "'-' or '_', starting with a letter or digit"))
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
    q = (model.Session.query(model.Group.id)
         .filter(model.Group.extras["agency_code"].astext == value,
                 model.Group.state != "deleted"))
    if group is not None and getattr(group, "id", None):
        q = q.filter(model.Group.id != group.id)
    if q.first() is not None:
        errors[key].append(tk._("Another organization already has this agency code"))


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
    codes = state.area_codes()
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
        from ckanext.satudata.metadata import codelists
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
        "satudata_agency_type": satudata_agency_type,
        "satudata_agency_date": satudata_agency_date,
        "satudata_agency_area_code": satudata_agency_area_code,
        "satudata_agency_agreement_period": satudata_agency_agreement_period,
    }
