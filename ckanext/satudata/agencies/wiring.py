"""Hooks of the agencies capability, called by plugin.py (see docs/architecture.md)."""
from __future__ import annotations

from typing import Any


def actions() -> dict[str, Any]:
    from .actions import all_actions
    from ckanext.satudata.actionguard import guard_all
    return guard_all(all_actions())


def chained_actions() -> dict[str, Any]:
    from .identity import chained_actions as _chained
    return _chained()


def auth_functions() -> dict[str, Any]:
    from . import walidata
    return {
        "satudata_is_walidata": walidata.satudata_is_walidata,
        "satudata_agency_sync": walidata.agency_sync_auth,
        "satudata_agency_merge": walidata.agency_merge_auth,
        "satudata_agency_list": walidata.agency_read_auth,
        "satudata_agency_show": walidata.agency_read_auth,
    }


def validators() -> dict[str, Any]:
    from .validators import all_validators
    return all_validators()


def helpers() -> dict[str, Any]:
    from .helpers import all_helpers
    return all_helpers()


def blueprints() -> list[Any]:
    from .views import bp
    return [bp]


def cli_commands() -> list[Any]:
    from .cli import agencies
    return [agencies]


def get_dataset_labels(dataset_obj: Any) -> list[str]:
    from . import walidata
    return walidata.get_dataset_labels(dataset_obj)


def get_user_dataset_labels(user_obj: Any) -> list[str]:
    from . import walidata
    return walidata.get_user_dataset_labels(user_obj)


def load_demo() -> None:
    from .demo import load_demo as _load
    _load()
