"""A watched page that redirects (302 or meta refresh) into loopback, private or link-local
addresses on another host is refused before anything is sent there: blocked-redirect."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from crawler.config import watchlist
from crawler.jobs.demo import demo_page
from crawler.redirect_guard import is_internal
from crawler.sandbox.siteserver import Page, SiteServer
from tests.support.crawlrun import crawl, outcomes, versioned
from tests.support.faultsite import FaultSite

QUICK_TIMEOUT = ["-s", "DOWNLOAD_TIMEOUT=2"]


def redirect(location: str) -> Page:
    return Page(b"", 302, headers={"Location": location})


def meta_refresh(location: str) -> Page:
    body = f"<html><head><meta http-equiv='refresh' content='0;url={location}'></head></html>"
    return Page(body.encode())


def test_redirects_into_internal_addresses_are_refused_and_same_host_ones_followed(
    run_cli, tmp_path
):
    with FaultSite() as watched, SiteServer() as internal:
        internal.pages["/admin"] = Page(demo_page("policy-2023.html"))
        port = urlsplit(internal.url("/")).port
        # `localhost` is a name: only resolving it shows it is loopback.
        watched.pages.update(
            {
                "/to-localhost": redirect(f"http://localhost:{port}/admin"),
                "/to-127.0.0.2": redirect(f"http://127.0.0.2:{port}/admin"),
                "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
                "/to-private": redirect("http://10.0.0.1/"),
                "/refresh-to-localhost": meta_refresh(f"http://localhost:{port}/admin"),
                "/same-host": redirect(watched.url("/privacy")),
                "/privacy": Page(demo_page("policy-2025.html")),
            }
        )
        names = {
            "localhost": "/to-localhost",
            "other-loopback": "/to-127.0.0.2",
            "metadata": "/to-metadata",
            "private": "/to-private",
            "refresh": "/refresh-to-localhost",
            "same-host": "/same-host",
        }
        policies = [watchlist.Policy(name=n, url=watched.url(p)) for n, p in names.items()]

        result = crawl(run_cli, tmp_path, policies, *QUICK_TIMEOUT)

        assert internal.requests == []  # not even a robots.txt
    assert dict(outcomes(tmp_path)) == {
        "localhost": "blocked-redirect",
        "other-loopback": "blocked-redirect",
        "metadata": "blocked-redirect",
        "private": "blocked-redirect",
        "refresh": "blocked-redirect",
        "same-host": "new-version",
    }, result.stdout + result.stderr
    assert versioned(tmp_path) == ["same-host"]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("address", "internal"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("::1", True),
        ("fe80::1%eth0", True),
        ("fd00::1", True),
        ("::ffff:127.0.0.1", True),
        ("224.0.0.1", True),
        ("93.184.216.34", False),
        ("2606:2800:220:1::", False),
    ],
)
def test_internal_addresses(address, internal):
    assert is_internal(address) is internal
