"""Builds the Babel catalogue of the ``ckanext-satudata`` domain.

Each capability keeps its Indonesian translations in ``ckanext/satudata/i18n/src/<cap>.po``
(one owner per file, so parallel work never collides). This script

- ``extract``: writes ``i18n/ckanext-satudata.pot`` from the Python code and the Jinja templates;
- ``compile``: merges the fragments into ``i18n/id/LC_MESSAGES/ckanext-satudata.po``, writes the
  ``en`` catalogue (English msgids translate to themselves) and compiles both to ``.mo``;
- ``check``: lists every extracted msgid that has no Indonesian translation (exit 1 if any).

Usage: python scripts/i18n.py extract|compile|check
"""
from __future__ import annotations

import glob
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
METHOD_MAP = [
    ("**/i18n/**", "ignore"),
    ("**.py", "python"),
    ("**/templates/**.html", "ckan.lib.extract:extract_ckan"),
]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "ungettext": (1, 2), "N_": None}


def extracted() -> Catalog:
    catalog = Catalog(domain=DOMAIN, project="ckanext-satudata", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, None, [(os.path.join("ckanext/satudata", filename), lineno)],
                    auto_comments=comments, context=context)
    return catalog


def fragments() -> Catalog:
    """The Indonesian translations of every capability, merged."""
    merged = Catalog(locale="id", domain=DOMAIN, project="ckanext-satudata", charset="utf-8")
    for path in sorted(glob.glob(os.path.join(I18N, "src", "*.po"))):
        with open(path, "rb") as stream:
            fragment = read_po(stream, locale="id")
        for message in fragment:
            if not message.id or not message.string:
                continue
            existing = merged.get(message.id, message.context)
            if existing is not None and existing.string != message.string:
                print(f"warning: {os.path.basename(path)} translates {message.id!r} differently; "
                      f"keeping {existing.string!r}", file=sys.stderr)
                continue
            merged.add(message.id, message.string, context=message.context)
    return merged


def _write(catalog: Catalog, locale: str) -> None:
    directory = os.path.join(I18N, locale, "LC_MESSAGES")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, f"{DOMAIN}.po"), "wb") as stream:
        write_po(stream, catalog, width=100)
    with open(os.path.join(directory, f"{DOMAIN}.mo"), "wb") as stream:
        write_mo(stream, catalog)


def compile_catalogues() -> None:
    source = extracted()
    indonesian = fragments()
    # Keep translations of strings no longer extracted out of the catalogue: they are dead.
    id_catalog = Catalog(locale="id", domain=DOMAIN, project="ckanext-satudata", charset="utf-8")
    en_catalog = Catalog(locale="en", domain=DOMAIN, project="ckanext-satudata", charset="utf-8")
    for message in source:
        if not message.id:
            continue
        translated = indonesian.get(message.id, message.context)
        id_catalog.add(message.id, translated.string if translated else "",
                       locations=message.locations, context=message.context)
        en_catalog.add(message.id, message.id, locations=message.locations,
                       context=message.context)
    # Translations used only from YAML or at run time (e.g. messages built elsewhere) stay too.
    for message in indonesian:
        if message.id and id_catalog.get(message.id, message.context) is None:
            id_catalog.add(message.id, message.string, context=message.context)
            en_catalog.add(message.id, message.id, context=message.context)
    _write(id_catalog, "id")
    _write(en_catalog, "en")


def untranslated() -> list[str]:
    indonesian = fragments()
    return sorted(
        message.id if isinstance(message.id, str) else message.id[0]
        for message in extracted()
        if message.id and not (indonesian.get(message.id, message.context) or None)
    )


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "compile"
    if command == "extract":
        with open(POT, "wb") as stream:
            write_po(stream, extracted(), width=100)
        print(f"wrote {os.path.relpath(POT, ROOT)}")
    elif command == "compile":
        compile_catalogues()
        print("compiled id and en catalogues")
    elif command == "check":
        missing = untranslated()
        for msgid in missing:
            print(f"untranslated: {msgid!r}")
        return 1 if missing else 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
