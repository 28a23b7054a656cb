"""What a section change is about: topics from the words it added or removed, heading as context.

Transparent keyword rules (`diffing.topic_rules`), no model: each topic found comes with the
words that matched, so `--explain` can show why. Works on a `SectionChange` or on its stored
JSON form (`section_topics`), so databases written before topics existed can be back-filled.

- A change of markup, punctuation, capitals or link targets only is about no topic.
- A change whose every word belongs to a date statement is `effective-date-only`.
- Otherwise a topic is found when its text pattern matches the added or removed words (for an
  added or removed section: its whole text), or its heading pattern matches the heading.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

from rapidfuzz import fuzz

from diffing.date_words import LABEL, MONTHS
from diffing.dates import labelled_dates
from diffing.topic_rules import HEADING_RULES, TEXT_RULES, TOPICS
from diffing.topic_scan import first_scan, longest_matches, rivals

DATE_ONLY = "effective-date-only"
CONTACT = "controller-identity"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
OBFUSCATED = re.compile(r"email(?:&#160;|\s)protected")
ADDRESS_CHARS = 60  # of the unchanged text on each side of an edit, where its address may go on
MAX_ADDRESS_EDIT_WORDS = 6


@dataclass(frozen=True)
class CompiledRules:
    """All topics' patterns as one alternation, a named group per topic: one scan of a text
    finds every topic (the engine scans several times faster than topic by topic)."""

    pattern: re.Pattern
    topics: dict[str, str]  # group name -> topic
    first: re.Pattern  # where `pattern` may match (see `diffing.topic_scan`)
    rivals: dict[str, re.Pattern | None]  # group name -> the groups that may match with it


def compile_rules(rules: dict[str, tuple[str, ...]]) -> CompiledRules:
    """Rules matched at a word start, on lower-cased text (faster than ignoring case)."""
    names = {f"topic{k}": topic for k, topic in enumerate(rules)}
    alternation = "|".join(f"(?P<{name}>{'|'.join(rules[topic])})" for name, topic in names.items())
    pattern = re.compile(rf"\b(?:{alternation})")
    assert pattern.groups == len(names), "rules use (?:...), never capturing groups"
    first = first_scan(chain(*rules.values()), prefix=r"\b")
    return CompiledRules(pattern, names, first, rivals({n: rules[t] for n, t in names.items()}))


TEXT_PATTERNS = compile_rules(TEXT_RULES)
HEADING_PATTERNS = compile_rules(HEADING_RULES)

# Text no reader sees as words: link targets, bare URLs, e-mail addresses a page obfuscated.
# Links to anchors of the same page are tables of contents: their words are headings, no
# content, and go as a whole. Each alternative starts with a fixed character, which the
# engine skips to.
LINKS = re.compile(
    r"\[[^\]]*\]\(#[^)]*\)|\]\([^)]*\)|https?://\S+"
    # What a page left of an address it obfuscated: the placeholder, its link, and the end of
    # the address it sometimes shows right after them ("[email protected]example.com").
    r"|\[?\[email(?:&#160;|\s)protected\]\]?(?:\([^)]*\))?[\w.-]*"
)
# An e-mail address, with whatever its word runs into ("[privacy@x.com"): tried at word
# starts only, each taken whole.
ADDRESS = re.compile(r"(?<!\S)[^\s@]++@\S+\.\w+")
# Domain names are words of a change ("cookies set on x.ai"), but no topic's words ("berget.ai").
DOMAIN_ENDINGS = (".com", ".ai", ".org", ".net", ".io", ".fr", ".de")
# Each label is taken whole (a dot must follow it), so that no word start backtracks.
DOMAIN = re.compile(
    r"\b(?:[\w-]++\.)+(?:" + "|".join(e.lstrip(".") for e in DOMAIN_ENDINGS) + r")\b"
)
WORD = re.compile(r"\w+")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
WORD_REST = re.compile(r"[^\W_]*")  # letters and digits, as str.isalnum
CAMEL_JOIN = re.compile(r"(?<=[a-z])(?=[A-Z])")
YEAR = re.compile(r"(?:19|20)\d\d")
# Words a date statement is made of besides the date itself, in the languages of the rules.
DATE_STATEMENT_WORDS = frozenset(
    [
        "effective",
        "date",
        "last",
        "updated",
        "update",
        "modified",
        "modification",
        "revised",
        "revision",
        "reviewed",
        "changed",
        "amended",
        "version",
        "versions",
        "as",
        "of",
        "on",
        "in",
        "at",
        "effect",
        "from",
        "since",
        "comes",
        "came",
        "went",
        "goes",
        "takes",
        "into",
        "st",
        "nd",
        "rd",
        "th",
        "er",
        "the",
        "our",
        "this",
        "privacy",
        "policy",
        "notice",
        "statement",
        "terms",
        "cookie",
        "dernière",
        "derniere",
        "mise",
        "mis",
        "jour",
        "à",
        "a",
        "compter",
        "du",
        "le",
        "la",
        "en",
        "vigueur",
        "entrée",
        "date",
        "de",
        "révision",
        "stand",
        "zuletzt",
        "aktualisiert",
        "geändert",
        "am",
        "letzte",
        "aktualisierung",
        "gültig",
        "ab",
        "vom",
        "última",
        "ultima",
        "actualización",
        "actualizacion",
        "fecha",
        "entrada",
        "vigor",
        "vigente",
        "desde",
        "el",
    ]
)
UPDATE_WORDS = re.compile(
    r"updat|mis à jour|mise à jour|aktualisiert|actualiz|effect|vigueur|vigor|in kraft",
    re.IGNORECASE,
)
# Sections that list other sections' headings: their changes are about no topic.
CONTENTS = re.compile(
    r"table of contents|contents|sommaire|table des matières|inhalt|índice", re.IGNORECASE
)
# An added or removed banner announcing a new date ("Our new Privacy Policy comes into effect
# on 4 December 2024. Click here to view our current Privacy Policy.") stays this short.
MAX_DATE_BANNER_WORDS = 60
WORDS_PER_HIT = 40
SECTION_WORDS_PER_HIT = 60
# Words of a page's controls, not of its content ("Previous column", "Expand", "Back to top").
PAGE_CONTROLS = frozenset(
    [
        "previous",
        "next",
        "column",
        "expand",
        "collapse",
        "all",
        "show",
        "hide",
        "close",
        "back",
        "to",
        "top",
        "skip",
        "content",
        "copy",
        "view",
        "page",
        "print",
        "as",
        "markdown",
        "menu",
        "toggle",
        "navigation",
        # A link's note: "(opens in new tab)".
        "opens",
        "in",
        "new",
        "tab",
        "window",
    ]
)
WHOLE_TEXT_WORDS = 40
# The same short text added at this many places is decoration.
MIN_DECORATIONS = 3
MAX_DECORATION_WORDS = 4
# What an unchanged stretch keeps at each end when a small edit is read in its whole text.
EDGE_CHARACTERS = 120
SPELLING_SIMILARITY = 80  # rapidfuzz ratio, 0-100: one or two letters in a longer word


@dataclass(frozen=True)
class TopicMatch:
    """One topic of a change and the words that made it (as written, in order, deduplicated)."""

    topic: str
    words: tuple[str, ...]
    where: str  # "changed": in the added or removed words; "heading": in the heading


def visible_words(text: str) -> str:
    # Most texts hold none of these: substring tests spare them the scans.
    if "](" in text or "http" in text or "protected]" in text:
        text = LINKS.sub(" ", text)
    if "@" in text:
        text = ADDRESS.sub(" ", text)
    return text


def without_domains(text: str) -> str:
    if "." in text and any(ending in text for ending in DOMAIN_ENDINGS):
        return DOMAIN.sub(" ", text)
    return text


def word_counts(texts: Iterable[str]) -> Counter:
    return visible_word_counts(visible_words("\n".join(texts)))


def visible_word_counts(visible: str) -> Counter:
    # Words a page ran together ("Previous columnNext column") are counted apart.
    return Counter(WORD.findall(CAMEL_JOIN.sub(" ", visible).lower()))


def side_text(diff: Sequence[tuple[int, str]], side: int) -> str:
    """The old (`side` -1) or new (+1) text a diff was made from, as far as it holds it, with
    the middle of each unchanged stretch left out: both sides hold it, so its words cancel
    out, and only the words running into a change matter."""
    return "".join(edges(text) if op == 0 else text for op, text in diff if op != -side)


def edges(text: str, keep: int = EDGE_CHARACTERS) -> str:
    """`text` without its middle, cut at whitespace so that no word is split."""
    if len(text) <= 2 * keep:
        return text
    head_end = text.find(" ", keep)
    tail_start = text.rfind(" ", 0, len(text) - keep)
    if head_end == -1 or tail_start == -1 or tail_start <= head_end:
        return text
    return text[:head_end] + " " + text[tail_start:]


def is_spelling(removed: str, added: str) -> bool:
    """Two spellings of one word ("recognise", "recognize"; "art." for "article")."""
    if removed.isdigit() or added.isdigit():
        return False
    short, long = sorted((removed, added), key=len)
    if len(short) >= 3 and long.startswith(short):
        return True
    return len(removed) >= 5 and fuzz.ratio(removed, added) >= SPELLING_SIMILARITY


def is_cosmetic(diff: Sequence[tuple[int, str]], sides: tuple[str, str] | None = None) -> bool:
    """Did only markup, punctuation, capitals, URLs, obfuscated addresses, spelling or a
    repeated decoration change? (`sides`: the removed and the added text's `visible_words`,
    if known.)"""
    if is_repeated_decoration(diff) or is_doubling_fix(diff):
        return True
    removed_text, added_text = sides or changed_sides(diff)
    old, new = visible_word_counts(removed_text), visible_word_counts(added_text)
    # A small edit is read in its whole text, where a link target or address split across
    # several ops reads whole; a large one is no link target, and its own words suffice.
    if old.total() + new.total() <= WHOLE_TEXT_WORDS:
        old, new = word_counts([side_text(diff, -1)]), word_counts([side_text(diff, 1)])
    removed, added = only_in(old, new), only_in(new, old)
    if set(removed + added) <= PAGE_CONTROLS:
        return True
    # List markers only ("(b) (a) where" -> "(b) where").
    if all(len(word) == 1 and not word.isdigit() for word in removed + added):
        return True
    # Words run together or split apart ("can not", "cannot") read the same.
    if "".join(removed) == "".join(added):
        return True
    return len(removed) == len(added) and all(map(is_spelling, removed, added))


def only_in(counts: Counter, other: Counter) -> list[str]:
    """The words `counts` holds more often than `other` (as often as it does more), sorted.
    The pairs both hold alike, most of them, are set aside by the dictionaries' own views."""
    return sorted(
        word
        for word, count in counts.items() - other.items()
        for _ in range(count - other.get(word, 0))
    )


def changed_sides(diff: Sequence[tuple[int, str]]) -> tuple[str, str]:
    """The removed and the added text of `diff`, each as `visible_words`."""
    return (
        visible_words("\n".join(text for op, text in diff if op < 0)),
        visible_words("\n".join(text for op, text in diff if op > 0)),
    )


def is_doubling_fix(diff: Sequence[tuple[int, str]]) -> bool:
    """Was a doubled word dropped or a word doubled ("share it with [-with-] them") and
    nothing else? Each changed piece repeats the words right before or after it."""
    doubled = False
    for k, (op, text) in enumerate(diff):
        if not op:
            continue
        words = WORD.findall(text.lower())
        if not words:
            continue
        before = diff[k - 1][1][-EDGE_CHARACTERS:] if k and not diff[k - 1][0] else ""
        after = diff[k + 1][1][:EDGE_CHARACTERS] if k + 1 < len(diff) and not diff[k + 1][0] else ""
        repeated = (
            WORD.findall(before.lower())[-len(words) :],
            WORD.findall(after.lower())[: len(words)],
        )
        if words not in repeated:
            return False
        doubled = True
    return doubled


def is_repeated_decoration(diff: Sequence[tuple[int, str]]) -> bool:
    """The same few words added (or removed) at several places and nothing else: an icon's
    label at each item of a list ("Badge Check"), no clause."""
    pieces = {(op, " ".join(text.split())) for op, text in diff if op and text.strip()}
    if len(pieces) != 1:
        return False
    ((op, piece),) = pieces
    count = sum(1 for o, text in diff if o == op and " ".join(text.split()) == piece)
    words = piece.split()
    # Plain words: a repeated list of domains or figures ("x.ai, console.x.ai") says something.
    return (
        count >= MIN_DECORATIONS
        and len(words) <= MAX_DECORATION_WORDS
        and all(word.isalpha() for word in words)
    )


def is_date_word(word: str) -> bool:
    word = word.lower()
    return (
        word.isdigit()
        or word in MONTHS
        or word in DATE_STATEMENT_WORDS
        or (word[:-2].isdigit() and word[-2:] in {"st", "nd", "rd", "th", "er"})
    )


def names_a_date(words: Sequence[str]) -> bool:
    return any(w.lower() in MONTHS or YEAR.fullmatch(w) for w in words)


def is_date_edit(diff: Sequence[tuple[int, str]]) -> bool:
    """Are all changed words date words, in a dated statement (`Updated on [-29-]{+30+} Oct`)?"""
    changed = []
    for op, text in diff:
        if op:
            # Words are read one by one: most edits stop at their first word.
            for word in WORD.finditer(visible_words(text)):
                if not is_date_word(word.group()):
                    return False
                changed.append(word.group())
    if not changed:
        return False
    if names_a_date(changed):
        return True
    # A changed day alone: the statement's label or month must stand right around it.
    for k, (op, _) in enumerate(diff):
        if op:
            before = diff[k - 1][1][-40:] if k and not diff[k - 1][0] else ""
            after = diff[k + 1][1][:20] if k + 1 < len(diff) and not diff[k + 1][0] else ""
            if (
                LABEL.search(before)
                or "version" in before.lower()
                or names_a_date(WORD.findall(after))
            ):
                return True
    return False


def is_date_banner(text: str, words: Sequence[str]) -> bool:
    """A short text that states a date: "Effective date: August 25, 2023", an update notice
    (`words`: its visible words)."""
    # A date statement names a month or a year (checked first: finding labels costs more).
    if not 0 < len(words) <= MAX_DATE_BANNER_WORDS or not names_a_date(words):
        return False
    return bool(UPDATE_WORDS.search(text)) or bool(labelled_dates(text))


def heading_text(heading: str) -> str:
    """A heading's words: a heading that links to its own anchor keeps its text."""
    return LINK_TARGET.sub(" ", heading).replace("[", " ")


def whole_words(text: str, match: re.Match) -> str:
    """The matched span of `text` up to the end of its last word ("shar" reads "share")."""
    end = WORD_REST.match(text, match.end()).end()
    return " ".join(text[match.start() : end].split())


def matches(rules: CompiledRules, text: str, where: str, min_hits: float = 1) -> list[TopicMatch]:
    """The topics whose patterns match `text` at least `min_hits` times."""
    lowered = text.lower()
    # Words are reported as written, unless lower-casing moved the offsets (rare letters).
    shown = text if len(lowered) == len(text) else lowered
    hits: dict[str, list[str]] = {}
    for name, match in longest_matches(rules.first, rules.pattern, rules.rivals, lowered):
        hits.setdefault(rules.topics[name], []).append(whole_words(shown, match))
    found = []
    for topic in TOPICS:
        words = hits.get(topic, [])
        if words and len(words) >= min_hits:
            distinct: dict[str, str] = {}
            for word in words:
                distinct.setdefault(word.lower(), word)  # its first spelling, in text order
            found.append(TopicMatch(topic, tuple(distinct.values()), where))
    return found


def section_topics(
    status: str,
    old_heading: str | None,
    new_heading: str | None,
    diff: Sequence[tuple[int, str]],
) -> tuple[TopicMatch, ...]:
    """The topics of one section change, each with its matched words (see the module doc)."""
    if status == "unchanged" or not diff:
        return ()
    if any(
        h and CONTENTS.fullmatch(heading_text(h).strip(" *#_:")) for h in (old_heading, new_heading)
    ):
        return ()
    changed = [text for op, text in diff if op]
    sides = changed_sides(diff)
    visible = without_domains("\n".join(side for side in sides if side))
    # A long change mentions many topics in passing: it is about those it keeps returning to.
    per_hit = WORDS_PER_HIT if status == "modified" else SECTION_WORDS_PER_HIT
    words = WORD.findall(visible)
    min_hits = max(1, len(words) / per_hit)
    in_text = matches(TEXT_PATTERNS, visible, "changed", min_hits)
    if status == "modified" and is_date_edit(diff):
        found_topics: tuple[TopicMatch, ...] = (
            TopicMatch(DATE_ONLY, date_words(changed), "changed"),
        )
    elif not in_text and is_date_banner("\n".join(changed), words):
        found_topics = (TopicMatch(DATE_ONLY, date_words(changed), "changed"),)
    else:
        headings = dict.fromkeys(heading_text(h) for h in (new_heading, old_heading) if h)
        in_heading = matches(HEADING_PATTERNS, "\n".join(headings), "heading")
        found = {m.topic for m in in_text}
        found_topics = tuple(in_text + [m for m in in_heading if m.topic not in found])
    if status != "modified":
        return found_topics
    # An edited contact address says who to write to; other edits of links and addresses are
    # cosmetic, which is checked last, as it reads the section's whole text.
    addresses = changed_addresses(diff) if any("@" in text for _, text in diff) else ()
    if addresses:
        found_topics = tuple(m for m in found_topics if m.topic != CONTACT)
        return (*found_topics, TopicMatch(CONTACT, addresses, "changed"))
    if found_topics and is_cosmetic(diff, sides):
        return ()
    return found_topics


def changed_addresses(diff: Sequence[tuple[int, str]]) -> tuple[str, ...]:
    """The e-mail addresses an edit put in or took out, whole even where only a part of one
    changed (`DPO@[-team.-]bumble.com`); none where a page had hidden an address."""
    found: list[str] = []
    k = 0
    while k < len(diff):
        end = k
        while end < len(diff) and diff[end][0]:
            end += 1
        if end == k:
            k += 1
            continue
        before = diff[k - 1][1][-ADDRESS_CHARS:] if k else ""
        after = diff[end][1][:ADDRESS_CHARS] if end < len(diff) else ""
        old = before + "".join(text for op, text in diff[k:end] if op < 0) + after
        new = before + "".join(text for op, text in diff[k:end] if op > 0) + after
        edited = " ".join(text for _, text in diff[k:end])
        # The edit is of the address itself, not a clause that happens to give one.
        if (
            ("@" in old or "@" in new)
            and not OBFUSCATED.search(old + new)
            and len(WORD.findall(EMAIL.sub(" ", edited))) <= MAX_ADDRESS_EDIT_WORDS
        ):
            old_addresses, new_addresses = set(EMAIL.findall(old)), set(EMAIL.findall(new))
            found += sorted(new_addresses - old_addresses) or sorted(old_addresses - new_addresses)
        k = end
    return tuple(dict.fromkeys(found))


def date_words(changed: Sequence[str]) -> tuple[str, ...]:
    words = (w for text in changed for w in WORD.findall(visible_words(text)))
    return tuple(dict.fromkeys(w for w in words if w.isdigit() or w.lower() in MONTHS))


def change_topics(change) -> tuple[TopicMatch, ...]:
    """`section_topics` of a `diffing.model.SectionChange`."""
    return section_topics(change.status, change.old_heading, change.new_heading, change.diff)


def topic_ids(found: Iterable[TopicMatch]) -> list[str]:
    """The topic ids alone, in vocabulary order."""
    ids = {m.topic for m in found}
    return [topic for topic in TOPICS if topic in ids]
