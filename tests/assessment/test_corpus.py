"""The corpus of tidy and messy Bekasi tables (data/corpus/, verdicts in corpus.yaml): every file
gets its verdict from the pure checks, and through the portal — uploaded with resource_create,
assessed by a real run — every dataset lands in the band its data deserves."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from ckan.tests.helpers import call_action

from ckanext.satudata.assessment import runs
from ckanext.satudata.assessment.core import scoring, static, structure, value_checks
from ckanext.satudata.assessment.core.checks import years_outcome

from .conftest import DATA

CORPUS = DATA / "corpus"
VERDICTS = yaml.safe_load((CORPUS / "corpus.yaml").read_text(encoding="utf-8"))
COVERAGE = {"year_start": 2021, "year_end": 2023}
# check id -> the indicator that scores it
INDICATOR = {c: "struct_" + c for c in structure.CHECKS} | {
    value_checks.AREA_VALUES: "val_area_codes",
    value_checks.FILLED_COLUMNS: "val_columns_filled",
    value_checks.UNIQUE_ROWS: "val_unique_rows",
    "years": "val_years",
}
TABULAR = sorted(n for n, v in VERDICTS.items() if v.get("tabular", True))


def test_the_corpus_files_are_the_ones_listed():
    files = {p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".xlsx", ".pdf")}
    assert files == set(VERDICTS)
    # every check of the assessment is exercised by at least one file that fails it
    failed = {c for v in VERDICTS.values() for c in v.get("fails") or ()}
    assert failed == set(INDICATOR)


@pytest.mark.pure
@pytest.mark.parametrize("name", TABULAR)
def test_each_file_gets_its_verdict(name):
    path = CORPUS / name
    report = structure.inspect_file(
        path, path.suffix[1:], static.area_names(), None, static.area_codes()
    )
    assert not report.error
    failed = {k for k, v in report.checks.items() if not v.ok}
    if years_outcome(name, report.years, COVERAGE).fraction != 1.0:
        failed.add("years")
    assert failed == set(VERDICTS[name]["fails"]), report.as_dict()
    usable = report.usable and "years" not in failed
    assert usable == VERDICTS[name]["usable"]


# --------------------------------------------------------------------------- through the portal


def _fields(**extra) -> dict:
    """A dataset whose metadata is complete beyond what the form requires (every MS-Keg,
    MS-Var and MS-Ind item filled), declared 2021-2023, so only the data decides its band."""
    from satudata_testing import complete_dataset_fields

    fields = complete_dataset_fields(resources=[], **COVERAGE)
    fields.update(extra)
    return fields


@pytest.fixture
def corpus_upload(create_with_upload):
    def upload(dataset: dict, filename: str, name: str | None = None) -> dict:
        return create_with_upload(
            (CORPUS / filename).read_bytes(),
            filename,
            package_id=dataset["id"],
            name=name or filename,
            format=filename.rsplit(".", 1)[1].upper(),
            description="Tabel dari korpus uji",
            data_period="2021-2023",
            columns_description="tahun, kode_wilayah, kecamatan, nilai",
            language="id",
        )

    return upload


def _assess(*datasets: dict) -> dict[str, dict]:
    """A real run over the datasets (each in its own dataset run, in this process), read back
    through satudata_assessment_show as the walidata would."""
    out = {}
    for ds in datasets:
        run = runs.create_run("dataset", ds["id"], trigger="test", user=None, enqueue=False)
        runs.run_chunk(f"{run.id}:0")
        out[ds["name"]] = call_action(
            "satudata_assessment_show", {"ignore_auth": True}, dataset_id=ds["id"], lang="id"
        )
    return out


def _per_resource(shown: dict) -> dict[str, set[str]]:
    """Resource id -> the indicators that did not earn full points on it."""
    out: dict[str, set[str]] = {}
    for r in shown["results"]:
        for res in r["resources"]:
            out.setdefault(res["resource_id"], set())
            if res["fraction"] < 1:
                out[res["resource_id"]].add(r["indicator_id"])
    return out


@pytest.mark.usefixtures("assessment_db")
def test_corpus_through_the_action_api(make_agency, make_dataset, corpus_upload):
    agency = make_agency("disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")
    datasets, resources = [], {}
    for n, name in enumerate(sorted(VERDICTS)):
        ds = make_dataset(agency["id"], **_fields(name=f"korpus-{n}", title=f"Korpus {name}"))
        resources[name] = corpus_upload(ds, name)
        datasets.append((name, ds))
    shown = _assess(*(ds for _, ds in datasets))
    data_indicators = set(INDICATOR.values())
    for name, ds in datasets:
        got = shown[ds["name"]]
        verdict = VERDICTS[name]
        missed = _per_resource(got).get(resources[name]["id"], set()) & data_indicators
        by_id = {r["indicator_id"]: r for r in got["results"]}
        if verdict.get("tabular", True):
            assert missed == {INDICATOR[c] for c in verdict["fails"]}, name
        else:  # a PDF: no table to read, every data check misses
            for indicator_id in INDICATOR.values():
                assert by_id[indicator_id]["status"] == "fail"
            assert "tidak ada sumber daya CSV/XLSX (PDF)" in by_id["struct_numeric"]["reason"]
        if verdict["usable"]:
            assert got["band"] == "siap_pakai" and got["score"] == 100.0, (name, got["score"])
            assert got["cap_note"] == ""
        else:
            # one file, not usable: the data gate keeps it in the lowest band
            assert got["band"] == "belum_layak", (name, got["score"])
            assert got["band_name"] == "Belum layak pakai"
            if verdict.get("tabular", True):  # its points alone would rank it higher
                assert got["cap_note"].startswith("Skor dibatasi pada 45 dari"), got["cap_note"]
        for r in got["results"]:
            if r.get("reason"):  # every reason in Indonesian words, no English finding left
                for english in ("title rows", "has no name", "repeat", "codes ", "outside"):
                    assert english not in r["reason"], r["reason"]


@pytest.mark.usefixtures("assessment_db")
def test_metadata_only_and_mostly_broken_datasets_land_in_the_lower_bands(
    make_agency, make_dataset, corpus_upload
):
    agency = make_agency("bappeda", title="Badan Perencanaan Pembangunan Daerah")
    metadata_only = make_dataset(agency["id"], **_fields(name="hanya-metadata", title="Hanya"))
    broken = make_dataset(agency["id"], **_fields(name="dua-belas-berkas", title="Dua belas"))
    good = ["penduduk_kecamatan_rapi.csv", "penduduk_bom_titik_koma.csv"]
    good += ["penduduk_kecamatan_rapi.xlsx", "penduduk_kecamatan_rapi.csv"]
    bad = [
        "penduduk_tahun_kolom.csv",
        "sekolah_judul_tabel.csv",
        "produksi_padi_jumlah.csv",
        "luas_panen_angka_indonesia.csv",
        "puskesmas_judul_kolom.csv",
        "posyandu_kode_salah.csv",
        "umkm_baris_tidak_rata.csv",
        "penduduk_kecamatan_tabel.pdf",
    ]
    for n, name in enumerate(good + bad):
        corpus_upload(broken, name, name=f"Tabel {n + 1}")
    tidy = make_dataset(agency["id"], **_fields(name="rapi", title="Rapi"))
    corpus_upload(tidy, "penduduk_kecamatan_rapi.csv")
    shown = _assess(metadata_only, broken, tidy)
    lower = {"belum_layak", "perlu_perbaikan"}

    assert shown["hanya-metadata"]["band"] == "belum_layak"
    assert shown["hanya-metadata"]["score"] <= scoring.load_config().gate.no_data_cap
    # 12 files, 8 broken: the points alone would give a high score; the data gate does not
    twelve = shown["dua-belas-berkas"]
    assert len(call_action("package_show", id=broken["id"])["resources"]) == 12
    raw = 100 * twelve["earned"] / twelve["possible"]
    assert raw > 70 and twelve["band"] in lower and twelve["score"] < 70
    assert twelve["band_rank"] <= 2
    assert shown["rapi"]["band"] == "siap_pakai"
    # the names of the score carry no EPSS wording
    for got in shown.values():
        assert "level" not in got and "level_name" not in got
        assert not {"Rintisan", "Terdefinisi", "Optimum", "Memuaskan"} & {got["band_name"]}
