"""CKAN validators for the Satu Data dataset schema.

Thin wrappers around the pure rules in ``rules.py``: they translate the rule's msgid with
``toolkit._`` and report the error on the field it belongs to (``Invalid`` or
``errors[key]``), so bad input ends in a 409 with field-level messages and nothing stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from . import formpages, limits, rules
from .actions import FORM_PAGE


def scheming_validator(fn: Callable) -> Callable:
    """Mark ``fn`` as a factory scheming calls with ``(field, schema)`` (scheming checks
    the attribute; importing scheming's own decorator here would be circular, because
    scheming.validation looks validators up while it is being imported)."""
    fn.is_a_scheming_validator = True
    return fn


Missing = tk.missing
StopOnError = tk.StopOnError


def _t(problem: rules.Problem) -> str:
    return problem.render(tk._)


def _blank(value: Any) -> bool:
    return value is Missing or rules.is_blank(value)


def _required(field: dict | None) -> bool:
    return bool(field and field.get("required"))


def satudata_text(key: tuple, data: dict, errors: dict, context: dict) -> None:
    """First validator of every text field: refuses non-text JSON values and NUL before
    CKAN's own validators (and PostgreSQL) see them, and stops the field's chain."""
    value = data.get(key)
    if value is Missing:
        return
    problem = rules.check_text(value)
    if problem:
        errors.setdefault(key, []).append(_t(problem))
        raise StopOnError


def satudata_max_length(maximum: Any) -> Callable:
    """``satudata_max_length(500)`` in the scheming YAML: a text of at most ``maximum``
    characters (the limits of every field are listed in the YAML itself)."""
    maximum = int(maximum)

    def validator(value: Any) -> Any:
        if value is Missing or value is None:
            return value
        problem = limits.check_length(value, maximum)
        if problem:
            raise tk.Invalid(_t(problem))
        return value

    validator.satudata_max_length = maximum  # read by the tests that loop over the limits
    return validator


def satudata_url_is_text(key: tuple, data: dict, errors: dict, context: dict) -> None:
    """Before a resource's ``format`` is guessed from its ``url``: skip the guess when the
    url is not text (the url field reports that error itself)."""
    url = data.get(key[:-1] + ("url",))
    if url is not Missing and rules.check_text(url):
        raise StopOnError


@scheming_validator
def satudata_code(field: dict, schema: dict) -> Callable:
    """One code of the list named by the field's ``satudata_codelist``."""
    list_name = field["satudata_codelist"]

    def validator(value: Any) -> Any:
        if _blank(value):
            return value
        problem = rules.check_code(list_name, value)
        if problem:
            raise tk.Invalid(_t(problem))
        return str(value).strip()

    return validator


def _multi_code_validator(field: dict, check: Callable[[str], rules.Problem | None]) -> Callable:
    def validator(key: tuple, data: dict, errors: dict, context: dict) -> None:
        values = rules.as_list(None if data.get(key) is Missing else data.get(key))
        if not values:
            if _required(field):
                errors.setdefault(key, []).append(tk._("Missing value"))
            raise StopOnError
        problems = [p for p in (check(v) for v in values) if p]
        if problems:
            errors.setdefault(key, []).extend(_t(p) for p in problems)
            raise StopOnError
        data[key] = json.dumps(values)

    return validator


@scheming_validator
def satudata_codes(field: dict, schema: dict) -> Callable:
    """A list of codes of ``satudata_codelist``, stored as a JSON list."""
    list_name = field["satudata_codelist"]
    return _multi_code_validator(field, lambda v: rules.check_code(list_name, v))


@scheming_validator
def satudata_area_codes(field: dict, schema: dict) -> Callable:
    """A list of Kemendagri area codes inside Kabupaten Bekasi (32.16)."""
    return _multi_code_validator(field, rules.check_area_code)


def satudata_year(value: Any) -> Any:
    if _blank(value):
        return value
    problem = rules.check_year(value)
    if problem:
        raise tk.Invalid(_t(problem))
    return rules.parse_year(value)


def satudata_int_output(value: Any) -> Any:
    year = rules.parse_year(value) if not _blank(value) else None
    return value if year is None else year


def _rows(data: dict, field_name: str) -> list[dict]:
    """The rows of a repeating field from the flattened data, in index order."""
    rows: dict[int, dict] = {}
    for key, value in data.items():
        if (
            isinstance(key, tuple)
            and len(key) == 3
            and key[0] == field_name
            and isinstance(key[1], int)
        ):
            rows.setdefault(key[1], {})[key[2]] = None if value is Missing else value
    return [rows[i] for i in sorted(rows)]


def _row_indexes(data: dict, field_name: str) -> list[int]:
    return sorted(
        {
            k[1]
            for k in data
            if isinstance(k, tuple) and len(k) == 3 and k[0] == field_name and isinstance(k[1], int)
        }
    )


@scheming_validator
def satudata_dataset_checks(field: Any, schema: dict) -> Callable:
    """Dataset-level checks run after the field validators (scheming ``after_validators``):
    year order, required repeating fields, unique variable/indicator names, builder
    variables among the variables, classification -> private; on a draft sent from a page of
    the paged form, no "missing" errors for the fields of the pages still to come."""
    fields = schema.get("dataset_fields", [])
    repeating = [f for f in fields if "repeating_subfields" in f]
    pages = formpages.pages(fields)

    def validator(key: tuple, data: dict, errors: dict, context: dict) -> None:
        if not errors.get(("year_start",)) and not errors.get(("year_end",)):
            problem = rules.check_year_order(data.get(("year_start",)), data.get(("year_end",)))
            if problem:
                errors.setdefault(("year_end",), []).append(_t(problem))

        for f in repeating:
            name = f["field_name"]
            indexes = _row_indexes(data, name)
            if not indexes and f.get("required"):
                # on the first row's first subfield, where the form shows the row to add
                # (scheming's form and error list read a repeating field's errors per row)
                first = f["repeating_subfields"][0]["field_name"]
                errors.setdefault((name, 0, first), []).append(tk._("Missing value"))
            rows = _rows(data, name)
            for pos, value in rules.duplicate_names(rows):
                errors.setdefault((name, indexes[pos], "name"), []).append(
                    _t(rules.Problem(rules.MSG_DUPLICATE_NAME, {"value": value}))
                )

        variable_names = [r.get("name") for r in _rows(data, "variables") if r.get("name")]
        indexes = _row_indexes(data, "indicators")
        for pos, row in enumerate(_rows(data, "indicators")):
            for missing in rules.missing_builders(row, variable_names):
                errors.setdefault(("indicators", indexes[pos], "builder_variables"), []).append(
                    _t(rules.Problem(rules.MSG_BUILDER_MISSING, {"value": missing}))
                )

        classification = data.get(("classification",))
        if classification is not Missing and rules.requires_private(classification):
            data[("private",)] = True

        # a draft sent from page N of the paged form: later pages are not filled in yet
        page = formpages.page_number(context.get(FORM_PAGE), len(pages))
        if page and data.get(("state",)) == "draft":
            for k in formpages.waivable(errors, data, formpages.later_fields(fields, page)):
                errors[k] = []

    return validator


def satudata_source_reference(value: Any) -> Any:
    """Stand-in, on a portal running the metadata capability alone (``satudata_metadata``), for
    validators the shared schema names from higher floors (``satudata_agreed_item``): the value
    is a reference into the source portal's registers (its daftar data), which this portal does
    not hold, so it is kept as the text it is (already checked by ``satudata_text`` and the
    field's length limit), never looked up."""
    return value


# Validators of higher floors named by ckanext/satudata/schemas/dataset.yaml, and their
# stand-ins on a portal without those floors (see metadata/wiring.py RECEIVING).
HIGHER_FLOOR_STAND_INS: dict[str, Callable] = {"satudata_agreed_item": satudata_source_reference}


def all_validators() -> dict[str, Callable]:
    return {
        "satudata_text": satudata_text,
        "satudata_max_length": satudata_max_length,
        "satudata_url_is_text": satudata_url_is_text,
        "satudata_code": satudata_code,
        "satudata_codes": satudata_codes,
        "satudata_area_codes": satudata_area_codes,
        "satudata_year": satudata_year,
        "satudata_int_output": satudata_int_output,
        "satudata_dataset_checks": satudata_dataset_checks,
    }
