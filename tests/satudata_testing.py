"""Plain helpers shared by the tests (import them: ``from satudata_testing import ...``).

Fixtures live in tests/conftest.py; this module holds what a test may need to call directly. Its
name is unique on purpose: every test folder may have its own conftest.py.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlparse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def wait_for_url(url: str, process: subprocess.Popen, log_path: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    with open(log_path, encoding="utf-8", errors="replace") as log:
        tail = log.read()[-4000:]
    raise RuntimeError(f"the live CKAN server did not come up on {url}:\n{tail}")


def start_ckan(
    ini: str,
    site_url: str,
    log_name: str,
    threaded: bool = True,
    seconds: float = 60,
    env: dict[str, str] | None = None,
) -> subprocess.Popen:
    """``ckan run`` of ``ini`` on the host and port of ``site_url`` (its own process group,
    output in ``.data/log/<log_name>``, environment ``env`` or this process's), returned once
    it answers ``status_show``."""
    parsed = urlparse(site_url)
    log_path = os.path.join(ROOT, ".data", "log", log_name)
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    ckan_bin = os.path.join(os.path.dirname(sys.executable), "ckan")
    args = [
        ckan_bin,
        "-c",
        ini,
        "run",
        "-H",
        parsed.hostname,
        "-p",
        str(parsed.port),
        "--disable-reloader",
    ] + (["--threaded"] if threaded else [])
    # CKAN_SITE_URL (each worktree's env file) overrides the ini's ckan.site_url: the server's
    # own URL must win, or its redirects (the login's) go to another port
    env = {**os.environ, "CKAN_SITE_URL": site_url.rstrip("/")}
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env
        )
    try:
        wait_for_url(site_url.rstrip("/") + "/api/3/action/status_show", process, log_path, seconds)
    except BaseException:
        stop_process(process)
        raise
    return process


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM to the process group, SIGKILL if it has not ended within 20 s."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


@contextlib.contextmanager
def ckan_server(ini: str, site_url: str, log_name: str, threaded: bool = True) -> Iterator[str]:
    """:func:`start_ckan` for the duration of the block; yields ``site_url``."""
    process = start_ckan(ini, site_url, log_name, threaded)
    try:
        yield site_url
    finally:
        stop_process(process)


def login(page, user_name: str, password: str, must_succeed: bool = True) -> None:
    """Log ``page`` in through CKAN's own login form (``must_succeed=False``: a refusal is
    what the test looks at)."""
    page.goto("/user/login")
    page.fill("#field-login", user_name)
    page.fill("#field-password", password)
    with page.expect_navigation():
        page.locator("#field-password").press("Enter")
    page.wait_for_load_state("networkidle")
    if must_succeed:
        assert "/user/login" not in page.url, f"login of {user_name} failed: {page.url}"


# One place that knows what a complete Satu Data dataset looks like (docs/architecture.md);
# tests override what they are about.
def complete_dataset_fields(**overrides) -> dict:
    """Every Satu Data field of a complete dataset (no name, title or owner_org)."""
    fields = {
        "notes": "Jumlah penduduk Kabupaten Bekasi menurut kecamatan dan jenis kelamin.",
        "title_en": "Population by district",
        "notes_en": "Population of Bekasi Regency by district and sex.",
        "tag_string": "penduduk,kependudukan",
        "license_id": "cc-by",
        "maintainer": "Bidang Statistik",
        "maintainer_email": "statistik@bekasikab.go.id",
        "topic": "2",
        "urusan": ["2.12"],
        "frequency": "tahunan",
        "year_start": 2022,
        "year_end": 2023,
        "presentation_level": "kecamatan",
        "area_codes": ["32.16.01", "32.16.02"],
        "unit": "jiwa",
        "data_source": "Disdukcapil Kabupaten Bekasi",
        "collection_method": "kompilasi_administrasi",
        "classification": "terbuka",
        "measure": "Jumlah",
        "variables": [
            {
                "name": "jumlah_penduduk",
                "alias": "penduduk",
                "concept": "Penduduk",
                "definition": "Orang yang berdomisili di wilayah Kabupaten Bekasi.",
                "unit": "jiwa",
                "data_type": "integer",
                "reference_period": "Desember 2023",
                "value_classification": "bilangan bulat >= 0",
                "validation_rule": "jumlah_penduduk >= 0",
                "selection_reference": "Penduduk yang tercatat dalam Data Konsolidasi Bersih",
                "question": "Berapa jumlah penduduk di kecamatan ini?",
                "public_access": "ya",
            },
            {
                "name": "luas_wilayah",
                "alias": "luas",
                "concept": "Luas wilayah",
                "definition": "Luas daratan kecamatan.",
                "unit": "km2",
                "data_type": "decimal",
                "reference_period": "2023",
                "value_classification": "km2, dua desimal",
                "validation_rule": "luas_wilayah > 0",
                "selection_reference": "Luas menurut Permendagri kode dan data wilayah",
                "question": "Berapa luas daratan kecamatan ini?",
                "public_access": "ya",
            },
        ],
        "indicators": [
            {
                "name": "kepadatan_penduduk",
                "concept": "Kepadatan penduduk",
                "definition": "Banyaknya penduduk per kilometer persegi.",
                "interpretation": "Makin tinggi nilainya makin padat wilayahnya.",
                "formula": "jumlah_penduduk / luas_wilayah",
                "unit": "jiwa/km2",
                "reference_period": "2023",
                "composite": "ya",
                "builder_variables": "jumlah_penduduk,luas_wilayah",
                "estimation_level": "kecamatan",
                "measure": "Rasio",
                "presentation_classification": "Menurut kecamatan",
                "cumulative": "tidak",
                "builder_indicators": "-",
                "builder_publication": "Publikasi Kabupaten Bekasi Dalam Angka",
                "public_access": "ya",
            }
        ],
        "resources": [
            {
                "url": "http://127.0.0.1/penduduk-2023.csv",
                "name": "Penduduk 2023",
                "format": "CSV",
                "data_period": "2023",
                "language": "id",
                "columns_description": "tahun, kode_wilayah, kecamatan, jumlah_penduduk",
            }
        ],
    }
    fields.update(overrides)
    return fields


def complete_kegiatan_fields(**overrides) -> dict:
    """Every MS-Keg item of a complete Kegiatan Statistik record (no name, title or owner_org);
    ``type`` is ``kegiatan``, so ``package_create`` validates it with schemas/kegiatan.yaml."""
    fields = {
        "type": "kegiatan",
        "year": 2023,
        "activity_code": "3216.2023.001",
        "collection_method": "survei",
        "topic": "2",
        "bps_recommended": "ya",
        "recommendation_id": "B-123/32160/VS.100/2023",
        "organizer_address": "Jl. Deltamas Boulevard, Cikarang Pusat",
        "organizer_phone": "021-89970000",
        "organizer_fax": "021-89970001",
        "organizer_email": "statistik@bekasikab.go.id",
        "unit_eselon1": "Sekretariat Daerah",
        "unit_eselon2": "Dinas",
        "technical_position": "Kepala Bidang Statistik",
        "technical_address": "Gedung Diskominfosantik Lt. 2, Cikarang Pusat",
        "technical_phone": "021-89970002",
        "technical_fax": "021-89970003",
        "technical_email": "bidang.statistik@bekasikab.go.id",
        "notes": "Kebutuhan data kependudukan per kecamatan untuk perencanaan daerah.",
        "objective": "Menyediakan jumlah penduduk per kecamatan dan jenis kelamin.",
        "schedule_planning_start": "2022-10-03",
        "schedule_planning_end": "2022-11-30",
        "schedule_design_start": "2022-11-01",
        "schedule_design_end": "2022-12-15",
        "schedule_collection_start": "2023-01-02",
        "schedule_collection_end": "2023-03-31",
        "schedule_processing_start": "2023-03-01",
        "schedule_processing_end": "2023-04-30",
        "schedule_analysis_start": "2023-05-02",
        "schedule_analysis_end": "2023-05-31",
        "schedule_dissemination_start": "2023-06-01",
        "schedule_dissemination_end": "2023-06-30",
        "schedule_evaluation_start": "2023-07-03",
        "schedule_evaluation_end": "2023-07-31",
        "variables": [
            {"name": "jumlah_penduduk", "concept": "Penduduk", "reference_period": "2023"}
        ],
        "repetition": "berulang",
        "frequency": "tahunan",
        "collection_type": "cross_sectional",
        "coverage": "sebagian_indonesia",
        "coverage_regions": "Jawa Barat: Kabupaten Bekasi",
        "collection_techniques": ["wawancara", "data_sekunder"],
        "collection_means": ["papi", "capi"],
        "collection_units": ["rumah_tangga"],
        "sample_design": "multi_stage",
        "sampling_kind": "probabilitas",
        "sampling_method": "stratified",
        "sampling_frame": "list_frame",
        "sample_fraction": "10 persen",
        "sampling_error": "RSE < 25 persen",
        "sample_unit": "Rumah tangga",
        "observation_unit": "Individu",
        "pilot": "ya",
        "quality_control": ["supervisi", "revisit"],
        "nonresponse_adjustment": "tidak",
        "enumerators": "keduanya",
        "enumerator_education": "SMA",
        "supervisor_count": 5,
        "enumerator_count": 46,
        "training": "ya",
        "processing_steps": ["editing", "coding", "data_entry", "validasi"],
        "analysis_method": "deskriptif",
        "analysis_unit": "Kecamatan",
        "result_levels": ["kabupaten_kota", "kecamatan"],
        "products": ["digital"],
        "release_printed": "2023-08-01",
        "release_digital": "2023-07-01",
        "release_microdata": "2023-09-01",
    }
    fields.update(overrides)
    return fields


def satudata_cli():
    """The ``ckan satudata`` click group, as the plugin registers it."""
    from ckanext.satudata.cli import satudata_group
    from ckanext.satudata.plugin import CAPABILITIES

    return satudata_group(CAPABILITIES)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def web_login(base_url: str, user: str, password: str):
    """A ``requests`` session logged in through CKAN's login form (cookie session, CSRF token
    of the form included)."""
    import requests

    session = requests.Session()
    page = session.get(base_url + "/user/login", timeout=30)
    token = csrf_token(page.text)
    response = session.post(
        base_url + "/user/login",
        timeout=30,
        data={"login": user, "password": password, "_csrf_token": token},
        allow_redirects=True,
    )
    assert response.status_code == 200, response.status_code
    me = session.get(base_url + "/api/3/action/status_show", timeout=30)
    assert me.status_code == 200
    return session


def csrf_token(html: str) -> str:
    import re

    match = re.search(r'name="_csrf_token"\s+value="([^"]+)"', html) or re.search(
        r'<meta name="_csrf_token" content="([^"]+)"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


def delivery_dataset(org_id: str) -> str:
    """The id of an active dataset of the agency, made through package_create if it has none:
    a delivery (submit) needs one (security #13, finding 4)."""
    import ckan.model as model
    from ckan.tests import factories

    found = (
        model.Session.query(model.Package.id)
        .filter_by(owner_org=org_id, state="active", type="dataset")
        .first()
    )
    if found is not None:
        return found[0]
    return factories.Dataset(owner_org=org_id, **complete_dataset_fields())["id"]
