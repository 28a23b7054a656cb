"""Random bytes served as a page are no policy in any charset: never a version, and
`policywatch extract` says so (real policies are never flagged: test_page_kind_corpus.py)."""

from __future__ import annotations

import random

import pytest

from crawler.config import watchlist
from crawler.extraction import ExtractOptions, extract
from crawler.extraction.language import not_language
from crawler.jobs.demo import demo_page
from crawler.sandbox.siteserver import Page
from tests.support.crawlrun import crawl, outcomes, versioned
from tests.support.pdfbuild import PAGES, build_pdf

CHARSETS = [None, "utf-8", "iso-8859-1", "koi8-r", "shift_jis", "gb18030", "big5", "euc-kr"]


def random_bytes(seed: int, size: int = 200_000) -> bytes:
    return random.Random(seed).randbytes(size)


@pytest.mark.parametrize("charset", CHARSETS)
@pytest.mark.parametrize("seed", range(3))
def test_random_bytes_in_any_charset_are_not_a_policy(charset, seed):
    content_type = "text/html" + (f"; charset={charset}" if charset else "")
    extraction = extract(random_bytes(seed), ExtractOptions(content_type=content_type))
    assert extraction.outcome == "not-a-policy"
    assert "not written language" in extraction.reason


@pytest.mark.parametrize("size", [2_000, 20_000])
def test_short_random_pages_are_not_a_policy_either(size):
    extraction = extract(random_bytes(7, size), ExtractOptions(content_type="text/html"))
    assert extraction.outcome in ("not-a-policy", "empty-extraction")


def test_a_few_undecodable_bytes_in_a_real_policy_are_no_reason_to_reject_it():
    page = demo_page("policy-2025.html")
    damaged = page.replace(b"personal", b"pers\xff\xfenal", 20)
    assert damaged != page
    extraction = extract(damaged, ExtractOptions(content_type="text/html; charset=utf-8"))
    assert extraction.outcome is None
    assert extraction.document.markdown


def test_a_pdf_text_layer_of_nonsense_is_unreadable():
    nonsense = [["".join(chr(random.Random(n).randrange(0x21, 0x40)) for _ in range(60))]
                for n in range(20)]  # fmt: skip
    assert extract(build_pdf(nonsense)).outcome == "unreadable-pdf"
    readable = extract(build_pdf(PAGES))  # a real text layer still reads
    assert readable.outcome is None
    assert readable.document.markdown


def test_language_of_any_script_passes():
    samples = [
        "We collect your name and e-mail address to send you our newsletter.",
        "Wir erheben Ihren Namen und Ihre E-Mail-Adresse für den Newsletter.",
        "我们收集您的姓名和电子邮件地址，以便向您发送我们的新闻通讯。",  # noqa: RUF001
        "Мы собираем ваше имя и адрес электронной почты для рассылки.",
    ]
    assert [not_language(text) for text in samples] == [None] * len(samples)


def test_a_crawl_of_random_bytes_stores_nothing(site, run_cli, tmp_path):
    site.pages["/noise"] = Page(random_bytes(1), content_type="text/html")
    site.pages["/ok"] = Page(demo_page("policy-2025.html"))
    policies = [
        watchlist.Policy(name="noise", url=site.url("/noise")),
        watchlist.Policy(name="ok", url=site.url("/ok")),
    ]
    crawl(run_cli, tmp_path, policies)
    assert dict(outcomes(tmp_path)) == {"noise": "not-a-policy", "ok": "new-version"}
    assert versioned(tmp_path) == ["ok"]


def test_extract_of_random_bytes_exits_1_with_the_reason(run_cli, tmp_path):
    (tmp_path / "noise.html").write_bytes(random_bytes(2))
    result = run_cli("extract", "noise.html", check=False)
    assert result.returncode == 1
    assert "not-a-policy: not written language" in result.stderr
    assert result.stdout == ""
