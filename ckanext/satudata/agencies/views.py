"""Pages: the public agency directory (``/instansi``, also ``/agency``) and the
walidata's agency overview (``/walidata/agencies``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from . import queries
from .core import directory as directory_core
from .core import status

bp = Blueprint("satudata_agencies", __name__)


def _context() -> dict[str, Any]:
    user = tk.current_user.name if tk.current_user.is_authenticated else ""
    return {"user": user}


def directory() -> str:
    params = {k: tk.request.args.get(k) for k in ("type", "area_code") if tk.request.args.get(k)}
    query = (tk.request.args.get("q") or "").strip()[:100]
    registered = tk.get_action("satudata_agency_list")(_context(), params)
    agencies = directory_core.search(registered, query)
    # "publish" means a public dataset, whoever is looking (the table's own counts follow
    # the visitor's rights).
    publishing = directory_core.publishing(registered, queries.dataset_counts(None))
    return tk.render(
        "satudata/agencies/directory.html",
        {
            "groups": status.group_by_type(agencies),
            "total": len(registered),
            "shown": len(agencies),
            "publishing": len(publishing),
            "q": query,
            "filters": params,
            "types": list(status.TYPE_ORDER),
        },
    )


def walidata_overview() -> Any:
    try:
        tk.check_access("satudata_is_walidata", _context(), {})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only the walidata may see this page"))
    sync_result, sync_errors = None, []
    if tk.request.method == "POST":
        upload = tk.request.files.get("register")
        text = upload.read().decode("utf-8", errors="replace") if upload else ""
        fmt = "csv" if upload and (upload.filename or "").lower().endswith(".csv") else "yaml"
        if not text.strip():
            sync_errors = [tk._("Choose a register file (YAML or CSV)")]
        else:
            try:
                sync_result = tk.get_action("satudata_agency_sync")(
                    _context(),
                    {
                        "register": text,
                        "format": fmt,
                        "dry_run": tk.request.form.get("apply") != "1",
                        "prune": tk.request.form.get("prune") == "1",
                    },
                )
            except tk.ValidationError as e:
                sync_errors = list(e.error_dict.get("register") or [str(e)])
    agencies = tk.get_action("satudata_agency_list")(_context(), {"include_archived": True})
    for agency in agencies:
        admins = queries.admin_names(agency["id"])
        agency["admins"] = admins
        agency["warnings"] = status.warnings(agency, len(admins))
    return tk.render(
        "satudata/agencies/walidata.html",
        {
            "agencies": agencies,
            "with_warnings": sum(1 for a in agencies if a["warnings"]),
            "sync_result": sync_result,
            "sync_errors": sync_errors,
        },
    ), 409 if sync_errors else 200


bp.add_url_rule("/instansi", view_func=directory, endpoint="directory")
bp.add_url_rule("/agency", view_func=directory, endpoint="directory_en")
bp.add_url_rule(
    "/walidata/agencies", view_func=walidata_overview, endpoint="walidata", methods=["GET", "POST"]
)
