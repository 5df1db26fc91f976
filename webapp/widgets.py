"""govuk-frontend-wtf widgets with the words GOV.UK Frontend would otherwise say in
English: the hidden "Error:" before each error message, and the enhanced file upload's
button and drop-zone texts. They also never show a hint without text: govuk-frontend-wtf
passes a field's description to radios and checkboxes as it is, and Jinja prints a
description of None as the word "None" under the question."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from govuk_frontend_wtf import wtforms_widgets as gov
from markupsafe import Markup


def _without_empty_hint(params: dict) -> None:
    hint = params.get("hint")
    if hint is not None and not (hint.get("text") or hint.get("html")):
        params["hint"] = None


class Translated:
    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        _without_empty_hint(params)
        for item in params.get("items") or ():
            _without_empty_hint(item)
        if params.get("errorMessage"):
            params["errorMessage"]["visuallyHiddenText"] = _("Error")
        return params

    def render(self, params):
        """The widget's template (one GOV.UK macro called with `params`, nothing else from
        the page) straight from the app's Jinja environment: render_template would run
        every context processor again for each field."""
        return Markup(current_app.jinja_env.get_template(self.template).render(params=params))  # noqa: S704


class TextInput(Translated, gov.GovTextInput):
    pass


class TextArea(Translated, gov.GovTextArea):
    pass


class Select(Translated, gov.GovSelect):
    pass


class RadioInput(Translated, gov.GovRadioInput):
    """Radios; `item_lang` marks options named in another language than the page's
    (by value: {"cy": "cy"} for "Cymraeg", the endonym), so screen readers say them right."""

    def __init__(self, item_lang: dict[str, str] | None = None):
        super().__init__()
        self.item_lang = dict(item_lang or {})

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        for item in params.get("items") or ():
            if item.get("value") in self.item_lang:
                label = item.setdefault("label", {})
                label.setdefault("attributes", {})["lang"] = self.item_lang[item["value"]]
        return params


class CheckboxesInput(Translated, gov.GovCheckboxesInput):
    pass


class DateInput(Translated, gov.GovDateInput):
    pass


class FileInput(Translated, gov.GovFileInput):
    """The GOV.UK file upload, enhanced by its own script (a drop zone, a clear button),
    speaking the page's language; without JavaScript, the browser's own file input."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.update({
            "javascript": True,
            "chooseFilesButtonText": _("Choose file"),
            "noFileChosenText": _("No file chosen"),
            "dropInstructionText": _("or drop file"),
            "enteredDropZoneText": _("Entered drop zone"),
            "leftDropZoneText": _("Left drop zone"),
        })
        return params
