"""Resource indicators: formats, unread files, the expected result of each test file, and how
field values are read (pure)."""

from __future__ import annotations

import pytest

from ckanext.satudata.assessment.core import indicators as ind
from ckanext.satudata.assessment.core import scoring, structure

from .indicator_inputs import CONFIG, EXPECTED, complete_dataset, evaluate, inputs, report

pytestmark = pytest.mark.pure


def test_pdf_only_dataset_fails_every_structure_indicator():
    ds = complete_dataset()
    ds["resources"] = [
        {
            "id": "res-pdf",
            "name": "Tabel penduduk (PDF)",
            "url_type": "upload",
            "url": "http://portal.example/penduduk.pdf",
            "format": "PDF",
        }
    ]
    score = evaluate(ds, inputs(structure_reports={}))
    assert score.score <= CONFIG.gate.no_data_cap and score.band == "belum_layak"
    for i in ind.INDICATORS:
        if i.structure_check:
            r = score.result(i.id)
            assert r.status == scoring.FAIL
            assert r.details == ("no CSV/XLSX resource (PDF)",)
    assert score.result("open_format").status == scoring.FAIL
    assert score.result("downloadable").status == scoring.PASS


def test_pdf_beside_a_csv_halves_the_format_points_and_is_not_a_structure_miss():
    ds = complete_dataset()
    ds["resources"].append(
        {
            "id": "res-pdf",
            "name": "Tabel (PDF)",
            "url_type": "upload",
            "url": "http://portal.example/penduduk.pdf",
            "format": "PDF",
        }
    )
    score = evaluate(ds)
    r = score.result("open_format")
    assert r.status == scoring.PARTIAL and r.fraction == 0.5
    assert [x.resource_id for x in r.resources] == ["res-tidy", "res-pdf"]
    assert score.result("struct_single_header").status == scoring.PASS


def test_xlsx_is_open_and_xls_half():
    ds = complete_dataset()
    ds["resources"][0]["format"] = "XLSX"
    assert evaluate(ds).result("open_format").status == scoring.PASS
    ds["resources"][0]["format"] = "XLS"
    assert evaluate(ds).result("open_format").fraction == 0.5


def test_format_guessed_from_the_url_when_empty():
    assert ind.resource_format({"url": "http://x/a/tabel.XLSX?download=1"}) == "XLSX"
    assert ind.resource_format({"format": ".csv"}) == "CSV"


def test_unread_and_unreadable_tables_fail_structure():
    ds = complete_dataset()
    s = evaluate(ds, inputs(structure_reports={}))
    assert s.result("struct_numeric").details == ("Penduduk 2023: not read",)
    bad = ind.StructureReport(error="unreadable CSV: EncodingError")
    s = evaluate(ds, inputs(structure_reports={"res-tidy": bad}))
    assert s.result("struct_numeric").details == ("Penduduk 2023: unreadable CSV: EncodingError",)


@pytest.mark.parametrize(
    "name", sorted(n for n, spec in EXPECTED.items() if spec.get("indicators"))
)
def test_expected_resource_indicators_per_file(name):
    """expected.yaml: the resource indicators of a dataset with this file uploaded."""
    fmt = name.rsplit(".", 1)[1]
    ds = complete_dataset()
    ds["resources"][0].update(format=fmt.upper(), url=f"http://portal.example/download/{name}")
    reports = {"res-tidy": report(name)} if fmt in ("csv", "xlsx", "xls") else {}
    score = evaluate(ds, inputs(structure_reports=reports))
    for indicator_id, status in EXPECTED[name]["indicators"].items():
        assert score.result(indicator_id).status == status, indicator_id
    for check in structure.CHECKS:
        status = score.result("struct_" + check).status
        if EXPECTED[name]["fails"] is None:
            assert status == scoring.FAIL  # no table to read at all
        else:
            assert (status == scoring.FAIL) == (check in EXPECTED[name]["fails"]), check


def test_multiple_choice_values_as_strings():
    assert ind.as_list('{"2.12","1.02"}') == ["2.12", "1.02"]
    assert ind.as_list("32.16.01,32.16.02") == ["32.16.01", "32.16.02"]
    assert ind.as_list(["", None, "x"]) == ["x"]
