"""Fictional pages (written for these tests): Tidewater Kayaks' privacy policy, a rewrite of it
in new words, and the shop's marketing page that the site once served at the policy's address."""

from __future__ import annotations

POLICY = """<html><head><title>Privacy | Tidewater Kayaks</title></head><body><main>
<h1>Tidewater Kayaks Privacy Policy</h1><p>Last updated: 3 February 2025</p>
<h2>Personal data we collect</h2><p>When you book a tour we collect your name, e-mail address,
phone number and the personal information needed for the booking. {extra}</p>
<h2>How we process it</h2><p>We process your personal data to run the tour, to take payment and
to meet our legal obligations. The legal basis is the contract with you or your consent.</p>
<h2>Sharing with third parties</h2><p>We share data only with our payment processor and the
insurer of the tour. We never sell personal data to third parties.</p>
<h2>Retention and your rights</h2><p>We retain booking records for six years. You have the
right to access, correct or erase your data; write to privacy@tidewater-kayaks.example.</p>
</main></body></html>"""

REWRITE = """<html><head><title>Privacy | Tidewater Kayaks</title></head><body><main>
<h1>How Tidewater Kayaks handles information about you</h1><p>Effective 1 June 2025</p>
<h2>Information you give us</h2><p>Booking a paddle means telling us who you are and how to
reach you; guests under sixteen also name a guardian. Photos from tours are collected only
with consent.</p>
<h2>Why we use information</h2><p>Running trips, taking card payments through a processor and
answering the coastguard when a trip is overdue are the only purposes.</p>
<h2>Who else sees it</h2><p>The card processor and our insurer. Nothing is sold, rented or
traded, and no advertising network receives anything.</p>
<h2>Keeping and deleting records</h2><p>Booking files are kept six years for the tax office,
then destroyed. Ask privacy@tidewater-kayaks.example for a copy, a correction or deletion;
this is your right under the GDPR.</p>
</main></body></html>"""

MARKETING = """<html><head><title>Tidewater Kayaks | Sea kayak tours</title></head><body><main>
<h1>Paddle the wild coast with Tidewater Kayaks</h1>
<p>Sunrise tours, seal colonies and sea caves: discover the coast from the water with guides
who have paddled it for twenty years. No experience needed; every boat, paddle and dry suit
is included.</p>
<h2>Our tours</h2><p>Half-day harbour tour from 45 euros. Full-day island crossing with a
picnic lunch on a hidden beach from 95 euros. Evening bioluminescence paddle in August.</p>
<h2>What guests say</h2><p>"The best day of our holiday, the kids still talk about the seals."
Rated 4.9 from 1,200 reviews. Book online in two minutes and pay on the day.</p>
<h2>Gift vouchers</h2><p>Give a day on the water: vouchers never expire and can be used for
any tour. Free delivery by post or e-mail within a day.</p>
</main></body></html>"""


def policy(extra: str = "") -> bytes:
    return POLICY.format(extra=extra).encode()


# Fictional: Saltmarsh Rail's long privacy policy, and the much shorter rewrite that replaced
# it: numbered clauses built from distinct words, so the rewrite shares few phrases.
LONG_TOPICS = (
    "season tickets",
    "lost property",
    "station cameras",
    "delay refunds",
    "seat bookings",
    "bicycle spaces",
    "assisted travel",
    "group fares",
    "railcard checks",
    "customer surveys",
)
SHORT_TOPICS = ("journeys", "payments", "accessibility", "feedback", "complaints")


def clause(number: int, topic: str, long: bool) -> str:
    if long:
        return (
            f"<h2>{number}. Personal data for {topic}</h2><p>For {topic} we collect the personal "
            f"data listed in schedule {number}, process it under contract, retain it for "
            f"{number + 2} years and disclose it to third parties only where clause {number} of "
            f"our licence requires. You have the right to access, correct or erase it; consent "
            f"for {topic} marketing may be withdrawn whenever you wish by writing to the "
            f"controller at privacy@saltmarsh-rail.example, quoting reference {topic} "
            f"{number}.</p>"
        )
    return (
        f"<h2>About {topic}</h2><p>Telling us about {topic} means sharing your name and how to "
        f"reach you. Saltmarsh Rail keeps that information about you {number} years, shows it "
        f"to nobody outside the company except processors bound by the GDPR, and deletes it on "
        f"request: email privacy@saltmarsh-rail.example for a copy or for deletion. Purposes "
        f"are limited to {topic}; your consent is asked separately for anything else, such "
        f"as newsletters, prize draws, research panels, partner offers or photography.</p>"
    )


def rail_policy(long: bool) -> bytes:
    topics = LONG_TOPICS * 3 if long else SHORT_TOPICS * 2
    clauses = "".join(clause(n, topic, long) for n, topic in enumerate(topics, 1))
    return (
        "<html><head><title>Privacy | Saltmarsh Rail</title></head><body><main>"
        f"<h1>Saltmarsh Rail Privacy Policy</h1>{clauses}</main></body></html>"
    ).encode()
