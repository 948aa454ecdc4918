"""The permission matrix of actions: every action of this plugin against anonymous, a member, an editor and an admin of the same agency (A), an admin of another agency (B), the walidata and a sysadmin. Each cell is asserted, denials included; the matrix is in permission_matrix.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .conftest import ROLES, World
from .permission_matrix import ACTIONS, AGENCY_A, ANY, WALIDATA, registered_actions

# Cells that differ from the row for a second data_dict (same action, other object).
EXTRA_CELLS: list[tuple[str, frozenset, Callable[[World], dict]]] = [
    # the walidata reviews; an agency may only submit/correct
    ("satudata_item_transition", WALIDATA, lambda w: {"id": w.item["id"], "action": "approve"}),
    # a public dataset's score is for everyone who can read the dataset
    ("satudata_assessment_show", ANY, lambda w: {"dataset_id": w.public["id"]}),
    # an agency's report card: its own members and the walidata
    ("satudata_assessment_show", AGENCY_A, lambda w: {"org_id": w.org_a["id"]}),
    # ... and by CKAN's `id` (a dataset's or an agency's id or name), the same answers
    ("satudata_assessment_show", AGENCY_A, lambda w: {"id": w.org_a["name"]}),
    ("satudata_assessment_show", AGENCY_A, lambda w: {"id": w.private["name"]}),
    ("satudata_assessment_show", ANY, lambda w: {"id": w.public["id"]}),
]


def _cells() -> list[Any]:
    registered = registered_actions()
    cells = []
    for action, (allowed, build, _free) in ACTIONS.items():
        if action in registered:
            cells += [
                pytest.param(action, allowed, build, role, id=f"{action}-{role}") for role in ROLES
            ]
    for n, (action, allowed, build) in enumerate(EXTRA_CELLS):
        if action in registered:
            cells += [
                pytest.param(action, allowed, build, role, id=f"{action}#{n}-{role}")
                for role in ROLES
            ]
    return cells


def test_every_action_has_a_row():
    missing = registered_actions() - set(ACTIONS)
    assert not missing, f"actions without a row in the permission matrix: {sorted(missing)}"


@pytest.mark.parametrize("action, allowed, build, role", _cells())
def test_action_cell(world, action, allowed, build, role):
    import ckan.plugins.toolkit as tk
    from ckan import model

    data = build(world)
    model.Session.remove()
    if role in allowed:
        tk.check_access(action, world.context(role), dict(data))
        if ACTIONS[action][2]:  # reads run for real
            tk.get_action(action)(world.context(role), dict(data))
    else:
        with pytest.raises(tk.NotAuthorized):
            tk.get_action(action)(world.context(role), dict(data))
    model.Session.remove()
