"""Notifications about a sent request: queued in the request's transaction, safe-contact
choices honoured, delivered through GOV.UK Notify when configured."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import pytest

from questionnaire import assess
from webapp import notifications
from webapp.models import OutboxMessage, Request, db
from webapp.staff import records

from .conftest import TODAY
from .journeys import VICTIM_CPS


def _request(details: dict, office: str = "london_north") -> Request:
    unique = secrets.token_hex(8)
    reference = "ABCD-EFGH-JKLM" if "e@" in str(details) else unique
    request = Request(reference=reference, submission_id=unique, owner=unique, kind="vrr", office=office,
                      language="en", answers=VICTIM_CPS, details=details, assessment=assess(VICTIM_CPS, TODAY),
                      created_at=datetime.now(UTC))
    records.arrived(request)  # as requests_store.send does
    return request


def _queued(app, details: dict) -> list[OutboxMessage]:
    with app.app_context():
        request = _request(details)
        db.session.add(request)
        notifications.queue(request)
        db.session.commit()
        return [(m.template, m.recipient, m.language, m.personalisation) for m in
                db.session.query(OutboxMessage).filter_by(request_id=request.id).order_by(OutboxMessage.id)]


def test_notifications_email_confirmation_only_when_email_is_safe(app):
    safe = _queued(app, {"email": "a@example.com", "safe": ["email"], "language": "cy"})
    assert safe[0][:3] == ("confirmation", "a@example.com", "cy")
    assert set(safe[0][3]) == {"reference", "kind", "subject", "body"}
    unsafe = _queued(app, {"email": "b@example.com", "safe": ["letters"], "language": "en"})
    assert [m[0] for m in unsafe] == ["office_notice"]


def test_notifications_office_notice_carries_no_personal_details(app):
    (notice,) = _queued(app, {"email": "c@example.com", "safe": [], "full_name": "Alex Example"})
    assert notice[:2] == ("office_notice", "london_north")
    assert "Alex" not in str(notice) and "example.com" not in str(notice)


def test_notifications_stay_in_the_outbox_without_a_notify_key(app):
    _queued(app, {"email": "d@example.com", "safe": ["email"]})
    with app.app_context():
        assert notifications.deliver_pending() == 0
        assert {m.status for m in db.session.query(OutboxMessage)} == {"queued"}


class FakeNotify:
    def __init__(self, fail_for: str | None = None):
        self.sent: list[dict] = []
        self.fail_for = fail_for

    def send_email_notification(self, **kwargs):
        if kwargs["email_address"] == self.fail_for:
            raise ConnectionError("Notify is down")
        self.sent.append(kwargs)


@pytest.mark.parametrize("fail", [False, True])
def test_notifications_sent_through_notify_with_the_right_template(app, monkeypatch, fail):
    _queued(app, {"email": "e@example.com", "safe": ["email"], "language": "cy"})
    fake = FakeNotify(fail_for="e@example.com" if fail else None)
    templates = {"confirmation_cy": "tpl-conf-cy", "office_notice_en": "tpl-office-en"}
    monkeypatch.setattr(notifications, "notifier",
                        lambda: notifications.NotifyNotifier("key", templates, {"london_north": "ln@cps.invalid"},
                                                             client=fake))
    with app.app_context():
        sent = notifications.deliver_pending()
        statuses = {m.template: m.status for m in db.session.query(OutboxMessage)}
    office = {"email_address": "ln@cps.invalid", "template_id": "tpl-office-en",
              "personalisation": {"reference": "ABCD-EFGH-JKLM", "kind": "vrr",
                                  "subject": "New request: ABCD-EFGH-JKLM",
                                  "body": "A new request for a review (Victims' Right to Review) has been sent to you. "
                                          "Its reference is ABCD-EFGH-JKLM."},
              "reference": "ABCD-EFGH-JKLM"}
    if fail:
        assert sent == 1 and fake.sent == [office]
        assert statuses == {"confirmation": "queued", "office_notice": "sent"}  # retried later
    else:
        assert sent == 2
        assert fake.sent[0]["template_id"] == "tpl-conf-cy" and fake.sent[0]["email_address"] == "e@example.com"
        assert statuses == {"confirmation": "sent", "office_notice": "sent"}


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["Review request sent",
            "We sent your request for a review (Victims' Right to Review). It went to: CPS London North.",
            "Your reference is ABCD-EFGH-JKLM.",
            "What happens next:\nThe office will write to you to say it has your request.",
            # This kind's dates once sent (asked on 22 November), and no other kind's.
            "* Send anything you want the reviewer to consider by: Sunday 6 December 2026",
            "* The CPS aims to finish its local review by: Friday 4 December 2026"]),
    ("cy", ["ABCD-EFGH-JKLM", "Rhagfyr 2026", "Dydd Sul 6 Rhagfyr 2026"]),
])
def test_the_confirmation_email_is_written_in_the_language_chosen_for_replies(app, language, expected):
    """The words come from our catalogue, in the language the person chose for replies,
    whatever language they used the service in; with the dates still to come."""
    with app.app_context():
        request = _request({"email": "e@example.com", "safe": ["email"], "language": language})
        db.session.add(request)
        notifications.queue(request)
        db.session.commit()
        (confirmation,) = [m for m in db.session.query(OutboxMessage) if m.template == "confirmation"]
        body, subject = confirmation.personalisation["body"], confirmation.personalisation["subject"]
    for text in expected:
        assert text in body, body
    for other in ("Ask for a review by", "Complain by", "Ask for an independent review by"):
        assert other not in body, body
    assert "ABCD-EFGH-JKLM" in subject
    if language == "cy":
        assert "We sent" not in body and "Your reference" not in body and "request was sent" not in subject
