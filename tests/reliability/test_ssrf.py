"""Server-side request forgery through linked resource files (security issue #13, finding 1).

The attacker is an editor of agency A (``dinkes``). The assessment downloads a linked CSV/XLSX
and quotes its header and cell text in the reasons on A's own dataset page; pointed at the
portal's Solr or at any server only the portal can reach, that handed over other agencies'
private data. Each test: the editor creates a dataset through the action API with such a URL,
the walidata runs the assessment (the action, then a real RQ worker), and the secret served
there appears nowhere (stored results, the action's answer, the dataset page), the finding says
the address is not allowed, and the secret server was never even asked.
"""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .conftest import api, complete_dataset_fields, run_jobs, upload_csv

SECRET = "RAHASIA-DISDIK-7731"
SECRET_CSV = (
    f"kecamatan,{SECRET},{SECRET}\nCikarang Utara,{SECRET} 1.234,5\nJumlah {SECRET},1,2\n"
).encode()
NOT_ALLOWED_ID = "alamat berkas tidak diizinkan"
NOT_ALLOWED_EN = "file address not allowed"


class FileServer:
    """A real HTTP server on a loopback address and a free port. Paths: ``/secret.csv`` (the
    secret), ``/to?u=URL`` (302 to URL), ``/drip`` (one byte a second, forever), ``/big``
    (endless CSV, no Content-Length), ``/big-declared`` (Content-Length of 50 MB). ``hits``
    lists the paths asked for; ``sent`` the bytes written by /drip and /big."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.hits.append(self.path)
                path, _, query = self.path.partition("?")
                try:
                    if path == "/secret.csv":
                        self._send(200, SECRET_CSV)
                    elif path == "/to":
                        self.send_response(302)
                        self.send_header("Location", query.split("u=", 1)[1])
                        self.end_headers()
                    elif path == "/drip":
                        self._head(200)
                        self.wfile.write(b"a,b\n")
                        while not server.stopping.is_set():
                            self.wfile.write(b"1")
                            self.wfile.flush()
                            server.sent += 1
                            time.sleep(1)
                    elif path in ("/big", "/big-declared"):
                        self._head(200, 50 * 1024 * 1024 if path == "/big-declared" else None)
                        block = b"Cikarang Utara,1\n" * 4096
                        while not server.stopping.is_set() and server.sent < 200 * 2**20:
                            self.wfile.write(block)
                            server.sent += len(block)
                    else:
                        self._send(404, b"no")
                except (BrokenPipeError, ConnectionResetError):
                    server.cut = True

            def _head(self, status, length=None):
                self.send_response(status)
                self.send_header("Content-Type", "text/csv")
                if length is not None:
                    self.send_header("Content-Length", str(length))
                self.send_header("Connection", "close")
                self.end_headers()

            def _send(self, status, body):
                self._head(status, len(body))
                self.wfile.write(body)

        self.hits: list[str] = []
        self.sent, self.cut = 0, False
        self.stopping = threading.Event()
        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://{host}:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def secret_server():
    server = FileServer("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture
def redirector():
    """A second server (127.0.0.2) standing in for a public host: the tests allow it by
    address, the hop it redirects to must still be checked."""
    server = FileServer("127.0.0.2")
    yield server
    server.stop()


@pytest.fixture
def assessment_config(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.lifecycle", "false")
    monkeypatch.setitem(ckan_config, "ckanext.satudata.fetch.allowed_hosts", "")
    return lambda key, value: monkeypatch.setitem(ckan_config, key, value)


_n = iter(range(10_000))


def editor_links(app, world, url: str, fmt: str = "CSV") -> dict:
    """What the malicious editor of A does: a complete dataset whose resource links ``url``."""
    fields = complete_dataset_fields(
        resources=[
            {
                "url": url,
                "name": "Tabel",
                "format": fmt,
                "data_period": "2023",
                "language": "id",
                "columns_description": "lihat judul kolom",
            }
        ]
    )
    return api(
        app,
        world,
        "editor",
        "package_create",
        owner_org=world.org_a["id"],
        name=f"ssrf-{next(_n)}",
        title="Data curian",
        **fields,
    )


def assess(app, world, dataset: dict) -> tuple[dict, dict, str]:
    """The walidata runs the dataset's assessment through the action, a real RQ worker does
    it; returns what the editor is shown (the action in id and en, the dataset page)."""
    run = api(app, world, "walidata", "satudata_assessment_run", scope="dataset", id=dataset["id"])
    run_jobs()
    done = api(app, world, "walidata", "satudata_assessment_run_show", id=run["run_id"])
    assert done["state"] == "done" and done["datasets_assessed"] == 1, done
    shown_id = api(
        app, world, "editor", "satudata_assessment_show", dataset_id=dataset["id"], lang="id"
    )
    shown_en = api(
        app, world, "editor", "satudata_assessment_show", dataset_id=dataset["id"], lang="en"
    )
    page = app.get(
        f"/dataset/{dataset['name']}", headers={"Authorization": world.tokens["editor"]}
    ).get_data(as_text=True)
    return shown_id, shown_en, page


def stored(dataset_id: str) -> str:
    from ckan import model

    from ckanext.satudata.assessment.model import DatasetAssessment

    model.Session.remove()
    rows = (
        model.Session.query(DatasetAssessment)
        .filter(DatasetAssessment.dataset_id == dataset_id)
        .all()
    )
    assert rows, "the dataset was not assessed"
    return json.dumps([{"results": r.results, "error": r.error} for r in rows])


def structure_reasons(shown: dict) -> list[str]:
    return [
        r.get("reason") or "" for r in shown["results"] if r["indicator_id"].startswith("struct_")
    ]


def assert_refused(app, world, url: str, *secrets: str, server=None) -> None:
    dataset = editor_links(app, world, url)
    shown_id, shown_en, page = assess(app, world, dataset)
    everything = stored(dataset["id"]) + json.dumps(shown_id) + json.dumps(shown_en) + page
    for secret in (SECRET,) + secrets:
        assert secret not in everything, f"{secret} leaked through {url}"
    reasons = structure_reasons(shown_id)
    assert reasons and all(NOT_ALLOWED_ID in r for r in reasons), reasons
    assert all(NOT_ALLOWED_EN in r for r in structure_reasons(shown_en))
    assert NOT_ALLOWED_ID in page
    if server is not None:
        assert server.hits == [], f"the portal fetched {server.hits}"


@pytest.mark.usefixtures("assessment_config")
class TestRefusedAddresses:
    def test_loopback_server(self, app, world, secret_server):
        assert_refused(app, world, secret_server.base + "/secret.csv", server=secret_server)

    @pytest.mark.parametrize(
        "host",
        [
            "2130706433",
            "0x7f.1",
            "127.1",
            "0177.0.0.1",
            "[::ffff:127.0.0.1]",
            "[::ffff:7f00:1]",
            "localhost",
            "[::1]",
            "0.0.0.0",
        ],
    )
    def test_other_spellings_of_loopback(self, app, world, secret_server, host):
        url = f"http://{host}:{secret_server.port}/secret.csv"
        assert_refused(app, world, url, server=secret_server)

    def test_the_portals_own_solr(self, app, world):
        """Solr's CSV writer would list every dataset, B's private ones included."""
        from ckan.tests import factories

        private_b = factories.Dataset(
            owner_org=world.org_b["id"],
            name="rahasia-disdik",
            title="Gaji Pegawai RAHASIA-SOLR-4242",
            private=True,
            **complete_dataset_fields(classification="terbatas"),
        )
        from ckan.common import config

        solr = config["solr_url"].rstrip("/")
        url = solr + "/select?q=*:*&wt=csv&fl=id,title,owner_org,private&rows=1000"
        import urllib.request

        with urllib.request.urlopen(url, timeout=10) as r:  # the bait is really there
            assert b"RAHASIA-SOLR-4242" in r.read()
        assert_refused(app, world, url, "RAHASIA-SOLR-4242", private_b["id"])

    def test_public_looking_host_that_redirects_to_loopback(
        self, app, world, secret_server, redirector, assessment_config
    ):
        assessment_config("ckanext.satudata.fetch.allowed_hosts", "127.0.0.2")
        for target in (
            secret_server.base + "/secret.csv",
            f"http://2130706433:{secret_server.port}/secret.csv",
            f"http://[::ffff:127.0.0.1]:{secret_server.port}/secret.csv",
        ):
            assert_refused(app, world, f"{redirector.base}/to?u={target}", server=secret_server)
        assert any(h.startswith("/to?") for h in redirector.hits)  # the first hop was fetched

    @pytest.mark.parametrize(
        "url",
        ["file:///etc/passwd", "ftp://127.0.0.1/secret.csv", "gopher://127.0.0.1:6379/_KEYS%20*"],
    )
    def test_other_schemes(self, app, world, url):
        assert_refused(app, world, url)


@pytest.mark.usefixtures("assessment_config")
class TestDownloadLimits:
    def test_slow_drip_is_cut_at_the_total_deadline(
        self, app, world, secret_server, assessment_config
    ):
        assessment_config("ckanext.satudata.fetch.allowed_hosts", "127.0.0.1")
        assessment_config("ckanext.satudata.fetch.timeout", 3)
        dataset = editor_links(app, world, secret_server.base + "/drip")
        shown, _, _ = assess(app, world, dataset)
        reasons = structure_reasons(shown)
        assert reasons and all("gagal diunduh: took longer than 3 s" in r for r in reasons), reasons
        # a per-read timeout (10 s) never fires on a byte a second: only the deadline cut it
        assert secret_server.sent < 20, secret_server.sent

    @pytest.mark.parametrize("path", ["/big", "/big-declared"])
    def test_oversized_download_is_cut_at_the_byte_cap(
        self, app, world, secret_server, assessment_config, path
    ):
        assessment_config("ckanext.satudata.fetch.allowed_hosts", "127.0.0.1")
        assessment_config("ckanext.satudata.assessment.max_download_mb", 1)
        dataset = editor_links(app, world, secret_server.base + path)
        shown_id, shown_en, _ = assess(app, world, dataset)
        assert all(
            "berkas terlalu besar untuk diperiksa: larger than 1 MB" in r
            for r in structure_reasons(shown_id)
        ), structure_reasons(shown_id)
        assert all("file too large to check" in r for r in structure_reasons(shown_en))
        assert secret_server.sent < 100 * 2**20  # stopped long before the server did

    def test_allowed_intranet_host_is_still_read(
        self, app, world, secret_server, assessment_config
    ):
        """The walidata's own trusted host: the file is read and checked as before."""
        assessment_config("ckanext.satudata.fetch.allowed_hosts", "127.0.0.1")
        dataset = editor_links(app, world, secret_server.base + "/secret.csv")
        shown, _, _ = assess(app, world, dataset)
        named = next(r for r in shown["results"] if r["indicator_id"] == "struct_headers_named")
        assert named["status"] == "fail" and SECRET in named["reason"]
        assert secret_server.hits == ["/secret.csv"]


@pytest.mark.usefixtures("assessment_config")
def test_uploaded_csv_is_still_assessed(app, world):
    """A real multipart upload through the API by the same editor is read from storage."""
    fields = complete_dataset_fields(resources=[])
    dataset = api(
        app,
        world,
        "editor",
        "package_create",
        owner_org=world.org_a["id"],
        name="ssrf-upload",
        title="Data unggahan",
        **fields,
    )
    csv = b"kecamatan,jumlah_penduduk\nCikarang Utara,120000\nCibitung,98000\n"
    response = upload_csv(
        app, world, dataset, csv, "penduduk.csv", "Unggahan", "kecamatan, jumlah_penduduk"
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:400]
    assert response.json["result"]["url_type"] == "upload"
    shown, _, _ = assess(app, world, dataset)
    struct = {
        r["indicator_id"]: r for r in shown["results"] if r["indicator_id"].startswith("struct_")
    }
    assert struct and all(r["status"] == "pass" for r in struct.values()), struct


def test_connects_to_the_address_it_checked(ckan_config, monkeypatch, redirector, tmp_path):
    """DNS rebinding: the name answers an allowed address at the check and loopback after;
    the download must use the first answer, not ask again (a stub resolver: no DNS server
    runs here). Both servers listen on the same port; only the checked one may be asked."""
    from ckanext.satudata.assessment import files

    loopback = FileServer("127.0.0.1", redirector.port)
    try:
        monkeypatch.setitem(ckan_config, "ckanext.satudata.fetch.allowed_hosts", "127.0.0.2")
        answers = iter(["127.0.0.2"] + ["127.0.0.1"] * 5)
        real = socket.getaddrinfo

        def rebinding(host, port, *args, **kwargs):
            return real(next(answers) if host == "rebind.example" else host, port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", rebinding)
        files.download(
            f"http://rebind.example:{redirector.port}/secret.csv", str(tmp_path / "f.csv")
        )
        assert redirector.hits == ["/secret.csv"] and loopback.hits == []
    finally:
        loopback.stop()
