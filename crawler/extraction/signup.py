"""Find newsletter sign-up blocks: an e-mail field with a few words asking to subscribe.

Their wording is marketing that sites rotate (a welcome offer, a discount) and would make
alerts though the policy did not change. An e-mail field is what tells them from policy text
that merely talks about newsletters.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.extraction.chrome import Dropped, record_drop

# Set on an e-mail field's parent before form controls are stripped from the page.
EMAIL_FIELD_MARK = "data-policywatch-email-field"
# A sign-up block is short: climbing from the field stops below the first larger ancestor.
SIGNUP_MAX_WORDS = 150
# Words of a sign-up (English, French, German, Spanish, Italian, Dutch), in text or names.
SIGNUP_WORDS = re.compile(
    r"newsletter|subscri|sign[\s_-]?up|inscri|abonn|anmeld|suscri|iscriv|"
    r"nieuwsbrief|aanmeld",
    re.IGNORECASE,
)
EMAIL_NAME = re.compile(r"e-?mail", re.IGNORECASE)
TEXT_INPUT_TYPES = frozenset({"", "text", "email"})
INPUTS = etree.XPath("descendant::input")
# Found in C: a Python loop over every element of a long page would cost more than the rule.
MARKED = etree.XPath(f"descendant::*[@{EMAIL_FIELD_MARK}]")


def is_email_field(field) -> bool:
    """An <input> for an e-mail address, by its type or its name, id or placeholder."""
    kind = (field.get("type") or "").lower()
    if kind == "email":
        return True
    if kind not in TEXT_INPUT_TYPES:
        return False
    names = " ".join(field.get(a) or "" for a in ("name", "id", "placeholder", "autocomplete"))
    return bool(EMAIL_NAME.search(names))


def mark_email_fields(root) -> None:
    """Mark the parent of every e-mail field (called while the fields are still there)."""
    for field in INPUTS(root):
        parent = field.getparent()
        if parent is not None and is_email_field(field):
            parent.set(EMAIL_FIELD_MARK, "")


def signup_blocks(body, sizes: dict) -> list:
    """The largest short block around each marked e-mail field that asks to subscribe."""
    found = []
    # Nor may a sign-up block hold half the page: on a short page that is the policy.
    most = min(SIGNUP_MAX_WORDS, (sizes[body].words - 1) // 2)
    for marked in MARKED(body):
        if marked not in sizes:
            continue
        block = None
        for element in (marked, *marked.iterancestors()):
            if element is body or sizes[element].words > most:
                break
            block = element
        if block is not None and block not in found and asks_to_subscribe(block):
            found.append(block)
    # An outer block found from one field holds the inner one found from another.
    return [b for b in found if not any(a in found for a in b.iterancestors())]


def asks_to_subscribe(block) -> bool:
    """Do the block's words, or its elements' class and id names, ask to subscribe?"""
    names = " ".join(
        (e.get("class") or "") + " " + (e.get("id") or "") for e in block.iter(etree.Element)
    )
    return bool(SIGNUP_WORDS.search(names) or SIGNUP_WORDS.search(" ".join(block.itertext())))


def remove_signups(blocks: list, sizes: dict) -> list[Dropped]:
    """Drop the sign-up `blocks` other rules left in place."""
    return [record_drop(block, "newsletter sign-up", sizes) for block in blocks if block in sizes]
