"""Which agency a daftar-data row means: by its code, or by a name only one agency carries.

Pure module (no ``ckan`` imports). The walidata assigns codes (unique, never another
organization's id or URL name), so a code names one agency whatever the agencies call
themselves. A name (URL name, title or short name) is what an agency may change: a row naming
an agency that way is accepted only when exactly one agency answers to it, so an agency that
takes another's title makes the rows ambiguous (a row error) instead of capturing them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class AgencyRef:
    id: str
    code: str = ""
    name: str = ""
    title: str = ""
    short_name: str = ""


@dataclass(frozen=True)
class Match:
    org_id: str | None
    error: str | None = None


def _key(text: object) -> str:
    return " ".join(str(text or "").split()).lower()


class AgencyIndex:
    """Resolve what an import row writes in its agency column."""

    def __init__(self, agencies: Iterable[AgencyRef]):
        self.by_code: dict[str, str] = {}
        self.by_id: dict[str, str] = {}
        self.by_name: dict[str, set[str]] = {}
        self.codes: dict[str, str] = {}
        for agency in agencies:
            self.by_id[_key(agency.id)] = agency.id
            self.codes[agency.id] = agency.code or agency.name
            if agency.code:
                self.by_code.setdefault(_key(agency.code), agency.id)
            for name in (agency.name, agency.title, agency.short_name):
                if _key(name):
                    self.by_name.setdefault(_key(name), set()).add(agency.id)

    def resolve(self, text: str) -> Match:
        key = _key(text)
        if not key:
            return Match(None, "agency is empty")
        if key in self.by_code:
            return Match(self.by_code[key])
        if key in self.by_id:
            return Match(self.by_id[key])
        found = self.by_name.get(key, set())
        if len(found) == 1:
            return Match(next(iter(found)))
        if found:
            codes = ", ".join(sorted(self.codes[i] for i in found))
            return Match(None, f"ambiguous agency: {text} names {codes}; write the agency code")
        return Match(None, f"unknown agency: {text}")

    def __contains__(self, text: object) -> bool:
        return self.resolve(str(text)).org_id is not None
