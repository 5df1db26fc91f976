"""The person's settings: the language link, the display settings (without JavaScript),
and the pages that explain them (cookies, accessibility statement); the easy read summary."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from .conftest import text_of
from .journeys import VICTIM_CPS

QUESTION = "/questions/decision-type"


def _cookie(response, name: str) -> str | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{name}="):
            return header
    return None


def _save(client_request, data: dict, **headers):
    """Post the display settings as a browser would (with this session's CSRF token)."""
    return client_request.client.post("/display-settings", data={**data, "csrf_token": client_request.csrf_token()},
                                      headers=headers)


# --------------------------------------------------------------------------- language


def test_every_page_links_to_the_other_language_on_the_same_page(client_request, seed_answers):
    seed_answers({"role": "victim", "decision_by": "cps"})
    page = client_request.get(QUESTION)
    links = page.select(".app-language a")
    assert [(a["href"], a["lang"], a["hreflang"]) for a in links] == [(f"{QUESTION}?lang=cy", "cy", "cy")]
    assert page.select_one(".app-language [aria-current]").get_text(strip=True) == "English"


def test_the_language_link_remembers_the_choice_and_stays_on_the_same_step(client_request, seed_answers):
    seed_answers({"role": "victim", "decision_by": "cps"})
    response = client_request.client.get(f"{QUESTION}?lang=cy")
    assert response.status_code == 303 and response.headers["Location"] == QUESTION
    cookie = _cookie(response, "lang")
    assert cookie and "lang=cy" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Max-Age=31536000" in cookie

    page = client_request.get(QUESTION)
    assert page.html["lang"] == "cy"
    assert page.select_one(".app-language a")["href"] == f"{QUESTION}?lang=en"
    # The same question, in Welsh, and the answers before it are kept (the back link).
    assert page.select_one("h1").get_text(strip=True) != "What did the CPS decide?"
    assert page.select_one(".govuk-back-link")["href"] == "/questions/decision-by"


def test_the_language_of_a_page_shown_after_a_post_links_to_its_get_address(client_request, seed_answers):
    seed_answers({"role": "victim"})
    page = client_request.post("/questions/decision-by", {}, expected_status=200)
    assert page.select_one(".govuk-error-summary") is not None
    assert page.select_one(".app-language a")["href"] == "/questions/decision-by?lang=cy"


def test_the_parts_every_page_shares_follow_each_visitors_language_and_address(app):
    """The skip link, header, service navigation, Exit this page and footer are rendered
    once per language and kept by the app (preferences.rendered_once): visitors in English
    and in Welsh on the same app each get theirs, in any order; behind a path prefix
    (SCRIPT_NAME) the links carry the prefix."""
    english, welsh = app.test_client(), app.test_client()
    welsh.get("/?lang=cy")
    expected = {
        "en": ("Skip to main content", "Check your options after a criminal justice decision", "Exit this page",
               "Cookies"),
        "cy": ("Neidio i'r prif gynnwys", "Gwirio eich opsiynau ar ôl penderfyniad cyfiawnder troseddol",
               "Gadael y dudalen hon", "Cwcis"),
    }
    for client, lang, prefix in ((welsh, "cy", ""), (english, "en", ""), (welsh, "cy", "/options"),
                                 (english, "en", ""), (welsh, "cy", "")):
        page = BeautifulSoup(client.get("/accessibility", environ_overrides={"SCRIPT_NAME": prefix}).data,
                             "html.parser")
        shared = (page.select_one(".govuk-skip-link"), page.select_one(".govuk-service-navigation__service-name"),
                  page.select_one(".govuk-exit-this-page__button"),
                  page.select_one(".govuk-footer").find("a", href=f"{prefix}/cookies"))
        assert page.html["lang"] == lang
        assert tuple(text_of(tag) for tag in shared) == expected[lang], (lang, prefix)
        # The GOV.UK logo goes to GOV.UK (journeys review); the service name to the start.
        assert page.select_one(".govuk-header__homepage-link")["href"] == "https://www.gov.uk/"
        assert page.select_one(".govuk-service-navigation__service-name a")["href"] == f"{prefix}/"
        assert page.select_one(".govuk-exit-this-page__button")["href"] == f"{prefix}/exit"


@pytest.mark.parametrize("value", ["fr", "", "cy'><script>", "EN"])
def test_an_unknown_language_is_ignored(client_request, value):
    response = client_request.client.get(QUESTION, query_string={"lang": value})
    assert response.status_code in (200, 302)  # the page itself (or its own redirect), no cookie
    assert _cookie(response, "lang") is None


def test_htmx_steps_bring_the_settings_for_the_new_page(client_request, seed_answers):
    """The header is not swapped: the fragment carries the settings out of band, so the
    language link and the settings form's return address follow the page."""
    seed_answers({"role": "victim"})
    page = client_request.get("/questions/decision-by", htmx=True)
    settings = page.select_one("#app-settings")
    assert settings is not None and settings.get("hx-swap-oob") == "true"
    assert settings.select_one(".app-language a")["href"] == "/questions/decision-by?lang=cy"
    assert settings.select_one("input[name=next]")["value"] == "/questions/decision-by"


# --------------------------------------------------------------------------- display settings


def test_the_display_settings_form_starts_from_the_current_choice(client_request):
    client_request.client.set_cookie("contrast", "yellow")
    client_request.client.set_cookie("text_size", "larger")
    page = client_request.get("/")
    assert set(page.html["class"]) >= {"govuk-template", "app-contrast-yellow", "app-text-larger"}
    assert page.select_one("#high-contrast-css")["media"] == "all"
    assert page.select_one("input[name=contrast][checked]")["value"] == "yellow"
    assert page.select_one("input[name=text_size][checked]")["value"] == "larger"


def test_without_a_choice_the_browser_preference_decides(client_request):
    page = client_request.get("/")
    assert set(page.html["class"]) >= {"app-contrast-auto", "app-text-standard"}
    assert "prefers-contrast: more" in page.select_one("#high-contrast-css")["media"]
    assert page.select_one("input[name=contrast][checked]")["value"] == "auto"


def test_device_dark_mode_alone_is_not_a_request_for_high_contrast(client_request):
    # "Use my device's setting": only prefers-contrast: more loads the high-contrast styles;
    # a phone in dark mode keeps GOV.UK's own look (journeys review, polish).
    page = client_request.get("/")
    assert page.select_one("#high-contrast-css")["media"] == "(prefers-contrast: more)"
    settings = page.select_one("form[data-display-settings]")
    assert json.loads(settings["data-media"])["auto"] == "(prefers-contrast: more)"


def test_standard_contrast_does_not_use_the_high_contrast_styles(client_request):
    client_request.client.set_cookie("contrast", "standard")
    assert client_request.get("/").select_one("#high-contrast-css")["media"] == "not all"


def test_saving_without_javascript_comes_back_to_the_same_page_and_place(client_request, seed_answers):
    seed_answers({"role": "victim", "decision_by": "cps"})
    location = client_request.submit(QUESTION, {"contrast": "dark", "text_size": "large"},
                                     form_action="/display-settings")
    assert location == f"{QUESTION}#display-settings"
    response = client_request.response
    assert "contrast=dark" in _cookie(response, "contrast") and "text_size=large" in _cookie(response, "text_size")
    page = client_request.get(QUESTION)
    assert set(page.html["class"]) >= {"app-contrast-dark", "app-text-large"}
    details = page.select_one("details#display-settings")
    assert details.has_attr("open")
    assert text_of(details.select_one("[role=status]")) == "Display settings saved."
    # Shown once: the next page has the settings closed again.
    assert not client_request.get(QUESTION).select_one("details#display-settings").has_attr("open")


def test_saving_with_javascript_answers_no_content(client_request):
    response = _save(client_request, {"contrast": "light", "next": QUESTION}, Accept="application/json")
    assert response.status_code == 204
    assert "contrast=light" in _cookie(response, "contrast")
    assert _cookie(response, "text_size") is None  # not sent, not changed


@pytest.mark.parametrize("contrast", ["purple", "", "dark<script>"])
def test_unknown_values_keep_the_last_choice(client_request, contrast):
    client_request.client.set_cookie("contrast", "yellow")
    response = _save(client_request, {"contrast": contrast, "next": "/"})
    assert response.status_code == 303 and _cookie(response, "contrast") is None
    assert "app-contrast-yellow" in client_request.get("/").html["class"]


@pytest.mark.parametrize("next_url", ["https://example.com/", "//example.com/", "/\\example.com", "javascript:x",
                                      "/\t/example.com", "/\n/example.com", "/\r\n/example.com", "/ /example.com",
                                      "/%2F/example.com", "/questions/role?x=<y>"])
def test_the_return_address_stays_on_this_site(client_request, next_url):
    response = _save(client_request, {"contrast": "dark", "next": next_url})
    assert response.status_code == 303 and response.headers["Location"] == "/#display-settings"


def test_the_display_settings_need_the_csrf_token(app):
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post("/display-settings", data={"contrast": "dark", "next": "/"})
    assert response.status_code == 400 and _cookie(response, "contrast") is None


# --------------------------------------------------------------------------- pages


def test_every_page_links_to_the_cookies_page_and_the_accessibility_statement(client_request):
    footer = client_request.get("/").select_one("footer")
    hrefs = [a["href"] for a in footer.select("a")]
    assert "/cookies" in hrefs and "/accessibility" in hrefs


def test_the_cookies_page_lists_every_cookie_the_service_sets(client_request, app):
    page = client_request.get("/cookies")
    names = [text_of(row.select_one("th")) for row in page.select("main tbody tr")]
    assert names == [app.config["SESSION_COOKIE_NAME"], "lang", "contrast", "text_size"]
    assert f"{app.config['IDLE_MINUTES']} minutes" in text_of(page.select_one("main"))


def test_the_accessibility_statement_follows_the_gov_uk_model(client_request):
    page = client_request.get("/accessibility")
    headings = [text_of(h) for h in page.select("main h2, main h3")]
    for heading in ("How accessible this service is", "Feedback and contact information", "Enforcement procedure",
                    "Technical information about this service's accessibility", "Compliance status",
                    "How we tested this service", "Preparation of this accessibility statement"):
        assert heading in headings
    assert "This statement was prepared on Sunday 22 November 2026" in text_of(page.select_one("main"))


def test_the_accessibility_statement_gives_the_configured_contact(client_request, app):
    assert "enquiries@cps.gov.uk" in text_of(client_request.get("/accessibility").select_one("main"))
    app.config["CONTACT_EMAIL"] = "access@example.gov.uk"
    main = client_request.get("/accessibility").select_one("main")
    assert main.select_one("a[href='mailto:access@example.gov.uk']") is not None
    assert "enquiries@cps.gov.uk" not in text_of(main)


# --------------------------------------------------------------------------- easy read


def test_the_results_have_an_easy_read_summary_with_the_date(client_request, seed_answers):
    seed_answers(VICTIM_CPS)
    page = client_request.get("/results")
    easy = page.select_one("details#easy-read")
    assert easy is not None and text_of(easy.select_one("summary")) == "Easy read"
    points = [text_of(li) for li in easy.select("li")]
    assert "You do not need a lawyer." in points
    # 16 Nov 2026 + 10 working days (VRR 30).
    assert "Ask by Monday 30 November 2026." in points
    assert all(len(p.split()) <= 16 for p in points), points  # short sentences, one idea each


@pytest.mark.parametrize("path", ["/%09/example.com", "/%0d%0a/example.com", "/%0a/example.com", "/%20/example.com",
                                  "/%5C/example.com"])
def test_the_language_switch_never_leads_to_another_site(app, path):
    """`?lang=` on any address, even one that is not a page: the redirect, and the page's
    own language links, stay on this site (a tab or newline would be dropped by the browser)."""
    client = app.test_client()
    response = client.get(f"{path}?lang=cy")
    assert response.status_code == 303
    assert response.headers["Location"] == "/", response.headers["Location"]
    page = client.get(path)
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert 'href="/?lang=en"' in html, "the language link of the 404 page"
    assert "example.com" not in html
