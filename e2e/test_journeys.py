"""The three journeys, each with JavaScript on and off, with axe on every page reached.

Journey (a) also saves a full-page screenshot of every page to e2e/screenshots/.
"""

from __future__ import annotations

import pytest

from . import journeys
from .support import Visitor, new_visitor_context

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])


def visitor(new_context, js: bool, journey: str, **kwargs) -> Visitor:
    page = new_visitor_context(new_context, js).new_page()
    axe_page = None if js else new_context().new_page()
    return Visitor(page, js=js, journey=journey, axe_page=axe_page, **kwargs)


@JS
def test_vrr_journey_cps_decision_not_to_charge(new_context, js, screenshots):
    v = visitor(new_context, js, "vrr", screenshots=screenshots)
    journeys.vrr(v)
    v.finish()


@JS
def test_police_decision_journey(new_context, js):
    v = visitor(new_context, js, "police")
    journeys.police(v)
    v.finish()


@JS
def test_conviction_journey_crown_court(new_context, js):
    v = visitor(new_context, js, "conviction")
    journeys.conviction(v)
    v.finish()
