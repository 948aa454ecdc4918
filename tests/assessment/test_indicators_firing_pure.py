"""Every indicator shown to fire with a reason and a fix (pure), and what not-applicable, not-submitted and empty datasets score."""

from __future__ import annotations

import pytest

from ckanext.satudata.assessment.catalogue import translator
from ckanext.satudata.assessment.core import indicators as ind
from ckanext.satudata.assessment.core import scoring, static

from .indicator_inputs import CONFIG, EXPECTED, KEGIATAN, complete_dataset, evaluate, inputs, report
from .test_wording_pure import english_words

pytestmark = pytest.mark.pure


def _set(**kw):
    def mutate(ds, inp):
        ds.update(kw)
        return ds, inp

    return mutate


def _res(**kw):
    def mutate(ds, inp):
        ds["resources"][0].update(kw)
        return ds, inp

    return mutate


def _structure_file(name):
    def mutate(ds, inp):
        fmt = name.rsplit(".", 1)[1].upper()
        ds["resources"][0].update(
            format=fmt, url=ds["resources"][0]["url"].replace(".csv", "." + fmt.lower())
        )
        return ds, inputs(structure_reports={"res-tidy": report(name)})

    return mutate


def _variables(ds, inp):
    ds["variables"][0]["definition"] = ""
    return ds, inp


def _indicator_formula(ds, inp):
    ds["indicators"][0]["formula"] = ""
    ds["indicators"][0]["builder_variables"] = "jumlah_penduduk, jumlah_kk"
    return ds, inp


def _variables_documented(ds, inp):
    ds["variables"][1]["validation_rule"] = ""
    ds["variables"][2].pop("alias")
    return ds, inp


def _survey(ds, inp):
    keg = dict(KEGIATAN, collection_method="survei", objective="")
    keg.pop("recommendation_id")
    return ds, inputs(ms_keg=keg)


def _timeliness(**kw):
    def mutate(ds, inp):
        base = dict(submission="on_time", cutoff="2023-11-23", periodic=True, overdue=False)
        base.update(kw)
        return ds, inputs(timeliness=ind.Timeliness(**base))

    return mutate


FIRES = {
    "meta_required": (_set(notes="", year_end=None), ["notes", "year_end"]),
    "meta_recommended": (_set(maintainer="", data_source=None), ["maintainer", "data_source"]),
    "activity_metadata": (_survey, ["objective", "recommendation_id"]),
    "variables_documented": (
        _variables_documented,
        ["luas_wilayah: validation_rule", "kecamatan: alias"],
    ),
    "variables_complete": (_variables, ["jumlah_penduduk: definition"]),
    "indicators_complete": (_indicator_formula, ["kepadatan_penduduk: formula", "jumlah_kk"]),
    "codes_valid": (
        _set(topic="Kependudukan", urusan=["2.12", "2.99"]),
        ["topic=Kependudukan", "urusan=2.99"],
    ),
    "area_codes": (
        _set(area_codes=["32.75.01", "32.16"]),
        ["area_codes=32.75.01", "presentation_level=kecamatan"],
    ),
    "unit_present": (_set(unit=""), ["unit"]),
    "dcat_valid": (
        _set(license_id="notspecified", maintainer_email=""),
        ["license_id", "maintainer_email"],
    ),
    "open_format": (
        _res(format="PDF", url="http://portal.example/x/penduduk.pdf"),
        ["Penduduk 2023: PDF"],
    ),
    "downloadable": (
        _res(url_type="", url="https://disdukcapil.bekasikab.go.id/data/penduduk.csv"),
        ["disdukcapil.bekasikab.go.id"],
    ),
    "submitted_on_time": (_timeliness(submission="late"), ["late (cutoff 2023-11-23)"]),
    "up_to_date": (
        _timeliness(overdue=True, days_overdue=40, next_due="2024-12-31"),
        ["tahunan: 40 d"],
    ),
}


VALUE_INDICATORS = {
    "area_values": "val_area_codes",
    "filled_columns": "val_columns_filled",
    "unique_rows": "val_unique_rows",
    "years": "val_years",
}


for _name, _spec in EXPECTED.items():
    for _check in _spec["fails"] or ():
        _id = VALUE_INDICATORS.get(_check, "struct_" + _check)
        FIRES.setdefault(_id, (_structure_file(_name), ["Penduduk 2023: "]))


# the value checks fire on files of the corpus (data/corpus/corpus.yaml)
FIRES["val_area_codes"] = (
    _structure_file("corpus/posyandu_kode_salah.csv"),
    ["32.16.99, 32.75", 'Penduduk 2023: column "kode_wilayah": codes'],
)


FIRES["val_columns_filled"] = (
    _structure_file("corpus/pasar_kolom_kosong.csv"),
    ['Penduduk 2023: column "keterangan" is empty'],
)


FIRES["val_unique_rows"] = (
    _structure_file("corpus/rumah_ibadah_baris_kembar.csv"),
    ["Penduduk 2023: rows 25, 26 repeat an earlier row"],
)


FIRES["val_years"] = (
    _structure_file("corpus/penduduk_tahun_luar_cakupan.csv"),
    ["2018, 2019", "Penduduk 2023: years 2018, 2019 outside 2023-2023"],
)


def test_every_indicator_has_a_firing_case():
    assert set(FIRES) == set(ind.BY_ID)


@pytest.mark.parametrize("indicator_id", sorted(ind.BY_ID))
def test_indicator_fires_with_reason_and_fix(indicator_id):
    mutate, expected_details = FIRES[indicator_id]
    ds, inp = mutate(complete_dataset(), inputs())
    score = evaluate(ds, inp)
    result = score.result(indicator_id)
    assert result.status in (scoring.FAIL, scoring.PARTIAL)
    if ind.BY_ID[indicator_id].precondition:
        # no points of its own: a failed precondition caps the score instead
        assert result.points == 0 and score.capped_by == "precondition"
        assert score.score <= CONFIG.gate.precondition_cap
    else:
        assert result.earned < result.points
    joined = " | ".join(result.details)
    for d in expected_details:
        assert d in joined, joined
    reason = ind.BY_ID[indicator_id].text("reason", "en", result.details)
    assert expected_details[0] in reason
    said = ind.BY_ID[indicator_id].text(
        "reason", "id", result.details, static.field_labels(), translator("id")
    )
    assert not english_words(said), said
    assert score.score < 100


def test_not_applicable_indicators_leave_the_maximum():
    ds = complete_dataset()
    ds["indicators"] = []
    ds["frequency"] = "sekali"
    s = evaluate(ds, inputs(timeliness=None))
    na = {r.indicator_id for r in s.results if r.status == scoring.NA}
    assert na == {"indicators_complete", "submitted_on_time", "up_to_date"}
    assert s.possible == 100 - 3 - 5 - 5
    assert s.score == 100.0


def test_not_submitted_and_no_resources():
    ds = complete_dataset()
    ds["resources"] = []
    s = evaluate(ds, inputs(timeliness=ind.Timeliness(submission="not_submitted")))
    assert s.result("submitted_on_time").status == scoring.FAIL
    assert s.result("open_format").details == ("no resources",)
    assert s.result("up_to_date").status == scoring.NA


def test_empty_dataset_scores_low_but_does_not_crash():
    s = evaluate(
        {"id": "x", "name": "kosong", "title": "Kosong"},
        inputs(structure_reports={}, timeliness=None),
    )
    assert s.score < 20 and s.band == "belum_layak"
