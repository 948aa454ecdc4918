"""Hooks of the assessment capability, called by plugin.py (see docs/architecture.md)."""
from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def _register_merge_hook() -> None:
    try:
        from ckanext.satudata.agencies import hooks
    except ImportError:
        return

    def move_rows(session: Any, old_org_id: str, new_org_id: str) -> int:
        from .service import move_rows as _move
        return _move(session, old_org_id, new_org_id)

    hooks.register_merge_hook("assessment", move_rows)


_register_merge_hook()


def _warm_worker() -> None:
    """In a ``ckan jobs worker`` process, load the assessment's heavy parts before the worker
    forks its job children (see :func:`.jobs.warm_up`)."""
    import sys
    if "jobs" in sys.argv and "worker" in sys.argv:
        try:
            from .jobs import warm_up
            warm_up()
        except Exception:  # only an optimisation
            log.warning("assessment: worker warm-up failed", exc_info=True)


_warm_worker()


def update_config(config: Any) -> None:
    """The walidata page as a tab of the sysadmin panel. CKAN 2.12 has no
    ``toolkit.add_ckan_admin_tab`` any more: there the tab is the snippet
    ``satudata/assessment/admin_tab.html``, included by the ``admin/base.html`` override."""
    import ckan.plugins.toolkit as tk
    add_tab = getattr(tk, "add_ckan_admin_tab", None)
    if add_tab is not None:
        add_tab(config, "satudata_assessment.index", "Penilaian", icon="chart-bar")


def actions() -> dict[str, Any]:
    from .actions import actions as _actions
    from ckanext.satudata.actionguard import guard_all
    return guard_all(_actions())


def auth_functions() -> dict[str, Any]:
    from .auth import auth_functions as _auth
    return _auth()


def helpers() -> dict[str, Any]:
    from .helpers import helpers as _helpers
    return _helpers()


def blueprints() -> list[Any]:
    from .views import blueprints as _bps
    return _bps()


def cli_commands() -> list[Any]:
    from .cli import assess
    return [assess]


def after_dataset_show(context: Any, pkg_dict: dict) -> None:
    """Flat values only: ``satudata_score``, ``satudata_level``, ``satudata_assessed_at``."""
    from .hooks import add_flat_values
    add_flat_values(pkg_dict)


def after_dataset_change(context: Any, pkg_dict: dict, created: bool) -> None:
    """Schedule a debounced re-assessment; never writes to the dataset."""
    from .hooks import schedule
    schedule(pkg_dict)


def load_demo() -> None:
    from .demo import load_demo as _load
    _load()
