"""CKAN loaded in a bench worker process (bench/worker.py) and the site user its steps act as."""

from __future__ import annotations


def load(ini: str):
    """Load CKAN's config and app for ``ini``; returns the Flask app with a request context
    pushed (actions, validators and ``_()`` need one)."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    conf = load_config(ini)
    app = make_app(conf)
    flask_app = app._wsgi_app
    flask_app.test_request_context().push()
    return flask_app


def sysadmin() -> str:
    import ckan.plugins.toolkit as tk

    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
