"""Template helpers and scheming ``choices_helper``s of the metadata capability."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

from . import codelists, fieldmarks, indexing, rules

RECOMMENDED_SUFFIX = {"id": "disarankan", "en": "recommended"}
ALL_KECAMATAN = {"id": "Seluruh kecamatan (%(count)s)", "en": "All %(count)s districts"}
ALL_DESA = {"id": "Seluruh desa/kelurahan dalam %(name)s", "en": "All villages in %(name)s"}
VILLAGE_LEVELS = ("desa", "kelurahan")


def _lang() -> str:
    try:
        lang = tk.h.lang() or "id"
    except Exception:  # outside a request
        lang = tk.config.get("ckan.locale_default", "id")
    return "en" if str(lang).startswith("en") else "id"


def satudata_codelist_choices(field: dict) -> list[dict]:
    """scheming ``choices_helper``: the choices of ``field['satudata_codelist']``."""
    return codelists.choices(field["satudata_codelist"])


def satudata_code_options(field: dict) -> list[dict]:
    """The options of a searchable code select (``form_snippets/code_select.html``): the code,
    "<code> <name>" in the page's language (typing either finds it) and the area level."""
    name, lang = field["satudata_codelist"], _lang()
    return [
        {
            "value": e.code,
            "label": e.label(lang),
            "text": f"{e.code} {e.label(lang)}",
            "level": e.get("level") or "",
        }
        for e in codelists.load(name)
    ]


def satudata_keep_form_page_action() -> str:
    """On a page of the paged create form shown again with errors, point the form back at that
    page: CKAN's edit view renders a draft as a "new" form with ``g.form_action`` set to
    ``/dataset/new``, where the page's fields alone were taken for a whole dataset.
    CKAN's form snippet reads ``g.form_action``; called from our override before it does."""
    endpoint = tk.request.endpoint or ""
    if endpoint.endswith(".scheming_new_page"):
        tk.g.form_action = tk.request.path
    return ""


def satudata_code_label(list_name: str, code: Any, lang: str | None = None) -> str:
    return codelists.label(list_name, code, lang or _lang())


def satudata_code_labels(list_name: str, values: Any, lang: str | None = None) -> list[str]:
    return [codelists.label(list_name, v, lang or _lang()) for v in rules.as_list(values)]


def satudata_area_summary(values: Any, lang: str | None = None) -> str:
    """Area names for display; all 23 kecamatan read as one phrase, and so do all the
    desa/kelurahan of one kecamatan (the form's shortcuts pick them that way)."""
    lang = lang or _lang()
    codes = rules.as_list(values)
    area = codelists.load("area")
    kecamatan = {e.code for e in area if e.get("level") == "kecamatan"}
    names = []
    if kecamatan and kecamatan <= set(codes):
        names.append(ALL_KECAMATAN[lang] % {"count": len(kecamatan)})
        codes = [c for c in codes if c not in kecamatan]
    villages: dict[str, set[str]] = {}
    for e in area:
        if e.get("level") in VILLAGE_LEVELS:
            villages.setdefault(e.get("parent") or "", set()).add(e.code)
    for parent, children in villages.items():
        if children <= set(codes):
            parent_name = codelists.label("area", parent, lang)
            names.append(ALL_DESA[lang] % {"name": parent_name})
            codes = [c for c in codes if c not in children]
    names[:0] = [codelists.label("area", c, lang) for c in codes if c == rules.REGENCY_CODE]
    names += [codelists.label("area", c, lang) for c in codes if c != rules.REGENCY_CODE]
    return ", ".join(names)


def satudata_suggestions(list_name: str) -> list[str]:
    return [e.label(_lang()) for e in codelists.load(list_name)]


def satudata_field_mark(field: dict) -> str:
    return field.get(fieldmarks.MARK_KEY, "optional")


def satudata_marked_label(field: dict) -> Any:
    """The field's label with its mark appended for recommended fields (required fields
    already get CKAN's asterisk)."""
    label = field.get("label") or field.get("field_name")
    if satudata_field_mark(field) != "recommended":
        return label
    suffix = RECOMMENDED_SUFFIX
    if isinstance(label, dict):
        return {lang: f"{text} ({suffix.get(lang, suffix['en'])})" for lang, text in label.items()}
    return f"{label} ({suffix[_lang()]})"


def satudata_facet_label_function(facet_name: str) -> Callable[[dict], str] | None:
    """A ``label_function`` for ``snippets/facet_list.html``: code labels for code facets."""
    list_name = indexing.FACET_CODELIST.get(facet_name)
    if not list_name:
        return None
    lang = _lang()

    def label(item: dict) -> str:
        return codelists.label(list_name, item.get("name"), lang)

    return label


def satudata_required_fields(scope: str = "dataset") -> list[str]:
    return fieldmarks.required_fields(scope)


def all_helpers() -> dict[str, Callable]:
    from . import translated

    return {
        **translated.helpers(),
        "satudata_codelist_choices": satudata_codelist_choices,
        "satudata_code_options": satudata_code_options,
        "satudata_keep_form_page_action": satudata_keep_form_page_action,
        "satudata_code_label": satudata_code_label,
        "satudata_code_labels": satudata_code_labels,
        "satudata_suggestions": satudata_suggestions,
        "satudata_area_summary": satudata_area_summary,
        "satudata_field_mark": satudata_field_mark,
        "satudata_marked_label": satudata_marked_label,
        "satudata_facet_label_function": satudata_facet_label_function,
        "satudata_required_fields": satudata_required_fields,
    }
