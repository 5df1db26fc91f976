"""The sources the rules cite, by the short reference used in code and output.

"VRR n" is paragraph n of the CPS Victims' Right to Review guidance (May 2021),
../shared/reference/vrr-guidance-cps-2021.txt. Other references are the law or policy
that the guidance does not contain. The output's `citations` map uses these keys; the
results page turns them into links and quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .i18n import N_

VRR_URL = "https://www.cps.gov.uk/legal-guidance/victims-right-review-scheme"
VRR_PARAGRAPHS = range(1, 50)


@dataclass(frozen=True)
class Source:
    """`title` is English marked for translation; for a VRR paragraph it holds
    ``%(n)s``, filled from `paragraph` after translation."""

    title: str
    url: str | None = None
    paragraph: int | None = None

    @property
    def text(self) -> str:
        return self.title % {"n": self.paragraph} if self.paragraph else self.title


SOURCES: dict[str, Source] = {
    **{
        f"VRR {n}": Source(N_("Victims' Right to Review guidance, paragraph %(n)s"), VRR_URL, n)
        for n in VRR_PARAGRAPHS
    },
    "VRR Annex B": Source(N_("Victims' Right to Review guidance, Annex B: timeframes"), VRR_URL),
    "CrimPR 34.2": Source(
        N_("Criminal Procedure Rules, rule 34.2: appeal to the Crown Court within 15 business days"),
        "https://www.legislation.gov.uk/uksi/2020/759/part/34",
    ),
    "MCA 1980 s.108": Source(
        N_("Magistrates' Courts Act 1980, section 108: right of appeal to the Crown Court"),
        "https://www.legislation.gov.uk/ukpga/1980/43/section/108",
    ),
    "MCA 1980 s.127": Source(
        N_("Magistrates' Courts Act 1980, section 127: six-month time limit for summary offences"),
        "https://www.legislation.gov.uk/ukpga/1980/43/section/127",
    ),
    "CAA 1968 s.1": Source(
        N_("Criminal Appeal Act 1968, section 1: appeal against conviction"),
        "https://www.legislation.gov.uk/ukpga/1968/19/section/1",
    ),
    "CAA 1968 s.9": Source(
        N_("Criminal Appeal Act 1968, section 9: appeal against sentence"),
        "https://www.legislation.gov.uk/ukpga/1968/19/section/9",
    ),
    "CAA 1968 s.18": Source(
        N_("Criminal Appeal Act 1968, section 18: notice of appeal within 28 days"),
        "https://www.legislation.gov.uk/ukpga/1968/19/section/18",
    ),
    "CAA 1995 s.13": Source(
        N_("Criminal Appeal Act 1995, section 13: when the CCRC may refer a case"),
        "https://www.legislation.gov.uk/ukpga/1995/35/section/13",
    ),
    "CA(NI)A 1980": Source(N_("Criminal Appeal (Northern Ireland) Act 1980")),
    "CP(S)A 1995 Part XA": Source(
        N_("Criminal Procedure (Scotland) Act 1995, Part XA: the Scottish Criminal Cases Review Commission")
    ),
    "CCRC applying": Source(
        N_("Criminal Cases Review Commission: appeal first; after a guilty plea in a magistrates' court, apply")
    ),
    "Horizon Act 2024": Source(
        N_("Post Office (Horizon System) Offences Act 2024: convictions quashed by law")
    ),
    "CPR 54.5": Source(
        N_("Civil Procedure Rules, rule 54.5: judicial review claim promptly, within three months"),
        "https://www.justice.gov.uk/courts/procedure-rules/civil/rules/part54",
    ),
    "CPS Complaints": Source(N_("CPS Feedback and Complaints policy: complaints within six months")),
    "Police Reform Act 2002": Source(
        N_("Police Reform Act 2002, Schedule 3: complaints about the police, made to the force, "
           "normally within 12 months"),
        "https://www.policeconduct.gov.uk/",
    ),
    "Police VRR": Source(
        N_("Police Victims' Right to Review scheme (from 1 April 2015): ask within three months")
    ),
}

_VRR_REF = re.compile(r"VRR (\d+)\Z")


def vrr_paragraph(ref: str) -> int | None:
    """The paragraph number of a "VRR n" reference, else None."""
    match = _VRR_REF.match(ref)
    return int(match.group(1)) if match else None
