"""The permission matrix shared by the permission, XSS and CSRF tests: roles, every action's and page's row (who is allowed, how to build its input), the registered actions and page rules, and a fingerprint of what a request may change."""

from __future__ import annotations

from collections.abc import Callable

from .conftest import ROLES, World

ANY = frozenset(ROLES)


WALIDATA = frozenset({"walidata", "sysadmin"})


AGENCY_A = frozenset({"member", "editor", "admin"}) | WALIDATA


AGENCY_A_WRITERS = frozenset({"editor", "admin"}) | WALIDATA


DATASET_CREATORS = frozenset({"editor", "admin", "other_admin"}) | WALIDATA


def _header_csv() -> dict:
    """A small CSV upload, as the variables page posts it."""
    import io

    from werkzeug.datastructures import FileStorage

    return {"upload": FileStorage(io.BytesIO(b"kecamatan,jumlah\nSetu,12\n"), filename="h.csv")}


def _period(w: World) -> dict:
    return {"period_id": w.period["id"]}


# action -> (who may call it, data_dict builder, side-effect free?)
ACTIONS: dict[str, tuple[frozenset, Callable[[World], dict], bool]] = {
    # agencies
    "satudata_agency_sync": (
        WALIDATA,
        lambda w: {"register": "agencies: []", "dry_run": True},
        False,
    ),
    "satudata_agency_merge": (
        WALIDATA,
        lambda w: {"old": w.org_b["name"], "new": w.org_a["name"], "dry_run": True},
        False,
    ),
    "satudata_agency_list": (ANY, lambda w: {}, True),
    "satudata_agency_show": (ANY, lambda w: {"id": w.org_a["name"]}, True),
    # deadlines: periods
    "satudata_period_create": (WALIDATA, lambda w: {"name": "x", "cutoff": "2026-11-23"}, False),
    "satudata_period_update": (WALIDATA, lambda w: {"id": w.period["id"]}, False),
    "satudata_period_show": (ANY, lambda w: {"id": w.period["id"]}, True),
    "satudata_period_list": (ANY, lambda w: {}, True),
    # deadlines: the agreed data list
    "satudata_item_create": (
        WALIDATA,
        lambda w: {**_period(w), "org_id": w.org_a["id"], "title": "x"},
        False,
    ),
    "satudata_item_update": (WALIDATA, lambda w: {"id": w.item["id"], "title": "y"}, False),
    "satudata_item_delete": (WALIDATA, lambda w: {"id": w.item["id"]}, False),
    "satudata_item_import": (
        WALIDATA,
        lambda w: {**_period(w), "content": "title\nx\n", "filename": "x.csv"},
        False,
    ),
    "satudata_item_list": (AGENCY_A, lambda w: {**_period(w), "org_id": w.org_a["id"]}, True),
    "satudata_item_show": (AGENCY_A, lambda w: {"id": w.item["id"]}, True),
    "satudata_item_transition": (
        AGENCY_A_WRITERS,
        lambda w: {"id": w.item["id"], "action": "submit"},
        False,
    ),
    "satudata_snapshot_take": (WALIDATA, _period, False),
    "satudata_delivery_summary": (WALIDATA, _period, True),
    "satudata_reminder_list": (WALIDATA, _period, True),
    "satudata_reminders_send": (WALIDATA, lambda w: {}, False),
    "satudata_periodic_overdue_list": (WALIDATA, lambda w: {}, True),
    # assessment
    "satudata_assessment_run": (
        WALIDATA,
        lambda w: {"scope": "dataset", "id": w.private["id"]},
        False,
    ),
    "satudata_assessment_run_show": (WALIDATA, lambda w: {"id": w.extra.get("run_id")}, True),
    "satudata_assessment_show": (AGENCY_A, lambda w: {"dataset_id": w.private["id"]}, False),
    "satudata_assessment_list": (WALIDATA, lambda w: {}, False),
    # anyone who may create a dataset (an editor or admin of any agency, the walidata)
    "satudata_variables_from_file": (DATASET_CREATORS, lambda w: _header_csv(), True),
    "satudata_manual_indicator_set": (
        WALIDATA,
        lambda w: {"org_id": w.org_a["id"], "epss_code": "x", "level": 1},
        False,
    ),
}


def _epss(w: World, with_file: bool = False) -> dict:
    """The 2026 EPSS worksheet, made once through the actions, and if asked a PDF bukti dukung."""
    import io

    from ckan.tests.helpers import call_action
    from werkzeug.datastructures import FileStorage

    sysadmin = {"user": w.user("sysadmin")}
    if "epss" not in w.extra:
        if 2026 not in call_action("satudata_epss_worksheet_list", dict(sysadmin)):
            call_action("satudata_epss_worksheet_create", dict(sysadmin), year=2026)
        w.extra["epss"] = True
    if with_file and "epss_file" not in w.extra:
        w.extra["epss_file"] = call_action(
            "satudata_epss_evidence_add",
            dict(sysadmin),
            year=2026,
            code="10201",
            upload=FileStorage(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="sk.pdf"),
        )["id"]
    return {"year": 2026}


ACTIONS.update(
    {
        # assessment: the EPSS worksheet of the Pemda (walidata only)
        "satudata_epss_worksheet_create": (WALIDATA, lambda w: {"year": 2031}, False),
        "satudata_epss_worksheet_list": (WALIDATA, lambda w: {}, True),
        "satudata_epss_worksheet_show": (WALIDATA, lambda w: dict(_epss(w), proposals=False), True),
        "satudata_epss_entry_update": (
            WALIDATA,
            lambda w: dict(_epss(w), code="10201", level=3),
            False,
        ),
        "satudata_epss_evidence_add": (
            WALIDATA,
            lambda w: dict(_epss(w), code="10201", url="https://jdih.example/a.pdf"),
            False,
        ),
        "satudata_epss_evidence_delete": (
            WALIDATA,
            lambda w: dict(_epss(w, True), evidence_id=w.extra["epss_file"]),
            False,
        ),
        "satudata_epss_history": (WALIDATA, lambda w: _epss(w), True),
    }
)


# GET pages: rule -> (who gets 200, url builder). POST-only rules are in POST_PAGES.
PAGES: dict[str, tuple[frozenset, Callable[[World], str]]] = {
    "/instansi": (ANY, lambda w: "/instansi"),
    # the dataset form in pages (metadata/formviews.py hands it to scheming)
    "/dataset/new": (DATASET_CREATORS, lambda w: "/dataset/new"),
    "/agency": (ANY, lambda w: "/agency"),
    "/walidata/agencies": (WALIDATA, lambda w: "/walidata/agencies"),
    "/walidata/deadlines/": (WALIDATA, lambda w: "/walidata/deadlines/"),
    "/walidata/deadlines": (WALIDATA, lambda w: "/walidata/deadlines"),
    "/walidata/deadlines/agency/<org_id>": (
        WALIDATA,
        lambda w: f"/walidata/deadlines/agency/{w.org_a['name']}",
    ),
    "/walidata/deadlines/export.<fmt>": (WALIDATA, lambda w: "/walidata/deadlines/export.csv"),
    "/walidata/deadlines/period/new": (WALIDATA, lambda w: "/walidata/deadlines/period/new"),
    "/walidata/deadlines/period/<period_id>/edit": (
        WALIDATA,
        lambda w: f"/walidata/deadlines/period/{w.period['id']}/edit",
    ),
    "/walidata/deadlines/item/<item_id>/edit": (
        WALIDATA,
        lambda w: f"/walidata/deadlines/item/{w.item['id']}/edit",
    ),
    "/organization/<id>/catalog.<_format>": (
        ANY,
        lambda w: f"/organization/{w.org_a['name']}/catalog.ttl",
    ),
    "/walidata/assessment/": (WALIDATA, lambda w: "/walidata/assessment/"),
    # an agency's members open its assessment (the dataset page: whoever may read the dataset)
    "/walidata/assessment/agency/<org>": (
        AGENCY_A,
        lambda w: f"/walidata/assessment/agency/{w.org_a['name']}",
    ),
    "/walidata/assessment/dataset/<dataset_id>": (
        AGENCY_A,
        lambda w: f"/walidata/assessment/dataset/{w.private['name']}",
    ),
    "/walidata/assessment/export.<fmt>": (WALIDATA, lambda w: "/walidata/assessment/export.csv"),
    "/dashboard/assessment": (ANY - {"anonymous"}, lambda w: "/dashboard/assessment"),
    "/walidata/assessment/runs/<run_id>.json": (
        WALIDATA,
        lambda w: f"/walidata/assessment/runs/{w.extra['run_id']}.json",
    ),
    "/walidata/epss/": (WALIDATA, lambda w: _epss(w) and "/walidata/epss/"),
    "/walidata/epss/<int:year>": (WALIDATA, lambda w: _epss(w) and "/walidata/epss/2026"),
    "/walidata/epss/<int:year>/export.xlsx": (
        WALIDATA,
        lambda w: _epss(w) and "/walidata/epss/2026/export.xlsx",
    ),
    "/walidata/epss/<int:year>/evidence/<evidence_id>": (
        WALIDATA,
        lambda w: _epss(w, True) and f"/walidata/epss/2026/evidence/{w.extra['epss_file']}",
    ),
}


# POST-only rules (auth asserted here with a well-formed body; CSRF in test_csrf.py)
POST_PAGES: dict[str, tuple[frozenset, Callable[[World], tuple[str, dict]]]] = {
    "/walidata/deadlines/item/<item_id>/transition": (
        WALIDATA,
        lambda w: (
            f"/walidata/deadlines/item/{w.item['id']}/transition",
            {"action": "start_review"},
        ),
    ),
    "/walidata/deadlines/item/<item_id>/delete": (
        WALIDATA,
        lambda w: (f"/walidata/deadlines/item/{w.item['id']}/delete", {}),
    ),
    "/walidata/deadlines/import": (WALIDATA, lambda w: ("/walidata/deadlines/import", {})),
    "/walidata/deadlines/item/new": (WALIDATA, lambda w: ("/walidata/deadlines/item/new", {})),
    "/walidata/deadlines/snapshot": (WALIDATA, lambda w: ("/walidata/deadlines/snapshot", {})),
    "/walidata/deadlines/remind": (WALIDATA, lambda w: ("/walidata/deadlines/remind", {})),
    "/walidata/assessment/run": (
        WALIDATA,
        lambda w: ("/walidata/assessment/run", {"scope": "dataset", "id": w.private["id"]}),
    ),
    "/walidata/assessment/runs/<run_id>/resume": (
        WALIDATA,
        lambda w: (f"/walidata/assessment/runs/{w.extra['run_id']}/resume", {}),
    ),
    "/walidata/assessment/agency/<org>/manual": (
        WALIDATA,
        lambda w: (f"/walidata/assessment/agency/{w.org_a['name']}/manual", {}),
    ),
    "/walidata/epss/create": (WALIDATA, lambda w: ("/walidata/epss/create", {"year": "2032"})),
    "/walidata/epss/<int:year>/<code>": (
        WALIDATA,
        lambda w: (
            _epss(w)
            and (
                "/walidata/epss/2026/10201",
                {"level": "4", "penjelasan": "x", "verification": "diverifikasi"},
            )
        ),
    ),
    "/walidata/epss/<int:year>/<code>/evidence": (
        WALIDATA,
        lambda w: (
            _epss(w)
            and ("/walidata/epss/2026/10201/evidence", {"url": "https://jdih.example/b.pdf"})
        ),
    ),
    "/walidata/epss/<int:year>/evidence/<evidence_id>/delete": (
        WALIDATA,
        lambda w: (
            _epss(w, True) and (f"/walidata/epss/2026/evidence/{w.extra['epss_file']}/delete", {})
        ),
    ),
}


def registered_actions() -> set[str]:
    from ckanext.satudata.plugin import CAPABILITIES

    return {name for cap in CAPABILITIES for name in cap.actions}


def registered_rules() -> dict[str, set[str]]:
    """rule -> methods of every route of the plugin's blueprints."""
    from flask import Flask

    from ckanext.satudata.plugin import CAPABILITIES

    app = Flask("probe")
    for cap in CAPABILITIES:
        for bp in cap.blueprints():
            app.register_blueprint(bp)
    out: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        out.setdefault(rule.rule, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    return out


def _fingerprint() -> tuple:
    """Row counts and last change of the plugin's tables (nothing may move on a denial)."""
    from ckan import model
    from sqlalchemy import inspect, text

    names = sorted(
        t for t in inspect(model.Session.get_bind()).get_table_names() if t.startswith("satudata_")
    )
    return tuple(
        (n, model.Session.execute(text(f'select count(*) from "{n}"')).scalar()) for n in names
    )
