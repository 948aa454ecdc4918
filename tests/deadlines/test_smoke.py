import pytest
from ckan.tests.helpers import call_action


@pytest.mark.usefixtures("deadlines_db")
def test_period_create_and_show(period_2026):
    assert period_2026["cutoff_at"] == "2026-11-23T16:59:59.999999+00:00"
    assert period_2026["cutoff_local"] == "2026-11-23 23:59 WIB"
    shown = call_action("satudata_period_show", id="pengumpulan-2026")
    assert shown["id"] == period_2026["id"]
