"""The pages of a request form, as WTForms classes (GOV.UK widgets). The answers already
given in the questionnaire are reused, never asked again.

Each step is (slug, form class, title); `STEPS[kind]` lists the steps of each kind.
"""

from __future__ import annotations

import re

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
    field's validators and end in a 500, not a field error."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            wrapped = super().wrap_formdata(form, formdata)
            if isinstance(wrapped, CombinedMultiDict) and not any(isinstance(f, FileField) for f in form):
                return request.form
            return wrapped


class NamesForm(Form):
    full_name = StringField(_l("Your full name"), widget=GovTextInput(),
                            validators=[Required(_l("Enter your full name")), at_most(200)])
    victim_name = StringField(_l("The victim's full name"), widget=GovTextInput(),
                              description=_l("Leave this empty if you are the victim."),
                              validators=[Optional(), at_most(200)])
    relationship = StringField(_l("Your relationship to the victim"), widget=GovTextInput(),
                               description=_l("For example, support worker, friend or solicitor."),
                               validators=[Optional(), at_most(200)])


class ContactForm(Form):
    preferred = RadioField(
        _l("How should the office contact you?"), widget=GovRadioInput(),
        choices=choices_of((("email", _l("Email")), ("phone", _l("Phone")), ("post", _l("Post")))),
        validators=[InputRequired(_l("Select how the office should contact you"))],
    )
    # Which of these is required depends on the preferred way: checked below, so no
    # Optional() here (it would stop the checks when the field is empty).
    email = StringField(_l("Email address"), widget=GovTextInput(), validators=[at_most(254)])
    phone = StringField(_l("Phone number"), widget=GovTextInput(), validators=[at_most(30)])
    address = TextAreaField(_l("Postal address"), widget=GovTextArea(), validators=[at_most(500)])
    safe = SelectMultipleField(
        _l("Which of these are safe?"), widget=GovCheckboxesInput(),
        description=_l("We will only use the ways you select. Select none if none are safe."),
        choices=choices_of((("voicemail", _l("Leaving a voicemail")), ("letters", _l("Sending letters")),
                          ("email", _l("Sending emails")))),
    )

    def validate_email(self, field):
        if not field.data:
            if self.preferred.data == "email":
                raise ValidationError(_l("Enter your email address"))
            return
        Email(_l("Enter an email address in the correct format, like name@example.com"))(self, field)

    def validate_phone(self, field):
        if (field.data or self.preferred.data == "phone") and not re.fullmatch(r"[0-9 +()-]{10,30}", field.data or ""):
            raise ValidationError(_l("Enter a phone number, like 01632 960 001 or 07700 900 982"))

    def validate_address(self, field):
        if self.preferred.data == "post" and not (field.data or "").strip():
            raise ValidationError(_l("Enter your postal address"))


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
    validate_urn = CaseForm.validate_urn


class ConvictedNamesForm(Form):
    full_name = NamesForm.full_name
    convicted_name = StringField(_l("Full name of the person convicted"), widget=GovTextInput(),
                                 description=_l("Leave this empty if it is you."),
                                 validators=[Optional(), at_most(200)])


# Welsh answers yes and no with the question's verb: each question has its own pair.
LAWYER = (("yes", lazy_pgettext("lawyer", "Yes")), ("no", lazy_pgettext("lawyer", "No")))
IN_PRISON = (("yes", lazy_pgettext("in_prison", "Yes")), ("no", lazy_pgettext("in_prison", "No")))


class CcrcForm(Form):
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
    in_prison = RadioField(_l("Is the person convicted in prison?"), widget=GovRadioInput(),
                           choices=choices_of(IN_PRISON),
                           validators=[InputRequired(_l("Select yes if they are in prison"))])
    prison_number = StringField(_l("Prison number, if in prison"), widget=GovTextInput(),
                                description=_l("For example, A1234BC."), validators=[at_most(20)])
    prison_address = TextAreaField(_l("Prison address, if in prison"), widget=GovTextArea(),
                                   validators=[at_most(500)])
    declaration = SelectMultipleField(
        _l("Declaration"), widget=GovCheckboxesInput(),
        choices=choices_of((("true", _l("I confirm the information I have given is true to the best of my "
                                      "knowledge")),)),
        validators=[InputRequired(_l("Confirm that the information is true"))],
    )

    def validate_prison_number(self, field):
        if self.in_prison.data == "yes" and not re.fullmatch(r"[A-Za-z]\d{4}[A-Za-z]{2}", (field.data or "").strip()):
            raise ValidationError(_l("Enter the prison number, like A1234BC"))

    def validate_prison_address(self, field):
        if self.in_prison.data == "yes" and not (field.data or "").strip():
            raise ValidationError(_l("Enter the prison's address"))


# Magic numbers of the files a written authority may be: checked on the content, not the name.
UPLOAD_TYPES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def sniff(head: bytes) -> str | None:
    return next((kind for magic, kind in UPLOAD_TYPES.items() if head.startswith(magic)), None)


class AuthorityForm(Form):
    """VRR 17: someone outside the VRR 16 definitions needs the victim's written authority."""

    authority = SelectMultipleField(
        _l("The victim's written permission"), widget=GovCheckboxesInput(),
        choices=choices_of((("confirmed", _l("I have the victim's written permission to act for them")),)),
        validators=[InputRequired(_l("Confirm that you have the victim's written permission"))],
    )
    authority_file = FileField(
        _l("Upload the written permission (optional)"), widget=GovFileInput(),
        description=_l("A PDF, JPEG or PNG, up to 5 MB. You can also send it later."),
    )

    def validate_authority_file(self, field):
        upload = field.data
        if isinstance(upload, str) and upload:  # text posted where the file goes (not a browser)
            raise ValidationError(_l("The selected file must be a PDF, JPG or PNG"))
        if not upload or not getattr(upload, "filename", ""):
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
    """The steps of a request, with the role's own step after "your details"."""
    steps = STEPS[kind]
    extra = EXTRA_STEPS.get(role or "") if kind != "ccrc" else None
    return (steps[0], extra, *steps[1:]) if extra else steps


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
