"""The EPSS reference file and the three-step IPS (epss.md sections 2-5), with hand arithmetic."""

from __future__ import annotations

import copy

import pytest
import yaml

from ckanext.satudata.assessment.core import epss as epss_list
from ckanext.satudata.assessment.core import epss_reference as refmod
from ckanext.satudata.assessment.core import ips

REF = refmod.load()


def test_reference_holds_5_domains_19_aspects_38_indicators_with_their_weights():
    assert len(REF.domains) == 5 and len(REF.aspects) == 19 and len(REF.indicators) == 38
    assert [d.weight for d in REF.domains.values()] == [28, 24, 19, 17, 12]
    assert REF.aspects["301"].weight == 32 and REF.aspects["302"].weight == 26
    assert REF.indicators["20101"].weight == 60 and REF.indicators["20403"].weight == 33
    assert round(sum(REF.share(c) for c in REF.indicators), 6) == 100
    assert round(REF.share("10101"), 2) == 7.00 and round(REF.share("20201"), 2) == 3.84
    assert round(REF.share("50201"), 2) == 3.96 and round(REF.share("40101"), 2) == 1.49
    i = REF.indicators["10201"]
    assert i.evidence == "A" and i.proposed and i.domain == "1" and i.aspect == "102"
    assert i.criteria[2] == (
        "Penerapan Metadata Statistik telah dilakukan berdasarkan prosedur "
        "baku yang ditetapkan dan berlaku untuk seluruh Produsen Data"
    )
    assert REF.indicators["40304"].criteria[0] == "Walidata belum ditetapkan"
    assert not REF.indicators["20102"].proposed and not REF.indicators["30101"].proposed
    assert {c for c, i in REF.indicators.items() if i.evidence in ("A", "A/P")} == {
        "10201",
        "10301",
        "10401",
        "20301",
        "20302",
        "20401",
        "20403",
        "30401",
        "50302",
    }
    assert REF.scope == "pemda" and REF.levels[3]["id"] == "Terdefinisi"


def test_a_broken_reference_is_refused():
    with open(refmod.DEFAULT_PATH, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    bad = copy.deepcopy(data)
    bad["domains"][0]["aspects"][0]["indicators"][0]["weight"] = 0
    with pytest.raises(refmod.EpssReferenceError):
        refmod.parse(bad)
    bad = copy.deepcopy(data)
    bad["domains"][0]["aspects"][0]["indicators"][0]["code"] = "20101"
    with pytest.raises(refmod.EpssReferenceError):
        refmod.parse(bad)
    bad = copy.deepcopy(data)
    bad["domains"][1]["aspects"][0]["indicators"][0]["criteria_subject"] = ""
    with pytest.raises(refmod.EpssReferenceError):
        refmod.parse(bad)


def test_all_levels_3_give_ips_3_00_baik():
    result = ips.compute(REF, dict.fromkeys(REF.indicators, 3))
    assert result.complete and round(result.ips, 2) == 3.00
    assert set(result.aspects.values()) == {3.0} and set(result.domains.values()) == {3.0}
    assert result.predikat["id"] == "Baik" and result.filled_share == pytest.approx(100)


MIXED = {
    "10101": 4,
    "10201": 4,
    "10301": 3,
    "10401": 2,
    "20101": 2,
    "20102": 1,
    "20201": 3,
    "20301": 4,
    "20302": 2,
    "20401": 5,
    "20402": 1,
    "20403": 3,
    "20501": 2,
    "20502": 2,
    "30101": 3,
    "30102": 3,
    "30103": 3,
    "30201": 1,
    "30301": 3,
    "30302": 3,
    "30401": 3,
    "40101": 2,
    "40102": 2,
    "40103": 2,
    "40104": 2,
    "40201": 2,
    "40202": 2,
    "40301": 2,
    "40302": 2,
    "40303": 2,
    "40304": 2,
    "50101": 5,
    "50102": 4,
    "50103": 3,
    "50201": 1,
    "50301": 3,
    "50302": 3,
    "50303": 3,
}


def test_a_mixed_worksheet_matches_the_hand_computation():
    # Domain 1: four aspects of 25, one indicator each: (4 + 4 + 3 + 2) / 4 = 3.25
    # Domain 2: 201 = (60*2 + 40*1)/100 = 1.6; 202 = 3; 203 = (50*4 + 50*2)/100 = 3;
    #           204 = (34*5 + 33*1 + 33*3)/100 = 3.02; 205 = 2
    #           D2 = (21*1.6 + 16*3 + 21*3 + 21*3.02 + 21*2)/100 = 250.02/100 = 2.5002
    # Domain 3: 301 = 3, 302 = 1, 303 = 3, 304 = 3 -> (32*3 + 26*1 + 21*3 + 21*3)/100 = 2.48
    # Domain 4: every level 2 -> 2
    # Domain 5: 501 = (34*5 + 33*4 + 33*3)/100 = 4.01; 502 = 1; 503 = 3
    #           D5 = (34*4.01 + 33*1 + 33*3)/100 = 268.34/100 = 2.6834
    # IPS = (28*3.25 + 24*2.5002 + 19*2.48 + 17*2 + 12*2.6834)/100
    #     = (91 + 60.0048 + 47.12 + 34 + 32.2008)/100 = 2.643256 -> 2.64, Baik (2.6 <= x < 3.5)
    result = ips.compute(REF, MIXED)
    assert result.aspects["201"] == pytest.approx(1.6)
    assert result.aspects["204"] == pytest.approx(3.02)
    assert result.aspects["501"] == pytest.approx(4.01)
    assert result.domains == pytest.approx(
        {"1": 3.25, "2": 2.5002, "3": 2.48, "4": 2.0, "5": 2.6834}
    )
    assert result.ips == pytest.approx(2.643256)
    assert round(result.ips, 2) == 2.64 and result.predikat["id"] == "Baik"
    # the shortcut of skipping the aspect step (domain = weighted mean of effective shares)
    # agrees here only because weights sum to 100 at every level; the three steps are the rule
    assert sum(REF.share(c) / 100 * v for c, v in MIXED.items()) == pytest.approx(result.ips)


def test_a_missing_level_makes_the_ips_incomplete_never_averaged_away():
    levels = dict(MIXED, **{"10101": None})
    del levels["50303"]
    result = ips.compute(REF, levels)
    assert result.ips is None and result.predikat is None and not result.complete
    assert result.missing == ["10101", "50303"]
    assert result.aspects["101"] is None and result.domains["1"] is None
    assert result.aspects["102"] == 4 and result.domains["2"] == pytest.approx(2.5002)
    # filled: 100 - 7.00 (10101) - 12 * 0.33 * 0.34 (50303 = 1.3464) = 91.6536 %
    assert result.filled_share == pytest.approx(91.6536)
    # missing at 1: D1 = (1+4+3+2)/4 = 2.5 (-0.75 -> -0.21 on the IPS); 50303 at 1 instead of 3:
    #   503 = (33*3 + 33*3 + 34*1)/100 = 2.32 (-0.68), D5 -0.68*0.33 = -0.2244, IPS -0.026928
    assert result.ips_min == pytest.approx(2.643256 - 0.21 - 0.026928)
    # missing at 5: D1 = 3.5 (+0.07); 503 = 3.68 (+0.68) -> IPS +0.026928
    assert result.ips_max == pytest.approx(2.643256 + 0.07 + 0.026928)


@pytest.mark.parametrize(
    "value,band",
    [
        (4.2, "Memuaskan"),
        (4.1999, "Memuaskan"),
        (4.19, "Sangat Baik"),
        (3.5, "Sangat Baik"),
        (3.49, "Baik"),
        (2.6, "Baik"),
        (2.59, "Cukup"),
        (1.8, "Cukup"),
        (1.79, "Kurang"),
        (1.0, "Kurang"),
        (5.0, "Memuaskan"),
    ],
)
def test_predikat_bands(value, band):
    assert ips.predikat(REF, value)["id"] == band


@pytest.mark.parametrize("value,expected", [(3, 3), ("4", 4), (" 5 ", 5), (None, None), ("", None)])
def test_level_accepted(value, expected):
    assert ips.parse_level(value) == expected


@pytest.mark.parametrize(
    "value", [True, False, 1.0, 2.5, "1.5", "0", "6", 0, 6, "tiga", "٣", [3], {"level": 3}]
)
def test_level_refused(value):
    with pytest.raises(ValueError):
        ips.parse_level(value)


def test_epss_list_shares_add_up():
    assert len(epss_list.INDICATORS) == 38
    assert round(sum(e.share for e in epss_list.INDICATORS), 1) == 100.0
    assert [epss_list.level_name(n) for n in range(1, 6)] == [
        "Rintisan",
        "Terkelola",
        "Terdefinisi",
        "Terpadu",
        "Optimum",
    ]
