"""The pages of a request form, as WTForms classes (GOV.UK widgets). The answers already
given in the questionnaire are reused, never asked again.

Each step is (slug, form class, title); `STEPS[kind]` lists the steps of each kind.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import ClassVar

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict
from wtforms import FileField, StringField, TextAreaField
from wtforms import fields as wtf
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, StopValidation, ValidationError

from .offices import OFFICES, WROTE_CHOICES
from .widgets import CheckboxesInput as GovCheckboxesInput
from .widgets import FileInput as GovFileInput
from .widgets import RadioInput as GovRadioInput
from .widgets import Select as GovSelect
from .widgets import TextArea as GovTextArea
from .widgets import TextInput as GovTextInput

# A CPS case reference (URN): police force code, unit, number and year, e.g. 01AB2345626.
URN = re.compile(r"^\d{2}[A-Z]{2}\d{5,7}\d{2}$")


class Required(InputRequired):
    """InputRequired that also refuses an answer of spaces only, as if nothing was typed
    (the same message): a name or an account of what happened cannot be blank."""

    def __call__(self, form, field):
        super().__call__(form, field)
        if isinstance(field.raw_data[0], str) and not field.raw_data[0].strip():
            field.errors[:] = []
            raise StopValidation(self.message)


class _OwnChoiceError:
    """A value that is not one of the choices (a changed page) gets the field's own GOV.UK
    message, in the person's language, not WTForms' English one that repeats the value."""

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError:
            required = next((v.message for v in self.validators if isinstance(v, InputRequired) and v.message), None)
            raise ValidationError(required or _l("Select one of the options")) from None


class RadioField(_OwnChoiceError, wtf.RadioField):
    pass


class SelectField(_OwnChoiceError, wtf.SelectField):
    pass


class SelectMultipleField(_OwnChoiceError, wtf.SelectMultipleField):
    pass


def at_most(limit: int) -> Length:
    """A length limit with a GOV.UK message in the person's language (not WTForms' own)."""
    return Length(max=limit, message=_l("Enter %(max)d characters or fewer"))

def choices_of(pairs):
    return [SelectChoice(value, label) for value, label in pairs]


class Form(FlaskForm):
    """FlaskForm that reads uploaded files only when it has a file field: otherwise a file
    posted in place of a text field (not something a browser does) would reach the text
    field's validators and end in a 500, not a field error.

    `reveal` names the fields shown under a choice (GOV.UK conditional reveal): {radio or
    checkboxes field: {choice: (field names)}}; without JavaScript they are all shown.
    `not_asked(answers, late)` names the fields this person is not asked (the view
    removes them from the form)."""

    reveal: ClassVar[dict[str, dict[str, tuple[str, ...]]]] = {}

    @classmethod
    def not_asked(cls, answers: dict, late: bool) -> set[str]:
        return set()

    def values(self) -> dict:
        """What the step stores: every field but the CSRF token and files (dates as ISO text:
        the details are JSON)."""
        return {name: f.data.isoformat() if isinstance(f.data, date) else f.data
                for name, f in self._fields.items() if name != "csrf_token" and f.type != "FileField"}

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            wrapped = super().wrap_formdata(form, formdata)
            if isinstance(wrapped, CombinedMultiDict) and not any(isinstance(f, FileField) for f in form):
                return request.form
            return wrapped


class NamesForm(Form):
    """Someone asking for themselves (or a business's named contact): their name only."""

    full_name = StringField(_l("Your full name"), widget=GovTextInput(),
                            validators=[Required(_l("Enter your full name")), at_most(200)])


def _acting_for(victim_label, victim_hint, relationship_label, relationship_hint):
    """The names form of someone acting for the victim (VRR 16-17): the victim's name too."""

    class ActingForNamesForm(NamesForm):
        victim_name = StringField(victim_label, widget=GovTextInput(), description=victim_hint,
                                  validators=[Required(_l("Enter the victim's full name")), at_most(200)])
        relationship = StringField(relationship_label, widget=GovTextInput(), description=relationship_hint,
                                   validators=[Optional(), at_most(200)])

    return ActingForNamesForm


# Only the roles acting for someone else are asked who the victim is (a victim is not).
NAMES_FORMS = {
    "representative": _acting_for(_l("The victim's full name"), "", _l("Your relationship to the victim"),
                                  _l("For example, support worker, friend or solicitor.")),
    "family_spokesperson": _acting_for(_l("The victim's full name"), "", _l("Your relationship to the victim"),
                                       _l("For example, brother, daughter or carer.")),
    # VRR 16, footnote 4: a parent acts for a child; a victim who is now an adult may need to
    # give their written permission.
    "parent_or_guardian": _acting_for(
        _l("The victim's full name"),
        _l("If they are now 18 or over, you may need their written permission to ask for a review for them."),
        _l("Your relationship to the victim"), _l("For example, mother, father or guardian.")),
    "bereaved_relative": _acting_for(_l("The full name of the person who died"), "",
                                     _l("Your relationship to the person who died"),
                                     _l("For example, husband, daughter or brother.")),
}

# The ways to contact someone, and the choices of "Which of these are safe?" each needs.
CONTACT_NEEDS = {"email": ("email",), "phone": ("phone", "voicemail", "text"), "post": ("letters",)}
SAFE_CHOICES = (("phone", _l("Phone calls")), ("voicemail", _l("Leaving a voicemail")),
                ("text", _l("Text messages")), ("letters", _l("Sending letters")), ("email", _l("Sending emails")))


class ContactForm(Form):
    reveal: ClassVar[dict] = {"preferred": {"email": ("email",), "phone": ("phone",), "post": ("address",)}}

    preferred = RadioField(
        _l("How should the office contact you?"), widget=GovRadioInput(),
        choices=choices_of((("email", _l("Email")), ("phone", _l("Phone or text message")), ("post", _l("Post")))),
        validators=[InputRequired(_l("Select how the office should contact you"))],
    )
    # Only the chosen way's detail is checked and kept (the others are hidden under their
    # choice): so no Optional() here, the checks below decide.
    email = StringField(_l("Email address"), widget=GovTextInput(), validators=[at_most(254)],
                        render_kw={"autocomplete": "email", "spellcheck": "false"})
    phone = StringField(_l("Phone number"), widget=GovTextInput(), validators=[at_most(30)],
                        render_kw={"autocomplete": "tel"})
    address = TextAreaField(_l("Postal address"), widget=GovTextArea(), validators=[at_most(500)],
                            render_kw={"autocomplete": "street-address"})
    safe = SelectMultipleField(
        _l("Which of these are safe?"), widget=GovCheckboxesInput(),
        description=_l("We will only use the ways you select. The way you chose above must be one of them."),
        choices=choices_of(SAFE_CHOICES),
    )

    def validate_preferred(self, field):
        """The office must not contact someone in a way they said is not safe."""
        safe = set(self.safe.data or [])
        if field.data in CONTACT_NEEDS and not safe.intersection(CONTACT_NEEDS[field.data]):
            raise ValidationError({
                "email": _l("You said emails are not safe. Choose another way to contact you, "
                            "or select emails as safe"),
                "phone": _l("You said phone calls, voicemails and text messages are not safe. Choose another "
                            "way to contact you, or select one of them as safe"),
                "post": _l("You said letters are not safe. Choose another way to contact you, "
                           "or select letters as safe"),
            }[field.data])

    def validate_email(self, field):
        if self.preferred.data != "email":
            return
        if not field.data:
            raise ValidationError(_l("Enter your email address"))
        Email(_l("Enter an email address in the correct format, like name@example.com"))(self, field)

    def validate_phone(self, field):
        if self.preferred.data == "phone" and not re.fullmatch(r"[0-9 +()-]{10,30}", field.data or ""):
            raise ValidationError(_l("Enter a phone number, like 01632 960 001 or 07700 900 982"))

    def validate_address(self, field):
        if self.preferred.data == "post" and not (field.data or "").strip():
            raise ValidationError(_l("Enter your postal address"))

    def values(self) -> dict:
        """Only the chosen way's detail: what was typed under another choice is not kept."""
        kept = super().values()
        chosen = self.reveal["preferred"].get(self.preferred.data, ())
        return {**kept, **{name: "" for name in ("email", "phone", "address") if name not in chosen}}

class SupportForm(Form):
    language = RadioField(
        _l("Which language should replies be in?"), widget=GovRadioInput(item_lang={"cy": "cy"}),
        choices=choices_of((("en", _l("English")), ("cy", "Cymraeg"))),  # Cymraeg: its own name, lang="cy"
        validators=[InputRequired(_l("Select the language for replies"))],
    )
    needs = SelectMultipleField(
        _l("Do you need any support to communicate?"), widget=GovCheckboxesInput(),
        description=_l("Select all that apply, or none."),
        choices=choices_of((("bsl", _l("British Sign Language")), ("interpreter", _l("An interpreter")),
                          ("large_print", _l("Large print")), ("easy_read", _l("Easy read")),
                          ("other", _l("Something else")))),
    )
    # No Optional(): it would stop the check below when the field is empty.
    interpreter_language = StringField(_l("Language for the interpreter"), widget=GovTextInput(),
                                       validators=[at_most(100)])
    other_needs = TextAreaField(_l("What support do you need?"), widget=GovTextArea(),
                                validators=[at_most(500)])

    def validate_other_needs(self, field):
        if "other" in (self.needs.data or []) and not (field.data or "").strip():
            raise ValidationError(_l("Enter the support you need"))

    def validate_interpreter_language(self, field):
        if "interpreter" in (self.needs.data or []) and not (field.data or "").strip():
            raise ValidationError(_l("Enter the language you need an interpreter for"))


LATE_REASONS = (
    ("not_told", _l("Not told about the right to review, or told the wrong time limit")),
    ("unwell", _l("Illness, or a stay in hospital")),
    ("afraid", _l("Fear, or it was not safe to ask")),
    ("other", _l("Something else")),
)


class CaseForm(Form):
    wrote = SelectField(
        _l("Which CPS office wrote to you?"), widget=GovSelect(),
        description=_l("It is at the top of the decision letter."),
        # An empty first option: nobody sends to an office they never chose.
        choices=[SelectChoice("", _l("Select an office")),
                 *(SelectChoice(code, OFFICES[code].name if code in OFFICES else _l("I don't know"))
                   for code in WROTE_CHOICES)],
        validators=[InputRequired(_l("Select the CPS office that wrote to you, or I don't know"))],
    )
    urn = StringField(_l("Case reference (URN), if you know it"), widget=GovTextInput(),
                      description=_l("11 letters and numbers on the letter, like 01AB2345626."),
                      validators=[Optional(), at_most(20)])
    reason = TextAreaField(_l("Why do you think the decision was wrong? (optional)"), widget=GovTextArea(),
                           description=_l("You do not have to give a reason. You can also send more "
                                          "within 14 days of your request."),
                           validators=[Optional(), at_most(5000)])
    # VRR 30: a late request can still be looked at, "exceptional circumstances" being an open
    # list (not being told of the right, or told the wrong time limit, is one of them).
    late_reasons = SelectMultipleField(
        _l("Why is your request late? (optional)"), widget=GovCheckboxesInput(),
        description=_l("The time to ask has passed, but the CPS can still look at your request, "
                       "especially if there was a good reason. Select all that apply."),
        choices=choices_of(LATE_REASONS),
    )
    late_other = TextAreaField(_l("Tell us what happened (optional)"), widget=GovTextArea(),
                               validators=[Optional(), at_most(5000)])
    reveal: ClassVar[dict] = {"late_reasons": {"other": ("late_other",)}}

    @classmethod
    def not_asked(cls, answers: dict, late: bool) -> set[str]:
        return set() if late else {"late_reasons", "late_other"}

    def validate_urn(self, field):
        if field.data and not URN.match(field.data.replace(" ", "").upper()):
            raise ValidationError(_l("Enter the case reference as it is on the letter, like 01AB2345626"))


class MeetingForm(Form):
    wrote = CaseForm.wrote
    urn = CaseForm.urn
    meeting_format = RadioField(
        _l("How would you like to meet?"), widget=GovRadioInput(),
        choices=choices_of((("in_person", _l("In person")), ("video", _l("By video call")), ("phone", _l("By phone")))),
        validators=[InputRequired(_l("Select how you would like to meet"))],
    )
    validate_urn = CaseForm.validate_urn


class ComplaintForm(Form):
    wrote = CaseForm.wrote
    urn = CaseForm.urn
    what_happened = TextAreaField(_l("What happened?"), widget=GovTextArea(),
                                  validators=[Required(_l("Enter what happened")), at_most(5000)])
    when = StringField(_l("When did it happen?"), widget=GovTextInput(),
                       description=_l("For example, 3 October 2026, or 'over the last year'."),
                       validators=[Required(_l("Enter when it happened")), at_most(200)])
    put_right = TextAreaField(_l("What would put it right?"), widget=GovTextArea(),
                              validators=[Required(_l("Enter what would put it right")), at_most(5000)])
    # A complaint after the usual six months can say why, as a late review request can.
    late_reasons = CaseForm.late_reasons
    late_other = CaseForm.late_other
    reveal: ClassVar[dict] = CaseForm.reveal
    not_asked = CaseForm.not_asked
    validate_urn = CaseForm.validate_urn


class ConvictedNamesForm(Form):
    """The person convicted, applying themselves: their name only."""

    full_name = NamesForm.full_name


class ConvictedRepresentativeNamesForm(ConvictedNamesForm):
    convicted_name = StringField(_l("Full name of the person convicted"), widget=GovTextInput(),
                                 validators=[Required(_l("Enter the full name of the person convicted")),
                                             at_most(200)])


# Welsh answers yes and no with the question's verb: each question has its own pair.
LAWYER = (("yes", lazy_pgettext("lawyer", "Yes")), ("no", lazy_pgettext("lawyer", "No")))
IN_PRISON = (("yes", lazy_pgettext("in_prison", "Yes")), ("no", lazy_pgettext("in_prison", "No")))
IN_PRISON_YOU = (("yes", lazy_pgettext("in_prison_you", "Yes")), ("no", lazy_pgettext("in_prison_you", "No")))


class CcrcForm(Form):
    """About the conviction, asked of someone helping the person convicted (third person).
    The declaration is on the check page, before "Send request"."""

    reveal: ClassVar[dict] = {"lawyer": {"yes": ("lawyer_name", "lawyer_firm")},
              "in_prison": {"yes": ("prison_number", "prison_address")}}

    court_name = StringField(_l("Which court was it?"), widget=GovTextInput(),
                             description=_l("For example, Cardiff Crown Court."),
                             validators=[Required(_l("Enter the name of the court")), at_most(200)])
    offence = StringField(_l("What was the offence?"), widget=GovTextInput(),
                          validators=[Required(_l("Enter the offence")), at_most(300)])
    appeal_history = TextAreaField(_l("What happened at any appeal? (optional)"), widget=GovTextArea(),
                                   validators=[Optional(), at_most(5000)])
    what_is_new = TextAreaField(_l("Why do you think the conviction or sentence is wrong?"), widget=GovTextArea(),
                                description=_l("Say what is new: evidence or a legal argument not raised before."),
                                validators=[Required(_l("Enter why you think it is wrong")), at_most(10000)])
    lawyer = RadioField(_l("Is a lawyer helping with this application?"), widget=GovRadioInput(),
                        choices=choices_of(LAWYER), validators=[InputRequired(_l("Select yes if a lawyer is helping"))])
    # No Optional(): needed when a lawyer is helping (checked below).
    lawyer_name = StringField(_l("The lawyer's name"), widget=GovTextInput(), validators=[at_most(200)])
    lawyer_firm = StringField(_l("Their firm (optional)"), widget=GovTextInput(), validators=[at_most(200)])
    in_prison = RadioField(_l("Is the person convicted in prison?"), widget=GovRadioInput(),
                           choices=choices_of(IN_PRISON),
                           validators=[InputRequired(_l("Select yes if they are in prison"))])
    prison_number = StringField(_l("Prison number, if in prison"), widget=GovTextInput(),
                                description=_l("For example, A1234BC."), validators=[at_most(20)])
    prison_address = TextAreaField(_l("Prison address, if in prison"), widget=GovTextArea(),
                                   validators=[at_most(500)])

    def validate_lawyer_name(self, field):
        if self.lawyer.data == "yes" and not (field.data or "").strip():
            raise ValidationError(_l("Enter the lawyer's name"))

    def validate_prison_number(self, field):
        if self.in_prison.data == "yes" and not re.fullmatch(r"[A-Za-z]\d{4}[A-Za-z]{2}", (field.data or "").strip()):
            raise ValidationError(_l("Enter the prison number, like A1234BC"))

    def validate_prison_address(self, field):
        if self.in_prison.data == "yes" and not (field.data or "").strip():
            raise ValidationError(_l("Enter the prison's address"))

    def values(self) -> dict:
        """What is hidden under "No" is not kept."""
        kept = super().values()
        for choice, names in (("lawyer", ("lawyer_name", "lawyer_firm")),
                              ("in_prison", ("prison_number", "prison_address"))):
            if kept.get(choice) != "yes":
                kept.update(dict.fromkeys(names, ""))
        return kept


class OwnCcrcForm(CcrcForm):
    """The same, asked of the person convicted ("you")."""

    in_prison = RadioField(_l("Are you in prison?"), widget=GovRadioInput(), choices=choices_of(IN_PRISON_YOU),
                           validators=[InputRequired(_l("Select yes if you are in prison"))])


# The dates the Commission asks for; the questionnaire's answer is used where it has one.
CCRC_DATES = (
    ("date_of_birth", _l("Date of birth of the person convicted"), _l("Enter the date of birth"),
     _l("Date of birth")),
    ("conviction_date", _l("Date of the conviction"), _l("Enter the date of the conviction"),
     _l("Date of the conviction")),
    ("sentence_date", _l("Date of the sentence"), _l("Enter the date of the sentence"), _l("Date of the sentence")),
)


@cache
def with_dates(form_class):
    """The CCRC form with its dates (GOV.UK date inputs, webapp.forms.DateField; imported
    here because webapp.forms imports this module). A date the questionnaire already has
    is not asked again."""
    from .forms import DateField

    hint = _l("For example, 27 3 1990")
    fields = {name: DateField(label, description=hint, required_message=required, noun=noun)
              for name, label, required, noun in CCRC_DATES}
    for index, field in enumerate(fields.values()):  # asked first, before the court
        field.creation_counter = form_class.court_name.creation_counter - 1 + index / 10

    def not_asked(cls, answers: dict, late: bool) -> set[str]:
        return {name for name in ("conviction_date", "sentence_date") if answers.get(name)}

    return type(form_class.__name__, (form_class,), {**fields, "not_asked": classmethod(not_asked)})


# The CCRC's declaration, ticked on the check page before "Send request".
DECLARATION = _l("I confirm the information I have given is true to the best of my knowledge")
DECLARATION_KINDS = ("ccrc",)

# Magic numbers of the files a written authority may be: checked on the content, not the name.
UPLOAD_TYPES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def sniff(head: bytes) -> str | None:
    return next((kind for magic, kind in UPLOAD_TYPES.items() if head.startswith(magic)), None)


AUTHORITY_CHOICES = (
    ("now", _l("I have it and will upload it now")),
    ("later", _l("I have it and will send it later")),
    ("to_follow", _l("I do not have it yet: I will get it and send it later")),
)
# What staff see: the written permission is still to come.
TO_FOLLOW = ("later", "to_follow")


class AuthorityForm(Form):
    """VRR 17: someone outside the VRR 16 definitions needs the victim's written authority.
    Nobody has to claim they hold it to send: they can say it will follow. What they say is
    kept in the request's details (the questionnaire's has_written_authority is not changed)."""

    explanation = "partials/written-permission.html"
    reveal: ClassVar[dict] = {"authority": {"now": ("authority_file",)}}
    stored_file = False  # set by the view: a file was uploaded before (coming back to change it)

    authority = RadioField(
        _l("Do you have the victim's written permission?"), widget=GovRadioInput(),
        description=_l("You can send your request now, even if you do not have it yet."),
        choices=choices_of(AUTHORITY_CHOICES),
        validators=[InputRequired(_l("Select whether you have the victim's written permission"))],
    )
    authority_file = FileField(
        _l("Upload the written permission"), widget=GovFileInput(),
        description=_l("A PDF, JPG or PNG, up to 5 MB."),
    )

    def validate_authority_file(self, field):
        upload = field.data
        if isinstance(upload, str) and upload:  # text posted where the file goes (not a browser)
            raise ValidationError(_l("The selected file must be a PDF, JPG or PNG"))
        if not upload or not getattr(upload, "filename", ""):
            if self.authority.data == "now" and not self.stored_file:
                raise ValidationError(_l("Select the file with the written permission"))
            return
        head = upload.stream.read(16)
        upload.stream.seek(0, 2)
        size = upload.stream.tell()
        upload.stream.seek(0)
        if size > current_app.config["UPLOAD_MAX_BYTES"]:
            raise ValidationError(_l("The selected file must be smaller than 5 MB"))
        if sniff(head) is None:
            raise ValidationError(_l("The selected file must be a PDF, JPG or PNG"))


class BusinessForm(Form):
    """VRR 16: a business must name one point of contact (the person filling this in)."""

    business_name = StringField(_l("Name of the business"), widget=GovTextInput(),
                                description=_l("You will be the business's named contact for the CPS."),
                                validators=[Required(_l("Enter the name of the business")), at_most(200)])


_COMMON = (
    ("your-details", NamesForm, _l("Your details")),
    ("contact", ContactForm, _l("How to contact you")),
    ("support", SupportForm, _l("Language and support")),
)
EXTRA_STEPS = {
    "representative": ("authority", AuthorityForm, _l("Permission to act for the victim")),
    "business": ("business", BusinessForm, _l("About the business")),
}


def steps_for(kind: str, role: str | None) -> tuple:
    """The steps of a request for this role: its own names form (only someone acting for
    another person is asked their name), its own step after "your details", and for the
    CCRC the questions in the person's own words."""
    steps = STEPS[kind]
    if kind == "ccrc":
        own = role != "convicted_representative"
        names = ("your-details", ConvictedNamesForm if own else ConvictedRepresentativeNamesForm, steps[0][2])
        application = (*steps[3][:1], with_dates(OwnCcrcForm if own else CcrcForm), steps[3][2])
        return (names, *steps[1:3], application)
    names = ("your-details", NAMES_FORMS.get(role or "", NamesForm), steps[0][2])
    extra = EXTRA_STEPS.get(role or "")
    return (names, extra, *steps[1:]) if extra else (names, *steps[1:])


STEPS = {
    "vrr": (*_COMMON, ("case", CaseForm, _l("About the case"))),
    # VRR 42: the same details, sent to the Appeals and Review Unit after a local decision.
    "independent_review": (*_COMMON, ("case", CaseForm, _l("About the case"))),
    "meeting": (*_COMMON, ("meeting", MeetingForm, _l("About the meeting"))),
    "complaint": (*_COMMON, ("complaint", ComplaintForm, _l("Your complaint"))),
    "ccrc": (
        ("your-details", ConvictedNamesForm, _l("Your details")),
        ("contact", ContactForm, _l("How to contact you")),
        ("support", SupportForm, _l("Language and support")),
        ("application", CcrcForm, _l("About the conviction")),
    ),
}
