"""Telling the person and the office that a request was sent.

`queue(request)` adds the messages to the database session of the request itself, so
they are committed in the same transaction: a stored request always has its messages.
`deliver_pending()` then hands queued messages to the notifier:

- `NotifyNotifier`: GOV.UK Notify (notifications-python-client), used when NOTIFY_API_KEY
  and the template ids are set (see README, "Settings");
- `OutboxNotifier`: the default. It delivers nothing; the messages stay in the `outbox`
  table for a person or another system to read.

Safe contact: the person gets an email only if they gave one and said email is safe.
The office notice holds the reference and kind only, never the person's details.

The words of each message come from our catalogue, in the message's language (the
person's choice for replies), as `subject` and `body` in the personalisation: a Notify
template then needs only ((subject)) and ((body)), and the outbox holds readable text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from questionnaire.calendar import today_in_england

from .i18n import LANGUAGES
from .models import OutboxMessage, Request, db
from .offices import OFFICES
from .presenters import sent_dates
from .sent import KIND_NAMES, NEXT_STEPS, TITLES


def _confirmation(request: Request, language: str) -> dict[str, str]:
    """The person's email: what was sent, the reference, where it went, what happens
    next and by when: this kind's steps and dates only (sent.py, presenters.sent_dates)."""
    with force_locale(LANGUAGES[language]):
        office = OFFICES[request.office]
        lines = [
            _(TITLES[request.kind]),
            _("We sent your %(kind)s. It went to: %(office)s.", kind=_(KIND_NAMES[request.kind]), office=office.name),
            _("Your reference is %(reference)s. Keep it: the office will ask for it.", reference=request.reference),
            "\n".join([_("What happens next:"), *(_(step) for step in NEXT_STEPS[request.kind])]),
        ]
        dates = sent_dates(request, today_in_england())
        if dates:
            lines.append("\n".join(f"* {d.label}: {d.when}" for d in dates))
        lines.append(str(office.contact.intro))
        return {"subject": _("%(title)s: %(reference)s", title=_(TITLES[request.kind]), reference=request.reference),
                "body": "\n\n".join(lines)}


def _office_notice(request: Request) -> dict[str, str]:
    with force_locale(LANGUAGES["en"]):
        return {"subject": _("New request: %(reference)s", reference=request.reference),
                "body": _("A new %(kind)s has been sent to you. Its reference is %(reference)s.",
                          kind=_(KIND_NAMES[request.kind]), reference=request.reference)}


class Notifier(Protocol):
    def send(self, message: OutboxMessage) -> None: ...


class OutboxNotifier:
    """Keeps messages in the outbox table (the default, and for tests)."""

    delivers = False

    def send(self, message: OutboxMessage) -> None:  # pragma: no cover - nothing to do
        return None


class NotifyNotifier:
    """Sends email through GOV.UK Notify, one template per message kind and language."""

    delivers = True

    def __init__(self, api_key: str, templates: dict[str, str], office_emails: dict[str, str], client=None):
        if client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            client = NotificationsAPIClient(api_key)
        self.client = client
        self.templates = templates
        self.office_emails = office_emails

    def send(self, message: OutboxMessage) -> None:
        template = self.templates[f"{message.template}_{message.language}"]
        address = message.recipient
        if message.template == "office_notice":
            address = self.office_emails[message.recipient]
        self.client.send_email_notification(
            email_address=address, template_id=template,
            personalisation=message.personalisation, reference=message.personalisation.get("reference"),
        )


def notifier() -> Notifier:
    config = current_app.config
    if config.get("NOTIFY_API_KEY"):
        return NotifyNotifier(config["NOTIFY_API_KEY"], config["NOTIFY_TEMPLATES"], config["OFFICE_EMAILS"])
    return OutboxNotifier()


def queue(request: Request) -> None:
    """Add the messages about `request` to the current transaction (not committed here)."""
    now = datetime.now(UTC)
    details = request.details
    personalisation = {"reference": request.reference, "kind": request.kind}
    if details.get("email") and "email" in (details.get("safe") or []):
        language = details.get("language") if details.get("language") in LANGUAGES else request.language
        db.session.add(OutboxMessage(
            request=request, template="confirmation", channel="email", recipient=details["email"],
            language=language, personalisation={**personalisation, **_confirmation(request, language)},
            status="queued", created_at=now,
        ))
    db.session.add(OutboxMessage(
        request=request, template="office_notice", channel="email", recipient=request.office,
        language="en", personalisation={**personalisation, **_office_notice(request)}, status="queued",
        created_at=now,
    ))


def deliver_pending(limit: int = 100) -> int:
    """Send queued messages through the notifier. Returns how many were sent."""
    sender = notifier()
    if not getattr(sender, "delivers", False):
        return 0
    sent = 0
    queued = db.session.scalars(select(OutboxMessage).where(OutboxMessage.status == "queued").limit(limit))
    for message in queued:
        try:
            sender.send(message)
        except Exception:
            current_app.logger.warning("notification %s not sent; will retry", message.id)
            continue
        message.status, message.sent_at = "sent", datetime.now(UTC)
        sent += 1
    db.session.commit()
    return sent
