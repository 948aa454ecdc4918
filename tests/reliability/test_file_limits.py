"""Files cannot exhaust the worker (security issue #13, finding 5).

An editor of agency A uploads, through the action API (real multipart posts), files built to
blow up the reader: an XLSX whose one row holds 20 million cells (~0.6 MB zipped, ~290 MB of
sheet XML; before the limits a worker passed 1.1 GB on it within three minutes and kept
growing), the same sheet with zip headers claiming 1 KB, 5000 short rows under a declared range
of 16384 columns (the reader pads every row to it: 1.3 GB before), and a CSV of one 100 MB
line. The walidata runs the assessment; a real ``ckan jobs worker`` process does it. Each file
is the finding "file too large to check" and the worker's peak RSS (its own and its work
horses', from getrusage of a wrapper process) stays under 512 MB.
"""

from __future__ import annotations

import io
import os
import sys

import pytest

from bench import bombs

from .conftest import api, complete_dataset_fields, upload_csv

RSS_GOAL_KB = 512 * 1024
TOO_LARGE_ID = "berkas terlalu besar untuk diperiksa"
TOO_LARGE_EN = "file too large to check"


@pytest.fixture(scope="module")
def bomb_files(tmp_path_factory):
    return bombs.build_all(str(tmp_path_factory.mktemp("bombs")))


def upload(app, world, dataset: dict, path: str) -> dict:
    name = os.path.basename(path)
    with open(path, "rb") as f:
        response = app.post(
            "/api/3/action/resource_create",
            headers={"Authorization": world.tokens["editor"]},
            data={
                "package_id": dataset["id"],
                "name": name,
                "format": name.rsplit(".", 1)[1].upper(),
                "description": "Tabel",
                "data_period": "2023",
                "language": "id",
                "columns_description": "kecamatan, jumlah",
                "upload": (f, name),
            },
            content_type="multipart/form-data",
        )
    assert response.status_code == 200, response.get_data(as_text=True)[:400]
    return response.json["result"]


def test_bomb_uploads_are_findings_and_the_worker_stays_under_512_mb(
    app, world, bomb_files, request, ckan_config, monkeypatch
):
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.lifecycle", "false")
    monkeypatch.setitem(ckan_config, "ckan.max_resource_size", 150)  # the 100 MB line
    datasets = {}
    for n, (name, path) in enumerate(sorted(bomb_files.items())):
        dataset = api(
            app,
            world,
            "editor",
            "package_create",
            owner_org=world.org_a["id"],
            name=f"bom-{n}",
            title=f"Berkas {name}",
            **complete_dataset_fields(resources=[]),
        )
        assert upload(app, world, dataset, path)["url_type"] == "upload"
        api(app, world, "walidata", "satudata_assessment_run", scope="dataset", id=dataset["id"])
        datasets[name] = dataset

    ini = os.path.abspath(request.config.getoption("ckan_ini"))
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    rc, peak_kb = bombs.peak_rss_kb(
        [ckan, "-c", ini, "jobs", "worker", "--burst"],
        env=dict(os.environ, CKAN_INI=ini),
        cwd=os.path.dirname(ini),
    )
    print(f"worker peak RSS on the bomb uploads: {peak_kb // 1024} MB")
    assert rc == 0
    assert peak_kb < RSS_GOAL_KB, f"worker peak RSS {peak_kb // 1024} MB (goal < 512 MB)"
    for name, dataset in datasets.items():
        shown_id = api(
            app, world, "editor", "satudata_assessment_show", dataset_id=dataset["id"], lang="id"
        )
        shown_en = api(
            app, world, "editor", "satudata_assessment_show", dataset_id=dataset["id"], lang="en"
        )
        for shown, words in ((shown_id, TOO_LARGE_ID), (shown_en, TOO_LARGE_EN)):
            reasons = [
                r.get("reason") or ""
                for r in shown["results"]
                if r["indicator_id"].startswith("struct_")
            ]
            assert reasons and all(words in r for r in reasons), (name, reasons)


def test_a_tidy_upload_next_to_the_limits_is_read(app, world, ckan_config, monkeypatch, request):
    """The same path with an ordinary file: read by the real worker, every check passes."""
    monkeypatch.setitem(ckan_config, "ckanext.satudata.assessment.lifecycle", "false")
    dataset = api(
        app,
        world,
        "editor",
        "package_create",
        owner_org=world.org_a["id"],
        name="bom-tidy",
        title="Berkas rapi",
        **complete_dataset_fields(resources=[]),
    )
    csv = b"kecamatan,jumlah_penduduk\nCikarang Utara,120000\nCibitung,98000\n"
    response = upload_csv(app, world, dataset, csv, "rapi.csv", "rapi.csv", "kecamatan, jumlah")
    assert response.status_code == 200
    api(app, world, "walidata", "satudata_assessment_run", scope="dataset", id=dataset["id"])
    ini = os.path.abspath(request.config.getoption("ckan_ini"))
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    rc, _ = bombs.peak_rss_kb(
        [ckan, "-c", ini, "jobs", "worker", "--burst"],
        env=dict(os.environ, CKAN_INI=ini),
        cwd=os.path.dirname(ini),
    )
    assert rc == 0
    shown = api(
        app, world, "editor", "satudata_assessment_show", dataset_id=dataset["id"], lang="en"
    )
    struct = [r for r in shown["results"] if r["indicator_id"].startswith("struct_")]
    assert struct and all(r["status"] == "pass" for r in struct), struct
