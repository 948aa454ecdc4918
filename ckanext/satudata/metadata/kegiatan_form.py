"""The kegiatan form ends on its first page: a Kegiatan Statistik holds no files.

CKAN's new-dataset form always goes on to the "Add data" step (``<type>_resource.new``), where a
kegiatan would only offer an empty resource form. When that step is opened for a kegiatan still
in draft, the draft is made active, as the step's own "Finish" button does, and the user lands on
the kegiatan's page.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import request

from .kegiatan_rules import KEGIATAN_TYPE

ADD_DATA_ENDPOINT = f"{KEGIATAN_TYPE}_resource.new"


def skip_add_data() -> Any:
    if request.endpoint != ADD_DATA_ENDPOINT or request.method != "GET":
        return None
    ref = (request.view_args or {}).get("id")
    try:
        pkg = tk.get_action("package_show")({}, {"id": ref})
        if pkg.get("state") == "draft":
            tk.get_action("package_patch")({}, {"id": pkg["id"], "state": "active"})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None  # CKAN's own view answers 404/403
    except tk.ValidationError:
        return tk.redirect_to(f"{KEGIATAN_TYPE}.edit", id=ref)
    return tk.redirect_to(f"{KEGIATAN_TYPE}.read", id=pkg["name"])


def install(app: Any) -> Any:
    app.before_request(skip_add_data)
    return app
