"""The mail an agency gets when the walidata returns one of its agreed items (with notes) or
approves it: which actions mail, and the text, in the recipient's language (``gettext`` of the
extension's catalogue is passed in; the English msgids are the English text)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import lifecycle as lc

#: the walidata's decisions the agency must hear about
MAILED_ACTIONS = frozenset({lc.RETURN, lc.APPROVE})


@dataclass(frozen=True)
class Decision:
    action: str  # lc.RETURN or lc.APPROVE
    agency: str  # the agency's title
    item: str  # the item's title
    period: str  # the period's title (or name)
    notes: str  # the walidata's notes ("" allowed for an approval)
    checklist_url: str  # the agency's page with its checklist
    dataset_url: str = ""


def is_mailed(action: str) -> bool:
    return action in MAILED_ACTIONS


def compose(decision: Decision, gettext: Callable[[str], str]) -> tuple[str, str]:
    """(subject, body) of the mail about ``decision``."""
    _ = gettext
    d = decision
    if d.action == lc.RETURN:
        subject = _('[Satu Data] {agency}: "{item}" returned for correction')
        intro = _('The walidata returned the agreed item "{item}" of {period} for correction.')
        todo = _("Correct the dataset and save it again: the item then counts as corrected.")
    elif d.action == lc.APPROVE:
        subject = _('[Satu Data] {agency}: "{item}" approved')
        intro = _('The walidata approved the agreed item "{item}" of {period}.')
        todo = ""
    else:
        raise ValueError(f"no mail for action {d.action}")
    values = {"agency": d.agency, "item": d.item, "period": d.period}
    lines = [
        _("Dear admins and editors of {agency},").format(**values),
        "",
        intro.format(**values),
        "",
    ]
    if d.notes.strip():
        lines += [_("Notes from the walidata:")]
        lines += [f"  {line}" for line in d.notes.strip().splitlines()]
        lines.append("")
    if todo:
        lines += [todo, ""]
    if d.dataset_url:
        lines.append(_("Dataset: {url}").format(url=d.dataset_url))
    lines.append(_("Your checklist: {url}").format(url=d.checklist_url))
    lines += ["", "-- ", _("Walidata, Satu Data portal")]
    return subject.format(**values), "\n".join(lines)
