"""The offices that receive requests, as data, and which one a request goes to.

Routing follows the engine's VRR pathway (VRR 36-45) and the CPS Feedback and
Complaints policy (VRR 23: complaints stay with the local office or CPS Direct).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Contact:
    """How the public reaches an office. Only details from a published source, named
    in `source`; anything not published there is left out rather than guessed."""

    intro: object  # lazy translated sentence shown before the details
    phone: str | None = None
    email: str | None = None
    address: tuple[str, ...] = ()
    web: str | None = None
    note: object = None  # lazy translated caveat, shown after the details
    source: str = ""  # a citation ("VRR 49") or the page it came from


# VRR 48: questions about a case go to the office that made the decision, using the
# details on the decision letter. VRR 49: the public enquiry helpdesk, for general
# questions only (not about a specific case).
CPS_CONTACT = Contact(
    intro=_l("Contact the office using the details on your decision letter, and quote your reference."),
    phone="020 3357 0899", email="enquiries@cps.gov.uk",
    address=("CPS Public Enquiries", "102 Petty France", "London", "SW1H 9EA"),
    note=_l("If you do not have the letter, the CPS public enquiry helpdesk above can tell you who to contact. "
            "It cannot give legal advice or discuss your case."),
    source="VRR 48-49",
)
# The CCRC's own pages: applications are acknowledged by letter within 10 days; after
# applying, people may phone or email about their case.
CCRC_CONTACT = Contact(
    intro=_l("The Criminal Cases Review Commission will write to you within 10 days to say it has your "
             "application. If you have not heard from it by then, contact it."),
    phone="0121 233 1473", web="https://ccrc.gov.uk",
    source="https://ccrc.gov.uk/making-application/after-i-apply/",
)
# VRR 42: the local review decision letter gives the Appeals and Review Unit's contact
# details; the office on the original decision letter no longer holds the request.
ARU_CONTACT = Contact(
    intro=_l("Your request is with the CPS Appeals and Review Unit, not the office that made the decision. "
             "Contact the unit using the details on the latest letter the CPS sent you, and quote your reference."),
    phone=CPS_CONTACT.phone, email=CPS_CONTACT.email, address=CPS_CONTACT.address, note=CPS_CONTACT.note,
    source="VRR 42, 48-49",
)


@dataclass(frozen=True)
class Office:
    code: str
    name: object  # lazy translated string
    kind: str  # "area" | "cps_direct" | "division" | "aru" | "dls" | "triage" | "ccrc"

    @property
    def contact(self) -> Contact:
        return {"ccrc": CCRC_CONTACT, "aru": ARU_CONTACT}.get(self.kind, CPS_CONTACT)


AREAS = (
    ("cymru_wales", _l("CPS Cymru-Wales")),
    ("east_midlands", _l("CPS East Midlands")),
    ("east_of_england", _l("CPS East of England")),
    ("london_north", _l("CPS London North")),
    ("london_south", _l("CPS London South")),
    ("mersey_cheshire", _l("CPS Mersey-Cheshire")),
    ("north_east", _l("CPS North East")),
    ("north_west", _l("CPS North West")),
    ("south_east", _l("CPS South East")),
    ("south_west", _l("CPS South West")),
    ("thames_chiltern", _l("CPS Thames and Chiltern")),
    ("wessex", _l("CPS Wessex")),
    ("west_midlands", _l("CPS West Midlands")),
    ("yorkshire_humberside", _l("CPS Yorkshire and Humberside")),
)
DIVISIONS = (
    ("scctd", _l("Special Crime and Counter Terrorism Division")),
    # Since 1 April 2022: the International Justice and Organised Crime Division and the
    # Specialist Fraud Division merged (CPS news, "CPS responds to changing nature of
    # serious economic and organised crime with a new team", https://www.cps.gov.uk/node/17778).
    ("seocid", _l("Serious Economic, Organised Crime and International Directorate")),
)
# Codes of offices that merged into another, and the office that holds their work now:
# a request stored, a user added or a draft begun with the old code finds the new office.
MERGED_INTO = {"ijoc": "seocid"}

OFFICES: dict[str, Office] = {
    **{code: Office(code, name, "area") for code, name in AREAS},
    "cps_direct": Office("cps_direct", _l("CPS Direct"), "cps_direct"),
    **{code: Office(code, name, "division") for code, name in DIVISIONS},
    "aru": Office("aru", _l("CPS Appeals and Review Unit"), "aru"),
    "dls": Office("dls", _l("CPS Directors of Legal Services"), "dls"),
    # Not a published CPS office: this service's own inbox for requests from people who do
    # not know which office wrote to them (the CPS's Victim Liaison Units are per Area or
    # region, not one national office). See docs/staff.md.
    "triage": Office("triage", _l("CPS triage team (to find the right office)"), "triage"),
    "ccrc": Office("ccrc", _l("Criminal Cases Review Commission"), "ccrc"),
}
OFFICES.update({old: OFFICES[new] for old, new in MERGED_INTO.items()})  # the same Office: its new code
# What the person can choose as "the CPS office that wrote to you".
WROTE_CHOICES = (*(code for code, _ in AREAS), "cps_direct", *(code for code, _ in DIVISIONS), "unknown")


def route(kind: str, assessment: dict, wrote: str | None) -> Office:
    """The office a request of `kind` goes to, given who wrote the decision letter."""
    if kind == "ccrc":
        return OFFICES["ccrc"]
    if kind == "independent_review":  # VRR 42: asked of the Appeals and Review Unit itself
        return OFFICES["aru"]
    local = OFFICES.get(wrote or "", OFFICES["triage"])
    if kind != "vrr":
        return local  # meetings and complaints: the office that made the decision (VRR 23, 35)
    vrr = assessment["routes"].get("vrr", {})
    pathway = vrr.get("pathway")
    if pathway == "independent":  # VRR 37: a Chief Crown Prosecutor's decision goes to the ARU
        return OFFICES["aru"]
    if pathway == "director_legal_services":  # VRR 39
        return OFFICES["dls"]
    if "vrr_independent_request" in assessment["deadlines"]:  # VRR 42: after an upheld local decision
        return OFFICES["aru"]
    return local  # local resolution, senior prosecutor (VRR 43) or the division itself (VRR 44)
