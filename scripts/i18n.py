"""The Babel catalogues of the ``ckanext-satudata`` domain, in CKAN's standard layout.

    ckanext/satudata/i18n/ckanext-satudata.pot              what the code and templates say
    ckanext/satudata/i18n/id/LC_MESSAGES/ckanext-satudata.po the Indonesian translations (edit this)
    ckanext/satudata/i18n/en/LC_MESSAGES/ckanext-satudata.po English (msgids translate to themselves)
    .../LC_MESSAGES/ckanext-satudata.mo                      compiled, committed, shipped in the wheel

- ``extract``: writes the ``.pot`` from the Python code and the Jinja templates, and the
  strings of CKAN's JavaScript modules the portal's pages run (CKAN's base modules, the
  DataStore's and DataTables' view) that CKAN's own ``id`` catalogue leaves untranslated: CKAN serves a
  module's strings from every ``ITranslation`` catalogue (``/api/i18n/<lang>``), ours too;
- ``update``: adds every msgid of the ``.pot`` that the catalogues lack (empty in ``id``) and
  rewrites the ``en`` catalogue; translations of strings that only YAML or run-time code use stay;
- ``compile``: compiles both ``.po`` files to ``.mo``;
- ``check``: lists every extracted msgid without an Indonesian translation and every ``.mo``
  that is not the compilation of its ``.po`` (exit 1 if any).

Usage: python scripts/i18n.py extract|update|compile|check
"""

from __future__ import annotations

import io
import os
import sys

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "ckanext", "satudata")
I18N = os.path.join(PACKAGE, "i18n")
DOMAIN = "ckanext-satudata"
POT = os.path.join(I18N, f"{DOMAIN}.pot")
LOCALES = ("id", "en")
METHOD_MAP = [
    ("**/i18n/**", "ignore"),
    ("**.py", "python"),
    ("**/templates/**.html", "ckan.lib.extract:extract_ckan"),
]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "ungettext": (1, 2), "N_": None}


def js_sources() -> list[tuple[str, str]]:
    """``(directory, glob)`` of the JavaScript of CKAN's that the portal's pages load."""
    import ckan
    import ckanext.datastore
    import ckanext.datatablesview

    base = os.path.join(os.path.dirname(ckan.__file__), "public", "base", "javascript")
    return [
        (base, "*.js"),
        (os.path.join(base, "modules"), "*.js"),
        (os.path.join(os.path.dirname(ckanext.datatablesview.__file__), "assets"), "*.js"),
        (os.path.join(os.path.dirname(ckanext.datastore.__file__), "assets", "js"), "*.js"),
    ]


def ckan_translated() -> set[str]:
    """The msgids CKAN's own Indonesian catalogue translates."""
    import ckan

    path = os.path.join(os.path.dirname(ckan.__file__), "i18n", "id", "LC_MESSAGES", "ckan.po")
    with open(path, "rb") as stream:
        return {
            m.id if isinstance(m.id, str) else m.id[0]
            for m in read_po(stream)
            if m.id and (m.string if isinstance(m.string, str) else any(m.string))
        }


def js_messages():
    """``(message, path)`` of the JavaScript strings CKAN leaves untranslated in Indonesian."""
    import glob

    from babel.messages.extract import extract_from_file

    done = ckan_translated()
    for directory, pattern in js_sources():
        for path in sorted(glob.glob(os.path.join(directory, pattern))):
            for _lineno, message, _comments, _context in extract_from_file(
                "javascript", path, keywords=KEYWORDS
            ):
                msgid = message if isinstance(message, str) else message[0]
                if msgid not in done:
                    yield message, path


def po_path(locale: str) -> str:
    return os.path.join(I18N, locale, "LC_MESSAGES", f"{DOMAIN}.po")


def extracted() -> Catalog:
    catalog = Catalog(domain=DOMAIN, project="ckanext-satudata", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(
            message,
            None,
            [(os.path.join("ckanext/satudata", filename), lineno)],
            auto_comments=comments,
            context=context,
        )
    for message, path in js_messages():
        catalog.add(message, None, [(os.path.basename(path), 0)])
    return catalog


def read(locale: str) -> Catalog:
    path = po_path(locale)
    if not os.path.exists(path):
        return Catalog(locale=locale, domain=DOMAIN, project="ckanext-satudata", charset="utf-8")
    with open(path, "rb") as stream:
        return read_po(stream, locale=locale, domain=DOMAIN)


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, sort_output=False, no_location=True)
    return out.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def update() -> None:
    source = extracted()
    indonesian = read("id")
    # The existing dates stay, so a run that changes no message changes no file.
    dates = {"creation_date": indonesian.creation_date, "revision_date": indonesian.revision_date}
    id_catalog = Catalog(
        locale="id", domain=DOMAIN, project="ckanext-satudata", charset="utf-8", **dates
    )
    en_catalog = Catalog(
        locale="en", domain=DOMAIN, project="ckanext-satudata", charset="utf-8", **dates
    )
    for message in source:
        if not message.id:
            continue
        known = indonesian.get(message.id, message.context)
        id_catalog.add(message.id, known.string if known else "", context=message.context)
    # Translations used only from YAML or at run time stay (they are not in the .pot).
    for message in indonesian:
        if message.id and id_catalog.get(message.id, message.context) is None:
            id_catalog.add(message.id, message.string, context=message.context)
    # English is the msgid itself, unless the en catalogue says otherwise on purpose (a CKAN
    # core msgid whose English this portal words differently, e.g. without a field's code)
    english = read("en")
    for message in id_catalog:
        if message.id:
            known = english.get(message.id, message.context)
            keep = known is not None and known.string and known.string != message.id
            en_catalog.add(
                message.id, known.string if keep else message.id, context=message.context
            )
    for locale, catalog in (("id", id_catalog), ("en", en_catalog)):
        os.makedirs(os.path.dirname(po_path(locale)), exist_ok=True)
        with open(po_path(locale), "wb") as stream:
            stream.write(_po_bytes(catalog))


def compile_catalogues() -> None:
    for locale in LOCALES:
        with open(po_path(locale)[:-3] + ".mo", "wb") as stream:
            stream.write(_mo_bytes(read(locale)))


def problems() -> list[str]:
    indonesian = read("id")
    out = []
    for message in extracted():
        if not message.id:
            continue
        known = indonesian.get(message.id, message.context)
        if known is None or not known.string:
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            out.append(f"untranslated: {msgid!r}")
    for locale in LOCALES:
        mo = po_path(locale)[:-3] + ".mo"
        if not os.path.exists(mo) or open(mo, "rb").read() != _mo_bytes(read(locale)):
            out.append(f"stale: {os.path.relpath(mo, ROOT)} (run: python scripts/i18n.py compile)")
    return out


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "compile"
    if command == "extract":
        catalog = extracted()
        catalog.creation_date = read("id").creation_date
        with open(POT, "wb") as stream:
            stream.write(_po_bytes(catalog))
        print(f"wrote {os.path.relpath(POT, ROOT)}")
    elif command == "update":
        update()
        print("updated the id and en catalogues")
    elif command == "compile":
        compile_catalogues()
        print("compiled id and en catalogues")
    elif command == "check":
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
