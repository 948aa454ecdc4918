"""Demo content: this year's collection round (cutoff 23 November, input close
8 December, in the portal's zone; corrections open-ended, as in Bekasi's 2023
round) and a small daftar data for a few agencies (demo_data/daftar-data.csv).
Idempotent. The opening date (1 November) is an assumption."""

from __future__ import annotations

import logging
import os

import ckan.model as model
import ckan.plugins.toolkit as tk

from . import agency_lookup, agreed_items, clock, periods
from .core import importer

log = logging.getLogger(__name__)
DEMO_CSV = os.path.join(os.path.dirname(__file__), "demo_data", "daftar-data.csv")
# demo datasets of the metadata capability delivered for an item, by the agency's admin
DEMO_LINKS = {
    (
        "disdukcapil",
        "Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin",
    ): "jumlah-penduduk-per-kecamatan",
    ("dinkes", "Jumlah Puskesmas per Kecamatan"): "fasilitas-kesehatan-per-kecamatan",
}


def load_demo(year: int | None = None) -> dict:
    tz = clock.zone()
    year = year or clock.now().astimezone(tz).year
    name = f"pengumpulan-{year}"
    period = periods.get_period(name)
    if period is None:
        period = periods.create_period(
            {
                "name": name,
                "title": f"Pengumpulan Data Sektoral {year}",
                "year": year,
                "opens": f"{year}-11-01 00:00",
                "cutoff": f"{year}-11-23",
                "input_close": f"{year}-12-08",
                "corrections_end": "",
            },
            None,
        )
    created = 0
    if not agreed_items.items_query(period.id).first():
        with open(DEMO_CSV, "rb") as stream:
            # rows of agencies the portal does not have are left out (errors of their own)
            result = importer.parse_file(
                stream.read(), DEMO_CSV, agencies=agency_lookup.agency_index()
            )
        if result.rows:
            items = agreed_items.import_items(period, result, None)
            created = len(items)
            model.repo.commit()
            _link_demo_datasets(items)
        else:
            log.warning("deadlines demo: no demo agency found; load the agencies demo first")
    model.repo.commit()
    return {"period": period.name, "items": created}


def _link_demo_datasets(items) -> None:
    """Link the metadata demo datasets to their items through package_patch, as the
    agency's admin would from the dataset form (the lifecycle hook records it)."""
    for item in items:
        group = model.Group.get(item.org_id)
        code = (group.extras or {}).get("agency_code") if group else None
        name = DEMO_LINKS.get((code, item.title))
        pkg = model.Package.get(name) if name else None
        if pkg is None or pkg.owner_org != item.org_id:
            continue
        user = model.User.get(f"admin-{code}")
        context = {"user": user.name} if user else {"ignore_auth": True}
        if user is None:
            context["user"] = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        try:
            tk.get_action("package_patch")(context, {"id": pkg.id, "agreed_item": item.id})
        except (tk.ValidationError, tk.NotAuthorized) as exc:
            log.warning("deadlines demo: %s not linked: %s", name, exc)
