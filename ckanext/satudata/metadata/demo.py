"""Demo content of the metadata capability: a handful of complete Satu Data datasets of
Kabupaten Bekasi with their CSV files and the Kegiatan Statistik they link to (``demo_data/``). Idempotent: an existing dataset is
left as it is. Called by ``ckan satudata demo`` through ``wiring.load_demo``.

The datasets belong to agencies named by their agency code (``disdukcapil``, ``disdik``,
``dinkes``, ``dppkb``). The agencies capability creates those from its register; when one
does not exist yet (metadata's demo runs first, floor 0), a minimal one is created here.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
import yaml
from werkzeug.datastructures import FileStorage

log = logging.getLogger(__name__)
DEMO_DIR = Path(__file__).resolve().parent / "demo_data"


def demo_definitions() -> dict[str, Any]:
    with (DEMO_DIR / "datasets.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def ensure_agency(code: str, title: str) -> dict[str, Any]:
    try:
        return tk.get_action("organization_show")(_context(), {"id": code})
    except tk.ObjectNotFound:
        pass
    log.info("demo: creating minimal agency %s", code)
    return tk.get_action("organization_create")(
        _context(),
        {
            "name": code,
            "title": title,
            "agency_code": code,
            "agency_type": "dinas",
            "area_code": "32.16",
            "agency_status": "active",
        },
    )


def _resource(dataset_id: str, spec: dict[str, Any]) -> dict[str, Any]:
    path = DEMO_DIR / spec["file"]
    data = {key: value for key, value in spec.items() if key != "file"}
    data.update(package_id=dataset_id, format="CSV", language=spec.get("language", "id"))
    if tk.config.get("ckan.storage_path"):
        with path.open("rb") as stream:
            data["upload"] = FileStorage(stream=stream, filename=path.name, content_type="text/csv")
            data["url"] = path.name
            return tk.get_action("resource_create")(_context(), data)
    # No file storage configured: link the file by name; the metadata stays complete.
    data["url"] = tk.config.get("ckan.site_url", "").rstrip("/") + "/" + path.name
    return tk.get_action("resource_create")(_context(), data)


def _exists(name: str) -> bool:
    try:
        tk.get_action("package_show")(_context(), {"id": name})
        return True
    except tk.ObjectNotFound:
        return False


def kegiatan_definitions() -> list[dict[str, Any]]:
    with (DEMO_DIR / "kegiatan.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def load_kegiatan() -> list[str]:
    """Create the demo Kegiatan Statistik records (MS-Keg) that do not exist yet."""
    created = []
    for item in kegiatan_definitions():
        item = dict(item)
        if _exists(item["name"]):
            continue
        item.update(type="kegiatan", owner_org=item.pop("owner"))
        created.append(tk.get_action("package_create")(_context(), item)["name"])
        log.info("demo: created kegiatan %s", item["name"])
    return created


def load_demo() -> list[str]:
    """Create the demo kegiatan and datasets that do not exist yet; return the names created."""
    spec = demo_definitions()
    for code, title in spec["agencies"].items():
        ensure_agency(code, title)
    created = load_kegiatan()
    for item in spec["datasets"]:
        item = dict(item)
        owner = item.pop("owner")
        resource = item.pop("resource")
        if _exists(item["name"]):
            continue
        item.update(owner_org=owner, license_id=item.get("license_id", "cc-by"))
        dataset = tk.get_action("package_create")(_context(), item)
        _resource(dataset["id"], resource)
        created.append(dataset["name"])
        log.info("demo: created dataset %s", dataset["name"])
    from . import demo_views

    demo_views.record_views()
    return created
