"""The questions, declared as data. One question per answer key of the contract.

The web app asks the first question (in `QUESTIONS` order) whose key `assess()` still
reports in `missing`; when nothing is missing it shows the answers to check. Text is
English marked with `N_` and translated when shown. Where the question is about the
victim, its wording depends on who is asking (`audience()`): "you", "the victim",
"your child", "the person who died"...
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .answers import FIELDS_BY_KEY
from .i18n import N_, NP_

# Who the questions talk about, from the asker's role.
AUDIENCES = {
    "victim": "self",
    "bereaved_relative": "died",
    "parent_or_guardian": "child",
    "family_spokesperson": "victim",
    "representative": "victim",
    "business": "business",
    "convicted_person": "self",
    "convicted_representative": "convicted",
}


def audience(role: str | None) -> str:
    return AUDIENCES.get(role or "", "self")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str | None = None
    labels: dict[str, str] = field(default_factory=dict, hash=False)  # by audience, where it differs

    def label_for(self, who: str) -> str:
        return self.labels.get(who) or self.label


@dataclass(frozen=True)
class Question:
    id: str  # the answer key, the form field's name; its URL is the kebab-case form
    kind: str  # "choice" | "yes_no" | "date" | "multi"
    title: dict[str, str]  # by audience; "default" when it does not depend on it
    error: str  # GOV.UK wording: "Select ...", "Enter ..."
    hint: str | None = None
    options: tuple[Option, ...] = ()
    unsure: Option | None = None  # "I'm not sure", where the contract allows `unknown`
    short: str = ""  # the row label on the check-your-answers page
    extra: dict = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)  # `hint` by audience, where it differs
    errors: dict[str, str] = field(default_factory=dict)  # `error` by audience, where it differs

    @property
    def slug(self) -> str:
        return self.id.replace("_", "-")

    def title_for(self, who: str) -> str:
        return self.title.get(who) or self.title["default"]

    def hint_for(self, who: str) -> str | None:
        return self.hints.get(who) or self.hint

    def error_for(self, who: str) -> str:
        return self.errors.get(who) or self.error


def _t(default: str, **by_audience: str) -> dict[str, str]:
    return {"default": default, **by_audience}




def yes_no(yes: str, no: str) -> tuple[Option, Option]:
    """Yes and No, each marked with its question's context (`NP_`): Welsh answers
    with the question's verb, so every question has its own pair to translate."""
    return Option("yes", yes), Option("no", no)


QUESTIONS: tuple[Question, ...] = (
    Question(
        "role", "choice",
        _t(N_("Which of these best describes you?")),
        N_("Select what best describes you"),
        hint=N_("This helps us use the right words and check who can ask for a review."),
        options=(
            Option("victim", N_("I am the victim of the crime"),
                   N_("Including police officers who were victims")),
            Option("bereaved_relative", N_("A close relative of someone who died because of the crime")),
            Option("parent_or_guardian", N_("A parent or guardian of a victim under 18")),
            Option("family_spokesperson", N_("A family spokesperson"),
                   N_("For a victim with a disability, or too badly injured to communicate")),
            Option("business", N_("I am asking for a business that was the victim")),
            Option("representative", N_("I am helping or acting for a victim"),
                   N_("For example, a support worker, friend or solicitor")),
            Option("convicted_person", N_("I was convicted and want to challenge it"),
                   N_("The conviction, the sentence or both")),
            Option("convicted_representative", N_("I am helping someone who was convicted")),
        ),
        short=N_("Who is asking"),
    ),
    Question(
        "has_written_authority", "yes_no",
        _t(N_("Do you have the victim's written permission to act for them?")),
        N_("Select yes if you have the victim's written permission"),
        hint=N_("Someone acting for a victim needs their written permission to ask for a review."),
        options=yes_no(NP_("has_written_authority", "Yes"), NP_("has_written_authority", "No")),
        short=N_("Written permission from the victim"),
    ),
    Question(
        "business_contact_named", "yes_no",
        _t(N_("Has the business named one person for the CPS to contact?")),
        N_("Select yes if the business has named one person to contact"),
        options=yes_no(NP_("business_contact_named", "Yes"), NP_("business_contact_named", "No")),
        short=N_("Named contact for the business"),
    ),
    Question(
        "decision_by", "choice",
        _t(N_("Who made the decision?")),
        N_("Select who made the decision"),
        # VRR 26: the police often tell victims of the CPS's decision.
        hint=N_("The police often pass on a decision the CPS made. If the letter says the CPS decided, "
                "or that a prosecutor reviewed the case, choose the CPS, even if the police told you."),
        options=(
            Option("cps", N_("The Crown Prosecution Service (CPS)"), N_("Including CPS Direct")),
            Option("police", N_("The police or another investigator"),
                   N_("For example, the police decided to take no further action")),
        ),
        short=N_("Who made the decision"),
    ),
    Question(
        "decision_type", "choice",
        _t(N_("What did the decision do?")),
        N_("Select what the decision did"),
        options=(
            Option("no_charge", N_("Decided not to charge anyone")),
            Option("stopped", N_("Stopped the case"), N_("Dropped or withdrew all the charges")),
            Option("no_evidence", N_("Offered no evidence at court"), N_("So the defendant was found not guilty")),
            Option("lie_on_file", N_("Asked for all the charges to lie on the file")),
            Option("partial", N_("Stopped only part of the case"),
                   # VRR 18, 19(5)-(6): only what relates to this victim counts.
                   N_("Some charges or suspects involving the victim still go ahead, or a charge was changed. "
                      "If everything involving the victim has ended, choose another answer, "
                      "even if cases about other victims go on")),
            Option("out_of_court", N_("Dealt with it out of court"), N_("For example, a caution")),
            Option("judge_ended", N_("The judge ended the case")),
            Option("not_final", N_("No final decision has been made yet")),
        ),
        short=N_("What the decision did"),
    ),
    Question(
        "decision_date", "date",
        _t(N_("What date is on the decision letter?")),
        N_("Enter the date on the decision letter"),
        hint=N_("For example, 27 3 2026"),
        short=N_("Date of the decision letter"),
        extra={"preview": "vrr_request"},
    ),
    Question(
        "communicated_date", "date",
        _t(N_("When were you told about the decision?"),
           victim=N_("When was the victim told about the decision?")),
        N_("Enter the date you were told about the decision"),
        hint=N_("If you were told later than the date on the letter, this can give you more time. "
                "For example, 27 3 2026"),
        short=N_("Date you were told"),
    ),
    Question(
        "told_of_right_to_review", "yes_no",
        _t(N_("Were you told you could ask for a review, and by when?"),
           victim=N_("Was the victim told they could ask for a review, and by when?")),
        N_("Select yes if you were told you could ask for a review"),
        hint=N_("Choose no if nobody told you, or you were given the wrong time limit."),
        options=yes_no(NP_("told_of_right_to_review", "Yes"), NP_("told_of_right_to_review", "No")),
        short=N_("Told about the right to review"),
    ),
    Question(
        "victim_withdrew_support", "yes_no",
        _t(N_("Did you ask for the case to stop, or stop supporting it?"),
           victim=N_("Did the victim ask for the case to stop, or stop supporting it?"),
           child=N_("Did your child, or you for them, ask for the case to stop?"),
           died=N_("Did the family ask for the case to stop?")),
        N_("Select yes if the case stopped because it was asked to stop"),
        # VRR 19(10): missing court counts only without reasonable notice and exceptional circumstances.
        hint=N_("For example, by saying you no longer wanted to go ahead. Not going to court to give evidence "
                "counts only if no reasonable notice was given and there were no exceptional circumstances."),
        hints={
            "victim": N_("For example, by the victim saying they no longer wanted to go ahead. Not going to court "
                         "to give evidence counts only if no reasonable notice was given and there were no "
                         "exceptional circumstances."),
            "child": N_("For example, by saying your child no longer wanted to go ahead. Not going to court to "
                        "give evidence counts only if no reasonable notice was given and there were no "
                        "exceptional circumstances."),
            "died": N_("For example, by the family saying they no longer wanted to go ahead."),
            "business": N_("For example, by the business saying it no longer wanted to go ahead. Not going to "
                           "court to give evidence counts only if no reasonable notice was given and there were "
                           "no exceptional circumstances."),
        },
        options=yes_no(NP_("victim_withdrew_support", "Yes"), NP_("victim_withdrew_support", "No")),
        short=N_("Asked for the case to stop"),
    ),
    Question(
        "decision_maker", "choice",
        _t(N_("Who in the CPS made the decision?")),
        N_("Select who in the CPS made the decision, or that you are not sure"),
        hint=N_("The letter is usually signed by the prosecutor who made the decision."),
        options=(
            Option("area", N_("A prosecutor in a local CPS Area")),
            Option("cps_direct", N_("CPS Direct"), N_("The CPS's out-of-hours charging service")),
            Option("chief_crown_prosecutor", N_("A Chief Crown Prosecutor")),
            Option("central_casework", N_("A Central Casework Division"),
                   N_("For example, Special Crime, Serious Economic Organised Crime, International Justice")),
            Option("director_legal_services", N_("A Director of Legal Services")),
            Option("dpp", N_("The Director of Public Prosecutions, personally"),
                   N_("Only where the law says the Director must decide")),
        ),
        unsure=Option("unknown", N_("I'm not sure")),
        short=N_("Who in the CPS decided"),
    ),
    Question(
        "awaiting_material", "yes_no",
        _t(N_("Did the letter say the CPS was still waiting for information from the police?")),
        N_("Select yes if the CPS was still waiting for information"),
        hint=N_("For example, evidence or enquiries it had asked the police for and not received."),
        options=yes_no(NP_("awaiting_material", "Yes"), NP_("awaiting_material", "No")),
        short=N_("CPS waiting for information"),
    ),
    Question(
        "offence", "multi",
        _t(N_("What was the crime about?")),
        N_("Select what the crime was about, or none of these"),
        hint=N_("Select all that apply."),
        options=(
            Option("sexual", N_("A sexual offence")),
            # A bereaved relative has already said someone died: the option names their relative.
            Option("death", N_("Someone died"), labels={"died": N_("The death of your relative")}),
            Option("hate_crime", N_("A hate crime"),
                   N_("Because of race, religion, sexual orientation, disability or transgender identity")),
        ),
        unsure=Option("other", N_("None of these")),
        short=N_("What the crime was about"),
    ),
    Question(
        "victim_under_18", "yes_no",
        _t(N_("Were you under 18 when it happened?"),
           victim=N_("Was the victim under 18 when it happened?"),
           child=N_("Was your child under 18 when it happened?"),
           died=N_("Was the person who died under 18 when it happened?")),
        N_("Select yes if the victim was under 18 at the time"),
        errors={"self": N_("Select yes if you were under 18 at the time"),
                "child": N_("Select yes if your child was under 18 at the time"),
                "died": N_("Select yes if the person who died was under 18 at the time")},
        options=yes_no(NP_("victim_under_18", "Yes"), NP_("victim_under_18", "No")),
        short=N_("Under 18 at the time"),
    ),
    Question(
        "summary_only", "yes_no",
        _t(N_("Was it a minor offence that can only be tried in a magistrates' court?")),
        N_("Select yes if it was a minor offence that can only be tried in a magistrates' court"),
        # VRR 32, MCA 1980 s.127: the time limit to prosecute; "not sure" must not silently mean no.
        hint=N_("These are less serious offences, such as common assault and most driving offences. "
                "A prosecution for them usually has to start within 6 months of the offence, so a review "
                "may need to be quick. The decision letter, the police or the CPS can tell you. If you are "
                "not sure, ask them as soon as you can: if you answer no, we will treat it as an offence "
                "without the 6-month limit and will not warn you about that limit."),
        options=yes_no(NP_("summary_only", "Yes"), NP_("summary_only", "No")),
        short=N_("Minor offence with a 6-month limit"),
    ),
    Question(
        "offence_date", "date",
        _t(N_("When did the offence happen?")),
        N_("Enter the date of the offence"),
        hint=N_("For example, 27 3 2026"),
        short=N_("Date of the offence"),
    ),
    Question(
        "vrr_stage", "choice",
        _t(N_("Have you already asked for this decision to be reviewed?")),
        N_("Select whether you have asked for a review"),
        options=(
            Option("not_requested", N_("No, not yet")),
            Option("requested", N_("Yes, and I am waiting for an answer")),
            Option("local_decision", N_("Yes, and the local review kept the decision"),
                   N_("You have had a letter after the first review")),
            Option("independent_requested", N_("Yes, and after the local review I asked for an independent review"),
                   N_("You asked the CPS Appeals and Review Unit and are waiting for its answer")),
            Option("completed", N_("Yes, and the review is finished")),
        ),
        short=N_("Review asked for"),
    ),
    Question(
        "request_date", "date",
        _t(N_("When did you ask for the review?")),
        N_("Enter the date you asked for the review"),
        hint=N_("For example, 27 3 2026"), short=N_("Date review asked for"),
    ),
    Question(
        "local_decision_date", "date",
        _t(N_("When did you get the local review decision?")),
        N_("Enter the date you got the local review decision"),
        hint=N_("For example, 27 3 2026"), short=N_("Date of local review decision"),
        extra={"preview": "vrr_independent_request"},
    ),
    Question(
        "independent_request_date", "date",
        _t(N_("When did you ask for the independent review?")),
        N_("Enter the date you asked for the independent review"),
        hint=N_("For example, 27 3 2026"), short=N_("Date independent review asked for"),
    ),
    Question(
        "final_decision_date", "date",
        _t(N_("When did you get the final review decision?")),
        N_("Enter the date you got the final review decision"),
        hint=N_("For example, 27 3 2026"), short=N_("Date of final review decision"),
        extra={"preview": "judicial_review"},
    ),
    Question(
        "service_complaint", "yes_no",
        _t(N_("Are you unhappy with how you were treated or kept informed?")),
        N_("Select yes if you are unhappy with how you were treated or kept informed"),
        hint=N_("You can complain about this as well as asking for a review."),
        options=yes_no(NP_("service_complaint", "Yes"), NP_("service_complaint", "No")),
        short=N_("Unhappy with how you were treated"),
    ),
    Question(
        "complaint_event_date", "date",
        _t(N_("When did the thing you are unhappy about happen?")),
        N_("Enter the date of what you are unhappy about"),
        hint=N_("Complaints should be made within 6 months. For example, 27 3 2026"),
        short=N_("Date of what you are unhappy about"),
        extra={"preview": "complaint"},
    ),
    Question(
        "conviction_place", "choice",
        _t(N_("Where were you convicted?"), convicted=N_("Where was the person convicted?")),
        N_("Select where the conviction was"),
        options=(
            Option("england_wales", N_("England or Wales")),
            Option("northern_ireland", N_("Northern Ireland")),
            Option("scotland", N_("Scotland")),
            Option("elsewhere", N_("Somewhere else")),
        ),
        short=N_("Where the conviction was"),
    ),
    Question(
        "court", "choice",
        _t(N_("Which court convicted you?"), convicted=N_("Which court convicted them?")),
        N_("Select which court gave the conviction"),
        options=(
            Option("magistrates", N_("A magistrates' court")),
            Option("crown", N_("The Crown Court"), N_("A trial or hearing with a judge, often with a jury")),
        ),
        short=N_("Court"),
    ),
    Question(
        "challenge", "choice",
        _t(N_("What do you want to challenge?")),
        N_("Select what you want to challenge"),
        options=(
            Option("conviction", N_("The conviction")),
            Option("sentence", N_("The sentence")),
            Option("both", N_("Both")),
        ),
        short=N_("What to challenge"),
    ),
    Question(
        "plea", "choice",
        _t(N_("How did you plead?"), convicted=N_("How did they plead?")),
        N_("Select how the plea was entered"),
        options=(Option("guilty", N_("Guilty")), Option("not_guilty", N_("Not guilty"))),
        short=N_("Plea"),
    ),
    Question(
        "appeal_status", "choice",
        _t(N_("Has there been an appeal?")),
        N_("Select whether there has been an appeal"),
        options=(
            Option("none", NP_("appeal_status", "No")),
            Option("pending", N_("Yes, and it has not been decided yet")),
            Option("dismissed", N_("Yes, and it was dismissed")),
            Option("leave_refused", N_("Permission to appeal was refused")),
        ),
        short=N_("Appeal so far"),
    ),
    Question(
        "conviction_date", "date",
        _t(N_("What was the date of the conviction?")),
        N_("Enter the date of the conviction"),
        hint=N_("The day of the guilty verdict or plea. For example, 27 3 2026"), short=N_("Date of conviction"),
    ),
    Question(
        "sentence_date", "date",
        _t(N_("What was the date of the sentence?")),
        N_("Enter the date of the sentence"),
        hint=N_("For example, 27 3 2026"), short=N_("Date of sentence"),
    ),
    Question(
        "previous_ccrc_application", "yes_no",
        _t(N_("Have you applied to the Criminal Cases Review Commission before about this case?"),
           convicted=N_("Has anyone applied to the Criminal Cases Review Commission before about this case?")),
        N_("Select yes if there was an application to the Criminal Cases Review Commission before"),
        options=yes_no(NP_("previous_ccrc_application", "Yes"), NP_("previous_ccrc_application", "No")),
        short=N_("Applied to the CCRC before"),
    ),
    Question(
        "new_information", "yes_no",
        _t(N_("Is there new evidence or a legal argument that was not raised before?")),
        N_("Select yes if there is new evidence or a new legal argument"),
        options=yes_no(NP_("new_information", "Yes"), NP_("new_information", "No")),
        short=N_("New evidence or argument"),
    ),
    Question(
        "post_office_horizon", "yes_no",
        _t(N_("Was the conviction connected with work for the Post Office, in a case that used Horizon "
              "computer evidence?")),
        N_("Select yes if it was a Post Office Horizon case"),
        hint=N_("Whoever prosecuted the case: the Post Office, the CPS or another prosecutor."),
        options=yes_no(NP_("post_office_horizon", "Yes"), NP_("post_office_horizon", "No")),
        short=N_("Post Office Horizon case"),
    ),
)
QUESTIONS_BY_ID = {q.id: q for q in QUESTIONS}
QUESTIONS_BY_SLUG = {q.slug: q for q in QUESTIONS}
if set(QUESTIONS_BY_ID) != set(FIELDS_BY_KEY):
    raise RuntimeError("every answer key needs exactly one question")


def next_question(missing: list[str]) -> Question | None:
    """The first question whose answer the engine still needs."""
    needed = set(missing)
    return next((q for q in QUESTIONS if q.id in needed), None)


# Asked only when the person chooses to (from the results page), never as "missing".
FOLLOW_UPS = ("service_complaint",)


def asked(answers: dict, assess_missing) -> list[Question]:
    """The questions in the order they were asked, replaying the questionnaire.

    Walking the questions the engine reports missing: an answered question is kept and
    the walk goes on; a question with no answer is passed over. The follow-ups come
    after the rest, as they are offered on the results page. The answers these
    questions hold are the ones that still matter (see `relevant`).
    """
    kept: dict = {}
    path: list[Question] = []
    passed_over: set[str] = set()
    follow_ups = [k for k in FOLLOW_UPS if k in answers]
    while True:
        missing = [k for k in assess_missing(kept) if k not in passed_over]
        question = next_question(missing)
        if question is None:
            # Follow-ups are about a decision: only once one has been described.
            if not follow_ups or "decision_by" not in kept:
                return path
            question = QUESTIONS_BY_ID[follow_ups.pop(0)]
        if question.id in answers:
            kept[question.id] = answers[question.id]
            path.append(question)
        else:
            passed_over.add(question.id)


def relevant(answers: dict, assess_missing) -> dict:
    """Keep only the answers that the other answers still call for: after a change,
    answers that no longer matter drop out and the rest are kept."""
    return {q.id: answers[q.id] for q in asked(answers, assess_missing)}
