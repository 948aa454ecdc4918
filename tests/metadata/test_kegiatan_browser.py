"""An agency editor creates a Kegiatan Statistik (MS-Keg) through the form and links a new
dataset to it, in Bahasa Indonesia, in headless Chromium against the live server. Screenshots
go to /tmp/h7-*.png (outside the repository)."""

from __future__ import annotations

import pytest
from ckan.tests.helpers import call_action
from satudata_testing import login

from .test_metadata_browser import (
    PASSWORD,
    agency_editor,
    complete_variable,
    csv_file,
    next_page,
    page_one,
    page_two,
    resources,
    set_select,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("metadata_db")]
__all__ = ["agency_editor", "csv_file"]  # the fixtures, imported for this module

SHOTS = "/tmp/h7-kegiatan-{}.png"


def fill_kegiatan(page, title, slug, collection_end="2023-03-31"):
    page.goto("/kegiatan/new")
    page.fill("#field-title", title)
    page.eval_on_selector("#field-name", "(el, v) => { el.value = v; }", slug)
    page.fill("#field-year", "2023")
    set_select(page, "#field-collection_method", "survei")
    set_select(page, "#field-topic", "2")
    set_select(page, "#field-bps_recommended", "ya")
    page.fill("#field-recommendation_id", "B-123/32160/VS.100/2023")
    page.fill("#field-organizer_email", "disdukcapil@bekasikab.go.id")
    page.fill("#field-notes", "Perencanaan daerah memerlukan data penduduk per kecamatan.")
    page.fill("#field-objective", "Menyajikan jumlah penduduk per kecamatan dan jenis kelamin.")
    page.fill("#field-schedule_collection_start", "2023-01-02")
    page.fill("#field-schedule_collection_end", collection_end)
    # a new kegiatan offers one blank 3.4 variable row (form_blanks: 1), to fill without "Add"
    rows = page.locator(".scheming-subfield-group[data-field='variables']:visible")
    assert rows.count() == 1
    page.fill("#field-variables-0-name", "jumlah_penduduk")
    set_select(page, "#field-repetition", "berulang")
    set_select(page, "#field-frequency", "tahunan")
    set_select(page, "#field-collection_techniques", ["wawancara", "data_sekunder"])
    set_select(page, "#field-collection_means", ["capi"])
    set_select(page, "#field-sampling_method", "stratified")
    page.fill("#field-enumerator_count", "46")
    set_select(page, "#field-result_levels", ["kabupaten_kota", "kecamatan"])
    set_select(page, "#field-products", ["digital"])


def test_editor_creates_a_kegiatan_and_links_a_dataset_to_it(browser, agency_editor, csv_file):
    page = browser
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, agency_editor["name"], PASSWORD)

    # a schedule that ends before it starts: the error is inline, what was typed is kept
    fill_kegiatan(page, "Survei Penduduk 2023", "survei-penduduk-2023", collection_end="2022-12-01")
    page.locator("form#dataset-edit button[name='save']").click()
    page.wait_for_load_state("networkidle")
    group = page.locator(".form-group.error", has=page.locator("#field-schedule_collection_end"))
    assert "Tanggal akhir tidak boleh sebelum tanggal awal" in group.inner_text()
    assert page.input_value("#field-objective").startswith("Menyajikan jumlah penduduk")
    page.locator("#field-schedule_collection_end").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS.format("form-error"))

    page.fill("#field-schedule_collection_end", "2023-03-31")
    assert "Blok IV. Desain Kegiatan" in page.locator("form#dataset-edit").inner_text()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=SHOTS.format("form-top"))
    page.locator("#field-collection_techniques").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS.format("form-block-iv"))
    page.locator("form#dataset-edit button[name='save']").click()
    page.wait_for_url("**/kegiatan/survei-penduduk-2023")  # no empty "Add data" step
    body = page.locator("body").inner_text()
    for text in ("Survei Penduduk 2023", "Wawancara", "Pengumpulan Data Sekunder", "Stratified"):
        assert text in body, text
    kegiatan = call_action("package_show", id="survei-penduduk-2023")
    assert kegiatan["state"] == "active" and kegiatan["type"] == "kegiatan"
    assert kegiatan["collection_techniques"] == ["wawancara", "data_sekunder"]
    assert kegiatan["enumerator_count"] == 46
    page.goto("/kegiatan/")
    assert "Survei Penduduk 2023" in page.locator("body").inner_text()
    page.screenshot(path=SHOTS.format("list"), full_page=True)

    # the dataset form (in pages) offers the agency's kegiatan; the dataset page shows it
    slug = "penduduk-menurut-jenis-kelamin"
    page_one(page, "Penduduk Menurut Jenis Kelamin", slug)
    next_page(page, f"/dataset/new/{slug}/2")
    page_two(page)
    set_select(page, "#field-area_codes", ["32.16.01", "32.16.06"])
    options = page.locator("#field-kegiatan option").all_inner_texts()
    assert any(o.startswith("Survei Penduduk 2023 (2023)") for o in options), options
    set_select(page, "#field-kegiatan", kegiatan["id"])
    page.screenshot(path=SHOTS.format("dataset-form"))
    next_page(page, f"/dataset/new/{slug}/3")
    group = page.locator("div.form-group", has=page.locator("label[for='field-variables']"))
    group.locator("a[name='repeating-add']").first.click()
    page.fill("#field-variables-0-name", "jumlah_penduduk")
    set_select(page, "#field-variables-0-data_type", "integer")
    complete_variable(page, 0)
    next_page(page, f"/dataset/new/{slug}/4")
    next_page(page, f"/dataset/{slug}/resource/new")
    resources(page, csv_file, slug)
    section = page.locator("#satudata-activity").inner_text()
    assert "Survei Penduduk 2023" in section and "B-123/32160/VS.100/2023" in section
    page.locator("#satudata-activity").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS.format("dataset-page"))

    page.locator("#satudata-activity a").first.click()
    page.wait_for_url("**/kegiatan/survei-penduduk-2023")
    datasets = page.locator("#satudata-kegiatan-datasets").inner_text()
    assert "Penduduk Menurut Jenis Kelamin" in datasets
    page.screenshot(path=SHOTS.format("page"))
    shown = call_action("package_show", id="penduduk-menurut-jenis-kelamin")
    assert shown["kegiatan"] == kegiatan["id"]
