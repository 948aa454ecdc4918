"""The JavaScript strings of the portal's pages in the page's language. CKAN's modules (DataTables'
"Sort", the resource table's "Show more"...) read their strings from ``/api/i18n/<lang>``, a file
CKAN builds from every ITranslation catalogue, ours included, but only ``ckan run`` and
``ckan translation js`` build it: a portal served by uWSGI/gunicorn, or the test app, would serve
a missing or stale file (English strings). Rebuilt at start-up when a catalogue is newer."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
CATALOGUE = Path(__file__).resolve().parent.parent / "i18n" / "{lang}" / "LC_MESSAGES"


def stale_locales(js_dir: str, locales: list[str], catalogues: list[str]) -> list[str]:
    """The locales whose ``<js_dir>/<lang>.js`` is missing or older than one of the catalogues
    (``{lang}`` in a catalogue path stands for the locale)."""
    out = []
    for lang in locales:
        built = os.path.join(js_dir, f"{lang}.js")
        sources = [p.format(lang=lang) for p in catalogues]
        newest = max((os.path.getmtime(p) for p in sources if os.path.exists(p)), default=0)
        if not os.path.exists(built) or os.path.getmtime(built) < newest:
            out.append(lang)
    return out


def refresh(config: Any) -> None:
    import ckan

    # Not in the toolkit: CKAN's builder of the files /api/i18n/<lang> serves, and their folder
    from ckan.lib.i18n import build_js_translations, get_js_translations_dir

    locales = (config.get("ckan.locales_offered") or []) or [config.get("ckan.locale_default")]
    if isinstance(locales, str):
        locales = locales.split()
    ckan_po = os.path.join(os.path.dirname(ckan.__file__), "i18n", "{lang}", "LC_MESSAGES")
    catalogues = [os.path.join(ckan_po, "ckan.po"), str(CATALOGUE / "ckanext-satudata.po")]
    try:
        stale = stale_locales(get_js_translations_dir(), [str(x) for x in locales], catalogues)
        if stale:
            build_js_translations()
            log.info("rebuilt the JavaScript translations (%s)", ", ".join(stale))
    except OSError as error:  # a read-only storage: CKAN serves what is there
        log.warning("JavaScript translations not rebuilt: %s", error)
