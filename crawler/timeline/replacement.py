"""Tell a different page served at a policy's URL (a homepage, a marketing or app-store page)
from a rewrite of the policy.

Such a page shares almost none of the policy's wording and reads as no legal document; the
pipeline holds it back as `page-replaced` until the next fetch confirms it (crawler/pipelines.py).
"""

from __future__ import annotations

import re

from crawler.extraction.document_pick import KINDS
from diffing.model import PolicyDocument

# Below this share of shared three-word runs, the new text "shares almost nothing" with the
# version in force: even a rewritten policy keeps phrases such as "your personal data".
SHARED_RUNS_BELOW = 0.1
RUN = 3
# A page of the watched kind uses at least this many of its kind's distinct terms; a marketing
# or app page may mention "privacy" or "account" in passing, not a handful of them.
MIN_TERMS = 5
# A document's opening shows its kind: reading a whole long policy for its terms cost ~0.1 s.
READ_CHARACTERS = 20_000
# Terms of each kind of legal document (stems; English, French, German, Spanish, Italian).
TERMS = {
    "privacy": (
        r"personal (?:data|information)|donn[ée]es (?:personnelles|à caractère personnel)|"
        r"personenbezogen|datos personales|dati personali",
        r"process(?:ing|ed|es|ors?)?\b|traitement|verarbeit|tratamiento|trattamento",
        r"collect|collecte|erheb|recopil|raccol",
        r"third[- ]part|tiers|dritt|terceros|terzi",
        r"consent|einwillig|consentimiento|consenso",
        r"retain|retention|conserv|speicher|aufbewahr",
        r"controller|responsable du traitement|verantwortlich|titolare",
        r"gdpr|rgpd|dsgvo|ccpa|data protection|protection des donn[ée]es|datenschutz|"
        r"protecci[óo]n de datos|protezione dei dati",
        r"privacy|confidentialit|privacidad|riservatezza",
        r"disclos|divulg|offenleg|comunica",
        r"right to|your rights?\b|droit d|recht auf|derecho a|diritto d",
        r"cookie|tracker|traceur",
        r"lawful basis|legal basis|base l[ée]gale|rechtsgrundlage|base jur[íi]dica|base giuridica",
        r"transfer|transf[ée]r|übermitt|übertrag|trasfer",
        r"\bpurposes?\b|finalit|zweck|finalidad",
        r"delet|\berase|erasure|supprim|effac|lösch|elimin|cancell",
        r"information about you|your (?:personal )?(?:data|information)|vos donn[ée]es|"
        r"ihre daten|sus datos|tuoi dati",
        r"个人信息|隐私|個人情報|プライバシー",
    ),
    "terms": (
        r"agree|accept|accepte|zustimm|acept|accett",
        r"liabilit|liable|responsabilit|haftung|haft|responsabilidad",
        r"warrant|garantie|gewährleist|garant[íi]a|garanzia",
        r"indemnif|indemnis|freistell|indemniz|manlev",
        r"terminat|r[ée]siliation|suspen|kündig|rescisi|risoluzione",
        r"governing law|droit applicable|anwendbares recht|ley aplicable|legge applicabile",
        r"jurisdiction|juridiction|gerichtsstand|jurisdicci|foro competente",
        r"arbitrat|arbitrage|schiedsgericht|arbitraje|arbitrato",
        r"licen[cs]e|lizenz|licencia|licenza",
        r"prohibit|interdit|untersagt|verboten|prohib|vietat",
        r"dispute|litige|streitigkeit|disputa|controversi",
        r"intellectual property|propri[ée]t[ée] intellectuelle|geistiges eigentum|"
        r"propiedad intelectual|propriet[àa] intellettuale",
        r"\bterms\b|conditions|bedingungen|t[ée]rminos|condizioni",
        r"account|compte|konto|cuenta|account",
        r"协议|条款|責任|责任|規約|利用規約",
    ),
}
# A cookie or trackers policy is a privacy policy in all but scope, with terms of its own.
TERMS["cookies"] = (
    *TERMS["privacy"],
    r"browser|navigateur|browsers|navegador",
    r"device|appareil|ger[äa]t|dispositivo",
    r"analytic|analyse|analys|anal[íi]tic",
    r"advertis|publicit|werbung|pubblicit",
    r"local storage|pixel|web beacon|sdk",
    r"opt[- ]out|refuse|ablehn|rechaz|rifiut",
)
# Searched in the lowered text: a case-insensitive search took ~20 ms per term on 20 kB.
PATTERNS = {kind: [re.compile(term) for term in terms] for kind, terms in TERMS.items()}
WORD = re.compile(r"\w+")
# A text that lost most of the old words is a rewrite, not a broken page or a fragment, when
# it is a whole document of its own: this long, reading as the watched kind, and mostly in
# words of its own (a truncated page or a fragment repeats the old text's runs).
REWRITE_MIN_WORDS = 500
REWRITE_RUNS_BELOW = 0.5


def word_runs(text: str) -> set[tuple[str, ...]]:
    """The text's distinct runs of RUN consecutive words, in lower case."""
    return runs_of(WORD.findall(text.lower()))


def runs_of(words: list[str]) -> set[tuple[str, ...]]:
    """The distinct runs of RUN consecutive words in `words`."""
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def shared_share(old_text: str, new_text: str) -> float:
    """Share of the shorter text's word runs the other text has too (1.0 when one is empty)."""
    old, new = word_runs(old_text), word_runs(new_text)
    if not old or not new:
        return 1.0
    return len(old & new) / min(len(old), len(new))


def contained_share(old_text: str, new_text: str) -> float:
    """Share of the new text's word runs the old text has too (1.0 when it has none)."""
    old, new = word_runs(old_text), word_runs(new_text)
    return len(old & new) / len(new) if new else 1.0


def is_rewrite(old_text: str, new: PolicyDocument, watched: str | None = None) -> bool:
    """Is `new` a whole new document of the watched kind rather than what is left of
    `old_text`?"""
    return (
        len(new.markdown.split()) >= REWRITE_MIN_WORDS
        and contained_share(old_text, new.markdown) < REWRITE_RUNS_BELOW
        and reads_as(new.title + "\n" + new.markdown, watched)
    )


def terms_used(text: str, kind: str, enough: int | None = None) -> int:
    """How many of `kind`'s distinct terms the text, in lower case, uses (counting stops at
    `enough`)."""
    used = 0
    for pattern in PATTERNS[kind]:
        if pattern.search(text):
            used += 1
            if used == enough:
                break
    return used


def reads_as(text: str, watched: str | None) -> bool:
    """Does the text (its opening) read as a document of the watched type (any legal document
    when the type is not given or not known)?"""
    text = text[:READ_CHARACTERS].lower()
    kind = KINDS.get((watched or "").strip().lower().replace(" ", "-"))
    kinds = [kind] if kind in PATTERNS else ["privacy", "terms"]
    return any(terms_used(text, k, enough=MIN_TERMS) >= MIN_TERMS for k in kinds)


def replacement(old_text: str, new: PolicyDocument, watched: str | None) -> str | None:
    """Why `new` looks like another page served in place of the policy `old_text`, or None."""
    # The terms first: a policy has its first few within a page, sooner than word runs of
    # both texts are built.
    if reads_as(new.title + "\n" + new.markdown, watched):
        return None
    shared = shared_share(old_text, new.markdown)
    if shared >= SHARED_RUNS_BELOW:
        return None
    kind = watched or "policy"
    return f"shares {shared:.0%} of its wording with the version in force and reads as no {kind}"
