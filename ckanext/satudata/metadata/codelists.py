"""Reference code lists (pure).

Each list is one CSV file in ``codelists/`` with a header holding at least
``code,label_id,label_en`` and optional extra columns; ``codelists/sources.yaml``
names the source of each list. Everything here is cached and read-only.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CODELIST_DIR = Path(__file__).resolve().parent / "codelists"
LANGS = ("id", "en")


@dataclass(frozen=True)
class CodeEntry:
    code: str
    label_id: str
    label_en: str
    extra: tuple[tuple[str, str], ...] = field(default=())

    def label(self, lang: str = "id") -> str:
        if lang == "en" and self.label_en:
            return self.label_en
        return self.label_id or self.label_en or self.code

    def get(self, key: str, default: str | None = None) -> str | None:
        for k, v in self.extra:
            if k == key:
                return v
        return default

    def as_dict(self) -> dict[str, Any]:
        out = {"code": self.code, "label_id": self.label_id, "label_en": self.label_en}
        out.update(dict(self.extra))
        return out


class UnknownCodeList(KeyError):
    pass


def names() -> list[str]:
    """The names of all code lists shipped."""
    return sorted(p.stem for p in CODELIST_DIR.glob("*.csv"))


@functools.cache
def load(name: str) -> tuple[CodeEntry, ...]:
    """All entries of the list ``name`` in file order."""
    path = CODELIST_DIR / f"{name}.csv"
    if not name.replace("_", "").isalnum() or not path.is_file():
        raise UnknownCodeList(name)
    entries = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"code", "label_id", "label_en"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"code list {name}: missing columns {sorted(missing)}")
        for row in reader:
            code = (row.pop("code") or "").strip()
            if not code:
                continue
            entries.append(
                CodeEntry(
                    code=code,
                    label_id=(row.pop("label_id") or "").strip(),
                    label_en=(row.pop("label_en") or "").strip(),
                    extra=tuple((k, (v or "").strip()) for k, v in row.items() if k),
                )
            )
    return tuple(entries)


@functools.cache
def codes(name: str) -> frozenset[str]:
    return frozenset(e.code for e in load(name))


@functools.cache
def _index(name: str) -> dict[str, CodeEntry]:
    return {e.code: e for e in load(name)}


def entry(name: str, code: Any) -> CodeEntry | None:
    if code is None:
        return None
    return _index(name).get(str(code).strip())


def label(name: str, code: Any, lang: str = "id") -> str:
    """The label of ``code`` in ``lang`` (``id`` or ``en``); the code itself if unknown."""
    e = entry(name, code)
    if e is None:
        return "" if code is None else str(code)
    return e.label(lang)


def choices(name: str) -> list[dict[str, Any]]:
    """Scheming-style choices: ``[{"value": code, "label": {"id": .., "en": ..}}]``."""
    return [
        {"value": e.code, "label": {"id": e.label("id"), "en": e.label("en")}} for e in load(name)
    ]


@functools.cache
def sources() -> dict[str, dict[str, Any]]:
    with (CODELIST_DIR / "sources.yaml").open(encoding="utf-8") as f:
        return yaml.safe_load(f) or {}
