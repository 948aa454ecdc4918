"""One CSRF check for the whole portal: every state-changing request that rides on the session
cookie needs a valid CSRF token, on CKAN's own views, the action API and ours alike.

Why CKAN's own check is not enough: CKAN 2.12's ``ckan_before_request`` marks a view CSRF-exempt
*for the rest of the process* (``csrf.exempt(view)``) as soon as one request reaches it with
``g.login_via_auth_header`` set, and flask-login's request loader sets that flag for every
anonymous request too. After one anonymous GET of ``/dataset/delete/<id>`` a cross-site POST with
the victim's cookie deleted the dataset. This check ignores CKAN's exemption list and the flag:

- safe methods (GET, HEAD, OPTIONS, TRACE) pass;
- anonymous requests pass (no session to abuse; the auth functions refuse their writes);
- a request whose user was identified by an API token passes: the token header decodes to the
  very user flask-login identified (a browser cannot add that header cross-site);
- every other request (the user came from the session or remember cookie) needs a valid token
  in the form field (``WTF_CSRF_FIELD_NAME``, ``_csrf_token``) or the ``X-CSRFToken`` header,
  checked by flask-wtf's ``CSRFProtect.protect()`` without exemptions (same signature, time
  limit and HTTPS referrer check as CKAN's).

Installed on the Flask app by ``install(app)`` (IMiddleware.make_middleware), so it runs after
``ckan_before_request`` has identified the user.
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def identified_by_api_token(user: Any) -> bool:
    """True if the request's API token header (``apitoken_header_name``) belongs to ``user``."""
    # Not in the toolkit: CKAN's own decoder of API tokens (no access-time update here; CKAN's
    # loader already did that when it accepted the header).
    from ckan.lib.api_token import get_user_from_token

    header = tk.config.get("apitoken_header_name") or "Authorization"
    token = tk.request.headers.get(header, "")
    if not token or user is None:
        return False
    owner = get_user_from_token(str(token), update_access_time=False)
    return owner is not None and owner.id == getattr(user, "id", None)


def _is_api_request() -> bool:
    return (tk.request.endpoint or "").split(".")[0] == "api"


def _refusal(reason: str) -> Any:
    message = tk._("The form has expired; reload the page and try again")
    log.info("CSRF refused %s %s: %s", tk.request.method, tk.request.path, reason)
    if _is_api_request():
        from flask import jsonify

        body = {
            "success": False,
            "help": tk.request.url,
            "error": {
                "__type": "CSRF Error",
                "message": tk._(
                    "A valid CSRF token (X-CSRFToken header) or an API token is required"
                ),
            },
        }
        response = jsonify(body)
        response.status_code = 400
        return response
    return tk.abort(400, message)


def check_request() -> Any:
    """``before_request`` of the app: refuse a cookie-authenticated write without its token."""
    user = tk.current_user
    if tk.request.method not in UNSAFE_METHODS or not getattr(user, "is_authenticated", False):
        return None
    if not tk.asbool(tk.config.get("WTF_CSRF_ENABLED", True)):
        return None  # CKAN's own switch (a deliberate operator choice, e.g. for load tests)
    if identified_by_api_token(user):
        return None
    from flask import current_app
    from flask_wtf.csrf import CSRFError

    try:
        current_app.extensions["csrf"].protect()
    except CSRFError as exc:
        return _refusal(str(exc.description))
    return None


def install(app: Any) -> Any:
    """Register the check on the Flask ``app`` (after CKAN's before_request functions)."""
    if not hasattr(app, "before_request"):
        raise RuntimeError(
            "ckanext-satudata's CSRF check needs the Flask app; list satudata "
            "before plugins whose make_middleware wraps it"
        )
    app.before_request(check_request)
    return app
