"""The breadth rule behind the portal's EPSS proposals (core.epss_rules), level by level."""

from __future__ import annotations

from ckanext.satudata.assessment.core import epss_reference, epss_rules
from ckanext.satudata.assessment.core.epss_rules import AgencyCount

CRIT = epss_reference.load().indicators["10201"].criteria


def agencies(*rows):
    return [
        AgencyCount(f"o{n}", f"Dinas {n}", d, m, [f"ds{n}-{k}" for k in range(d - m)])
        for n, (d, m) in enumerate(rows)
    ]


def test_levels_1_to_4_and_never_5():
    p = epss_rules.breadth("10201", CRIT, "lengkap", agencies((2, 2), (3, 0)), "skema", [])
    assert p.level == 1 and [h["title"] for h in p.held_back] == ["Dinas 1"]
    assert CRIT[0] in p.evidence[0]
    p = epss_rules.breadth("10201", CRIT, "lengkap", agencies((2, 2), (3, 1)), "skema", [])
    assert p.level == 2 and p.held_back[0]["failing"] == ["ds1-0", "ds1-1"]
    assert "2 dari 5 dataset belum" in p.evidence[1]
    p = epss_rules.breadth(
        "10201", CRIT, "lengkap", agencies((2, 2), (3, 3)), "skema", ["2026-03", "2026-03"]
    )
    assert p.level == 3 and CRIT[2] in p.evidence[0] and not p.held_back
    p = epss_rules.breadth(
        "10201", CRIT, "lengkap", agencies((2, 2), (3, 3)), "skema", ["2026-03", "2026-09"]
    )
    assert p.level == 4 and CRIT[3] in p.evidence[0] and "2026-03, 2026-09" in p.evidence[1]
    p = epss_rules.breadth("10201", CRIT, "lengkap", agencies((2, 2)), "", None)  # not reviewed
    assert p.level == 3
    assert epss_rules.breadth("10201", CRIT, "lengkap", [], "", []).level is None


def test_held_back_lists_are_capped():
    p = epss_rules.breadth("10201", CRIT, "lengkap", agencies((30, 1)), "", [])
    assert p.level == 2 and len(p.held_back[0]["failing"]) == 10 and p.held_back[0]["more"] == 19
