"""CSRF for the extension's own POST pages, checked by the extension itself.

CKAN 2.12's ``before_request`` calls ``csrf.exempt(view)`` for the rest of the process as soon as
one request reaches a view with an API token header, after which cookie-session POSTs to that
view pass without a token. ``protect(blueprint)`` checks the token of every unsafe request to the
blueprint again (API-token requests stay exempt, as in CKAN), whatever happened before.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def token_is_valid() -> bool:
    """True if the request carries a valid CSRF token (form field or header)."""
    from flask_wtf.csrf import ValidationError, validate_csrf

    field = tk.g.get("csrf_field_name") or tk.config.get("WTF_CSRF_FIELD_NAME") or "_csrf_token"
    token = tk.request.form.get(field) or tk.request.headers.get("X-CSRFToken") \
        or tk.request.headers.get("X-CSRF-Token")
    try:
        validate_csrf(token)
    except ValidationError:
        return False
    return True


def protect(blueprint: Any) -> Any:
    """Refuse (400) every unsafe request to ``blueprint`` without a valid CSRF token."""

    @blueprint.before_request
    def _check_csrf_token() -> Any:
        if tk.request.method not in UNSAFE_METHODS or tk.g.get("login_via_auth_header"):
            return None
        if not token_is_valid():
            return tk.abort(400, tk._("The form has expired; reload the page and try again"))
        return None

    return blueprint
