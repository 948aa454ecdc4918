"""Page views of the demo datasets, so the home page's most-used box is filled on a demo portal:
a few visitors open each dataset page (the rows CKAN's ``tracking`` plugin writes when a browser
posts its ``/_tracking`` beacon, one per visitor, page and day), then ``ckan tracking update``'s
summary and reindex. Skipped without the ``tracking`` plugin, and once the demo's datasets have
been viewed (idempotent)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

import ckan.plugins as p
import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)

#: visitors per demo dataset: an illustrative ranking, not a measurement
VISITORS = {
    "jumlah-penduduk-per-kecamatan": 9,
    "fasilitas-kesehatan-per-kecamatan": 6,
    "jumlah-siswa-sd-smp-per-kecamatan": 4,
    "peserta-kb-aktif-per-kecamatan": 2,
}


def _visitor_key(dataset: str, visitor: int) -> str:
    # tracking hashes the browser's user agent, address and accept headers the same way
    browser = f"Mozilla/5.0 (demo visitor {visitor})10.20.0.{visitor}id-ID,idgzip"
    return hashlib.md5(browser.encode(), usedforsecurity=False).hexdigest()


def record_views() -> int:
    """Record the demo visits and sum them; return the number of page views recorded."""
    if not p.plugin_loaded("tracking"):
        return 0
    # Not in the toolkit: the tracking plugin's own model and the function `ckan tracking
    # update` runs (summary per day, then the reindex of the datasets viewed)
    from ckanext.tracking.cli.tracking import update_all
    from ckanext.tracking.model import TrackingRaw, TrackingSummary

    shown = tk.get_action("package_show")
    site = {"ignore_auth": True}
    ids = {}
    for name in VISITORS:
        try:
            ids[name] = shown(dict(site), {"id": name})["id"]
        except tk.ObjectNotFound:
            continue
    if not ids or any(TrackingSummary.get_for_package(i)["total"] for i in ids.values()):
        return 0
    recorded = 0
    for name in ids:
        for visitor in range(VISITORS[name]):
            key = _visitor_key(name, visitor)
            if TrackingRaw.get(user_key=key, url=f"/dataset/{name}") is None:
                TrackingRaw.create(user_key=key, url=f"/dataset/{name}", tracking_type="page")
                recorded += 1
    update_all(dt.date.today().isoformat())
    log.info("demo: recorded %d page views of the demo datasets", recorded)
    return recorded
