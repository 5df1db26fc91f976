"""Staff forms: sign in, the inbox filters (a GET form), a status change, passwords, users."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, StopValidation, ValidationError

from ..forms import DateField
from ..request_forms import Form, RadioField, Required, SelectField, at_most, choices_of
from ..widgets import RadioInput, Select, TextArea, TextInput
from .workflow import LABELS

KINDS = (("", _l("All kinds")), ("vrr", _l("Victims' Right to Review")),
         ("independent_review", _l("Independent review (after a local decision)")), ("meeting", _l("Meeting")),
         ("complaint", _l("Complaint")), ("ccrc", _l("CCRC application")))
STATUSES = (("open", _l("Open")), ("all", _l("All")), *((k, _l(v)) for k, v in LABELS.items()))
FLAG_CHOICES = (("", _l("Any")), ("statute_soon", _l("Time limit for prosecuting soon")), ("overdue", _l("Overdue")),
                ("welsh", _l("Replies in Welsh")), ("needs", _l("Communication needs")),
                ("no_authority", _l("No written authority yet")), ("late", _l("Late or exceptional")),
                ("idle", _l("No activity for 60 days")))
SORT_LABELS = {"urgency": _l("Most urgent first"), "due": _l("Due soonest"), "newest": _l("Newest first"),
               "oldest": _l("Oldest first")}


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
NEW_PASSWORD = Length(min=12, max=200, message=_l("Enter a password of 12 to 200 characters"))


class Password(PasswordField):
    """A GOV.UK password input that never writes the password back into the page."""

    widget = TextInput(input_type="password")

    def _value(self):
        return ""


ROLE_LABELS = {"caseworker": _l("Caseworker"), "reviewer": _l("Reviewer (Appeals and Review Unit)"),
               "admin": _l("Administrator")}


class LoginForm(Form):
    email = EmailField(_l("Email address"), widget=TextInput(),
                       validators=[Required(_l("Enter your email address")), at_most(254)])
    password = Password(_l("Password"),
                             validators=[InputRequired(_l("Enter your password")), at_most(200)])


class FilterDate(DateField):
    """A GOV.UK date input (day, month, year: the same name three times in the query) that
    may be left empty, with GOV.UK's messages ("Received from must include a month", "...
    must be a real date"). A single ISO date (an address from before, 2026-11-22) is read
    as its three parts."""

    def __init__(self, label, **kwargs):
        super().__init__(label, required_message="", noun=label, **kwargs)
        self.type = "DateField"  # the error summary links its errors to the day (or the part missing)

    def process_formdata(self, valuelist):
        if len(valuelist) == 1 and ISO_DATE.fullmatch(str(valuelist[0]).strip()):
            valuelist = list(reversed(str(valuelist[0]).strip().split("-")))
        super().process_formdata(valuelist)

    def pre_validate(self, form):
        if not any(self.raw_data or ()):
            raise StopValidation()  # not filtered by this date
        super().pre_validate(form)


class FilterForm(Form):
    class Meta:
        csrf = False  # a GET form: it changes nothing

    kind = SelectField(_l("Kind"), widget=Select(), choices=choices_of(KINDS), default="")
    status = SelectField(_l("Status"), widget=Select(), choices=choices_of(STATUSES), default="open")
    flag = SelectField(_l("Flag"), widget=Select(), choices=choices_of(FLAG_CHOICES), default="")
    received_from = FilterDate(_l("Received from"))
    received_to = FilterDate(_l("Received to"))
    sort = SelectField(_l("Sort by"), widget=Select(), choices=choices_of(SORT_LABELS.items()), default="urgency")
    # (the page number is read by the view, which clamps it: it is not a field people fill in)

    def validate_received_to(self, field):
        if field.data and self.received_from.data and field.data < self.received_from.data:
            raise ValidationError(_l("The ‘to’ date must be the same as or after the ‘from’ date"))


class StatusForm(Form):
    status = RadioField(_l("New status"), widget=RadioInput(),
                        validators=[InputRequired(_l("Select the new status"))])
    note = TextAreaField(_l("Note (optional)"), widget=TextArea(), validators=[Optional(), at_most(2000)])


class PasswordForm(Form):
    current = Password(_l("Current password"),
                            validators=[InputRequired(_l("Enter your current password")), at_most(200)])
    new = Password(_l("New password"),
                        description=_l("At least 12 characters."),
                        validators=[InputRequired(_l("Enter a new password")),
                                    NEW_PASSWORD])
    again = Password(_l("New password again"),
                          validators=[InputRequired(_l("Enter the new password again")),
                                      EqualTo("new", _l("The passwords must match"))])


class UserForm(Form):
    email = EmailField(_l("Email address"), widget=TextInput(),
                       validators=[Required(_l("Enter an email address")),
                                   Email(_l("Enter an email address in the correct format, like name@example.com")),
                                   at_most(254)])
    name = StringField(_l("Full name"), widget=TextInput(), validators=[Required(_l("Enter a name")),
                                                                         at_most(200)])
    role = RadioField(_l("Role"), widget=RadioInput(), validators=[InputRequired(_l("Select a role"))],
                      choices=choices_of(ROLE_LABELS.items()))
    office = SelectField(_l("Office"), widget=Select())
    password = Password(_l("Password"), description=_l("At least 12 characters."),
                             validators=[InputRequired(_l("Enter a password")),
                                         NEW_PASSWORD])

    def validate_office(self, field):
        if self.role.data == "caseworker" and not field.data:
            raise ValidationError(_l("Select the caseworker's office"))


class ConfirmForm(Form):
    """A button that changes something (sign out, deactivate): CSRF only."""

    action = HiddenField()

