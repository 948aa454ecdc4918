"""Pure tests of deadlines/core/agency_match.py: an import row's agency by code first, a name
only when one agency carries it."""

from ckanext.satudata.deadlines.core import importer
from ckanext.satudata.deadlines.core.agency_match import AgencyIndex, AgencyRef

A = AgencyRef(
    id="id-a", code="dinkes", name="dinkes", title="Dinas Pendidikan", short_name="disdik"
)
B = AgencyRef(
    id="id-b", code="disdik", name="disdik", title="Dinas Pendidikan", short_name="Disdik"
)
C = AgencyRef(id="id-c", code="bappeda", name="badan-perencanaan", title="Bappeda")
INDEX = AgencyIndex([A, B, C])


def test_code_wins_over_any_name():
    assert INDEX.resolve("disdik").org_id == "id-b"  # A's short name is B's code
    assert INDEX.resolve(" DINKES ").org_id == "id-a"
    assert INDEX.resolve("id-c").org_id == "id-c"


def test_a_unique_name_is_accepted_an_ambiguous_one_is_an_error():
    assert INDEX.resolve("badan-perencanaan").org_id == "id-c"
    assert INDEX.resolve("bappeda").org_id == "id-c"
    match = INDEX.resolve("Dinas  pendidikan")
    assert match.org_id is None and "ambiguous" in match.error and "dinkes, disdik" in match.error
    assert INDEX.resolve("nowhere").error == "unknown agency: nowhere"


def test_importer_rows_carry_the_resolved_agency():
    data = (
        b"agency,title,frequency\n"
        b"disdik,Jumlah Sekolah,tahunan\n"
        b"Dinas Pendidikan,Jumlah Guru,tahunan\n"
        b"badan-perencanaan,Jumlah Rencana,tahunan\n"
        b"bappeda,Jumlah Rencana,tahunan\n"
    )
    result = importer.parse_file(data, "d.csv", agencies=INDEX)
    assert [str(e) for e in result.errors] == [
        "line 3: ambiguous agency: Dinas Pendidikan names dinkes, disdik; write the agency code",
        "line 5: duplicate of line 4",
    ]
    assert [(r.line, r.org_id) for r in result.rows] == [(2, "id-b"), (4, "id-c")]
