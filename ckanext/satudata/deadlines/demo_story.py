"""The demo round's story: what the agencies and the walidata did between the opening and a
week after the cutoff, replayed at those instants (``clock.story_time``) through the actions
users call, so the delivery table, the frozen picture and the scores show a realistic mix:
delivered on time, late, missing, returned with notes and fixed, under review, approved."""

from __future__ import annotations

import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import agency_lookup, agreed_items, clock
from .core import calendar as cal

log = logging.getLogger(__name__)

# (local day in November, HH:MM, who, what, agency code, item title, dataset / notes)
SUBMIT, REVIEW, RETURN, APPROVE, CORRECT, SNAPSHOT = (
    "submit",
    "start_review",
    "return",
    "approve",
    "correct",
    "snapshot",
)
RETURN_NOTES = (
    "Lengkapi konsep dan definisi variabel luas wilayah, dan sebutkan sumber data (SIAK "
    "Disdukcapil) pada deskripsi dataset."
)
STORY = [
    ("15", "10:00", SUBMIT, "dinkes", "Jumlah Puskesmas per Kecamatan", "fasilitas-kesehatan-per-kecamatan"),
    ("20", "14:00", SUBMIT, "disdukcapil", "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin", "jumlah-penduduk-per-kecamatan"),
    ("23", "21:30", SUBMIT, "dppkb", "Jumlah Peserta KB Aktif per Kecamatan", "peserta-kb-aktif-per-kecamatan"),
    ("24", "08:00", SNAPSHOT, "", "", ""),
    ("24", "09:00", REVIEW, "dinkes", "Jumlah Puskesmas per Kecamatan", ""),
    ("24", "09:30", APPROVE, "dinkes", "Jumlah Puskesmas per Kecamatan", ""),
    ("24", "10:00", REVIEW, "disdukcapil", "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin", ""),
    ("24", "10:15", RETURN, "disdukcapil", "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin", RETURN_NOTES),
    ("25", "13:00", SUBMIT, "disdik", "Jumlah Sekolah menurut Jenjang", "jumlah-siswa-sd-smp-per-kecamatan"),
    ("26", "11:00", CORRECT, "disdukcapil", "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin", "jumlah-penduduk-per-kecamatan"),
    ("27", "09:00", REVIEW, "dppkb", "Jumlah Peserta KB Aktif per Kecamatan", ""),
]  # fmt: skip
CORRECTION = " Sumber data: SIAK Disdukcapil Kabupaten Bekasi."


def actor(name: str) -> dict[str, Any]:
    """An action context as ``name`` (a demo login), else as the site user."""
    user = model.User.get(name)
    if user is None or user.state != "active":
        name = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    return {"user": name}


def play(period) -> None:
    tz = clock.zone()
    year = cal.local_date(cal.ensure_utc(period.cutoff_at), tz).year
    for day, time, what, code, title, extra in STORY:
        at = cal.parse_local(f"{year}-11-{day} {time}", tz)
        with clock.story_time(at):
            try:
                _step(period, what, code, title, extra)
            except (tk.ValidationError, tk.NotAuthorized, tk.ObjectNotFound) as exc:
                log.warning("deadlines demo: %s %s %s skipped: %s", what, code, title, exc)
                model.Session.rollback()


def _step(period, what: str, code: str, title: str, extra: str) -> None:
    if what == SNAPSHOT:
        tk.get_action("satudata_snapshot_take")(actor("walidata"), {"period_id": period.id})
        return
    org_id = agency_lookup.agency_index().resolve(code).org_id
    item = agreed_items.find_item(period.id, org_id, title) if org_id else None
    if item is None:
        return  # that agency (or its dataset) is not in this portal
    if what in (SUBMIT, CORRECT):
        pkg = model.Package.get(extra)
        if pkg is None or pkg.owner_org != item.org_id:
            return
        change: dict[str, Any] = {"id": pkg.id, "agreed_item": item.id}
        if what == CORRECT:
            change["notes"] = (pkg.notes or "").rstrip() + CORRECTION
        # the agency's admin saves the dataset form; the lifecycle hook records it
        tk.get_action("package_patch")(actor(f"admin-{code}"), change)
        return
    data = {"id": item.id, "action": what}
    if what == RETURN:
        data["notes"] = extra
    tk.get_action("satudata_item_transition")(actor("walidata"), data)
