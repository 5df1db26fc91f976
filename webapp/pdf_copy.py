"""The PDF copy of a sent request: reference, office, what happens next and by when.

Set in DejaVu Sans (Debian's fonts-dejavu-core, installed by `make setup`), which has
every letter of English and Welsh (ŵ, ŷ); PDF's built-in fonts do not.
"""

from __future__ import annotations

from pathlib import Path

from flask_babel import gettext as _
from fpdf import FPDF

from questionnaire.calendar import LONDON

from .i18n import language, long_date
from .offices import OFFICES
from .presenters import Deadline
from .sent import NEXT_STEPS, TITLES

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def build(sent, next_dates: list[Deadline], rows: list[dict]) -> bytes:
    title = _(TITLES[sent.kind])
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_lang("cy" if language() == "cy" else "en-GB")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    width = pdf.epw

    def text(value: str, size: int = 11, bold: bool = False, after: float = 2) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        pdf.multi_cell(width, size * 0.55, value, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(after)

    text(_("Check your options after a criminal justice decision"), 10)
    text(title, 20, bold=True, after=4)
    text(_("Your reference"), 11)
    text(sent.reference, 18, bold=True, after=4)
    text(_("Sent to: %(office)s", office=OFFICES[sent.office].name), after=0)
    text(_("Date sent: %(date)s", date=long_date(sent.created_at.astimezone(LONDON).date())))
    text(_("What happens next"), 14, bold=True, after=1)
    for step in NEXT_STEPS[sent.kind]:
        text(_(step), 11, after=2)
    for d in next_dates:
        text(f"{d.label} {d.when}", 11, bold=True, after=0)
        text(d.basis, 10, after=3)
    contact = OFFICES[sent.office].contact
    text(_("Contacting the office"), 14, bold=True, after=1)
    lines = [str(contact.intro)]
    lines += [_("Telephone: %(phone)s", phone=contact.phone)] if contact.phone else []
    lines += [_("Email:") + " " + contact.email] if contact.email else []
    lines += [_("Website:") + " " + contact.web] if contact.web else []
    lines += [", ".join(contact.address)] if contact.address else []
    lines += [str(contact.note)] if contact.note else []
    for line in lines:
        text(line, 10, after=1)
    pdf.ln(2)
    if rows:
        text(_("What you sent"), 14, bold=True, after=1)
        for row in rows:
            text(row["key"], 10, bold=True, after=0)
            text(str(row["value"]), 10, after=2)
    return bytes(pdf.output())
