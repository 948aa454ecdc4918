"""A portal built the way Kabupaten Bekasi agencies build it, on the live server (``live_server``):
datasets created through the action API over HTTP with REAL multipart uploads of a CSV, an XLSX
and a PDF file plus linked URLs, and one dataset through the web form (login form, CSRF token,
the two form stages a browser posts). Used by the SHACL test of uploads and by the stock
harvester tests (imported by the test modules; not a conftest.py).

Only the agencies and the agency editor are made in-process (factories, i.e. the same actions);
everything an agency does afterwards goes over HTTP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import requests
from satudata_testing import complete_dataset_fields

DATA = Path(__file__).resolve().parent.parent / "assessment" / "data"
PASSWORD = "Dcat-Uploads-2026"
EDITOR = "editor-dcat"

# (file of tests/assessment/data, resource name, format)
UPLOADS = [
    ("penduduk_kecamatan_2023.csv", "Penduduk 2023 (CSV)", "CSV"),
    ("penduduk_kecamatan_2021_2023_laporan.xlsx", "Penduduk 2021-2023 (XLSX)", "XLSX"),
    ("penduduk_kecamatan_2023.pdf", "Penduduk 2023 (PDF)", "PDF"),
]


@dataclass
class Portal:
    url: str
    token: str
    agencies: dict = field(default_factory=dict)  # code -> organization dict
    public: list = field(default_factory=list)  # package_show of every public dataset
    private: list = field(default_factory=list)  # package_show of the private ones

    def action(self, action: str, **data) -> dict:
        response = requests.post(
            f"{self.url}/api/3/action/{action}",
            json=data,
            timeout=60,
            headers={"Authorization": self.token},
        )
        assert response.status_code == 200, (action, response.status_code, response.text[:2000])
        return response.json()["result"]

    def upload(self, package_id: str, filename: str, name: str, fmt: str) -> dict:
        with open(DATA / filename, "rb") as stream:
            response = requests.post(
                f"{self.url}/api/3/action/resource_create",
                timeout=60,
                headers={"Authorization": self.token},
                data={
                    "package_id": package_id,
                    "name": name,
                    "format": fmt,
                    "data_period": "2023",
                    "language": "id",
                    "columns_description": "lihat judul kolom",
                },
                files={"upload": (filename, stream)},
            )
        assert response.status_code == 200, (filename, response.status_code, response.text[:2000])
        return response.json()["result"]

    def show(self, name: str) -> dict:
        return self.action("package_show", id=name)


def make_agencies() -> dict:
    """The walidata and two agencies, and an editor of both agencies with an API token."""
    from ckan.tests import factories
    from ckan.tests.helpers import call_action

    agencies = {
        "diskominfosantik": factories.Organization(
            name="diskominfosantik",
            agency_code="diskominfosantik",
            agency_type="dinas",
            title="Dinas Komunikasi, Informatika, Persandian dan Statistik",
            short_name="Diskominfosantik",
            contact_email="diskominfosantik@bekasikab.go.id",
        ),
        "disdukcapil": factories.Organization(
            name="disdukcapil",
            agency_code="disdukcapil",
            agency_type="dinas",
            title="Dinas Kependudukan dan Pencatatan Sipil",
            short_name="Disdukcapil",
            contact_email="disdukcapil@bekasikab.go.id",
        ),
        "dinkes": factories.Organization(
            name="dinkes",
            agency_code="dinkes",
            agency_type="dinas",
            title="Dinas Kesehatan",
            short_name="Dinkes",
        ),
    }
    user = factories.User(name=EDITOR, password=PASSWORD, email="editor-dcat@bekasikab.go.id")
    for code in ("disdukcapil", "dinkes"):
        call_action(
            "organization_member_create",
            id=agencies[code]["id"],
            username=user["name"],
            role="editor",
        )
    token = call_action(
        "api_token_create",
        context={"user": user["name"], "ignore_auth": True},
        user=user["name"],
        name="dcat-tests",
    )["token"]
    return {"agencies": agencies, "token": token}


def api_dataset(portal: Portal, owner: str, name: str, uploads=(), links=(), **fields) -> dict:
    """package_create over HTTP, then one multipart resource_create per file and per link."""
    values = complete_dataset_fields(**fields)
    values.update(name=name, owner_org=portal.agencies[owner]["id"], resources=[])
    values.setdefault("title", name.replace("-", " ").title())
    created = portal.action("package_create", **values)
    for filename, res_name, fmt in uploads:
        portal.upload(created["id"], filename, res_name, fmt)
    for url, res_name, fmt in links:
        portal.action(
            "resource_create",
            package_id=created["id"],
            url=url,
            name=res_name,
            format=fmt,
            data_period="2024",
            language="id",
        )
    return portal.show(created["id"])


def csrf_token(html: str) -> str:
    match = re.search(r'name="_csrf_token"\s+value="([^"]+)"', html) or re.search(
        r'<meta name="_csrf_token" content="([^"]+)"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


def hidden_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    """The hidden inputs of a form (the CSRF token, CKAN's ``_ckan_phase``, ``pkg_name``), which
    a browser posts with it."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    assert form is not None, f"no form #{form_id} in the page"
    return [
        (i["name"], i.get("value", ""))
        for i in form.find_all("input", type="hidden")
        if i.get("name")
    ]


def _form_fields(html: str) -> set[str]:
    """The names of the visible fields of the dataset form page (what a person fills in)."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(html, "html.parser").find("form", id="dataset-edit")
    assert form is not None, "no form #dataset-edit in the page"
    return {
        e["name"]
        for e in form.find_all(["input", "select", "textarea"])
        if e.get("name") and e.get("type") != "hidden"
    }


def _page_values(html: str, values: dict) -> list[tuple[str, str]]:
    """What a browser posts for one page of the dataset form: its hidden inputs, the values of
    the fields the page shows (every row of a repeating field whose first row it shows, as
    the page's "add" button would make them) and its "next" button."""
    shown = _form_fields(html)
    form = hidden_fields(html, "dataset-edit")
    for key, value in values.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            # a blank first row, or the "add" button's row template (the page has no row yet)
            if {f"{key}-0-name", f"{key}-REPEATING-INDEX0-name"} & shown:
                for index, item in enumerate(value):
                    form.extend((f"{key}-{index}-{k}", str(v)) for k, v in item.items())
        elif key in shown:
            items = value if isinstance(value, list) else [value]
            form.extend((key, str(v)) for v in items)
    return form + [("save", "")]


def form_dataset(portal: Portal, owner: str, name: str, title: str) -> dict:
    """A dataset through the web form, as a browser posts it: login, the form's pages (the
    dataset, its Satu Data description, variables, indicators: each page posts the fields it
    shows), then the resource stage (a CSV file uploaded with the resource form)."""
    session = requests.Session()
    page = session.get(f"{portal.url}/user/login", timeout=30)
    response = session.post(
        f"{portal.url}/user/login",
        timeout=30,
        data={"login": EDITOR, "password": PASSWORD, "_csrf_token": csrf_token(page.text)},
    )
    assert response.status_code == 200 and "/user/login" not in response.url, response.url
    fields = complete_dataset_fields()
    values = {
        key: fields[key]
        for key in (
            "notes",
            "title_en",
            "notes_en",
            "tag_string",
            "license_id",
            "maintainer",
            "maintainer_email",
            "topic",
            "frequency",
            "year_start",
            "year_end",
            "presentation_level",
            "unit",
            "data_source",
            "collection_method",
            "classification",
            "measure",
            "urusan",
            "area_codes",
            "variables",
            "indicators",
        )
    }
    values.update(title=title, name=name, owner_org=portal.agencies[owner]["id"])
    url = f"{portal.url}/dataset/new"
    response = session.get(url, timeout=30)
    assert response.status_code == 200, response.status_code
    for _page in range(6):  # four pages, a bound against a form that never ends
        response = session.post(url, data=_page_values(response.text, values), timeout=60)
        assert response.status_code == 200, response.status_code
        if "/resource/new" in response.url:
            break
        assert response.url != url or "error" not in response.text, (
            response.url,
            re.findall(r"error[^<]{0,200}", response.text)[:5],
        )
        url = response.url
    assert "/resource/new" in response.url, (
        response.url,
        re.findall(r"error[^<]{0,200}", response.text)[:5],
    )
    page = response
    filename = "penduduk_kecamatan_2023.csv"
    with open(DATA / filename, "rb") as stream:
        response = session.post(
            f"{portal.url}/dataset/{name}/resource/new",
            timeout=60,
            data=dict(
                hidden_fields(page.text, "resource-edit"),
                url="",
                name="Penduduk (form)",
                format="CSV",
                data_period="2023",
                language="id",
                columns_description="tahun, kode_wilayah, kecamatan, jumlah_penduduk",
                save="go-metadata",
            ),
            files={"upload": (filename, stream, "text/csv")},
        )
    assert response.status_code == 200 and response.url.rstrip("/").endswith(f"/dataset/{name}"), (
        response.status_code,
        response.url,
    )
    return portal.show(name)


def build_portal(live_server: str) -> Portal:
    """Agencies in-process, then every dataset over HTTP (see the module docstring)."""
    made = make_agencies()
    portal = Portal(url=live_server, token=made["token"], agencies=made["agencies"])
    portal.public.append(
        api_dataset(
            portal,
            "disdukcapil",
            "penduduk-per-kecamatan",
            title="Penduduk per Kecamatan",
            area_codes=["32.16.02", "32.16", "32.16.01"],
            presentation_level="kecamatan",
            reference_number="WD-2024/001",
            sds_code="SP00055.00.00",
            uploads=UPLOADS,
            links=[("https://data.bekasikab.go.id/penduduk-2023.json", "Penduduk (JSON)", "JSON")],
        )
    )
    portal.public.append(
        api_dataset(
            portal,
            "dinkes",
            "fasilitas-kesehatan",
            title="Fasilitas Kesehatan",
            topic="9",
            urusan=["1.02"],
            license_id="odc-odbl",
            frequency="semesteran",
            area_codes=["32.16.05", "32.16.06"],
            uploads=UPLOADS[:1],
            links=[("https://data.bekasikab.go.id/faskes.geojson", "Peta Faskes", "GeoJSON")],
        )
    )
    portal.public.append(
        form_dataset(
            portal,
            "disdukcapil",
            "penduduk-menurut-jenis-kelamin",
            "Penduduk Menurut Jenis Kelamin",
        )
    )
    portal.private.append(
        api_dataset(
            portal,
            "disdukcapil",
            "data-internal-kependudukan",
            title="Data Internal",
            private=True,
            uploads=UPLOADS[:1],
        )
    )
    return portal
