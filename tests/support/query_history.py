"""A small fictional history written through the real Timeline, for the query-layer tests.

Northwind Traders' privacy policy: a first version, a silent edit of its data-sharing section
(stated date unchanged), then a new edition with a new date. Contoso's terms: two versions, a
content change to its cookies section. Plus one failed fetch.
"""

from __future__ import annotations

from pathlib import Path

from crawler.storage import Store, open_database
from crawler.timeline.history import Timeline
from diffing.parse import parse_document

NORTHWIND_V1 = """# Northwind Traders Privacy Policy

Effective date: 1 May 2022

## Information we collect

We collect your name, e-mail address and order history when you buy from us.

## Data sharing

We share order details with the couriers who deliver your parcels.

## Your rights

You may ask for a copy of your data at any time.
"""
NORTHWIND_V2 = NORTHWIND_V1.replace(
    "who deliver your parcels.",
    "who deliver your parcels and with advertising partners who measure our campaigns.",
)
NORTHWIND_V3 = NORTHWIND_V2.replace("1 May 2022", "1 September 2023").replace(
    "at any time.", "at any time, and ask us to delete it."
)
CONTOSO_V1 = """# Contoso Terms of Service

Last updated: 2 March 2021

## Using the service

You must be 16 or older to open a Contoso account.

## Cookies

We use cookies to keep you signed in.
"""
CONTOSO_V2 = CONTOSO_V1.replace("2 March 2021", "1 June 2023").replace(
    "keep you signed in.", "keep you signed in and to show ads."
)


def record(store: Store, policy_id: int, captured_at: str, markdown: str) -> None:
    document = parse_document(markdown)
    url = store.policy_by_id(policy_id)["url"]
    Timeline(store).record(
        policy_id,
        {"source": "live", "captured_at": captured_at, "url": url, "capture_url": url},
        markdown.encode(),
        document,
        "test",
    )


def build_history(path: Path) -> Store:
    """Write the fictional history into a new database at `path` and return its Store."""
    store = open_database(path)
    northwind = store.sync_policy(
        {
            "name": "northwind-privacy",
            "organisation": "Northwind Traders",
            "url": "https://northwind.example/privacy",
        }
    )
    contoso = store.sync_policy(
        {"name": "contoso-terms", "organisation": "Contoso", "url": "https://contoso.example/tos"}
    )
    record(store, northwind, "2022-05-03T08:00:00Z", NORTHWIND_V1)
    record(store, northwind, "2023-02-10T08:00:00Z", NORTHWIND_V2)
    record(store, northwind, "2023-09-02T08:00:00Z", NORTHWIND_V3)
    record(store, contoso, "2021-03-05T08:00:00Z", CONTOSO_V1)
    record(store, contoso, "2023-06-01T08:00:00Z", CONTOSO_V2)
    store.log_fetch(
        {
            "policy_id": contoso,
            "source": "live",
            "url": "https://contoso.example/tos",
            "requested_at": "2023-07-01T08:00:00Z",
            "outcome": "http-5xx",
            "ok": 0,
            "http_status": 503,
            "detail": "Service Unavailable",
        }
    )
    return store
