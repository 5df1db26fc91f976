"""The request class: no NUL character reaches the app.

A NUL cannot be typed, only sent by a script; PostgreSQL refuses it in text, so one in a
form field or a query value would end in a 500. It is removed from every form and query
value (and name) as they are read; a path holding one is not a page of this service.
"""

from __future__ import annotations

from flask import Request as FlaskRequest
from werkzeug.datastructures import MultiDict
from werkzeug.utils import cached_property


def _without_nul(values: MultiDict) -> MultiDict:
    if not any("\x00" in key or (isinstance(value, str) and "\x00" in value)
               for key, value in values.items(multi=True)):
        return values
    return type(values)((key.replace("\x00", ""), value.replace("\x00", "") if isinstance(value, str) else value)
                        for key, value in values.items(multi=True))


class Request(FlaskRequest):
    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])

    @cached_property
    def args(self) -> MultiDict:
        return _without_nul(super().args)
