"""Hooks of the deadlines capability, called by plugin.py (see docs/architecture.md)."""
from __future__ import annotations

from typing import Any


def _register_merge_hook() -> None:
    try:
        from ckanext.satudata.agencies import hooks
    except ImportError:
        return
    from .service import move_org_rows
    hooks.register_merge_hook("deadlines", move_org_rows)


_register_merge_hook()


def actions() -> dict[str, Any]:
    from .actions import actions as _actions
    from ckanext.satudata.actionguard import guard_all
    return guard_all(_actions())


def auth_functions() -> dict[str, Any]:
    from .auth import auth_functions as _auth
    return _auth()


def validators() -> dict[str, Any]:
    from .validators import validators as _validators
    return _validators()


def helpers() -> dict[str, Any]:
    from .helpers import helpers as _helpers
    return _helpers()


def blueprints() -> list[Any]:
    from .views import blueprints as _bps
    return _bps()


def cli_commands() -> list[Any]:
    from .cli import deadlines
    return [deadlines]


def after_dataset_change(context: Any, pkg_dict: dict, created: bool) -> None:
    from .hooks import after_dataset_change as _hook
    _hook(context, pkg_dict, created)


def load_demo() -> None:
    from .demo import load_demo as _load
    _load()
