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
