"""Newsletter sign-up blocks are chrome: their rotating offers must not change the text."""

from __future__ import annotations

from crawler.extraction import extract

POLICY = (
    "<h1>Privacy policy of Lindenfold</h1>"
    "<p>Lindenfold keeps the e-mail address you give us to send the newsletter you asked for, "
    "and deletes it when you unsubscribe from that newsletter.</p>"
    "<h2>Your rights</h2><p>You may ask for a copy of the data we hold about you, have it "
    "corrected or erased, and complain to the data protection authority of your country.</p>"
    "<h2>Retention</h2><p>Order records are kept for ten years, as the tax law requires; "
    "support tickets are deleted two years after they are closed.</p>"
)


def page(offer: str, field: str = '<input type="email" name="address">') -> str:
    """The policy, then a bare sign-up block (no class or id to tell it by)."""
    return (
        f"<html><body><div><div>{POLICY}</div>"
        f"<section><div><h2>{offer}</h2><p>Sign up and be the first to hear about new "
        f"products.</p><form>{field}<button>Subscribe</button></form>"
        "<p>You can unsubscribe at any time.</p></div></section></div></body></html>"
    )


def test_a_new_sign_up_offer_leaves_the_extracted_text_unchanged():
    before = extract(page("Get 10% off your first order")).document
    after = extract(page("Welcome to your Lindenfold journey")).document
    assert after.markdown == before.markdown
    assert "first order" not in before.markdown
    assert "Subscribe" not in before.markdown
    assert "send the newsletter you asked for" in before.markdown
    assert "complain to the data protection authority" in before.markdown


def test_a_field_named_for_e_mail_is_an_e_mail_field_too():
    document = extract(
        page("Join our newsletter", '<input type="text" placeholder="Your e-mail">')
    ).document
    assert "Join our newsletter" not in document.markdown
    assert "Order records are kept for ten years" in document.markdown


def test_explanation_says_why_the_sign_up_block_went():
    explanation = extract(page("Get 10% off your first order")).explanation
    signups = [d for d in explanation.dropped if d.reason == "newsletter sign-up"]
    assert [d.preview for d in signups] == ["Get 10% off your first order Sign up and be the first"]


def test_a_short_block_with_an_e_mail_field_that_asks_for_no_subscription_is_kept():
    contact = (
        "<html><body><div><div>" + POLICY + "</div><section><h2>Ask our data protection "
        "officer</h2><p>Write to dpo@lindenfold.example or leave your address here and we "
        'answer within a month.</p><form><input type="email"><button>Send</button></form>'
        "</section></div></body></html>"
    )
    assert "answer within a month" in extract(contact).document.markdown


def test_a_sign_up_block_holding_half_the_page_is_not_dropped():
    short = (
        "<html><body><div><p>We keep your address to send the newsletter.</p>"
        '<div><p>Subscribe to our newsletter for weekly recipes and offers</p><input type="email">'
        "</div></div></body></html>"
    )
    assert "Subscribe to our newsletter" in extract(short).document.markdown
