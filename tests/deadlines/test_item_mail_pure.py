"""Pure tests of the decision mail's text (deadlines/core/item_mail.py): no CKAN, no services."""

import os

import pytest
from babel.support import Translations

from ckanext.satudata.deadlines.core import item_mail as im
from ckanext.satudata.deadlines.core import lifecycle as lc

pytestmark = pytest.mark.pure

I18N = os.path.join(os.path.dirname(im.__file__), "..", "..", "i18n")


def decision(action, notes="Kolom satuan belum diisi.\nLengkapi per kecamatan.", dataset=""):
    return im.Decision(
        action=action,
        agency="Dinas Kesehatan",
        item="Jumlah faskes",
        period="Pengumpulan 2026",
        notes=notes,
        checklist_url="http://portal/organization/dinkes#satudata-checklist",
        dataset_url=dataset,
    )


def gettext(lang):
    if not os.path.isdir(os.path.join(I18N, lang)):
        pytest.fail("translations not compiled: python scripts/i18n.py compile")
    return Translations.load(I18N, [lang], domain="ckanext-satudata").gettext


def test_only_the_walidata_decisions_are_mailed():
    assert {a for a in lc.ACTIONS if im.is_mailed(a)} == {lc.RETURN, lc.APPROVE}
    with pytest.raises(ValueError):
        im.compose(decision(lc.SUBMIT), str)


def test_a_return_carries_the_notes_the_todo_and_the_links():
    subject, body = im.compose(decision(lc.RETURN, dataset="http://portal/dataset/faskes"), str)
    assert subject == '[Satu Data] Dinas Kesehatan: "Jumlah faskes" returned for correction'
    assert "  Kolom satuan belum diisi.\n  Lengkapi per kecamatan.\n" in body
    assert "Correct the dataset and save it again" in body
    assert "Dataset: http://portal/dataset/faskes" in body
    assert body.index("Dataset:") < body.index(
        "Your checklist: http://portal/organization/dinkes#satudata-checklist"
    )


def test_an_approval_without_notes_has_no_notes_block_and_no_todo():
    subject, body = im.compose(decision(lc.APPROVE, notes="  "), str)
    assert subject == '[Satu Data] Dinas Kesehatan: "Jumlah faskes" approved'
    assert "Notes from the walidata" not in body and "Correct the dataset" not in body
    assert "Dataset:" not in body


@pytest.mark.parametrize(
    "action,words",
    [
        (
            lc.RETURN,
            [
                "dikembalikan untuk diperbaiki",
                "Catatan dari walidata:",
                "Perbaiki dataset",
                "Yth. admin dan editor Dinas Kesehatan,",
            ],
        ),
        (lc.APPROVE, ["disetujui", "Walidata menyetujui butir daftar data"]),
    ],
)
def test_the_indonesian_catalogue_translates_every_line(action, words):
    subject, body = im.compose(decision(action), gettext("id"))
    text = subject + "\n" + body
    for word in words:
        assert word in text, word
    english = im.compose(decision(action), str)
    for line in english[1].splitlines():  # every sentence of ours changed (names aside)
        if line and not line.startswith(("  ", "-- ", "Dataset:")):
            assert line not in body.splitlines(), line
