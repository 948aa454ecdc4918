"""An agency editor publishes a complete Satu Data dataset through the form in pages, in Bahasa
Indonesia, in headless Chromium against the live server: a page with an error keeps what was
typed, the area widget finds codes and names and offers every kecamatan at once, the variables
come from the file's header, and the dataset stays a draft until the resource stage."""

from __future__ import annotations

import time

import pytest
from ckan import model
from ckan.tests import factories
from ckan.tests.helpers import call_action
from satudata_testing import login

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("metadata_db")]

PASSWORD = "Bekasi-Satu-Data-2026"
HEADER_CSV = b"kecamatan,laki_laki,perempuan\nTarumajaya,85939,82141\nBabelan,141785,137075\n"


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


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "penduduk-menurut-jenis-kelamin.csv"
    path.write_bytes(HEADER_CSV)
    return str(path)


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


def selected(page, selector):
    return page.locator(f"{selector} option:checked").evaluate_all("os => os.map(o => o.value)")


def set_value(page, selector, value):
    page.eval_on_selector(selector, "(el, v) => { el.value = v; }", value)


def next_page(page, url_part):
    page.locator("form#dataset-edit button[name='save']").click()
    try:
        page.wait_for_url(f"**{url_part}**")
    except Exception:  # what the page said, for the failure report
        shot(page, "failed")
        print("URL", page.url, page.locator(".error-explanation").all_inner_texts())
        raise
    page.wait_for_load_state("networkidle")


def shot(page, name):
    page.screenshot(path=f"/tmp/h8-{name}.png", full_page=True)
    # what the editor faces on this page: visible inputs and the page's height (printed)
    inputs, height = page.evaluate(
        """() => [[...document.querySelectorAll('form#dataset-edit input, form#dataset-edit select,'
              + 'form#dataset-edit textarea, form#resource-edit input, form#resource-edit select,'
              + 'form#resource-edit textarea')]
            .filter(e => e.type !== 'hidden' && e.offsetParent !== null).length,
            document.documentElement.scrollHeight]"""
    )
    print(f"[h8] {name}: {inputs} inputs, {height} px")


def page_one(page, title, slug):
    page.goto("/dataset/new")
    page.fill("#field-title", title)
    set_value(page, "#field-name", slug)
    page.fill("#field-notes", "Jumlah penduduk menurut kecamatan dan jenis kelamin.")


def page_two(page, year_end="2023"):
    set_select(page, "#field-topic", "2")
    set_select(page, "#field-urusan", ["2.12"])
    set_select(page, "#field-frequency", "tahunan")
    page.fill("#field-year_start", "2022")
    page.fill("#field-year_end", year_end)
    set_select(page, "#field-presentation_level", "kecamatan")
    page.fill("#field-unit", "Jiwa")
    set_select(page, "#field-collection_method", "kompilasi_administrasi")
    set_select(page, "#field-classification", "terbuka")


def complete_variable(page, index):
    prefix = f"#field-variables-{index}-"
    name = page.input_value(prefix + "name")
    page.fill(prefix + "concept", f"Konsep {name}")
    page.fill(prefix + "definition", f"Definisi {name} menurut data administrasi kependudukan.")
    page.fill(prefix + "unit", "Jiwa")
    page.fill(prefix + "reference_period", "31 Desember 2023")


def page_four(page):
    group = page.locator("div.form-group", has=page.locator("label[for='field-indicators']"))
    group.locator("a[name='repeating-add']").first.click()
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


def resources(page, csv_file, slug):
    page.set_input_files("#field-resource-upload", csv_file)
    page.fill("#field-name", "Penduduk per Kecamatan 2023")
    page.fill("#field-format", "CSV")
    page.fill("#field-data_period", "2023")
    page.locator("button[name='save'][value='go-metadata']").click()
    page.wait_for_url(f"**/dataset/{slug}")


def search_area(page, term):
    """Type ``term`` into the area widget's search box, as an editor does; the shown results."""
    page.locator("#field-area_codes + span.select2-container").click()
    page.keyboard.type(term)
    page.wait_for_selector(".select2-results__option")
    return page.locator(".select2-results__option").all_inner_texts()


def test_editor_publishes_through_the_pages(browser, agency_editor, csv_file):
    page = browser
    login(page, agency_editor["name"], PASSWORD)
    started = time.monotonic()

    # page 1: the dataset
    page_one(page, "Penduduk Menurut Jenis Kelamin", "penduduk-menurut-jenis-kelamin")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("#field-topic").count() == 0  # page 2's fields are not here
    shot(page, "page1-dataset")
    next_page(page, "/dataset/new/penduduk-menurut-jenis-kelamin/2")
    assert call_action("package_show", id="penduduk-menurut-jenis-kelamin")["state"] == "draft"

    # page 2: the Satu Data description, with an error first
    page_two(page, year_end="2020")
    assert "32.16.01 Kecamatan Tarumajaya" in search_area(page, "32.16.01")
    page.keyboard.press("Enter")
    assert search_area(page, "Setu") == ["32.16.18 Kecamatan Setu"]
    page.keyboard.press("Enter")
    assert selected(page, "#field-area_codes") == ["32.16.01", "32.16.18"]
    assert search_area(page, "zzz") == ["Tidak ada kode atau nama yang cocok"]
    page.keyboard.press("Escape")
    next_page(page, "/dataset/new/penduduk-menurut-jenis-kelamin/2")
    year_end = page.locator(".form-group.error", has=page.locator("#field-year_end"))
    assert "Tahun awal tidak boleh lebih besar dari tahun akhir" in year_end.inner_text()
    assert page.input_value("#field-unit") == "Jiwa"
    assert selected(page, "#field-area_codes") == ["32.16.01", "32.16.18"]
    assert selected(page, "#field-frequency") == ["tahunan"]
    shown = call_action("package_show", id="penduduk-menurut-jenis-kelamin")
    assert shown["title"] == "Penduduk Menurut Jenis Kelamin"  # page 1 kept
    assert "year_end" not in shown
    page.fill("#field-year_end", "2023")
    page.locator("[data-satudata-area-all]").click()
    assert len(selected(page, "#field-area_codes")) == 23
    shot(page, "page2-satudata")
    next_page(page, "/dataset/new/penduduk-menurut-jenis-kelamin/3")

    # page 3: variables proposed from the file's header, then completed
    page.set_input_files("#satudata-propose-file", csv_file)
    page.locator("[data-satudata-propose]").click()
    page.wait_for_selector("#field-variables-2-name")
    names = [page.input_value(f"#field-variables-{i}-name") for i in range(3)]
    assert names == ["kecamatan", "laki_laki", "perempuan"]
    assert page.input_value("#field-variables-1-data_type") == "integer"
    assert "3 variabel diusulkan" in page.locator(".satudata-propose-status").inner_text()
    # the editor removes the kecamatan column (not a variable) and completes the two others
    page.locator(
        ".scheming-subfield-group[data-group-index='0'] a[name='repeating-remove']"
    ).click()
    complete_variable(page, 1)
    complete_variable(page, 2)
    shot(page, "page3-variables")
    next_page(page, "/dataset/new/penduduk-menurut-jenis-kelamin/4")

    # page 4: indicators, then CKAN's resource stage
    page_four(page)
    shot(page, "page4-indicators")
    next_page(page, "/dataset/penduduk-menurut-jenis-kelamin/resource/new")
    assert call_action("package_show", id="penduduk-menurut-jenis-kelamin")["state"] == "draft"
    shot(page, "page5-resources")
    resources(page, csv_file, "penduduk-menurut-jenis-kelamin")
    elapsed = time.monotonic() - started
    shot(page, "published")

    shown = call_action("package_show", id="penduduk-menurut-jenis-kelamin")
    assert shown["state"] == "active"
    assert [v["name"] for v in shown["variables"]] == ["laki_laki", "perempuan"]
    assert [v["data_type"] for v in shown["variables"]] == ["integer", "integer"]
    assert len(shown["area_codes"]) == 23
    assert shown["indicators"][0]["builder_variables"] == "laki_laki, perempuan"
    assert shown["resources"][0]["url_type"] == "upload"
    body = page.locator("body").inner_text()
    for text in ("Penduduk Menurut Jenis Kelamin", "laki_laki", "Rasio Jenis Kelamin"):
        assert text in body, text
    print(f"\n[h8] paged form: complete dataset with two variables published in {elapsed:.1f} s")


def test_area_widget_in_english_and_desa_shortcut(browser, agency_editor):
    page = browser
    login(page, agency_editor["name"], PASSWORD)
    page_one(page, "Sekolah per Desa", "sekolah-per-desa")
    next_page(page, "/dataset/new/sekolah-per-desa/2")
    page.select_option("[data-satudata-area-desa]", "32.16.06")
    # every desa/kelurahan of Tambun Selatan (9 desa, 1 kelurahan), not the kecamatan itself
    villages = selected(page, "#field-area_codes")
    assert len(villages) == 10 and all(c.startswith("32.16.06.") for c in villages)
    assert "32.16.06.1001" in villages  # Kelurahan Jatimulya
    assert selected(page, "#field-presentation_level") == ["desa_kelurahan"]
    assert (
        "Seluruh desa/kelurahan dalam Kecamatan Tambun Selatan"
        in page.locator("[data-satudata-area-desa]").inner_text()
    )

    page.goto("/en/dataset/new/sekolah-per-desa/2")
    found = search_area(page, "32.16.06")  # the kecamatan, then its desa/kelurahan
    assert found[0] == "32.16.06 Tambun Selatan District" and len(found) == 11
    assert "32.16.06.1001 Jatimulya Urban Village" in found
    page.keyboard.press("Escape")
    assert search_area(page, "zzz") == ["No code or name matches"]
    page.keyboard.press("Escape")
    assert "All 23 districts" in page.locator("[data-satudata-area-all]").inner_text()
    shot(page, "page2-english")


ONE_PAGE_SCHEMA_NOTE = "the same dataset.yaml without its start_form_page markers"


def test_one_page_form_for_comparison(request, chromium_browser, agency_editor, csv_file, tmp_path):
    (
        """Not a check of the one-page form (the portal no longer serves it): the time to publish
    the same complete dataset with two variables through it, printed beside the paged form's,
    on a CKAN of its own whose scheming schema is """
        + ONE_PAGE_SCHEMA_NOTE
        + """."""
    )
    import re
    from pathlib import Path

    from reliability.conftest import own_server

    source = Path(__file__).resolve().parents[2] / "ckanext/satudata/schemas/dataset.yaml"
    text = re.sub(r"(?m)^  start_form_page:\n(?:    .*\n)+", "", source.read_text())
    one_page = tmp_path / "dataset-one-page.yaml"
    one_page.write_text(text)
    schemas = f"file://{one_page} ckanext.satudata.schemas:kegiatan.yaml"  # the kegiatan as served
    server = own_server(request, "h8-one-page", {"scheming.dataset_schemas": schemas})
    context = chromium_browser.new_context(base_url=server.url, locale="id-ID")
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        login(page, agency_editor["name"], PASSWORD)
        started = time.monotonic()
        page_one(page, "Penduduk Satu Halaman", "penduduk-satu-halaman")
        assert page.locator("#field-topic").count() == 1  # really one page
        page_two(page)
        set_select(page, "#field-area_codes", [f"32.16.{i:02d}" for i in range(1, 24)])
        for i, name in enumerate(("laki_laki", "perempuan")):
            if i:
                group = page.locator(
                    "div.form-group", has=page.locator("label[for='field-variables']")
                )
                group.locator("a[name='repeating-add']").first.click()
            page.fill(f"#field-variables-{i}-name", name)
            set_select(page, f"#field-variables-{i}-data_type", "integer")
            complete_variable(page, i)
        page_four(page)
        shot(page, "one-page-form")
        page.locator("form#dataset-edit button[name='save']").click()
        page.wait_for_url("**/resource/new**")
        resources(page, csv_file, "penduduk-satu-halaman")
        elapsed = time.monotonic() - started
        assert call_action("package_show", id="penduduk-satu-halaman")["state"] == "active"
        print(f"\n[h8] one-page form: the same dataset published in {elapsed:.1f} s")
    finally:
        context.close()
        server.stop()
