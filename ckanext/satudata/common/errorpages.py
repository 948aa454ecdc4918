"""Error pages for authorization and lookup errors that a view leaves uncaught.

Some of CKAN's own views call actions outside their ``try`` (e.g. the DataTables preview's AJAX
endpoint looks the view up with ``resource_view_show`` first): another agency's user or an
anonymous visitor asking for a private dataset's preview then got a 500 (in testing mode the
debugger's traceback). This blueprint has no routes; it registers, for the whole app, a 403 for
``NotAuthorized`` and a 404 for ``ObjectNotFound``, rendered with CKAN's own error template.
Views that catch these errors themselves are not affected.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

bp = Blueprint("satudata_errorpages", __name__)


def _page(code: int, name: str, content: str) -> tuple[str, int]:
    extra_vars = {
        "code": code,
        "name": name,
        "content": content,
        "show_login_redirect_link": code == 403 and not tk.g.get("user"),
    }
    return tk.render("error_document_template.html", extra_vars), code


@bp.app_errorhandler(tk.NotAuthorized)
def not_authorized(error: Any) -> tuple[str, int]:
    return _page(403, "Forbidden", tk._("You are not authorized to see this page or data."))


@bp.app_errorhandler(tk.ObjectNotFound)
def not_found(error: Any) -> tuple[str, int]:
    return _page(404, "Not Found", tk._("The page or data was not found."))
