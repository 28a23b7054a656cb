"""diff-match-patch's semantic cleanup, ported step for step with fewer Python operations.

The reference (`diff_match_patch.diff_cleanupSemantic` and the cleanups it calls) looks up
`self.DIFF_*`, `len(diffs)` and `diffs[pointer][0]` again at every step of its loops, and finds
common prefixes and suffixes by binary search over slices; on the token diffs of a history walk
that was a quarter of the word-diff time (issue 9). This port keeps every decision, and the
order in which it is taken, of the reference (version 20241021): the same diffs come out,
which tests/test_diffing_diff.py checks against the reference on random diffs. Boundary scores
still ask Python's `str.isalnum`/`str.isspace`, never the C library's locale.

Diffs are lists of (op, text) tuples, op -1 delete, 0 equal, 1 insert, changed in place.
"""

from __future__ import annotations

import re

from diffing.affixes import common_prefix, common_suffix

DELETE, EQUAL, INSERT = -1, 0, 1
BLANK_LINE_END = re.compile(r"\n\r?\n$")
BLANK_LINE_START = re.compile(r"^\r?\n\r?\n")

Diffs = list[tuple[int, str]]


def common_overlap(text1: str, text2: str) -> int:
    """Length of the longest suffix of `text1` that is a prefix of `text2`."""
    length1, length2 = len(text1), len(text2)
    if length1 == 0 or length2 == 0:
        return 0
    if length1 > length2:
        text1 = text1[-length2:]
    elif length1 < length2:
        text2 = text2[:length1]
    if text1 == text2:
        return min(length1, length2)
    best = 0
    length = 1
    while True:
        found = text2.find(text1[-length:])
        if found == -1:
            return best
        length += found
        if found == 0 or text1[-length:] == text2[:length]:
            best = length
            length += 1


def cleanup_semantic(diffs: Diffs) -> None:
    """Eliminate semantically trivial equalities (`diff_cleanupSemantic`), in place."""
    changes = False
    equalities: list[int] = []  # indexes of equalities
    last_equality = 0  # length of diffs[equalities[-1]]'s text; 0 for none
    pointer = 0
    insertions1 = deletions1 = insertions2 = deletions2 = 0
    size = len(diffs)
    while pointer < size:
        op, text = diffs[pointer]
        if op == EQUAL:
            equalities.append(pointer)
            insertions1, insertions2 = insertions2, 0
            deletions1, deletions2 = deletions2, 0
            last_equality = len(text)
        else:
            if op == INSERT:
                insertions2 += len(text)
            else:
                deletions2 += len(text)
            # An equality no longer than the edits on both of its sides goes.
            if (
                last_equality
                and last_equality <= (insertions1 if insertions1 > deletions1 else deletions1)
                and last_equality <= (insertions2 if insertions2 > deletions2 else deletions2)
            ):
                at = equalities.pop()
                equality = diffs[at][1]
                diffs[at] = (INSERT, equality)
                diffs.insert(at, (DELETE, equality))
                size += 1
                if equalities:  # the previous equality is evaluated again
                    equalities.pop()
                pointer = equalities[-1] if equalities else -1
                insertions1 = deletions1 = insertions2 = deletions2 = 0
                last_equality = 0
                changes = True
        pointer += 1

    if changes:
        cleanup_merge(diffs)
    cleanup_semantic_lossless(diffs)
    extract_overlaps(diffs)


def extract_overlaps(diffs: Diffs) -> None:
    """Split an overlap between a deletion and the insertion after it into an equality when
    it is at least half of either (the last step of `diff_cleanupSemantic`)."""
    pointer = 1
    while pointer < len(diffs):
        if diffs[pointer - 1][0] == DELETE and diffs[pointer][0] == INSERT:
            deletion = diffs[pointer - 1][1]
            insertion = diffs[pointer][1]
            overlap1 = common_overlap(deletion, insertion)
            overlap2 = common_overlap(insertion, deletion)
            if overlap1 >= overlap2:
                if overlap1 >= len(deletion) / 2.0 or overlap1 >= len(insertion) / 2.0:
                    diffs.insert(pointer, (EQUAL, insertion[:overlap1]))
                    diffs[pointer - 1] = (DELETE, deletion[: len(deletion) - overlap1])
                    diffs[pointer + 1] = (INSERT, insertion[overlap1:])
                    pointer += 1
            elif overlap2 >= len(deletion) / 2.0 or overlap2 >= len(insertion) / 2.0:
                diffs.insert(pointer, (EQUAL, deletion[:overlap2]))
                diffs[pointer - 1] = (INSERT, insertion[: len(insertion) - overlap2])
                diffs[pointer + 1] = (DELETE, deletion[overlap2:])
                pointer += 1
            pointer += 1
        pointer += 1


def boundary_score(one: str, two: str) -> int:
    """How well the boundary between `one` and `two` falls on a logical break, 6 (edge) to 0."""
    if not one or not two:
        return 6
    char1, char2 = one[-1], two[0]
    non_alnum1, non_alnum2 = not char1.isalnum(), not char2.isalnum()
    space1 = non_alnum1 and char1.isspace()
    space2 = non_alnum2 and char2.isspace()
    line_break1 = space1 and (char1 == "\r" or char1 == "\n")
    line_break2 = space2 and (char2 == "\r" or char2 == "\n")
    if (line_break1 and BLANK_LINE_END.search(one)) or (
        line_break2 and BLANK_LINE_START.match(two)
    ):
        return 5
    if line_break1 or line_break2:
        return 4
    if non_alnum1 and not space1 and space2:
        return 3
    if space1 or space2:
        return 2
    if non_alnum1 or non_alnum2:
        return 1
    return 0


def cleanup_semantic_lossless(diffs: Diffs) -> None:
    """Slide single edits between equalities onto word boundaries
    (`diff_cleanupSemanticLossless`), in place."""
    pointer = 1
    while pointer < len(diffs) - 1:
        op1, equality1 = diffs[pointer - 1]
        op3, equality2 = diffs[pointer + 1]
        if op1 != EQUAL or op3 != EQUAL:
            pointer += 1
            continue
        original1 = equality1
        op2, edit = diffs[pointer]
        # First, shift the edit as far left as possible.
        offset = common_suffix(equality1, edit)
        if offset:
            common = edit[-offset:]
            equality1 = equality1[:-offset]
            edit = common + edit[:-offset]
            equality2 = common + equality2
        # Then step right character by character, looking for the best fit.
        best1, best_edit, best2 = equality1, edit, equality2
        best_score = boundary_score(equality1, edit) + boundary_score(edit, equality2)
        while edit and equality2 and edit[0] == equality2[0]:
            equality1 += edit[0]
            edit = edit[1:] + equality2[0]
            equality2 = equality2[1:]
            score = boundary_score(equality1, edit) + boundary_score(edit, equality2)
            # >= prefers trailing rather than leading whitespace on edits.
            if score >= best_score:
                best_score = score
                best1, best_edit, best2 = equality1, edit, equality2
        if original1 != best1:
            if best1:
                diffs[pointer - 1] = (op1, best1)
            else:
                del diffs[pointer - 1]
                pointer -= 1
            diffs[pointer] = (op2, best_edit)
            if best2:
                diffs[pointer + 1] = (op3, best2)
            else:
                del diffs[pointer + 1]
                pointer -= 1
        pointer += 1


def cleanup_merge(diffs: Diffs) -> None:
    """Merge neighbouring edits and equalities, factor out common affixes and shift single
    edits over equalities (`diff_cleanupMerge`), in place."""
    while True:
        merge_runs(diffs)
        if not shift_single_edits(diffs):
            return


def merge_runs(diffs: Diffs) -> None:
    """The first pass of `diff_cleanupMerge`."""
    diffs.append((EQUAL, ""))  # a dummy entry at the end
    pointer = 0
    count_delete = count_insert = 0
    deleted: list[str] = []
    inserted: list[str] = []
    while pointer < len(diffs):
        op, text = diffs[pointer]
        if op == INSERT:
            count_insert += 1
            inserted.append(text)
            pointer += 1
            continue
        if op == DELETE:
            count_delete += 1
            deleted.append(text)
            pointer += 1
            continue
        if count_delete + count_insert > 1:
            text_delete, text_insert = "".join(deleted), "".join(inserted)
            if count_delete and count_insert:
                length = common_prefix(text_insert, text_delete)
                if length:
                    x = pointer - count_delete - count_insert - 1
                    if x >= 0 and diffs[x][0] == EQUAL:
                        diffs[x] = (EQUAL, diffs[x][1] + text_insert[:length])
                    else:
                        diffs.insert(0, (EQUAL, text_insert[:length]))
                        pointer += 1
                    text_insert = text_insert[length:]
                    text_delete = text_delete[length:]
                length = common_suffix(text_insert, text_delete)
                if length:
                    diffs[pointer] = (diffs[pointer][0], text_insert[-length:] + diffs[pointer][1])
                    text_insert = text_insert[:-length]
                    text_delete = text_delete[:-length]
            new_ops = []
            if text_delete:
                new_ops.append((DELETE, text_delete))
            if text_insert:
                new_ops.append((INSERT, text_insert))
            pointer -= count_delete + count_insert
            diffs[pointer : pointer + count_delete + count_insert] = new_ops
            pointer += len(new_ops) + 1
        elif pointer != 0 and diffs[pointer - 1][0] == EQUAL:
            diffs[pointer - 1] = (EQUAL, diffs[pointer - 1][1] + text)
            del diffs[pointer]
        else:
            pointer += 1
        count_delete = count_insert = 0
        deleted.clear()
        inserted.clear()
    if diffs[-1][1] == "":
        diffs.pop()


def shift_single_edits(diffs: Diffs) -> bool:
    """The second pass of `diff_cleanupMerge`: A<ins>BA</ins>C -> <ins>AB</ins>AC. Did any
    edit move?"""
    changes = False
    pointer = 1
    while pointer < len(diffs) - 1:
        before, edit, after = diffs[pointer - 1], diffs[pointer], diffs[pointer + 1]
        if before[0] == EQUAL and after[0] == EQUAL:
            if edit[1].endswith(before[1]):
                if before[1] != "":
                    diffs[pointer] = (edit[0], before[1] + edit[1][: -len(before[1])])
                    diffs[pointer + 1] = (after[0], before[1] + after[1])
                del diffs[pointer - 1]
                changes = True
            elif edit[1].startswith(after[1]):
                diffs[pointer - 1] = (before[0], before[1] + after[1])
                diffs[pointer] = (edit[0], edit[1][len(after[1]) :] + after[1])
                del diffs[pointer + 1]
                changes = True
        pointer += 1
    return changes
