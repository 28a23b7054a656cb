"""Pages that are not a policy are recognised, and policies are not mistaken for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.extraction import extract
from crawler.extraction.page_kind import NotAPolicy, check_page

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


def check(page: str) -> NotAPolicy | None:
    return check_page(page, extract(page).document)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            '<html><head><meta http-equiv="refresh" content="0;/.well-known/sgcaptcha/?r=%2F">'
            "</head><body></body></html>",
            NotAPolicy("bot-wall", "SiteGround captcha (0 words)"),
        ),
        (
            "<html><head><title>Just a moment...</title></head><body><h1>quietharbor.example</h1>"
            "<p>Verifying you are human. This may take a few seconds.</p></body></html>",
            NotAPolicy("bot-wall", "Cloudflare challenge (11 words)"),
        ),
        (
            "<html><body><iframe src='/_Incapsula_Resource?SWUDNSAI=31'></iframe>"
            "<p>Request unsuccessful. Incapsula incident ID: 1234</p></body></html>",
            NotAPolicy("bot-wall", "Incapsula (6 words)"),
        ),
        (
            "<html><body><main><h1>Sign in to Quietharbor</h1><form><input name=user>"
            "<input type=password name=pw><button>Sign in</button></form></main></body></html>",
            NotAPolicy("not-a-policy", "login page (4 words)"),
        ),
        (
            "<html><head><title>Page not found | Quietharbor</title></head><body><main>"
            "<h1>Oops!</h1><p>We looked everywhere but could not find that page.</p>"
            "<p><a href='/'>Back to the home page</a></p></main></body></html>",
            NotAPolicy("not-a-policy", "page not found (10 words)"),
        ),
        (
            "<html><body><noscript>You need to enable JavaScript to run this app.</noscript>"
            '<div id="root"></div></body></html>',
            NotAPolicy("not-a-policy", "empty shell that needs JavaScript (0 words)"),
        ),
        (
            "<html><body><main><p>Privacy policy coming soon.</p></main></body></html>",
            NotAPolicy("empty-extraction", "only 4 words"),
        ),
    ],
)
def test_not_a_policy(page, expected):
    assert check(page) == expected


@pytest.mark.parametrize("name", ["brightfield_privacy.html", "harbourline_terms_wayback.html"])
def test_short_real_policies_pass(name):
    assert check((FIXTURES / name).read_text(encoding="utf-8")) is None


def test_a_long_page_with_a_captcha_script_for_its_forms_is_still_a_policy():
    policy = "<p>" + "We process personal data only as this policy describes. " * 40 + "</p>"
    page = (
        f'<html><body><main>{policy}</main><div class="g-recaptcha px-captcha"></div></body></html>'
    )
    assert check(page) is None
