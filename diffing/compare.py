"""Compare two versions of a policy section by section: a DocumentDiff."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from diffing.align import Alignment, Unit, UnitText, align_units
from diffing.date_tokens import mask_date
from diffing.model import DocumentDiff, PolicyDocument, Section, SectionChange
from diffing.normalise import visible_text
from diffing.sections import heading_key, split_paragraphs
from diffing.text_changes import text_change
from diffing.topics import change_topics, topic_ids

# Below this many headed sections a version is treated as unstructured and both versions are
# compared paragraph by paragraph (EXTRACTION.md: 7 % of policies have no structure at all).
# One heading is structure enough: with two required, removing one of two sections re-read
# the whole policy paragraph by paragraph and reported every paragraph removed.
MIN_HEADED_SECTIONS = 1


@dataclass(frozen=True)
class ReadVersions:
    """Both versions read as comparable section units, each distinct section text once (most
    sections of a version are the previous version's, word for word)."""

    old_units: tuple[Unit, ...]
    new_units: tuple[Unit, ...]

    @property
    def texts(self) -> tuple[str, str]:
        """Each version's visible text as `visible_document` gives it."""
        return visible_document(self.old_units), visible_document(self.new_units)

    def reader_texts(self) -> tuple[str, str]:
        """Each version's words as a reader sees them: headings without their emphasis, then
        the visible text of the sections (the words and order of `visible_text(markdown)`)."""
        return reader_text(self.old_units), reader_text(self.new_units)


def read_versions(old: PolicyDocument, new: PolicyDocument) -> ReadVersions:
    """The section units of both versions, sharing one UnitText per distinct section text."""
    contents: dict[str, UnitText] = {}

    def content(text: str) -> UnitText:
        if text not in contents:
            contents[text] = UnitText(visible_text(text))
        return contents[text]

    return ReadVersions(
        tuple(section_units(old.sections, content)), tuple(section_units(new.sections, content))
    )


def section_units(sections: Sequence[Section], content: Callable[[str], UnitText]) -> list[Unit]:
    """`content` reads a section's text into its UnitText."""
    # Each heading also appears in the path of every section below it: key it once.
    keys: dict[str, str] = {}

    def key(heading: str) -> str:
        if heading not in keys:
            keys[heading] = heading_key(heading)
        return keys[heading]

    return [
        Unit(
            heading=section.heading,
            heading_key=key(section.heading),
            path_key=tuple(key(h) for h in section.path),
            content=content(section.text),
        )
        for section in sections
    ]


def paragraph_units(document: PolicyDocument) -> list[Unit]:
    units = (visible_text(block) for block in split_paragraphs(document.markdown))
    return [
        Unit(heading="", heading_key="", path_key=(), content=UnitText(text))
        for text in units
        if text
    ]


def has_structure(units: Sequence[Unit]) -> bool:
    return sum(bool(unit.heading) for unit in units) >= MIN_HEADED_SECTIONS


def reader_text(units: Sequence[Unit]) -> str:
    return "\n".join(f"{visible_text(unit.heading)} {unit.text}" for unit in units)


def visible_document(units: Sequence[Unit]) -> str:
    """The visible text of a whole version, rebuilt from its units (headings included)."""
    return "\n".join(f"{unit.heading} {unit.key}" for unit in units)


def content_differs(old: PolicyDocument, new: PolicyDocument, old_text: str, new_text: str) -> bool:
    """Do the visible texts differ apart from the tokens stating either one's effective date?

    Only where the versions' lines differ are they masked: masking keeps one line per line,
    so versions with different numbers of lines differ. Each visible line is a whole section,
    so masking its dates is the costly step. A line found elsewhere in the other version is
    masked all the same: a policy may repeat a section, the date statement with it.
    """
    if old_text == new_text:
        return False
    old_lines, new_lines = old_text.split("\n"), new_text.split("\n")
    if len(old_lines) != len(new_lines):
        return True
    # Both versions' dates are masked on both sides: a policy that moves its date often names
    # the old one elsewhere too ("Versions: 26 Jun 2025, 19 May 2025"), and that mention
    # staying put is no change of content.
    values = {d.effective_date.value for d in (old, new) if d.effective_date is not None}

    def masked(line: str) -> str:
        for value in values:
            line = mask_date(line, value)
        return line

    return any(
        old_line != new_line and masked(old_line) != masked(new_line)
        for old_line, new_line in zip(old_lines, new_lines, strict=True)
    )


def pair_change(
    old: Sequence[Unit],
    new: Sequence[Unit],
    i: int,
    j: int,
    moved: bool,
    merged: Sequence[int] = (),
) -> SectionChange:
    """The change for a matched pair: unchanged, or modified with its word diff.

    When other old sections were `merged` into this one, the diff runs against all of them
    in their old order, so text that only moved in does not read as new.
    """
    before, after = old[i], new[j]
    renamed = before.heading_key != after.heading_key
    if before.key == after.key and not renamed:
        return SectionChange(
            status="unchanged",
            old_index=i,
            new_index=j,
            old_heading=before.heading,
            new_heading=after.heading,
            similarity=1.0,
            moved=moved,
        )
    # Joined only here: most matched pairs are unchanged and need no text.
    before_text = "\n".join(old[k].text for k in sorted([i, *merged])) if merged else before.text
    change = text_change(before_text, after.text)
    return SectionChange(
        status="modified",
        old_index=i,
        new_index=j,
        old_heading=before.heading,
        new_heading=after.heading,
        similarity=change.similarity,
        diff=change.diff,
        moved=moved,
        renamed=renamed,
        sentences=change.sentences,
    )


def section_changes(
    old: Sequence[Unit], new: Sequence[Unit], alignment: Alignment
) -> list[SectionChange]:
    """All changes in new-document order; a removed section follows its old predecessor."""
    new_to_old = {j: i for i, j in alignment.pairs.items()}
    merged_into_new: dict[int, list[int]] = defaultdict(list)
    for i, j in alignment.merged_into.items():
        merged_into_new[j].append(i)
    keyed: list[tuple[tuple[int, int, int], SectionChange]] = []
    for j, unit in enumerate(new):
        if j in new_to_old:
            i = new_to_old[j]
            change = pair_change(old, new, i, j, i in alignment.moved, merged_into_new[j])
        else:
            change = SectionChange(
                status="added",
                old_index=None,
                new_index=j,
                old_heading=None,
                new_heading=unit.heading,
                similarity=0.0,
                diff=((1, unit.text),) if unit.text else (),
                split_from=alignment.split_from.get(j),
            )
        keyed.append(((j, 0, 0), change))
    anchor = -1
    for i, unit in enumerate(old):
        if i in alignment.pairs:
            if i not in alignment.moved:
                anchor = alignment.pairs[i]
            continue
        change = SectionChange(
            status="removed",
            old_index=i,
            new_index=None,
            old_heading=unit.heading,
            new_heading=None,
            similarity=0.0,
            diff=((-1, unit.text),) if unit.text else (),
            merged_into=alignment.merged_into.get(i),
        )
        keyed.append(((anchor, 1, i), change))
    return [change for _, change in sorted(keyed, key=lambda item: item[0])]


def unchanged_changes(headings: Sequence[str]) -> list[SectionChange]:
    """The quick path: identical visible text, every section unchanged, no diff work."""
    return [
        SectionChange(
            status="unchanged",
            old_index=k,
            new_index=k,
            old_heading=heading,
            new_heading=heading,
            similarity=1.0,
        )
        for k, heading in enumerate(headings)
    ]


def compare_documents(
    old: PolicyDocument, new: PolicyDocument, read: ReadVersions | None = None
) -> DocumentDiff:
    """Section-level diff of two versions (aligned, word-diffed, with flags; see model.py);
    `read`: both versions' units, when the caller has read them (`read_versions`)."""
    dates = (
        old.effective_date.value if old.effective_date else None,
        new.effective_date.value if new.effective_date else None,
    )
    if old.markdown == new.markdown:  # byte-identical: not even normalisation is needed
        headings = [section.heading for section in new.sections]
        return DocumentDiff(dates[0] != dates[1], False, dates, tuple(unchanged_changes(headings)))
    read = read or read_versions(old, new)
    old_units, new_units = read.old_units, read.new_units
    old_text, new_text = read.texts
    unit = "section"
    content_changed = content_differs(old, new, old_text, new_text)
    changed = old_text != new_text or dates[0] != dates[1]
    if old_text == new_text:
        changes = unchanged_changes([unit.heading for unit in new_units])
    else:
        if not (has_structure(old_units) and has_structure(new_units)):
            old_units, new_units, unit = paragraph_units(old), paragraph_units(new), "paragraph"
        changes = section_changes(old_units, new_units, align_units(old_units, new_units))
        changes = [with_topics(change) for change in changes]
    return DocumentDiff(
        changed=changed,
        content_changed=content_changed,
        effective_date=dates,
        sections=tuple(changes),
        unit=unit,
    )


def with_topics(change: SectionChange) -> SectionChange:
    """`change` with what it is about (none for an unchanged section)."""
    if change.status == "unchanged":
        return change
    return replace(change, topics=tuple(topic_ids(change_topics(change))))
