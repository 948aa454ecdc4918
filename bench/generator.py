"""Generator of realistic Satu Data portals, deterministic by seed.

Used by ``make bench`` (bench/run.py) and importable by the tests::

    from bench.generator import agencies, datasets, csv_text, build_portal

The pure part (``agencies``, ``datasets``, ``csv_text``) imports nothing from CKAN: it returns
plain dicts with every Satu Data field of docs/architecture.md (core, Satu Data, MS-Keg, MS-Var,
MS-Ind, resources). The 60 agencies are Kabupaten Bekasi's register
(``ckanext/satudata/agencies/data/bekasi.yaml``: perangkat daerah and the 23 kecamatan). Each
dataset has one or two small CSV resources whose content ``csv_text`` produces (a tidy long table
by default; with ``messy`` a title row, a totals row and Indonesian number formatting, as agencies
really upload).

``build_portal`` (needs a loaded CKAN config) creates the agencies and datasets through the action
API, the CSVs uploaded into CKAN's storage, and can be re-run: whatever already exists is skipped.
"""

from __future__ import annotations

import io
import os
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from bench.generator_measures import INDICATOR_FOR, KECAMATAN, LICENSES, MEASURES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REGISTER = os.path.join(ROOT, "ckanext", "satudata", "agencies", "data", "bekasi.yaml")
AGENCY_COUNT = 60


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ------------------------------------------------------------------------------ agencies


def agencies(count: int = AGENCY_COUNT, seed: int = 0) -> list[dict]:
    """``count`` organization dicts (name, title and every organization schema field).

    The Bekasi register comes first; beyond its size synthetic agencies follow. ``seed`` only
    shifts the synthetic ones; the register rows are always the same."""
    rows = _register_rows()
    out = []
    for row in rows[:count]:
        out.append(row)
    rng = random.Random(seed)
    for i in range(len(out), count):
        code = f"bench{i:03d}"
        out.append(
            {
                "name": code,
                "title": f"Unit Kerja Uji {i:03d}",
                "agency_code": code,
                "short_name": f"UKU{i:03d}",
                "agency_type": rng.choice(("dinas", "badan")),
                "area_code": "32.16",
                "agency_status": "active",
            }
        )
    return out


def _register_rows() -> list[dict]:
    try:
        from ckanext.satudata.agencies.core import registry

        register = registry.load(REGISTER)
    except Exception:  # the register format moved under us: fall back to reading it raw
        return _raw_register_rows()
    rows = []
    for agency in register.agencies:
        fields = {k: v for k, v in agency.org_fields().items() if v}
        rows.append({"name": agency.org_name, "title": agency.name, **fields})
    return rows


def _raw_register_rows() -> list[dict]:
    import yaml

    with open(REGISTER, encoding="utf-8") as stream:
        raw = yaml.safe_load(stream)
    rows = []
    for item in raw.get("agencies", []):
        code = str(item["code"])
        name = (
            code
            if not code.isdigit()
            else "kecamatan-" + _slug(item.get("short_name") or item["name"])
        )
        rows.append(
            {
                "name": name,
                "title": item["name"],
                "agency_code": code,
                "short_name": item.get("short_name", ""),
                "agency_type": item["type"],
                "area_code": str(item.get("area_code", "")),
            }
        )
    return rows


# ------------------------------------------------------------------------------ datasets


def datasets(
    n: int,
    agency_names: list[str],
    seed: int = 0,
    *,
    first: int = 0,
    resources_per_dataset: int | None = None,
) -> Iterator[dict]:
    """Datasets ``first`` .. ``n - 1`` (package_create dicts, every Satu Data field), spread
    round-robin over ``agency_names``. Dataset ``i`` is the same for the same seed whatever
    ``first`` is, so a portal can be built in slices. Resources carry their CSV text under the
    key ``_csv`` (``build_portal`` uploads it; drop the key to send a URL-only resource)."""
    for i in range(first, n):
        yield dataset(
            i,
            agency_names[i % len(agency_names)],
            seed,
            resources_per_dataset=resources_per_dataset,
        )


def dataset(
    i: int, owner_org: str, seed: int = 0, *, resources_per_dataset: int | None = None
) -> dict:
    rng = random.Random(f"{seed}:{i}")
    m = MEASURES[rng.randrange(len(MEASURES))]
    level = rng.choice(("kecamatan", "kecamatan", "kabupaten", "desa_kelurahan"))
    year_end = rng.randint(2019, 2025)
    year_start = year_end - rng.choice((0, 0, 1, 2, 4))
    if level == "kabupaten":
        areas = ["32.16"]
        by = ""
    else:
        areas = [code for code, _ in rng.sample(KECAMATAN, rng.randint(1, 23))]
        areas.sort()
        by = " menurut Kecamatan" if level == "kecamatan" else " menurut Desa/Kelurahan"
    period = str(year_end) if year_start == year_end else f"{year_start}-{year_end}"
    title = f"{m.title}{by} di Kabupaten Bekasi {period}"
    name = f"{_slug(m.title)}-{owner_org}-{seed}-{i:05d}"[:100]
    variables = [
        {
            "name": "tahun",
            "alias": "tahun",
            "concept": "Tahun",
            "definition": "Tahun referensi data.",
            "unit": "tahun",
            "data_type": "integer",
            "reference_period": "Tahunan",
        },
        {
            "name": m.variable,
            "alias": m.variable.replace("_", " "),
            "concept": m.concept,
            "definition": m.definition,
            "unit": m.unit,
            "data_type": m.data_type,
            "reference_period": f"31 Desember {year_end}",
            "value_classification": "",
            "validation_rule": "nilai >= 0",
        },
    ]
    indicators = []
    if m.variable in INDICATOR_FOR and rng.random() < 0.7:
        ind, concept, unit = INDICATOR_FOR[m.variable]
        variables.append(
            {
                "name": "luas_wilayah",
                "alias": "luas",
                "concept": "Luas wilayah",
                "definition": "Luas daratan wilayah.",
                "unit": "km2",
                "data_type": "decimal",
                "reference_period": str(year_end),
            }
        )
        indicators.append(
            {
                "name": ind,
                "concept": concept,
                "definition": f"{concept} di wilayah Kabupaten Bekasi.",
                "interpretation": "Makin tinggi nilainya makin besar capaiannya.",
                "formula": f"{m.variable} / luas_wilayah",
                "unit": unit,
                "reference_period": str(year_end),
                "composite": "ya",
                "builder_variables": f"{m.variable},luas_wilayah",
                "estimation_level": "kecamatan" if level != "kabupaten" else "kabupaten_kota",
            }
        )
    n_res = resources_per_dataset or rng.choice((1, 1, 1, 2))
    resources = []
    for r in range(n_res):
        y = year_end - r
        messy = rng.random() < 0.25
        resources.append(
            {
                "name": f"{m.title} {y}",
                "description": f"Tabel {m.title.lower()} tahun {y}.",
                "format": "CSV",
                "data_period": str(y),
                "language": "id",
                "url": f"{_slug(m.title)}-{y}.csv",
                "columns_description": f"tahun, kode_wilayah, wilayah, {m.variable}",
                "_csv": csv_text(m.variable, areas, y, seed=f"{seed}:{i}:{r}", messy=messy),
            }
        )
    classification = "terbuka" if rng.random() < 0.9 else rng.choice(("terbatas", "dikecualikan"))
    return {
        "name": name,
        "title": title,
        "owner_org": owner_org,
        "notes": f"{m.definition} Data {m.title.lower()}{by.lower()} tahun {period}, "
        f"bersumber dari {m.source}.",
        "title_en": f"{m.title_en} in Bekasi Regency {period}",
        "notes_en": f"{m.title_en} of Bekasi Regency, {period}.",
        "tag_string": ",".join(m.tags),
        "license_id": rng.choice(LICENSES),
        "maintainer": "Bidang Statistik Sektoral",
        "maintainer_email": f"statistik.{owner_org}@bekasikab.go.id"[:100],
        "topic": m.topic,
        "urusan": [m.urusan],
        "frequency": m.frequency,
        "year_start": year_start,
        "year_end": year_end,
        "presentation_level": level,
        "area_codes": areas,
        "unit": m.unit,
        "data_source": m.source,
        "collection_method": m.method,
        "classification": classification,
        "reference_number": f"SD/{year_end}/{i:05d}" if rng.random() < 0.5 else "",
        "measure": "Jumlah",
        "variables": variables,
        "indicators": indicators,
        "resources": resources,
    }


def csv_text(
    variable: str, areas: list[str], year: int, *, seed: Any = 0, messy: bool = False
) -> str:
    """A small CSV (one row per area): tidy, or messy as agencies upload it (a title row,
    Indonesian thousands separators as text, a totals row)."""
    rng = random.Random(str(seed))
    names = dict(KECAMATAN)
    rows = [
        (year, code, names.get(code, "Kabupaten Bekasi"), rng.randint(50, 250_000))
        for code in areas
    ]
    out = io.StringIO()
    if messy:
        out.write(f"Tabel {variable.replace('_', ' ').title()} Kabupaten Bekasi {year},,,\n")
        out.write(f"Tahun,Kode Wilayah,Wilayah,{variable}\n")
        for y, code, name, v in rows:
            out.write(f'{y},{code},{name},"{format(v, ",").replace(",", ".")}"\n')
        total = sum(r[3] for r in rows)
        out.write(f',,Jumlah,"{format(total, ",").replace(",", ".")}"\n')
    else:
        out.write(f"tahun,kode_wilayah,wilayah,{variable}\n")
        for y, code, name, v in rows:
            out.write(f"{y},{code},{name},{v}\n")
    return out.getvalue()


# ------------------------------------------------------------------------------ CKAN side


@dataclass
class Portal:
    agencies: list[str]
    datasets: int
    created: int


def build_portal(
    n: int,
    *,
    seed: int = 0,
    n_agencies: int = AGENCY_COUNT,
    user: str | None = None,
    uploads: bool = True,
    progress: Callable[[int, int], None] | None = None,
    part: int = 0,
    parts: int = 1,
) -> Portal:
    """Create ``n_agencies`` agencies and ``n`` datasets in the configured CKAN (skipping what
    exists). ``user`` is a sysadmin name (default: the site user). ``part``/``parts``: this
    process builds only datasets ``i`` with ``i % parts == part`` (several processes share a
    build; run part 0 alone first so the agencies exist)."""
    import ckan.plugins.toolkit as tk
    from ckan import model

    if user is None:
        user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    orgs = agencies(n_agencies, seed)
    existing = {name for (name,) in model.Session.query(model.Group.name)}
    for org in orgs:
        if org["name"] not in existing:
            tk.get_action("organization_create")({"user": user}, dict(org))
    names = [o["name"] for o in orgs]
    have = {
        name
        for (name,) in model.Session.query(model.Package.name).filter(
            model.Package.state == "active"
        )
    }
    created = 0
    for i, pkg in enumerate(datasets(n, names, seed)):
        if i % parts != part or pkg["name"] in have:
            continue
        for attempt in range(3):  # parallel builders may race on a new tag: retry
            try:
                create_dataset(pkg, user=user, uploads=uploads)
                break
            except Exception:
                model.Session.rollback()
                if attempt == 2:
                    raise
        created += 1
        if progress:
            progress(i + 1, n)
    return Portal(agencies=names, datasets=n, created=created)


def upload_resources(pkg: dict) -> dict:
    """A copy of ``pkg`` whose resources upload their ``_csv`` text (werkzeug FileStorage, as
    the web form does) instead of carrying a URL."""
    from werkzeug.datastructures import FileStorage

    pkg = dict(pkg)
    resources = []
    for res in pkg.get("resources", []):
        res = dict(res)
        text = res.pop("_csv", None)
        if text is not None:
            res["upload"] = FileStorage(
                io.BytesIO(text.encode("utf-8")), filename=res["url"], content_type="text/csv"
            )
        resources.append(res)
    pkg["resources"] = resources
    return pkg


def strip_csv(pkg: dict) -> dict:
    """A copy of ``pkg`` without the ``_csv`` keys (URL-only resources)."""
    pkg = dict(pkg)
    pkg["resources"] = [
        {k: v for k, v in r.items() if k != "_csv"} for r in pkg.get("resources", [])
    ]
    return pkg


def create_dataset(pkg: dict, *, user: str, uploads: bool = True) -> dict:
    """One package_create. With ``uploads`` its resources are uploads (``url_type`` upload)
    whose CSV files are written into CKAN's storage where ResourceUpload puts them
    (``resources/<id[:3]>/<id[3:6]>/<id[6:]>``), so they download from the portal like a form
    upload, without the extra package_update of one resource_create per file."""
    import ckan.plugins.toolkit as tk

    if not uploads:
        return tk.get_action("package_create")({"user": user}, strip_csv(pkg))
    texts = [r.get("_csv") for r in pkg.get("resources", [])]
    body = strip_csv(pkg)
    for res in body["resources"]:
        res["url_type"] = "upload"
    created = tk.get_action("package_create")({"user": user}, body)
    storage = tk.config.get("ckan.storage_path")
    for res, text in zip(created.get("resources", []), texts):
        if text is None or not storage:
            continue
        rid = res["id"]
        folder = os.path.join(storage, "resources", rid[:3], rid[3:6])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, rid[6:]), "w", encoding="utf-8") as f:
            f.write(text)
    return created
