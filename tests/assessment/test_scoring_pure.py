"""Weights configuration, the bands and data gate of the Skor Kualitas Data and the
aggregates over datasets (pure; the agency score: test_agency_score_pure)."""

from __future__ import annotations

import pytest
import yaml

from ckanext.satudata.assessment.core import indicators as ind
from ckanext.satudata.assessment.core import scoring

from .indicator_inputs import complete_dataset, evaluate, inputs

pytestmark = pytest.mark.pure

CONFIG = scoring.load_config()


@pytest.mark.parametrize(
    "score,code,name",
    [
        (0, "belum_layak", "Belum layak pakai"),
        (49.99, "belum_layak", "Belum layak pakai"),
        (50, "perlu_perbaikan", "Perlu perbaikan"),
        (69.9, "perlu_perbaikan", "Perlu perbaikan"),
        (70, "hampir_siap", "Hampir siap pakai"),
        (84.99, "hampir_siap", "Hampir siap pakai"),
        (85, "siap_pakai", "Siap pakai"),
        (100, "siap_pakai", "Siap pakai"),
    ],
)
def test_bands_of_the_quality_score(score, code, name):
    band = CONFIG.band_for(score)
    assert (band.code, band.label("id")) == (code, name)


def test_no_band_or_label_uses_an_epss_level_or_predikat_name():
    epss_words = {
        "rintisan", "terkelola", "terdefinisi", "terpadu", "optimum",
        "kurang", "cukup", "baik", "sangat baik", "memuaskan", "epss", "predikat",
    }  # fmt: skip
    for band in CONFIG.bands:
        for text in (band.code, *band.name.values()):
            words = set(text.lower().replace("_", " ").split())
            assert not words & epss_words and text.lower() not in epss_words, text


def test_data_gate_caps():
    gate = CONFIG.gate
    assert gate.cap(0, 0) == (45, "no_usable_data")
    assert gate.cap(0, 3) == (45, "no_usable_data")
    assert gate.cap(4, 11)[0] == 65  # mostly unusable
    assert gate.cap(3, 4)[0] == 84  # some unusable: not the top band
    assert gate.cap(4, 4) == (100, "")
    assert CONFIG.band_for(gate.cap(1, 3)[0]).rank <= 2
    assert CONFIG.band_for(gate.cap(0, 1)[0]).rank == 1
    assert CONFIG.band_for(gate.cap(3, 5)[0]).code != "siap_pakai"
    assert gate.cap(4, 5) == (100, "")  # 80 % usable may reach the top band


def _write(tmp_path, data):
    p = tmp_path / "weights.yaml"
    p.write_text(yaml.safe_dump(data), encoding="utf-8")
    return p


def _default():
    return yaml.safe_load(scoring.DEFAULT_CONFIG_PATH.read_text(encoding="utf-8"))


def test_walidata_weights_file_changes_the_score(tmp_path):
    data = _default()
    data["points"]["unit_present"] = 50  # the walidata stresses units
    cfg = scoring.load_config(_write(tmp_path, data))
    assert cfg.max_points == 147
    ds = complete_dataset()
    ds["unit"] = ""
    ds["variables"] = [v for v in ds["variables"] if v["data_type"] == "text"]
    default = evaluate(ds).score
    heavy = scoring.score_dataset(ds, inputs(), cfg).score
    assert heavy < default
    assert 0 <= heavy <= 100


def test_omitted_points_keep_their_default(tmp_path):
    data = _default()
    del data["points"]["open_format"]
    assert scoring.load_config(_write(tmp_path, data)).points["open_format"] == 8


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda d: d["points"].update(nonsense=3), "unknown indicator ids"),
        (lambda d: d["points"].update(open_format=-1), "must be >= 0"),
        (lambda d: d["points"].update(open_format="banyak"), "not a number"),
        (lambda d: d["points"].update(meta_required=10), "precondition earns no points"),
        (lambda d: d["bands"][0].update(min_score=5), "lowest band must start"),
        (lambda d: d["bands"][1].update(min_score=120), "between 0 and 100"),
        (lambda d: d["bands"][1].update(code="belum_layak"), "unique"),
        (lambda d: d["bands"][1].pop("name"), "name needs"),
        (lambda d: d["data_gate"].update(no_data_cap="rendah"), "not a number"),
        (lambda d: d["data_gate"]["usable_share"][0].update(below=3), "between 0 and 1"),
        (lambda d: d["agency"].update(datasets=0, delivery=0, manual=0), "sum to 0"),
    ],
)
def test_invalid_weights_are_refused(tmp_path, change, message):
    data = _default()
    change(data)
    with pytest.raises(scoring.ConfigError, match=message):
        scoring.load_config(_write(tmp_path, data))


def test_missing_or_broken_weights_file(tmp_path):
    with pytest.raises(scoring.ConfigError, match="cannot read"):
        scoring.load_config(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("points: [unclosed", encoding="utf-8")
    with pytest.raises(scoring.ConfigError, match="not valid YAML"):
        scoring.load_config(bad)


def test_indicator_result_round_trips_through_json():
    s = evaluate(complete_dataset())
    for r in s.results:
        assert scoring.IndicatorResult.from_dict(r.as_dict()) == r


# --------------------------------------------------------------------------- agency aggregate


def test_indicator_rates_and_gain_show_what_raises_the_portal_most():
    good = evaluate(complete_dataset())
    ds = complete_dataset()
    ds["resources"][0]["format"] = "PDF"
    pdf = evaluate(ds, inputs(structure_reports={}))
    rates = scoring.indicator_rates([good, pdf])
    assert rates["open_format"]["pass_rate"] == 50.0
    assert rates["meta_required"]["pass_rate"] == 100.0 and rates["meta_required"]["gain"] == 0
    best = max(rates, key=lambda k: rates[k]["gain"])
    assert best == "open_format"
    assert rates["open_format"]["gain"] == round(100 * 8 / 100 / 2, 2)


def test_epss_evidence_groups_by_code():
    ev = scoring.epss_evidence([evaluate(complete_dataset())])
    assert ev["10201"] == 100.0
    # preconditions earn no points, so they give no evidence of their own
    assert set(ev) == {i.epss for i in ind.INDICATORS if i.epss and not i.precondition}


def test_distribution_bins():
    bins = scoring.distribution([0, 9.9, 10, 55, 100, 100])
    assert [b["count"] for b in bins] == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert bins[-1] == {"low": 90, "high": 100, "count": 2}
