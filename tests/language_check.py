"""A practical detector of text in the other language on a rendered page (the crawl test).

Marker words are derived from the catalogues themselves: a word that occurs in at least three
English msgids (CKAN's and this plugin's) and in no Indonesian translation is an English marker,
and the other way round; a few words below that threshold are added by hand. Data (dataset
titles and notes, agency names, place names...) is removed from the text first: it is whatever
language its publisher wrote. Codes (``snake_case`` tokens), server paths and raw Markdown
backticks are flagged in both languages."""

from __future__ import annotations

import collections
import functools
import os
import re
from collections.abc import Iterable

import lxml.html
from babel.messages.pofile import read_po

WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|\{[^}]*\}|<[^>]*>|%[sd]")
CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
SERVER_PATH = re.compile(r"(?:^|[\s(])/(?:work|home|usr|srv|var|tmp|etc|opt|root)/\S+")
# English words used as Indonesian (loanwords), brand names, sample names of CKAN's msgids
NOT_ENGLISH_MARKERS = {
    "ckan", "joe", "eg", "datastore", "sysadmin", "login", "link", "upload", "download",
    "dashboard", "preview", "regional", "email", "online", "config", "schema", "api", "url",
    "tokens", "area", "standard", "jobs", "admins", "item", "items", "by", "level", "go",
}  # fmt: skip
EXTRA_ENGLISH = {
    "powered", "licenses", "license", "formats", "what's", "welcome", "resource", "show",
    "more", "found", "sort", "relevance", "ascending", "descending", "followers", "explore",
    "the", "and", "of", "with", "your", "field", "attribution", "viewer",
}  # fmt: skip
NOT_INDONESIAN_MARKERS = {"mis", "paket", "grup"}
EXTRA_INDONESIAN = {"dan", "yang", "butir", "tenggat", "beranda", "terlambat", "belum"}
# textarea: what a form holds is the user's own text (Markdown source included)
HIDDEN_TAGS = {"script", "style", "noscript", "template", "svg", "head", "textarea"}
# proper names kept in either language (licence names)
PROPER_NAMES = ("Open Database License", "Open Data Commons", "Creative Commons")
# literal identifiers a person types (CSV headers, commands): shown as code on purpose
LITERAL_TAGS = {"code", "kbd", "samp", "pre"}
ADDRESS = re.compile(r"\S+@\S+|\S*://\S+|\b\w+/[\w.+-]+|(?<!\w)/[\w./-]*")
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(PLACEHOLDER.sub(" ", text))}


@functools.lru_cache(maxsize=1)
def markers() -> dict[str, frozenset[str]]:
    """``{"en": English marker words, "id": Indonesian marker words}``."""
    import ckan

    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    catalogues = [
        os.path.join(os.path.dirname(ckan.__file__), "i18n", "id", "LC_MESSAGES", "ckan.po"),
        os.path.join(
            here, "ckanext", "satudata", "i18n", "id", "LC_MESSAGES", "ckanext-satudata.po"
        ),
    ]
    english, indonesian = collections.Counter(), collections.Counter()
    for path in catalogues:
        with open(path, "rb") as stream:
            for message in read_po(stream):
                if not message.id:
                    continue
                ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
                strings = (
                    message.string
                    if isinstance(message.string, (list, tuple))
                    else [message.string]
                )
                for text in ids:
                    english.update(_words(text))
                for text in strings:
                    if text:
                        indonesian.update(_words(text))
    en = {w for w, n in english.items() if n >= 3 and not indonesian[w] and len(w) > 1}
    ind = {w for w, n in indonesian.items() if n >= 3 and not english[w] and len(w) > 1}
    return {
        "en": frozenset((en | EXTRA_ENGLISH) - NOT_ENGLISH_MARKERS),
        "id": frozenset((ind | EXTRA_INDONESIAN) - NOT_INDONESIAN_MARKERS),
    }


def visible_texts(html: str) -> list[str]:
    """The text a person reads: text nodes outside scripts, styles and hidden elements, and
    the title/placeholder/aria-label/alt attributes and button labels."""
    root = lxml.html.fromstring(html)
    out = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in HIDDEN_TAGS or element.tag in LITERAL_TAGS or _hidden(element):
            continue
        for name in ATTRIBUTES:
            if element.get(name):
                out.append(element.get(name))
        if element.tag == "input" and element.get("type") in ("submit", "button"):
            out.append(element.get("value") or "")
        if element.tag == "option" and _hidden(element.getparent()):
            continue
        if element.text and element.text.strip() and not _literal(element):
            out.append(element.text)
        parent = element.getparent()
        if element.tail and element.tail.strip() and not _hidden(parent) and not _literal(parent):
            out.append(element.tail)
    return [" ".join(t.split()) for t in out if t and t.strip()]


def _literal(element) -> bool:
    while element is not None:
        if isinstance(element.tag, str) and element.tag in LITERAL_TAGS:
            return True
        element = element.getparent()
    return False


def _hidden(element) -> bool:
    while element is not None:
        if not isinstance(element.tag, str) or element.tag in HIDDEN_TAGS:
            return True
        if element.get("hidden") is not None or element.get("type") == "hidden":
            return True
        element = element.getparent()
    return False


@functools.lru_cache(maxsize=4)
def _data_pattern(data: tuple[str, ...]) -> re.Pattern | None:
    if not data:
        return None
    alternatives = "|".join(re.escape(v) for v in sorted(data, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def strip_data(text: str, data: Iterable[str]) -> str:
    """``text`` without the data strings in it, each as a whole (``tahunan`` stays in
    ``dua_tahunan``)."""
    pattern = _data_pattern(tuple(data))
    return pattern.sub(" ", text) if pattern else text


def _truncated_data(text: str, data: Iterable[str]) -> bool:
    """A data string cut short for display (``Dinas Kependudukan dan...``)."""
    for ellipsis in ("...", "\u2026"):
        if text.endswith(ellipsis) and len(text) > 8:
            head = text[: -len(ellipsis)].rstrip()
            return any(value.startswith(head) for value in data)
    return False


def problems(html: str, lang: str, data: list[str]) -> list[str]:
    """Texts of a page in ``lang`` (``id`` or ``en``) that are in the other language, codes
    or server paths. ``data``: data strings, longest first."""
    other = markers()["en" if lang == "id" else "id"]
    found = []
    literal = " ".join(
        " ".join(e.text_content().split())
        for tag in LITERAL_TAGS
        for e in lxml.html.fromstring(html).iter(tag)
    )
    if SERVER_PATH.search(literal):
        found.append(f"server path: {SERVER_PATH.search(literal).group(0).strip()}")
    for text in visible_texts(html):
        if _truncated_data(text, data):
            continue
        rest = strip_data(text, data)
        for name in PROPER_NAMES:
            rest = rest.replace(name, " ")
        if "`" in rest:
            found.append(f"raw Markdown: {text}")
        if CODE.search(rest):
            found.append(f"code: {text}")
        if SERVER_PATH.search(rest):
            found.append(f"server path: {text}")
        words = _words(ADDRESS.sub(" ", rest)) & other
        if words:
            found.append(
                f"{'English' if lang == 'id' else 'Indonesian'} ({', '.join(sorted(words))}): {text}"
            )
    return found
