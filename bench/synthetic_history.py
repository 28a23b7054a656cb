"""Synthetic policy histories for the query benchmark: fictional organisations, realistic texts.

Each policy is a privacy policy of a fictional organisation: a title, an effective-date line
and 10-14 sections drawn from the usual topics, two to four sentences each. Each later version
makes one edit of the kinds real policies show: a reworded sentence with a new date, the same
without touching the date (a silent edit), a section added or dropped, or only a new date.
Everything is seeded, so two runs build the same database.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

ORGANISATION_WORDS = [
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Wingtip",
    "Litware",
    "Adatum",
    "Proseware",
    "Lucerne",
    "Margie",
    "Humongous",
    "Alpine",
    "Coho",
    "Fourth",
    "Trey",
    "Blue",
    "Yonder",
    "Woodgrove",
    "Relecloud",
    "Datum",
    "Graphic",
]
KINDS = ("Traders", "Bank", "Travel", "Health", "Games", "Media", "Energy", "Insurance")

# (heading, sentences): the topics of a typical privacy policy (cf. GDPR Art. 13 contents).
TOPICS = (
    (
        "Information we collect",
        (
            "We collect the name, e-mail address and postal address you give us when you sign up.",
            "When you use the service we record your device type, browser and IP address.",
            "Payment details are collected by our payment processor and never stored by us.",
            "If you contact support we keep the messages you send us and our replies.",
        ),
    ),
    (
        "How we use your information",
        (
            "We use your information to provide, maintain and improve the service.",
            "We send you messages about your account, orders and changes to these terms.",
            "With your consent we send you newsletters and offers you can unsubscribe from.",
            "We analyse usage in aggregate to understand which features people use.",
        ),
    ),
    (
        "Cookies and similar technologies",
        (
            "We use cookies to keep you signed in and remember your preferences.",
            "Analytics cookies help us count visits and see how visitors move around the site.",
            "You can refuse non-essential cookies in the banner or in your browser settings.",
        ),
    ),
    (
        "Data sharing",
        (
            "We share your information with service providers who process it on our behalf.",
            "We do not sell your personal information to third parties.",
            "We may disclose information when the law requires it or to protect our users.",
            "Couriers receive your name and address so that they can deliver your orders.",
        ),
    ),
    (
        "Advertising",
        (
            "We show ads based on the pages you visit on our site.",
            "Advertising partners may place cookies to measure the results of our campaigns.",
            "You can opt out of personalised advertising in your account settings.",
        ),
    ),
    (
        "International transfers",
        (
            "Your information may be processed in countries outside your own.",
            "Where it leaves the European Economic Area we rely on standard contractual clauses.",
        ),
    ),
    (
        "Data retention",
        (
            "We keep account information for as long as your account is open.",
            "Order records are kept for seven years to meet our accounting obligations.",
            "Server logs are deleted after ninety days.",
        ),
    ),
    (
        "Security",
        (
            "We protect your information with encryption in transit and at rest.",
            "Access to personal information is limited to staff who need it for their work.",
            "No system is perfectly secure, and we will tell you promptly about a breach.",
        ),
    ),
    (
        "Your rights",
        (
            "You may ask for a copy of the personal information we hold about you.",
            "You may ask us to correct or delete your information.",
            "You may object to processing based on our legitimate interests.",
            "You may complain to your data protection authority.",
        ),
    ),
    (
        "Children",
        (
            "The service is not intended for children under sixteen.",
            "If we learn that we hold a child's information without consent we delete it.",
        ),
    ),
    (
        "Changes to this policy",
        (
            "We may update this policy from time to time.",
            "We will tell you about significant changes by e-mail or in the app.",
        ),
    ),
    (
        "Contact us",
        (
            "Write to our data protection officer at the address below.",
            "You can also reach us through the contact form on our website.",
        ),
    ),
    (
        "California residents",
        (
            "California residents have the right to know what personal information we collect.",
            "We do not sell or share personal information as those terms are defined by the CCPA.",
        ),
    ),
    (
        "Location information",
        (
            "With your permission the app uses your precise location to show nearby stores.",
            "You can turn off location access in your device settings at any time.",
        ),
    ),
)
REWORDINGS = (
    ("We collect", "We may collect"),
    ("We share", "We may share"),
    ("we delete it", "we delete it promptly"),
    ("ninety days", "thirty days"),
    ("seven years", "ten years"),
    ("sixteen", "thirteen"),
    ("by e-mail or in the app", "by e-mail, in the app or on our website"),
    ("service providers", "service providers and affiliates"),
    ("the pages you visit", "the pages you visit and the products you buy"),
)
# Share of later versions for each kind of edit; a guess at real policy histories.
EDITS = (("reword", 0.55), ("silent", 0.2), ("add", 0.08), ("drop", 0.07), ("date", 0.1))
FIRST_DAY = date(2008, 1, 1)


def organisation_name(number: int) -> str:
    first = ORGANISATION_WORDS[number % len(ORGANISATION_WORDS)]
    second = ORGANISATION_WORDS[(number // len(ORGANISATION_WORDS)) % len(ORGANISATION_WORDS)]
    return f"{first} {second} {KINDS[number % len(KINDS)]} {number}"


def render(organisation: str, effective: date, sections: list[tuple[str, list[str]]]) -> str:
    """The policy's markdown, the shape extraction produces (ATX headings, paragraphs)."""
    parts = [
        f"# {organisation} Privacy Policy",
        f"Effective date: {effective.day} {effective:%B %Y}",
        # The name stays out of body text: a renamed copy (bench/history_db.py) then diffs
        # exactly like its template, since similarity scores depend on text length.
        "This policy explains how we handle your personal information.",
    ]
    for heading, sentences in sections:
        parts += [f"## {heading}", " ".join(sentences)]
    return "\n\n".join(parts) + "\n"


def edit(rng: random.Random, sections: list[tuple[str, list[str]]]) -> tuple[str, list]:
    """One edit of a policy's sections; returns the kind of edit and the new sections."""
    kind = rng.choices([name for name, _ in EDITS], [share for _, share in EDITS])[0]
    sections = [(heading, list(sentences)) for heading, sentences in sections]
    unused = [topic for topic in TOPICS if topic[0] not in {h for h, _ in sections}]
    if kind == "add" and unused:
        heading, sentences = rng.choice(unused)
        sections.insert(rng.randrange(len(sections) + 1), (heading, list(sentences)))
    elif kind == "drop" and len(sections) > 6:
        sections.pop(rng.randrange(len(sections)))
    elif kind in ("reword", "silent", "add", "drop"):
        heading, sentences = rng.choice(sections)
        position = rng.randrange(len(sentences))
        old, new = rng.choice(REWORDINGS)
        reworded = sentences[position].replace(old, new)
        if reworded == sentences[position]:  # nothing to reword: cite a (new) clause
            clause = f" (see clause {rng.randint(2, 99)})."
            reworded = sentences[position].split(" (see clause")[0].rstrip(".") + clause
        sentences[position] = reworded
    return kind, sections


def policy_history(number: int, versions: int) -> Iterator[tuple[str, str]]:
    """(captured_at, markdown) of each version of fictional policy `number`, oldest first."""
    rng = random.Random(number)
    organisation = organisation_name(number)
    topics = rng.sample(TOPICS, rng.randint(10, 12))
    sections = [
        (heading, list(rng.sample(s, min(len(s), rng.randint(2, 4))))) for heading, s in topics
    ]
    day = FIRST_DAY + timedelta(days=rng.randrange(365))
    effective = day
    for _ in range(versions):
        captured = datetime.combine(day, datetime.min.time(), UTC) + timedelta(
            hours=rng.randrange(24)
        )
        yield f"{captured:%Y-%m-%dT%H:%M:%SZ}", render(organisation, effective, sections)
        day += timedelta(days=rng.randint(30, 150))
        kind, sections = edit(rng, sections)
        if kind != "silent":
            effective = day
