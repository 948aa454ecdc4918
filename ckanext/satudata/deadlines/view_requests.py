"""What every walidata deadlines page reads from the request: the calling user's context and the
period the page is about (``?period=`` or the form's ``period_id``; the current one by default)."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from flask import request

from . import periods


def _context() -> dict:
    return {"user": tk.g.user, "model": model, "auth_user_obj": tk.g.userobj}


def _period_from_request():
    name = request.args.get("period") or request.form.get("period_id")
    period = periods.get_period(name) if name else periods.current_period()
    if name and period is None:
        tk.abort(404, tk._("Period not found"))
    return period
