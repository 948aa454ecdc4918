"""Demo content of the agencies capability (``ckan satudata demo``), idempotent.

Syncs the Kabupaten Bekasi register (every perangkat daerah and kecamatan, their demo
admins) and creates a few demo users. All demo accounts share the password
:data:`DEMO_PASSWORD`, documented in README.md; nothing else secret is printed.
"""

from __future__ import annotations

import os

import ckan.model as model
import ckan.plugins.toolkit as tk
import click

from . import queries, sync

DEFAULT_REGISTER = os.path.join(os.path.dirname(__file__), "data", "bekasi.yaml")
DEMO_PASSWORD = "demo-satudata-2024"

#: agency code -> extra demo users (name, capacity)
DEMO_USERS: dict[str, list[tuple[str, str]]] = {
    "diskominfosantik": [("walidata", "admin"), ("walidata-editor", "editor")],
    "disdukcapil": [("editor-disdukcapil", "editor"), ("member-disdukcapil", "member")],
    "dinkes": [("editor-dinkes", "editor")],
    "bappeda": [("editor-bappeda", "editor")],
    "321606": [("editor-321606", "editor")],
}
#: register admins whose password is set to the demo password, to log in as an agency admin
DEMO_ADMINS = ("admin-disdukcapil", "admin-dinkes", "admin-321606")


def _site_ctx() -> dict:
    return {"user": queries.site_user_name(), "ignore_auth": True}


def _ensure_user(name: str, fullname: str) -> bool:
    if model.User.get(name) is not None:
        return False
    tk.get_action("user_create")(
        _site_ctx(),
        {
            "name": name,
            "fullname": fullname,
            "email": f"{name}@demo.bekasikab.go.id",
            "password": DEMO_PASSWORD,
        },
    )
    return True


def load_demo() -> None:
    path = tk.config.get("ckanext.satudata.agencies.register") or DEFAULT_REGISTER
    result = sync.sync(sync.load_register(path))
    summary = result["summary"]
    click.echo(
        f"  agencies: {summary['create']} created, {summary['rename'] + summary['update']} "
        f"updated, {summary['unchanged']} unchanged ({path})"
    )
    created = []
    for code, users in DEMO_USERS.items():
        org = queries.org_by_code(code)
        if org is None:
            continue
        for name, capacity in users:
            if _ensure_user(name, f"Demo {capacity} {org.title}"):
                created.append(name)
            role = tk.get_action("organization_member_create")
            if org.id not in {
                o["id"]
                for o in tk.get_action("organization_list_for_user")(
                    {"ignore_auth": True}, {"id": name, "permission": "read"}
                )
            }:
                role(_site_ctx(), {"id": org.id, "username": name, "role": capacity})
    for name in DEMO_ADMINS:
        user = model.User.get(name)
        if user is not None and not user.validate_password(DEMO_PASSWORD):
            user.password = DEMO_PASSWORD
            model.repo.commit()
    click.echo(f"  demo users created: {', '.join(created) or 'none (already there)'}")
    logins = sorted(
        ({n for us in DEMO_USERS.values() for n, _ in us} | set(DEMO_ADMINS))
        - {"walidata", "walidata-editor"}
    )
    click.echo(
        f"  demo logins (password '{DEMO_PASSWORD}'): walidata, walidata-editor, "
        + ", ".join(logins)
    )
