"""mask_date tries the month-name patterns only at the starts month_name_starts gives: those
must include every position where the patterns match, so that the result is pattern.sub's."""

import random
from datetime import date

import pytest

from diffing.date_tokens import MONTH_DAY_YEAR, MONTH_YEAR, mask_date, month_name_starts, sub_at

PIECES = [
    *("March", "mar", "Mar.", "märz", "Dezember", "xmarch", "Septembre", "abcdefghijklm"),
    *(" ", "  ", "\n", "\t", "\u00a0", "\x1c", ",", ".", "1", "3", "03", "3rd", "1st", "of "),
    *("de ", "2021", "1999", "20210", "12021", "/", "-", "2021-03-03", "03/03/2021", "é", "²"),
    *("March 3, 2021", "Mar. 1st  2021", "mars\t12 2021", "xMarch 3rd,\n1999", "May 2021"),
]


def random_lines(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14)))


@pytest.mark.parametrize("pattern", [MONTH_DAY_YEAR, MONTH_YEAR])
def test_every_match_start_is_a_candidate(pattern):
    matched = 0
    for line in random_lines(1, 20000):
        starts = {k for k in range(len(line) + 1) if pattern.match(line, k)}
        assert starts <= set(month_name_starts(line, pattern)), line
        matched += bool(starts)
    assert matched > 2000  # the lines do exercise the patterns


@pytest.mark.parametrize("pattern", [MONTH_DAY_YEAR, MONTH_YEAR])
def test_sub_at_the_candidates_is_sub(pattern):
    def mark(match):
        return f"<{match.group(0)}>"

    for line in random_lines(2, 20000):
        starts = month_name_starts(line, pattern)
        assert sub_at(pattern, starts, mark, line) == pattern.sub(mark, line), line


def test_mask_date_masks_month_name_dates_in_long_lines():
    filler = "Some words of text here. " * 400
    line = f"{filler}Last updated: March 3, 2021. {filler}Effective Mar. 2021 {filler}"
    masked = mask_date(line, date(2021, 3, 3))
    assert "Last updated: <date>." in masked
    assert "Effective Mar. 2021" in masked  # March 2021 reads as 1 March, not 3 March
    assert mask_date(line, date(2021, 3, 1)).count("<date>") == 1
