"""Routes for the conviction side: appeal, the CCRC, the Scottish CCRC, and notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..calendar import add_days, add_working_days

if TYPE_CHECKING:
    from ..assessment import Assessment

CCRC_PLACES = ("england_wales", "northern_ireland")


def apply(result: Assessment) -> None:
    place = result.need("conviction_place")
    if place == "elsewhere":
        result.note("outside_jurisdiction", ("CAA 1995 s.13", "CP(S)A 1995 Part XA"))
    elif place == "scotland":
        result.route("sccrc", ("CP(S)A 1995 Part XA",))
    elif place in CCRC_PLACES:
        appeal(result, place)
        ccrc(result)
        result.need("post_office_horizon")
    if result.answers.post_office_horizon:
        # Convictions in Post Office Horizon cases were quashed by the 2024 Act.
        result.note("horizon_act_2024", ("Horizon Act 2024",))


def _challenged(result: Assessment) -> frozenset[str] | None:
    challenge = result.need("challenge")
    if challenge is None:
        return None
    return frozenset({"conviction", "sentence"}) if challenge == "both" else frozenset({challenge})


def _magistrates_guilty_plea(result: Assessment, challenged: frozenset[str]) -> bool | None:
    """A guilty plea in a magistrates' court, when the conviction is what is challenged.

    The plea only matters there: no appeal lies against such a conviction (MCA 1980
    s.108), and the CCRC may be asked straight away. None while the plea is unknown.
    """
    if result.need("court") != "magistrates" or "conviction" not in challenged:
        return False
    plea = result.need("plea")
    return None if plea is None else plea == "guilty"


def appeal(result: Assessment, place: str) -> None:
    """An appeal to the Crown Court (from a magistrates' court) or the Court of Appeal."""
    # The court and what is challenged frame every answer on this side: asked first.
    court = result.need("court")
    challenged = _challenged(result)
    if challenged is None or court is None:
        return
    guilty_plea = _magistrates_guilty_plea(result, challenged)
    if result.need("appeal_status") != "none" or guilty_plea is None:
        return
    grounds = challenged - {"conviction"} if guilty_plea else challenged
    if not grounds:  # MCA 1980 s.108: no appeal against a conviction on a guilty plea
        return
    if court == "magistrates":
        refs = ("MCA 1980 s.108", "CrimPR 34.2")
        result.route("appeal", refs, court="crown_court")
        result.cite("routes.appeal.court.crown_court", refs)
    else:
        refs = ("CAA 1968 s.1", "CAA 1968 s.9", "CAA 1968 s.18")
        result.route("appeal", refs, court="court_of_appeal")
        result.cite("routes.appeal.court.court_of_appeal", refs)
    if place == "northern_ireland":  # its own rules: no dates or timing here
        result.cite("routes.appeal", ("CA(NI)A 1980",))
        return

    deadlines = []
    if court == "magistrates":
        sentenced = result.need("sentence_date")
        if sentenced is not None:
            # CrimPR 34.2: within 15 business days of sentence.
            deadlines.append(result.deadline("appeal_crown_court", add_working_days(sentenced, 15), ("CrimPR 34.2",)))
        known = sentenced is not None
    else:
        known = True
        # CAA 1968 s.18: notice of appeal within 28 days of conviction or of sentence.
        for ground, key, deadline in (("conviction", "conviction_date", "appeal_conviction"),
                                      ("sentence", "sentence_date", "appeal_sentence")):
            if ground in grounds:
                day = result.need(key)
                if day is None:
                    known = False
                else:
                    deadlines.append(result.deadline(deadline, add_days(day, 28), ("CAA 1968 s.18",)))
    if known:
        # In time while the latest of its deadlines has not passed; after that the court
        # must be asked for an extension.
        timing = "in_time" if result.today <= max(deadlines) else "out_of_time"
        result.code("appeal", "timing", timing, refs)


def ccrc(result: Assessment) -> None:
    """The Criminal Cases Review Commission (England, Wales and Northern Ireland).

    CAA 1995 s.13: it refers a case after an appeal has been decided or leave refused,
    or in exceptional circumstances; it needs something new if it has seen the case before.
    """
    status = _ccrc_status(result)
    result.route("ccrc", ("CAA 1995 s.13",), status=status)
    if status is not None:
        # The CCRC's page on guilty pleas in magistrates' courts backs only that case.
        plea = status == "available" and result.answers.appeal_status == "none"
        result.cite(f"routes.ccrc.status.{status}", ("CAA 1995 s.13", "CCRC applying") if plea else ("CAA 1995 s.13",))


def _ccrc_status(result: Assessment) -> str | None:
    if result.need("previous_ccrc_application") and not result.need("new_information"):
        return "needs_new_information"  # s.13(1)(b): a new argument or evidence is needed
    appeal_status = result.need("appeal_status")
    if appeal_status == "pending":
        return "after_appeal"
    if appeal_status in ("dismissed", "leave_refused"):
        return "available"  # s.13(1)(c)
    if appeal_status != "none":
        return None
    challenged = _challenged(result)
    if challenged is None or result.need("court") is None:
        return None
    guilty_plea = _magistrates_guilty_plea(result, challenged)
    if guilty_plea is None:
        return None
    # A guilty plea in a magistrates' court leaves no appeal against conviction: the
    # CCRC is the route (CCRC applying). Otherwise appeal first: s.13(2), exceptional only.
    return "available" if guilty_plea else "exceptional_only"
