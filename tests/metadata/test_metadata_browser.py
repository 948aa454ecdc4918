"""An agency editor publishes a complete Satu Data dataset through the stock CKAN form,
in Bahasa Indonesia, in headless Chromium against the live server."""

from __future__ import annotations

from pathlib import Path

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action
from satudata_testing import login

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("metadata_db")]

CSV = (
    Path(__file__).resolve().parents[2]
    / "ckanext"
    / "satudata"
    / "metadata"
    / "demo_data"
    / "penduduk-per-kecamatan-2021-2023.csv"
)
PASSWORD = "Bekasi-Satu-Data-2026"


@pytest.fixture
def agency_editor():
    user = factories.User(name="editor-disdukcapil", password=PASSWORD)
    org = model.Group(
        name="disdukcapil",
        title="Dinas Kependudukan dan Pencatatan Sipil",
        type="organization",
        is_organization=True,
    )
    model.Session.add(org)
    model.Session.flush()
    model.Session.add(
        model.Member(group=org, table_id=user["id"], table_name="user", capacity="editor")
    )
    model.Session.commit()
    return user


def set_select(page, selector, values):
    """Choose options of a (possibly select2-enhanced) select element."""
    values = values if isinstance(values, list) else [values]
    page.eval_on_selector(
        selector,
        """(el, values) => {
        for (const o of el.options) { o.selected = values.includes(o.value); }
        el.dispatchEvent(new Event('change', {bubbles: true}));
    }""",
        values,
    )


def set_value(page, selector, value):
    page.eval_on_selector(selector, "(el, v) => { el.value = v; }", value)


def add_panel(page, field_name):
    group = page.locator("div.form-group", has=page.locator(f"label[for='field-{field_name}']"))
    group.locator("a[name='repeating-add']").first.click()


def fill_variable(page, index, name, unit="Jiwa"):
    prefix = f"#field-variables-{index}-"
    page.fill(prefix + "name", name)
    page.fill(prefix + "concept", f"Konsep {name}")
    page.fill(prefix + "definition", f"Definisi {name} menurut data administrasi kependudukan.")
    page.fill(prefix + "unit", unit)
    set_select(page, prefix + "data_type", "integer")
    page.fill(prefix + "reference_period", "31 Desember 2023")


def fill_stage_one(page, title, slug, year_start="2022", year_end="2023", topic="2"):
    page.goto("/dataset/new")
    page.fill("#field-title", title)
    set_value(page, "#field-name", slug)
    page.fill("#field-notes", "Jumlah penduduk menurut kecamatan dan jenis kelamin.")
    if topic:
        set_select(page, "#field-topic", topic)
    set_select(page, "#field-urusan", ["2.12"])
    set_select(page, "#field-frequency", "tahunan")
    page.fill("#field-year_start", year_start)
    page.fill("#field-year_end", year_end)
    set_select(page, "#field-presentation_level", "kecamatan")
    set_select(page, "#field-area_codes", ["32.16.01", "32.16.06"])
    page.fill("#field-unit", "Jiwa")
    set_select(page, "#field-collection_method", "kompilasi_administrasi")
    set_select(page, "#field-classification", "terbuka")


def test_editor_publishes_a_complete_dataset_and_sees_errors_inline(browser, agency_editor):
    page = browser
    login(page, agency_editor["name"], PASSWORD)

    fill_stage_one(page, "Penduduk Menurut Jenis Kelamin", "penduduk-menurut-jenis-kelamin")
    assert page.locator("html").get_attribute("lang") == "id"
    assert "Sektor Kegiatan (Topik)" in page.locator("label[for='field-topic']").inner_text()
    assert "(disarankan)" in page.locator("label[for='field-unit']").inner_text()
    # the long code lists are searchable (select2 through CKAN's autocomplete module)
    for select in ("urusan", "area_codes"):
        assert page.locator(f"#field-{select} + span.select2-container").count() == 1, select

    # search the long urusan list by typing, as an editor would
    set_select(page, "#field-urusan", [])
    page.locator("#field-urusan + span.select2-container").click()
    page.keyboard.type("Pencatatan Sipil")
    page.keyboard.press("Enter")
    assert page.locator("#field-urusan option:checked").evaluate_all(
        "opts => opts.map(o => o.value)"
    ) == ["2.12"]

    fill_variable(page, 0, "laki_laki")
    add_panel(page, "variables")
    fill_variable(page, 1, "perempuan")
    add_panel(page, "indicators")
    ind = "#field-indicators-0-"
    page.fill(ind + "name", "Rasio Jenis Kelamin")
    page.fill(ind + "concept", "Perbandingan laki-laki dan perempuan")
    page.fill(ind + "definition", "Banyaknya laki-laki per 100 perempuan.")
    page.fill(ind + "interpretation", "Di atas 100 berarti laki-laki lebih banyak.")
    page.fill(ind + "formula", "laki_laki / perempuan x 100")
    page.fill(ind + "unit", "Laki-laki per 100 perempuan")
    page.fill(ind + "reference_period", "31 Desember 2023")
    set_select(page, ind + "composite", "ya")
    page.fill(ind + "builder_variables", "laki_laki, perempuan")
    set_select(page, ind + "estimation_level", "kecamatan")
    page.locator("form#dataset-edit button[name='save']").click()
    page.wait_for_url("**/resource/new**")

    page.set_input_files("#field-resource-upload", str(CSV))
    page.fill("#field-name", "Penduduk per Kecamatan 2021-2023")
    page.fill("#field-format", "CSV")
    page.fill("#field-data_period", "2021-2023")
    page.fill("#field-columns_description", "tahun, kode_wilayah, kecamatan, laki_laki, perempuan")
    page.locator("button[name='save'][value='go-metadata']").click()
    page.wait_for_url("**/dataset/penduduk-menurut-jenis-kelamin")

    body = page.locator("body").inner_text()
    for text in (
        "Penduduk Menurut Jenis Kelamin",
        "Variabel (MS-Var)",
        "laki_laki",
        "perempuan",
        "Indikator (MS-Ind)",
        "Rasio Jenis Kelamin",
        "Kecamatan Tarumajaya",
        "Kecamatan Tambun Selatan",
        "Demografi dan Kependudukan",
        "Penduduk per Kecamatan 2021-2023",
    ):
        assert text in body, text
    shown = call_action("package_show", id="penduduk-menurut-jenis-kelamin")
    assert [v["name"] for v in shown["variables"]] == ["laki_laki", "perempuan"]
    assert shown["indicators"][0]["builder_variables"] == "laki_laki, perempuan"
    assert shown["resources"][0]["url_type"] == "upload"
    assert shown["organization"]["name"] == "disdukcapil"

    # a second submission with errors: shown inline, what was typed is kept
    fill_stage_one(
        page, "Data Bermasalah", "data-bermasalah", year_start="2024", year_end="2020", topic=None
    )
    fill_variable(page, 0, "jumlah")
    add_panel(page, "variables")
    fill_variable(page, 1, "jumlah")
    page.locator("form#dataset-edit button[name='save']").click()
    page.wait_for_load_state("networkidle")

    year_end_group = page.locator(".form-group.error", has=page.locator("#field-year_end"))
    assert "Tahun awal tidak boleh lebih besar dari tahun akhir" in year_end_group.inner_text()
    topic_group = page.locator(".form-group.error", has=page.locator("#field-topic"))
    assert "Wajib diisi" in topic_group.inner_text()
    dup_group = page.locator(".form-group.error", has=page.locator("#field-variables-1-name"))
    assert "Nama jumlah dipakai lebih dari sekali" in dup_group.inner_text()
    assert page.input_value("#field-title") == "Data Bermasalah"
    assert page.input_value("#field-year_start") == "2024"
    assert page.input_value("#field-variables-0-name") == "jumlah"
    assert page.input_value("#field-variables-1-definition").startswith("Definisi jumlah")
    assert page.locator("#field-area_codes option:checked").evaluate_all(
        "opts => opts.map(o => o.value)"
    ) == ["32.16.01", "32.16.06"]
    with pytest.raises(tk.ObjectNotFound):
        call_action("package_show", id="data-bermasalah")
