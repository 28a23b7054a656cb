"""Compare two versions of a policy section by section: the DocumentDiff of issue 5."""

from __future__ import annotations

from collections.abc import Sequence

from diffing.align import Alignment, Unit, align_units
from diffing.dates import mask_date
from diffing.document import PolicyDocument
from diffing.model import DocumentDiff, SectionChange
from diffing.normalise import visible_text
from diffing.sections import heading_key, split_paragraphs
from diffing.sentences import sentence_summary
from diffing.worddiff import diff_similarity, word_diff

# Below this many headed sections a version is treated as unstructured and both versions are
# compared paragraph by paragraph (EXTRACTION.md: 7 % of policies have no structure at all).
MIN_HEADED_SECTIONS = 2


def section_units(document: PolicyDocument) -> list[Unit]:
    return [
        Unit(
            heading=section.heading,
            heading_key=heading_key(section.heading),
            path_key=tuple(heading_key(h) for h in section.path),
            text=visible_text(section.text),
        )
        for section in document.sections
    ]


def paragraph_units(document: PolicyDocument) -> list[Unit]:
    units = (visible_text(block) for block in split_paragraphs(document.markdown))
    return [Unit(heading="", heading_key="", path_key=(), text=text) for text in units if text]


def has_structure(units: Sequence[Unit]) -> bool:
    return sum(bool(unit.heading) for unit in units) >= MIN_HEADED_SECTIONS


def visible_document(units: Sequence[Unit]) -> str:
    """The visible text of a whole version, rebuilt from its units (headings included)."""
    return " ".join(f"{unit.heading} {unit.key}" for unit in units)


def without_date_statement(document: PolicyDocument, text: str) -> str:
    """`text` with the tokens stating the document's effective date masked out."""
    if document.effective_date is None:
        return text
    return mask_date(text, document.effective_date.value)


def pair_change(
    old: Sequence[Unit], new: Sequence[Unit], i: int, j: int, moved: bool
) -> SectionChange:
    """The change for a matched pair: unchanged, or modified with its word diff."""
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
    diff = word_diff(before.text, after.text)
    return SectionChange(
        status="modified",
        old_index=i,
        new_index=j,
        old_heading=before.heading,
        new_heading=after.heading,
        similarity=diff_similarity(diff),
        diff=diff,
        moved=moved,
        renamed=renamed,
        sentences=sentence_summary(before.text, after.text),
    )


def section_changes(
    old: Sequence[Unit], new: Sequence[Unit], alignment: Alignment
) -> list[SectionChange]:
    """All changes in new-document order; a removed section follows its old predecessor."""
    new_to_old = {j: i for i, j in alignment.pairs.items()}
    keyed: list[tuple[tuple[int, int, int], SectionChange]] = []
    for j, unit in enumerate(new):
        if j in new_to_old:
            i = new_to_old[j]
            change = pair_change(old, new, i, j, i in alignment.moved)
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


def unchanged_changes(units: Sequence[Unit]) -> list[SectionChange]:
    """The quick path: identical visible text, every unit unchanged, no diff work."""
    return [
        SectionChange(
            status="unchanged",
            old_index=k,
            new_index=k,
            old_heading=unit.heading,
            new_heading=unit.heading,
            similarity=1.0,
        )
        for k, unit in enumerate(units)
    ]


def compare_documents(old: PolicyDocument, new: PolicyDocument) -> DocumentDiff:
    """Section-level diff of two versions (aligned, word-diffed, with flags; see model.py)."""
    dates = (
        old.effective_date.value if old.effective_date else None,
        new.effective_date.value if new.effective_date else None,
    )
    old_units, new_units, unit = section_units(old), section_units(new), "section"
    old_text, new_text = visible_document(old_units), visible_document(new_units)
    content_changed = without_date_statement(old, old_text) != without_date_statement(new, new_text)
    changed = old_text != new_text or dates[0] != dates[1]
    if old_text == new_text:
        changes = unchanged_changes(new_units)
    else:
        if not (has_structure(old_units) and has_structure(new_units)):
            old_units, new_units, unit = paragraph_units(old), paragraph_units(new), "paragraph"
        changes = section_changes(old_units, new_units, align_units(old_units, new_units))
    return DocumentDiff(
        changed=changed,
        content_changed=content_changed,
        effective_date=dates,
        sections=tuple(changes),
        unit=unit,
    )
