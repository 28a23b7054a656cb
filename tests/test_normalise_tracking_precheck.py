"""strip_tracking skips URLs whose query holds no tracking name: names written in other
forms that parse_qsl and urlsplit still read as tracking ones must not be skipped."""

import pytest

from diffing.normalise import TRACKING_PARAMS, TRACKING_PIECES, strip_tracking


def test_every_tracking_name_holds_a_piece():
    for name in [*TRACKING_PARAMS, "utm_source", "utm_"]:
        assert any(piece in name for piece in TRACKING_PIECES), name


@pytest.mark.parametrize(
    "query",
    [
        "fbclid=1",
        "FBCLID=1",
        "fb%63lid=1",  # percent-encoded letter
        "S%49D=1",
        "Utm_Source=x",
        "m\u212at_tok=1",  # Kelvin sign: lowercases to "k"
        "sid=1",
    ],
)
def test_odd_forms_of_tracking_names_are_stripped(query):
    assert strip_tracking(f"https://a.example/p?id=7&{query}") == "https://a.example/p?id=7"


def test_urls_without_tracking_names_are_kept_as_they_are():
    for url in ("https://a.example/p?id=7&lang=en", "https://a.example/p?q=a+b", "/x?[y"):
        assert strip_tracking(url) == url
