"""A policy that drops whole sections from its middle is a change and alerts; a page cut off
after its first third is still held back as a shrink. Real crawls and back-fills over loopback."""

from __future__ import annotations

import json

from crawler.config import watchlist
from crawler.sandbox.siteserver import Page
from crawler.sandbox.wayback import ArchiveStore, WaybackServer
from crawler.timeline.shorter import keeps_both_ends
from tests.support.backfill_helpers import backfill, write_watchlist
from tests.support.crawlrun import crawl, outcomes, rows

SECTIONS = [
    (
        "Who we are",
        "Marrowfield Ferries runs passenger boats between the harbour towns of the "
        "northern lakes. This notice explains which details about travellers we record, why we "
        "record them and whom you can ask about them. It covers the booking website, the ticket "
        "kiosks on each pier and the onboard café.",
    ),
    (
        "Bookings",
        "When you reserve a crossing we ask for the name on the ticket, a telephone "
        "number for delays and the registration plate of any car you bring aboard. Group leaders "
        "also give the number of children travelling, so that the crew can prepare enough life "
        "jackets of small sizes.",
    ),
    (
        "Payments",
        "Card payments pass through our acquiring bank, which sees the card number "
        "and expiry date; we only keep the last four digits and the authorisation code. Cash "
        "taken at the kiosks is counted each evening and the receipt rolls are shredded after "
        "the monthly audit.",
    ),
    (
        "Cameras on the piers",
        "Closed-circuit cameras watch the gangways and the car ramps "
        "for safety. Recordings overwrite themselves after nine days unless the harbour police "
        "request a copy following an accident, a theft or a person falling into the water.",
    ),
    (
        "Lost property",
        "Items found on board are logged with a description and the crossing "
        "on which they turned up. If you claim a forgotten umbrella or rucksack we note your "
        "name and how you proved ownership, then keep that note for one season.",
    ),
    (
        "Loyalty stamps",
        "Frequent passengers may carry a paper card that earns a free return "
        "trip after ten stamps. Cards are anonymous; we never link them to bookings, and a lost "
        "card cannot be replaced because nothing identifies its holder.",
    ),
    (
        "Weather alerts",
        "Travellers who opt in receive a text message when storms cancel "
        "sailings. The list of subscribed numbers is rebuilt every spring from fresh consent, "
        "and anyone can leave it by replying with the single word stop.",
    ),
    (
        "Accessibility requests",
        "Passengers needing wheelchair space or help boarding may "
        "tell us in advance. We record only what assistance is wanted on which date and erase "
        "the request two weeks after the journey has taken place.",
    ),
    (
        "Crew training",
        "Anonymised incident summaries help instructors plan the yearly "
        "rescue drills. Names, faces and ticket references are removed before any summary "
        "leaves the operations office on the eastern quay.",
    ),
    (
        "Sharing with others",
        "We pass details to the harbour authority only when maritime "
        "law obliges us, for instance the passenger count of each sailing. Insurers receive "
        "claim files after an accident, and nobody buys or rents our passenger lists.",
    ),
    (
        "Your rights",
        "You may ask for a copy of what we hold about you, have mistakes "
        "corrected, object to the weather texts or request erasure where the law allows it. "
        "Complaints can also go to the regional data protection commissioner.",
    ),
    (
        "Contact",
        "Write to the privacy officer, Marrowfield Ferries, Pier Office, Lantern "
        "Quay, or telephone the ticket desk during opening hours. We answer every letter "
        "within thirty days and tell you if we need longer.",
    ),
]


def page(kept: list[int]) -> bytes:
    """The policy page with the sections numbered in `kept` (0-based), in order."""
    body = "".join(f"<h2>{SECTIONS[i][0]}</h2><p>{SECTIONS[i][1]}</p>" for i in kept)
    return (
        "<html><head><title>Privacy notice</title></head><body><main>"
        f"<h1>Marrowfield Ferries privacy notice</h1>{body}</main></body></html>"
    ).encode()


FULL = page(list(range(len(SECTIONS))))
# Sections 3 to 9 taken out, the opening two and the closing three kept word for word.
MIDDLE_DELETED = page([0, 1, 9, 10, 11])
# The same page cut off mid-tag after its first third: the body of a truncated response.
CUT_OFF = FULL[: FULL.index(f"<h2>{SECTIONS[4][0]}".encode()) + 5]


def crawl_in_turn(site, run_cli, tmp_path, *bodies: bytes) -> list[str]:
    policies = [watchlist.Policy(name="marrowfield", url=site.url("/privacy"))]
    for body in bodies:
        site.pages["/privacy"] = Page(body)
        crawl(run_cli, tmp_path, policies)
    return [outcome for _, outcome in outcomes(tmp_path)]


def test_sections_deleted_from_the_middle_are_an_alerted_change_once_confirmed(
    site, run_cli, tmp_path
):
    # Seen once, it may be a middle that failed to load: held back like any shrink.
    fetched = crawl_in_turn(site, run_cli, tmp_path, FULL, MIDDLE_DELETED, MIDDLE_DELETED)
    assert fetched == ["new-version", "shrunk", "new-version"]

    db = tmp_path / "pw.db"
    (change,) = rows(db, "SELECT flags, should_alert, sections_removed FROM changes")
    assert json.loads(change["flags"]) == []
    assert change["should_alert"] == 1
    assert change["sections_removed"] == 7
    versions = rows(db, "SELECT word_count FROM versions ORDER BY first_seen")
    assert versions[1]["word_count"] < versions[0]["word_count"] * 0.5  # a real shrink


def test_a_middle_that_failed_to_load_once_is_never_recorded(site, run_cli, tmp_path):
    fetched = crawl_in_turn(site, run_cli, tmp_path, FULL, MIDDLE_DELETED, FULL)
    # The full page again: the server answers 304 to our conditional request.
    assert fetched == ["new-version", "shrunk", "not-modified"]
    assert rows(tmp_path / "pw.db", "SELECT id FROM changes") == []


def test_a_page_cut_off_after_its_first_third_is_still_held_back(site, run_cli, tmp_path):
    assert crawl_in_turn(site, run_cli, tmp_path, FULL, CUT_OFF) == ["new-version", "shrunk"]

    db = tmp_path / "pw.db"
    assert len(rows(db, "SELECT id FROM versions")) == 1
    assert rows(db, "SELECT id FROM changes") == []


def backfilled_change(tmp_path, second: bytes) -> dict:
    """Back-fill two archived captures, the full page then `second`; the change recorded."""
    tmp_path.mkdir()
    url = "https://www.marrowfield-ferries.example/privacy"
    archive = ArchiveStore()
    archive.add_capture(url, "20240101000000", FULL)
    archive.add_capture(url, "20240601000000", second)
    write_watchlist(tmp_path, {"marrowfield": url})
    with WaybackServer(archive) as server:
        result = backfill(tmp_path, server)
    assert result.returncode == 0, result.stderr
    (change,) = rows(tmp_path / "pw.db", "SELECT flags FROM changes")
    return change


def test_a_backfill_records_deleted_sections_as_a_change_and_a_cut_off_page_as_a_shrink(
    tmp_path,
):
    # Archived captures are not held back: the change's flags tell the two apart.
    assert json.loads(backfilled_change(tmp_path / "deleted", MIDDLE_DELETED)["flags"]) == []
    cut_off = backfilled_change(tmp_path / "cut", CUT_OFF)
    assert json.loads(cut_off["flags"]) == ["shrink"]


def text(kept: list[int], last_line: str = "") -> str:
    """The sections numbered in `kept` as plain text, then `last_line`."""
    return "\n\n".join([*(f"{SECTIONS[i][0]}\n{SECTIONS[i][1]}" for i in kept), last_line])


def test_a_cut_off_text_that_still_ends_with_the_old_closing_sentence_is_no_deletion():
    full = text(list(range(len(SECTIONS))))
    closing = SECTIONS[-1][1].rsplit(". ", 1)[1]  # "We answer every letter within thirty days…"
    assert keeps_both_ends(full, text([0, 1, 9, 10, 11]))
    assert not keeps_both_ends(full, text([0, 1, 2, 3], closing))
