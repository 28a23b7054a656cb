"""CDX search of the local Wayback server, over real HTTP, checked against real recordings."""

import base64
import hashlib
import itertools
import json
from collections import Counter
from urllib.parse import parse_qs, urlencode

import pytest

from crawler.sandbox.wayback import ArchiveStore, WaybackServer
from tests.support.wayback_recordings import cdx_rows, fetch, header, local_path, recording

CNN_PAGES = [f"test_search_multipage.{i:02d}" for i in range(15)]
NASA_PREFIX = [
    "test_search_with_filter.00",
    "test_search_with_filter.01",
    "test_search_with_filter_list.01",
    "test_search_with_filter_tuple.00",
]


def get(server: WaybackServer, path: str, **params) -> tuple[int, dict, bytes]:
    query = urlencode(params, doseq=True)
    return fetch(f"{server.base_url}{path}?{query}" if query else server.base_url + path)


def store_from_recorded_rows(names: list[str]) -> ArchiveStore:
    """Captures reproducing the recorded rows (repeats included; body length = CDX length)."""
    needed: Counter[tuple[str, ...]] = Counter()
    for name in names:
        rows, _ = cdx_rows(recording(name)[1])
        for row, count in Counter(map(tuple, rows)).items():
            needed[row] = max(needed[row], count)
    store = ArchiveStore()
    for (_, timestamp, original, mimetype, status, digest, length), count in needed.items():
        body = digest.encode().ljust(int(length), b" ")
        for _ in range(count):
            store.add_capture(original, timestamp, body, int(status), mimetype)
    return store


@pytest.mark.parametrize("names", [CNN_PAGES, NASA_PREFIX], ids=["cnn-resume", "nasa-prefix"])
def test_recorded_cdx_exchanges_are_reproduced(names):
    """Same rows (urlkey, timestamp, original, mime, status, length), same resume keys."""
    store = store_from_recorded_rows(names)
    with WaybackServer(store) as server:
        for name in names:
            meta, recorded = recording(name)
            status, headers, body = get(server, local_path(meta))
            assert status == meta["status"], name
            assert headers["Content-Type"] == header(meta, "content-type")
            ours, our_key = cdx_rows(body)
            real, real_key = cdx_rows(recorded)
            assert [r[:5] + r[6:] for r in ours] == [r[:5] + r[6:] for r in real], name
            assert our_key == real_key, name


def test_recorded_resume_requests_carry_the_previous_key():
    """The client sent back exactly the key the server printed (double-encoded in the URI)."""
    for previous, following in itertools.pairwise(CNN_PAGES):
        _, key = cdx_rows(recording(previous)[1])
        sent = parse_qs(local_path(recording(following)[0]).split("?", 1)[1])["resumeKey"]
        assert sent == [key]


@pytest.fixture
def policy_store():
    store = ArchiveStore()
    editions = [b"edition one", b"edition one", b"edition two", b"edition two", b"edition one"]
    stamps = ["20170105120000", "20170320120000", "20180611000000", "20180612000000"]
    stamps.append("20190101000000")
    for stamp, body in zip(stamps, editions, strict=True):
        store.add_capture("https://www.example-fictional.test/privacy", stamp, body)
    store.add_capture("https://www.example-fictional.test/privacy", "20190202000000", b"x", 503)
    store.add_capture("http://example-fictional.test/privacy/", "20200101000000", b"edition three")
    store.add_capture("https://example-fictional.test/terms", "20200101000000", b"terms")
    return store


def timestamps(server, **params) -> list[str]:
    status, _, body = get(server, "/cdx/search/cdx", output="json", fl="timestamp", **params)
    assert status == 200
    rows = json.loads(body)
    assert rows == [] or rows[0] == ["timestamp"]
    return [row[0] for row in rows[1:]]


def test_url_variants_find_the_same_captures(policy_store):
    with WaybackServer(policy_store) as server:
        variants = [
            "example-fictional.test/privacy",
            "https://www.example-fictional.test/privacy",
            "http://example-fictional.test/privacy/",
        ]
        found = {v: timestamps(server, url=v) for v in variants}
        assert len(set(map(tuple, found.values()))) == 1
        assert len(found[variants[0]]) == 7


def test_json_default_fields_and_plain_text(policy_store):
    with WaybackServer(policy_store) as server:
        _, headers, body = get(server, "/cdx/search/cdx", url="example-fictional.test/terms")
        assert headers["Content-Type"] == "text/plain;charset=UTF-8"
        digest = base64.b32encode(hashlib.sha1(b"terms").digest()).decode()
        assert body.decode().split() == [
            "test,example-fictional)/terms", "20200101000000",
            "https://example-fictional.test/terms", "text/html", "200", digest, "5",
        ]  # fmt: skip
        _, _, body = get(server, "/cdx/search/cdx", url="nothing.test", output="json")
        assert json.loads(body) == []


def test_from_to_are_inclusive_prefixes(policy_store):
    with WaybackServer(policy_store) as server:
        url = "example-fictional.test/privacy"
        assert timestamps(server, url=url, **{"from": "2018", "to": "2018"}) == [
            "20180611000000",
            "20180612000000",
        ]
        assert timestamps(server, url=url, **{"from": "20180612000000", "to": "201901"}) == [
            "20180612000000",
            "20190101000000",
        ]
        status, _, _ = get(server, "/cdx/search/cdx", url=url, **{"from": "2018-01"})
        assert status == 400


def test_filters_match_whole_field_and_negate(policy_store):
    with WaybackServer(policy_store) as server:
        url = "example-fictional.test/privacy"
        assert timestamps(server, url=url, filter="statuscode:5..") == ["20190202000000"]
        assert timestamps(server, url=url, filter="statuscode:5") == []  # whole field only
        ok = timestamps(server, url=url, filter=["!statuscode:503", "mimetype:text/html"])
        assert "20190202000000" not in ok and len(ok) == 6


def test_collapse_digest_drops_only_adjacent_duplicates(policy_store):
    with WaybackServer(policy_store) as server:
        url = "example-fictional.test/privacy"
        kept = timestamps(server, url=url, collapse="digest", filter="statuscode:200")
        # edition one comes back in 2019: not adjacent to its first run, so it stays.
        assert kept == ["20170105120000", "20180611000000", "20190101000000", "20200101000000"]
        assert timestamps(server, url=url, collapse="timestamp:4") == [
            "20170105120000",
            "20180611000000",
            "20190101000000",
            "20200101000000",
        ]


def test_limit_first_and_last(policy_store):
    with WaybackServer(policy_store) as server:
        url = "example-fictional.test/privacy"
        everything = timestamps(server, url=url)
        assert timestamps(server, url=url, limit="2") == everything[:2]
        assert timestamps(server, url=url, limit="-2") == everything[-2:]


def test_json_resume_keys_page_through_everything(policy_store):
    """JSON ends with [] then ["key"] (wayback-cdx-server README); resuming loses nothing."""
    with WaybackServer(policy_store) as server:
        params = {"url": "example-fictional.test/privacy", "output": "json", "limit": "3"}
        params["showResumeKey"] = "true"
        _, _, text = get(server, "/cdx/search/cdx", **{**params, "output": ""})
        pages, key = [], None
        while True:
            _, _, body = get(
                server, "/cdx/search/cdx", **params, **({"resumeKey": key} if key else {})
            )
            rows = json.loads(body)
            if key is None:
                assert rows[-2] == [] and rows[-1] == [cdx_rows(text)[1]]  # same key as text
                assert rows[-1] == ["test%2Cexample-fictional%29%2Fprivacy+20180611000001"]
            key = rows[-1][0] if rows[-2:-1] == [[]] else None
            pages.append([row[1] for row in rows[1 : -2 if key else None]])
            if key is None:
                break
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [stamp for page in pages for stamp in page] == timestamps_of_all(policy_store)


def timestamps_of_all(store: ArchiveStore) -> list[str]:
    return [c.timestamp for c in store.captures_of("example-fictional.test/privacy")]


def test_blocked_site_answers_403_as_recorded():
    meta, recorded = recording("test_search_raises_for_blocked_urls.00")
    store = ArchiveStore()
    store.block("https://nationalpost.com/health")
    with WaybackServer(store) as server:
        status, headers, body = get(server, local_path(meta))
    assert status == 403 == meta["status"]
    assert body == recorded
    error = "X-Archive-Wayback-Runtime-Error"
    assert headers[error] == header(meta, error)
