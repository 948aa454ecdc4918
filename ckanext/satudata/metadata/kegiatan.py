"""The Kegiatan Statistik record in CKAN: the scheming dataset type ``kegiatan`` (MS-Keg, kept
once per activity, owned by its agency) and the dataset field ``kegiatan`` that links a
dataset to it.

Who may see a kegiatan is CKAN's own package permission (org roles, private flag); every lookup
here goes through ``package_show`` or ``check_access('package_show')`` with the caller's
context, so a link, a choice or a page never shows a kegiatan the user could not open.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan import model

from . import kegiatan_rules as kr
from .validators import _t, scheming_validator

KEGIATAN = kr.KEGIATAN_TYPE
MAX_CHOICES = 1000


# --------------------------------------------------------------------------- validators


def satudata_date(value: Any) -> Any:
    if value is tk.missing or value is None or (isinstance(value, str) and not value.strip()):
        return value
    day, problem = kr.parse_date(value)
    if problem:
        raise tk.Invalid(_t(problem))
    return day


def satudata_count(value: Any) -> Any:
    if value is tk.missing or value is None or (isinstance(value, str) and not value.strip()):
        return value
    number, problem = kr.check_count(value)
    if problem:
        raise tk.Invalid(_t(problem))
    return number


@scheming_validator
def satudata_kegiatan_checks(field: Any, schema: dict) -> Any:
    """After the kegiatan's field validators: no schedule ends before it starts (MS-Keg 3.3)."""

    def validator(key: tuple, data: dict, errors: dict, context: dict) -> None:
        record = {k[0]: v for k, v in data.items() if isinstance(k, tuple) and len(k) == 1}
        for name in kr.schedule_disorder(record):
            if not errors.get((name,)):
                errors.setdefault((name,), []).append(tk._(kr.MSG_DATE_ORDER))

    return validator


def visible_kegiatan(ref: Any, context: dict) -> model.Package | None:
    """The active kegiatan ``ref`` (id or name) if the context's user may open it."""
    if not isinstance(ref, str) or not ref.strip():
        return None
    pkg = model.Package.get(ref.strip())
    if pkg is None or pkg.type != KEGIATAN or pkg.state != "active":
        return None
    auth = {key: context[key] for key in ("user", "auth_user_obj", "ignore_auth") if key in context}
    try:
        tk.check_access("package_show", auth, {"id": pkg.id})
    except tk.NotAuthorized:
        return None
    return pkg


def satudata_kegiatan_ref(key: tuple, data: dict, errors: dict, context: dict) -> None:
    """The dataset's ``kegiatan``: a kegiatan the user may see, stored as its id (a name or an
    id of a kegiatan the user may not open is "not found", as one that does not exist)."""
    ref = data.get(key)
    if ref is tk.missing or ref is None or ref == "":
        return
    pkg = visible_kegiatan(ref, context)
    if pkg is None and context.get("ignore_auth") and model.Package.get(str(ref).strip()) is None:
        # A harvester's import (ckanext-harvest saves with ignore_auth) brings another
        # portal's link: that record is not here, and a harvesting portal keeps its own
        # kegiatan records, so the link is left out rather than the dataset refused.
        data.pop(key, None)
        raise tk.StopOnError
    if pkg is None:
        errors.setdefault(key, []).append(tk._(kr.MSG_NO_KEGIATAN))
        raise tk.StopOnError
    data[key] = pkg.id


@scheming_validator
def satudata_kegiatan_link(field: Any, schema: dict) -> Any:
    """After the dataset's field validators (``owner_org`` is an id by then): the kegiatan
    belongs to the dataset's own agency."""

    def validator(key: tuple, data: dict, errors: dict, context: dict) -> None:
        ref = data.get((kr.LINK_FIELD,))
        if not isinstance(ref, str) or not ref or errors.get((kr.LINK_FIELD,)):
            return
        pkg = model.Package.get(ref)
        if pkg is None or pkg.owner_org != data.get(("owner_org",)):
            errors.setdefault((kr.LINK_FIELD,), []).append(tk._(kr.MSG_OTHER_AGENCY))

    return validator


# --------------------------------------------------------------------------- lookups


def _show(ref: str, context: dict | None) -> dict | None:
    try:
        return tk.get_action("package_show")(dict(context or {}), {"id": ref})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None


def kegiatan_of(dataset: dict, context: dict | None = None) -> dict | None:
    """The kegiatan a dataset links to, as ``package_show`` gives it to the context's user
    (the current user when ``context`` is empty); ``None`` when none or not visible."""
    ref = (dataset or {}).get(kr.LINK_FIELD)
    if not isinstance(ref, str) or not ref:
        return None
    record = _show(ref, context)
    return record if record and record.get("type") == KEGIATAN else None


def ms_keg_items(dataset: dict, context: dict | None = None) -> dict[str, Any]:
    """The MS-Keg items of a dataset, read from its linked kegiatan (see ``kegiatan_rules``).
    Without ``context`` the lookup ignores permissions (for capabilities that judge every
    dataset, e.g. the assessment); pages and feeds pass their user's context."""
    ref = (dataset or {}).get(kr.LINK_FIELD)
    if not isinstance(ref, str) or not ref:
        return {}  # most datasets of a run: no lookup, not even of the site user
    if context is None:
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        context = {"user": site_user["name"], "ignore_auth": True}
    return kr.ms_keg_items(kegiatan_of(dataset, context))


# --------------------------------------------------------------------------- helpers


def satudata_kegiatan_choices(current: Any = None) -> list[dict]:
    """The form's choices for a dataset's ``kegiatan``: the kegiatan of every agency where the
    user may create datasets (the validator still checks the dataset's own agency)."""
    orgs = tk.get_action("organization_list_for_user")({}, {"permission": "create_dataset"})
    ids = [o["id"] for o in orgs]
    if not ids:
        return []
    found = tk.get_action("package_search")(
        {},
        {
            "fq": f"+dataset_type:{KEGIATAN} +owner_org:(" + " OR ".join(ids) + ")",
            "include_private": True,
            "rows": MAX_CHOICES,
            "sort": "title_string asc",
        },
    )
    return [
        {
            "value": r["id"],
            "label": f"{r['title']} ({r.get('year') or '-'}) · "
            + ((r.get("organization") or {}).get("title") or ""),
            "owner_org": r.get("owner_org"),
        }
        for r in found["results"]
    ]


def satudata_kegiatan_of(pkg: dict) -> dict | None:
    return kegiatan_of(pkg)


def satudata_kegiatan_datasets(kegiatan: dict, rows: int = 100) -> dict:
    """The datasets that link to ``kegiatan`` and the current user may see."""
    return tk.get_action("package_search")(
        {},
        {
            "fq": f'+dataset_type:dataset +vocab_kegiatan:"{kegiatan["id"]}"',
            "include_private": True,
            "rows": rows,
            "sort": "title_string asc",
        },
    )


def all_validators() -> dict[str, Any]:
    return {
        "satudata_date": satudata_date,
        "satudata_count": satudata_count,
        "satudata_kegiatan_checks": satudata_kegiatan_checks,
        "satudata_kegiatan_ref": satudata_kegiatan_ref,
        "satudata_kegiatan_link": satudata_kegiatan_link,
    }


def all_helpers() -> dict[str, Any]:
    return {
        "satudata_kegiatan_choices": satudata_kegiatan_choices,
        "satudata_kegiatan_of": satudata_kegiatan_of,
        "satudata_kegiatan_datasets": satudata_kegiatan_datasets,
    }


# --------------------------------------------------------------------------- search


def only_datasets_by_default(params: dict) -> dict:
    """A search that does not ask for kegiatan finds none: the catalog, the agency pages, the
    counts and the feeds (ckanext-dcat's own search included) are about datasets. ``/kegiatan``
    and the helpers above ask for the type explicitly."""
    if not kr.asks_for_kegiatan(params.get("q"), params.get("fq"), *(params.get("fq_list") or [])):
        params["fq_list"] = [*(params.get("fq_list") or []), f"-dataset_type:{KEGIATAN}"]
    return params
