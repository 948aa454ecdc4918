"""The details of an indicator's miss in the reader's words (pure).

The details are stored in English (field names, structure and value findings). :func:`localize`
puts one into words: field names become the schema's labels, every finding becomes its English
message (an ``N_`` msgid of the ``ckanext-satudata`` catalogue) passed through ``translate``,
the shell's gettext of the reader's language, with the finding's values filled in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from ckanext.satudata.metadata.api import N_

# Pattern of a stored detail -> its message ({0}, {1}: the groups of the pattern).
_DETAILS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(p), t)
    for p, t in (
        (r"^title rows above the header: (.+)$", N_("title rows above the header: rows {0}")),
        (r"^blank rows above the header: (.+)$", N_("blank rows above the header: rows {0}")),
        (r"^header spread over two rows: (.+)$", N_("column names over two rows: rows {0}")),
        (r"^merged cells (.+)$", N_("merged cells {0}")),
        (r"^note rows in the table: (.+)$", N_("note rows inside the table: rows {0}")),
        (r"^column (\w+) has no name$", N_("column {0} has no name")),
        (r'^column (\w+) "(.*)" repeats a name$', N_('column {0} "{1}" repeats a column name')),
        (r'^row (\d+) "(.*)"$', N_('row {0} "{1}"')),
        (r'^column "(.*)" e\.g\. "(.*)"$', N_('column "{0}", e.g. "{1}"')),
        (r'^column "(.*)" is empty$', N_('column "{0}" is empty')),
        (
            r'^column "(.*)" has one value in every row: (.*)$',
            N_('column "{0}" holds {1} in every row'),
        ),
        (r'^column "(.*)": codes (.*)$', N_('column "{0}": codes not in the list: {1}')),
        (r'^column "(.*)"$', N_('column "{0}"')),
        (r"^rows (.+) repeat an earlier row$", N_("rows {0} repeat an earlier row")),
        (r"^years (.+) outside (\d+)-(\d+)$", N_("years {0} outside the coverage {1}-{2}")),
        (r"^row (\d+): extra cell in column (\w+)$", N_("row {0}: extra cell in column {1}")),
        (r"^row (\d+): missing cell in column (\w+)$", N_("row {0}: missing cell in column {1}")),
        (r"^row (\d+): blank row$", N_("row {0}: blank row")),
        (r"^years as columns: (.+)$", N_("years as columns: {0}")),
        (r"^months as columns: (.+)$", N_("months as columns: {0}")),
        (r"^areas as columns: (.+)$", N_("areas as columns: {0}")),
        (r"^no CSV/XLSX resource \((.*)\)$", N_("no CSV/XLSX resource ({0})")),
        (r"^no resources$", N_("no resources")),
        (r"^resources$", N_("no resources")),
        (r"^not read$", N_("not read yet")),
        (r"^download failed: (.*)$", N_("download failed: {0}")),
        (r"^file address not allowed: (.*)$", N_("file address not allowed: {0}")),
        (r"^file too large to check: (.*)$", N_("file too large to check: {0}")),
        (r"^unreadable (\w+): (.*)$", N_("unreadable {0} file ({1})")),
        (r"^no table found.*$", N_("no table found (fewer than two filled columns)")),
        (r"^late \(cutoff (.*)\)$", N_("late (cutoff {0})")),
        (r"^late$", N_("late")),
        (r"^not_submitted$", N_("not delivered")),
        (r"^(\w+): (\d+) d \(due (.*)\)$", N_("{0}: {1} days late (due {2})")),
    )
)


def _identity(msgid: str) -> str:
    return msgid


def messages() -> tuple[str, ...]:
    """Every message a detail may become (the msgids a catalogue must translate)."""
    return tuple(t for _, t in _DETAILS)


def localize(
    detail: str,
    lang: str = "id",
    labels: Mapping[str, Mapping[str, str]] | None = None,
    translate: Callable[[str], str] | None = None,
) -> str:
    """One detail of a miss in words of ``lang``: field names become their schema labels
    (``labels`` maps ``name``, ``variables.name``, ``resource.name`` ... to ``{id, en}``),
    findings their message through ``translate`` (the reader's gettext; default English)."""
    labels = labels or {}
    translate = translate or _identity

    def label(key: str) -> str | None:
        entry = labels.get(key)
        return (entry.get(lang) or entry.get("en")) if entry else None

    said = _words(detail, translate)
    if said is not None:
        return said
    if ": " in detail:
        prefix, rest = detail.split(": ", 1)
        # "kepadatan: builder_variables (jumlah_kk)": a field name with the values it lacks
        field, _, values = rest.partition(" (")
        for scope in ("resource.", "variables.", "indicators."):
            name = label(scope + field)
            if name:
                return f"{prefix}: {name}" + (f" ({values}" if values else "")
        return f"{prefix}: {localize(rest, lang, labels, translate)}"
    m = re.match(r"^([\w.]+)=(.*)$", detail)
    if m:
        return f"{label(m.group(1)) or m.group(1)}={m.group(2)}"
    return label(detail) or detail


def _words(detail: str, translate: Callable[[str], str]) -> str | None:
    for pattern, template in _DETAILS:
        m = pattern.match(detail)
        if m:
            return translate(template).format(*m.groups())
    return None
