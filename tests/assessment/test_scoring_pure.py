"""Weights configuration, levels, bands and the aggregates over datasets (pure)."""

from __future__ import annotations

import pytest
import yaml

from ckanext.satudata.assessment.core import indicators as ind
from ckanext.satudata.assessment.core import scoring

from .test_indicators_pure import complete_dataset, evaluate, inputs

pytestmark = pytest.mark.pure

CONFIG = scoring.load_config()


@pytest.mark.parametrize(
    "score,level,name",
    [
        (0, 1, "Rintisan"),
        (19.99, 1, "Rintisan"),
        (20, 2, "Terkelola"),
        (40, 3, "Terdefinisi"),
        (59.9, 3, "Terdefinisi"),
        (60, 4, "Terpadu"),
        (80, 5, "Optimum"),
        (100, 5, "Optimum"),
    ],
)
def test_levels(score, level, name):
    lv = CONFIG.level_for(score)
    assert (lv.level, lv.name["id"]) == (level, name)


@pytest.mark.parametrize(
    "score,band",
    [
        (0, "Kurang"),
        (19.9, "Kurang"),
        (20, "Cukup"),
        (40, "Baik"),
        (62.5, "Sangat Baik"),
        (80, "Memuaskan"),
        (100, "Memuaskan"),
    ],
)
def test_bands_follow_the_epss_predikat_of_the_ips_equivalent(score, band):
    assert CONFIG.band_for(score).name["id"] == band


def test_ips_equivalent():
    assert scoring.ips_equivalent(0) == 1.0
    assert scoring.ips_equivalent(50) == 3.0
    assert scoring.ips_equivalent(100) == 5.0
    assert scoring.ips_equivalent(140) == 5.0


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
        (lambda d: d["levels"].pop(), "levels"),
        (lambda d: d["levels"][0].update(min_score=5), "level 1 must start"),
        (lambda d: d.update(bands=[]), "bands"),
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
    assert set(ev) == {i.epss for i in ind.INDICATORS if i.epss}


def test_distribution_bins():
    bins = scoring.distribution([0, 9.9, 10, 55, 100, 100])
    assert [b["count"] for b in bins] == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert bins[-1] == {"low": 90, "high": 100, "count": 2}
