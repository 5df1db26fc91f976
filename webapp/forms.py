"""One WTForms form per question, built from the question's data (questionnaire/flow.py).

The field's name is the answer key. Values are turned into the contract's answer values
(`answer_value`) and back (`form_value`) here, and nowhere else.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from questionnaire.flow import Question

from .i18n import translate
from .request_forms import Form
from .widgets import CheckboxesInput as GovCheckboxesInput
from .widgets import DateInput as GovDateInput
from .widgets import RadioInput as GovRadioInput


class DateInput(GovDateInput):
    """GOV.UK date input with translated Day/Month/Year labels, safe with missing parts."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        wrong = getattr(field, "error_part", None)
        for item, label, part in zip(params["items"], (_("Day"), _("Month"), _("Year")), PARTS, strict=True):
            item["label"] = label
            if wrong and part != wrong:  # GOV.UK: mark only the part that is missing
                item["classes"] = item["classes"].replace("govuk-input--error", "").strip()
        return params


class _Options:
    """Radios or checkboxes with each option's hint; the "I'm not sure" / "None of these"
    option stands apart after an "or" divider, and for checkboxes clears the others."""

    def __init__(self, hints: dict[str, str], unsure: str | None = None):
        super().__init__()
        self.hints = hints
        self.unsure = unsure

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        items = params["items"]
        for item in items:
            if self.hints.get(item["value"]):
                item["hint"] = {"text": self.hints[item["value"]]}
        for index, item in enumerate(items):
            if self.unsure and item.get("value") == self.unsure:
                if self.input_type == "checkbox":
                    item["behaviour"] = "exclusive"
                items.insert(index, {"divider": _("or")})
                break
        return params


class Radios(_Options, GovRadioInput):
    pass


class Checkboxes(_Options, GovCheckboxesInput):
    pass


PARTS = ("day", "month", "year")


class DateField(Field):
    """Three inputs (day, month, year) sharing the field's name, as GOV.UK asks.

    Errors follow the GOV.UK pattern: "Enter ...", "... must include a month",
    "... must be a real date", "... must be today or in the past".
    """

    widget = DateInput()
    error_part: str | None = None  # the one input to mark and link to, if only one is wrong

    def __init__(self, *args, required_message: str, noun: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.required_message = required_message
        self.noun = noun

    def process_formdata(self, valuelist):
        # A hand-made POST may send fewer than three parts (STACK.md): pad, never raise.
        parts = [str(v).strip() for v in valuelist[:3]]
        self.raw_data = parts + [""] * (3 - len(parts))
        self.data = None

    def _value(self):
        return self.data.isoformat() if isinstance(self.data, date) else ""

    def pre_validate(self, form):
        if self.raw_data is None:
            raise ValidationError(self.required_message)
        day, month, year = self.raw_data
        if not (day or month or year):
            raise ValidationError(self.required_message)
        for value, part, text in zip((day, month, year), PARTS, (_l("a day"), _l("a month"), _l("a year")),
                                     strict=True):
            if not value:
                self.error_part = part
                raise ValidationError(_("%(noun)s must include %(part)s", noun=self.noun, part=text))
        try:
            if len(year) != 4:
                raise ValueError
            self.data = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(_("%(noun)s must be a real date", noun=self.noun)) from None


def build_form(question: Question, who: str, formdata=None, value=None) -> FlaskForm:
    """The form for `question`, with the stored answer `value` (contract form) shown."""
    legend = _(question.title_for(who))
    hints = {o.value: _(o.hint) for o in question.options if o.hint}
    hint = _(question.hint_for(who)) if question.hint_for(who) else ""  # never None: it would show as "None"
    message = _(question.error_for(who))

    class QuestionForm(Form):
        pass

    if question.kind in ("choice", "yes_no"):
        options = list(question.options) + ([question.unsure] if question.unsure else [])
        field = RadioField(
            legend, description=hint, widget=Radios(hints, question.unsure.value if question.unsure else None),
            choices=[SelectChoice(o.value, translate(o.label_for(who))) for o in options],
            validate_choice=True,
        )
    elif question.kind == "multi":
        field = SelectMultipleField(
            legend, description=hint, widget=Checkboxes(hints, question.unsure.value),
            choices=[SelectChoice(o.value, translate(o.label_for(who))) for o in (*question.options, question.unsure)],
        )
    else:
        field = DateField(legend, description=hint, required_message=message, noun=_(question.short))
    setattr(QuestionForm, question.id, field)
    initial = {question.id: form_value(question, value)} if formdata is None else None
    form = QuestionForm(formdata=formdata, data=initial)
    form.question = question
    form.required_message = message
    return form


def validate(form: FlaskForm) -> bool:
    """Validate, with the question's own GOV.UK message when nothing was chosen."""
    field = form[form.question.id]
    ok = form.validate()
    if form.question.kind != "date" and not field.data:
        field.errors = [form.required_message]
        return False
    if not ok and field.errors and form.question.kind != "date":
        field.errors = [form.required_message]  # WTForms' "Not a valid choice" is not for people
    unsure = form.question.unsure
    if ok and form.question.kind == "multi" and unsure and unsure.value in field.data and len(field.data) > 1:
        # "None of these" clears the others with JavaScript; without it, say so.
        field.errors = [_("Select what the crime was about, or select ‘%(none)s’", none=_(unsure.label))]
        return False
    return ok and "csrf_token" not in form.errors


def answer_value(question: Question, form: FlaskForm):
    """The form's data as the contract's answer value."""
    data = form[question.id].data
    if question.kind == "yes_no":
        return data == "yes"
    if question.kind == "date":
        return data.isoformat()
    if question.kind == "multi":
        return sorted(data)
    return data


def form_value(question: Question, value):
    if value is None:
        return None
    if question.kind == "yes_no":
        return "yes" if value else "no"
    if question.kind == "date":
        return date.fromisoformat(value)
    return value
