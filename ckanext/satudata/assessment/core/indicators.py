"""The indicator table (pure): the definitions of ``assessment/indicators.yaml`` bound to the
check functions of :mod:`.checks`.

Every indicator has an id, the Satu Data principle (Perpres 39/2019 Pasal 3) or data-quality
dimension it serves, the EPSS indicator code it gives evidence for (docs/assessment.md), what it
applies to (``dataset`` or ``resource``), its default points, and for a miss a reason and a
concrete fix in Indonesian and English. The texts are data, beside ``weights.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import checks
from .checks import as_list, filled, resource_format, resource_label  # noqa: F401  (re-exported)
from .values import (  # noqa: F401  (re-exported)
    DATASET,
    PRINCIPLES,
    RESOURCE,
    TABULAR_FORMATS,
    CheckResult,
    Inputs,
    Outcome,
    StructureReport,
    Timeliness,
)
from .wording import localize

TABLE_FILE = Path(__file__).resolve().parents[1] / "indicators.yaml"


@dataclass(frozen=True)
class Indicator:
    id: str
    principle: str  # key of PRINCIPLES
    epss: str  # EPSS indicator code it gives evidence for
    applies_to: str  # DATASET or RESOURCE
    points: float  # default points; weights.yaml may override
    title: Mapping[str, str]
    reason: Mapping[str, str]  # "{details}" is replaced by the details of the miss
    fix: Mapping[str, str]
    check: Callable[..., Outcome]
    structure_check: str = ""  # for structure indicators: the StructureReport check id
    precondition: bool = False  # guaranteed by form validation: no points, a miss caps the score

    def text(
        self,
        which: str,
        lang: str = "id",
        details: Sequence[str] = (),
        labels: Mapping[str, Mapping[str, str]] | None = None,
        translate: Callable[[str], str] | None = None,
    ) -> str:
        template = getattr(self, which).get(lang) or getattr(self, which)["en"]
        shown = [localize(d, lang, labels, translate) for d in details]
        return template.replace("{details}", ", ".join(shown) or "-")


def _check_of(entry: Mapping) -> Callable[..., Outcome]:
    if entry.get("structure_check"):
        return checks.structure_check(entry["structure_check"])
    return getattr(checks, entry["check"])


def load_table(path: Path = TABLE_FILE) -> tuple[Indicator, ...]:
    with open(path, encoding="utf-8") as stream:
        entries = yaml.safe_load(stream)["indicators"]
    return tuple(
        Indicator(
            id=e["id"],
            principle=e["principle"],
            epss=str(e["epss"]),
            applies_to=e["applies_to"],
            points=e["points"],
            title=e["title"],
            reason=e["reason"],
            fix=e["fix"],
            check=_check_of(e),
            structure_check=e.get("structure_check", ""),
            precondition=bool(e.get("precondition")),
        )
        for e in entries
    )


INDICATORS: tuple[Indicator, ...] = load_table()
BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}
# The documented maximum of the default table (docs/assessment.md); a test asserts it.
MAX_POINTS = 100
PRECONDITIONS: tuple[str, ...] = tuple(i.id for i in INDICATORS if i.precondition)


def ids() -> tuple[str, ...]:
    return tuple(BY_ID)
