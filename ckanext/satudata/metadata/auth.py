"""Auth guard of the metadata capability.

CKAN's own ``package_create`` auth looks the owning organization up in PostgreSQL before any
validator runs, so a JSON list or a NUL character in ``owner_org`` crashed it (a 500). This
chained auth function refuses such a value as a field error (409) and otherwise defers to
CKAN's check unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from . import rules


@tk.chained_auth_function
def package_create(next_auth: Callable, context: dict, data_dict: Any) -> dict:
    owner_org = (data_dict or {}).get("owner_org") if isinstance(data_dict, dict) else None
    problem = rules.check_text(owner_org)
    if problem:
        raise tk.ValidationError({"owner_org": [problem.render(tk._)]})
    return next_auth(context, data_dict)
