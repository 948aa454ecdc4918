"""The area code list against the project's reference (domain.md, "e. Reference codes"):
Kabupaten Bekasi, its 23 kecamatan and their 179 desa and 8 kelurahan (Kepmendagri
300.2.2-2138/2025)."""

from __future__ import annotations

from collections import Counter

import pytest

from ckanext.satudata.metadata import codelists

pytestmark = pytest.mark.pure

#: kecamatan -> (desa, kelurahan), typed from the table of domain.md
EXPECTED = {
    "32.16.01": (7, 1),
    "32.16.02": (7, 2),
    "32.16.03": (7, 0),
    "32.16.04": (7, 0),
    "32.16.05": (8, 0),
    "32.16.06": (9, 1),
    "32.16.07": (6, 1),
    "32.16.08": (10, 1),
    "32.16.09": (11, 0),
    "32.16.10": (8, 0),
    "32.16.11": (7, 1),
    "32.16.12": (7, 0),
    "32.16.13": (12, 1),
    "32.16.14": (7, 0),
    "32.16.15": (7, 0),
    "32.16.16": (8, 0),
    "32.16.17": (6, 0),
    "32.16.18": (11, 0),
    "32.16.19": (7, 0),
    "32.16.20": (6, 0),
    "32.16.21": (8, 0),
    "32.16.22": (7, 0),
    "32.16.23": (6, 0),
}
#: the kelurahan bekasikab.go.id names (domain.md), spaces and case aside
KELURAHAN = {
    "bahagia",
    "kebalen",
    "wanasari",
    "telagaasih",
    "sertajaya",
    "jatimulya",
    "kertasari",
    "setiaasih",
}

AREA = codelists.load("area")
VILLAGES = [e for e in AREA if e.get("level") in ("desa", "kelurahan")]


def test_desa_and_kelurahan_per_kecamatan_match_the_reference():
    counts = Counter((e.get("parent"), e.get("level")) for e in VILLAGES)
    found = {k: (counts[(k, "desa")], counts[(k, "kelurahan")]) for k in EXPECTED}
    assert found == EXPECTED
    assert sum(d for d, _ in EXPECTED.values()) == 179
    assert sum(k for _, k in EXPECTED.values()) == 8
    assert len(VILLAGES) == 187


def test_every_desa_and_kelurahan_lies_in_a_kecamatan_of_the_list():
    kecamatan = {e.code for e in AREA if e.get("level") == "kecamatan"}
    assert kecamatan == set(EXPECTED)
    for e in VILLAGES:
        assert e.get("parent") in kecamatan, e.code
        assert e.code.startswith(e.get("parent") + "."), e.code
        # Kemendagri: desa codes are 2xxx, kelurahan codes 1xxx
        number = e.code.rsplit(".", 1)[1]
        assert len(number) == 4 and number[0] == ("2" if e.get("level") == "desa" else "1")


def test_labels_name_the_level_in_both_languages():
    for e in VILLAGES:
        name = e.label_id.removeprefix("Desa ").removeprefix("Kelurahan ")
        if e.get("level") == "desa":
            assert (e.label_id, e.label_en) == (f"Desa {name}", f"{name} Village")
        else:
            assert (e.label_id, e.label_en) == (f"Kelurahan {name}", f"{name} Urban Village")
    names = {
        e.label_id.removeprefix("Kelurahan ").replace(" ", "").lower()
        for e in VILLAGES
        if e.get("level") == "kelurahan"
    }
    assert names == KELURAHAN
    assert codelists.label("area", "32.16.01.2001") == "Desa Sagara Makmur"
    assert codelists.label("area", "32.16.02.1006", "en") == "Bahagia Urban Village"


def test_codes_are_unique_and_the_source_is_recorded():
    assert len({e.code for e in AREA}) == len(AREA) == 1 + 23 + 187
    source = codelists.sources()["area"]
    assert source["status"] == "confirmed"
    assert "b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7" in source["source"]
    assert "300.2.2-2138/2025" in source["source"]
