"""Mail to an agency's admins and editors when the walidata returns one of its agreed items
(with notes) or approves it (texts: :mod:`.core.item_mail`).

The transition commits first; the mail is an RQ job (``tk.enqueue_job``), as the reminders are
jobs, so a slow or dead mail server never holds up or undoes the walidata's decision. Each
recipient gets the text in their language: ``plugin_extras["satudata"]["locale"]`` when it is
one of ``ckan.locales_offered``, else ``ckan.locale_default`` (id). Failures are logged, never
raised: a queue that is down loses the mail (logged at ERROR), an SMTP error loses that mail.
"""

from __future__ import annotations

import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import mailer

from .core import item_mail as core
from .model import AgreedItem, ItemEvent, Period
from .reminders import mail_gettext

log = logging.getLogger(__name__)

#: who hears about the walidata's decisions: the members who can change the agency's datasets
RECIPIENT_CAPACITIES = ("admin", "editor")


def enabled() -> bool:
    return tk.asbool(tk.config.get("ckanext.satudata.deadlines.decision_mail", True))


def agency_writers(org_id: str) -> list[model.User]:
    """Active admins and editors of the organization ``org_id`` (not its members)."""
    return (
        model.Session.query(model.User)
        .join(model.Member, model.Member.table_id == model.User.id)
        .filter(
            model.Member.group_id == org_id,
            model.Member.table_name == "user",
            model.Member.state == "active",
            model.Member.capacity.in_(RECIPIENT_CAPACITIES),
            model.User.state == "active",
        )
        .order_by(model.User.name)
        .all()
    )


def recipient_locale(user: model.User) -> str:
    offered = tk.config.get("ckan.locales_offered") or []
    if isinstance(offered, str):
        offered = offered.split()
    default = tk.config.get("ckan.locale_default") or "id"
    wanted = str(((user.plugin_extras or {}).get("satudata") or {}).get("locale") or "")
    return wanted if wanted and wanted in offered else default


def enqueue(event: ItemEvent) -> None:
    """Queue the mail about ``event`` (committed) if it is a decision the agency must hear of."""
    if not core.is_mailed(event.action) or not enabled():
        return
    try:
        tk.enqueue_job(
            send_decision_mail,
            [event.id],
            title=f"satudata: mail about item {event.item_id} ({event.action})",
        )
    except Exception as exc:
        log.error("mail about item %s (%s) not queued: %s", event.item_id, event.action, exc)


def _decision(event: ItemEvent, item: AgreedItem) -> core.Decision:
    period = model.Session.get(Period, item.period_id)
    org = model.Group.get(item.org_id)
    site = (tk.config.get("ckan.site_url") or "").rstrip("/")
    dataset_url = ""
    package = model.Package.get(event.dataset_id or item.dataset_id or "")
    if package is not None and package.state == "active":
        dataset_url = f"{site}/dataset/{package.name}"
    return core.Decision(
        action=event.action,
        agency=org.title or org.name,
        item=item.title,
        period=period.title or period.name,
        notes=event.notes or "",
        checklist_url=f"{site}/organization/{org.name}#satudata-checklist",
        dataset_url=dataset_url,
    )


def send_decision_mail(event_id: int) -> dict:
    """Job body: mail the item's agency about the decision ``event_id``. Returns a report."""
    report: dict = {"event": event_id, "sent": [], "errors": []}
    event = model.Session.get(ItemEvent, event_id)
    item = model.Session.get(AgreedItem, event.item_id) if event is not None else None
    if event is None or item is None or not core.is_mailed(event.action):
        log.warning("no decision mail for event %s: not found or not a decision", event_id)
        report["errors"].append("no such decision")
        return report
    decision = _decision(event, item)
    for user in agency_writers(item.org_id):
        if not user.email:
            continue
        subject, body = core.compose(decision, mail_gettext(recipient_locale(user)))
        try:
            tk.mail_user(user, subject, body)
        except mailer.MailerException as exc:
            log.error(
                "mail about item %s (%s) to %s not sent: %s", item.id, event.action, user.name, exc
            )
            report["errors"].append(f"{user.name}: {exc}")
        else:
            report["sent"].append(user.email)
    return report
