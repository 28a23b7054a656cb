"""Unit tests for effective-date finding: labels, formats, languages, and what is dropped."""

from datetime import date

import pytest

from diffing.date_tokens import mask_date, parse_date_token
from diffing.dates import find_date_statement, find_effective_date

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Effective Date: December 7, 2020", date(2020, 12, 7)),
        ("Last updated November 2020", date(2020, 11, 1)),
        ("Last revised: 01/02/2021", date(2021, 1, 2)),
        ("Last modified: 14 September 2022", date(2022, 9, 14)),
        ("Last updated: 4th May 2023", date(2023, 5, 4)),
        (
            "Last Updated: 2024-10-01 ([past versions](https://acme.example/archive))",
            date(2024, 10, 1),
        ),
        ("Effective as of 1 September 2021", date(2021, 9, 1)),
        ("Stand: 01.03.2021", date(2021, 3, 1)),
        ("Zuletzt aktualisiert am 5. März 2022", date(2022, 3, 5)),
        ("Gültig ab 1. Januar 2023", date(2023, 1, 1)),
        ("Dernière mise à jour : 21.06.2022", date(2022, 6, 21)),
        ("En vigueur à compter du 31 juillet 2023.", date(2023, 7, 31)),
        ("Date de modification: 30/10/2021", date(2021, 10, 30)),
        ("Última actualización: 3 de mayo de 2024", date(2024, 5, 3)),
        ("Ultimo aggiornamento: 12 gennaio 2024", date(2024, 1, 12)),
    ],
)
def test_labelled_dates_in_several_languages(text, expected):
    finding = find_date_statement(text, today=TODAY)
    assert finding is not None
    assert finding.value == expected


def test_field_over_twelve_decides_day_and_month():
    assert parse_date_token("13/04/2021") == date(2021, 4, 13)
    assert parse_date_token("04/13/2021") == date(2021, 4, 13)


def test_ambiguous_numeric_date_follows_the_language_and_is_flagged():
    english = find_date_statement("Last updated: 03/04/2021. We and you agree to the terms.", TODAY)
    french = find_date_statement("Mis à jour le 03/04/2021. Nous et vous, les données des.", TODAY)
    assert english is not None and french is not None
    assert (english.value, english.ambiguous) == (date(2021, 3, 4), True)
    assert (french.value, french.ambiguous) == (date(2021, 4, 3), True)


def test_effective_beats_updated_on_the_same_line():
    text = "Last updated: May 2, 2024. Effective date: June 1, 2024."
    finding = find_date_statement(text, today=TODAY)
    assert finding is not None and finding.value == date(2024, 6, 1)


def test_law_citations_old_and_far_future_dates_are_dropped():
    assert find_date_statement("Effective under the Act of 19 June 1992.", TODAY) is None
    assert find_date_statement("Last updated: June 3, 1987", TODAY) is None
    assert find_date_statement("Effective date: January 1, 2099", TODAY) is None


def test_weak_labels_in_running_prose_are_not_dates():
    prose = "As of June 2024, creators are able to offer paid access to specific channel posts."
    assert find_date_statement(prose, TODAY) is None
    assert find_date_statement("Updated: June 2024", TODAY) is not None


def test_past_version_ranges_are_not_the_current_date():
    text = "- effective from May 24, 2018, until June 24, 2021\nWent into effect on June 24, 2021."
    finding = find_date_statement(text, TODAY)
    assert finding is not None and finding.label == "went into effect on"


def test_statement_text_keeps_the_line():
    found = find_effective_date("# Acme\n**Last updated: March 3, 2024**\nHello.")
    assert found is not None and found.text == "Last updated: March 3, 2024"


def test_mask_date_hides_only_that_date():
    text = "Effective 3 March 2024. Data from 1 May 2020 is kept."
    assert mask_date(text, date(2024, 3, 3)) == "Effective <date>. Data from 1 May 2020 is kept."


def test_another_numeric_date_in_the_document_settles_the_order():
    text = "Last updated: 03/04/2021\nWe and you: the offer of the 25/12/2020 has ended."
    finding = find_date_statement(text, TODAY)
    assert finding is not None
    assert (finding.value, finding.ambiguous) == (date(2021, 4, 3), False)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("x3/04/2021", date(2021, 3, 4)),  # a letter may touch the first field
        ("/03/04/2021", None),  # a slash, dot or digit before it makes it part of more
        (".3.4.2021", None),
        ("123/04/2021 and 13/04/2021", date(2021, 4, 13)),
    ],
)
def test_numeric_dates_start_only_after_a_non_date_character(token, expected):
    assert parse_date_token(token) == expected


def test_each_year_of_both_centuries_is_a_candidate_for_the_label_before_it():
    found = find_date_statement("Last updated 2019 and 2020: March 3, 2020")
    assert found is not None and found.value == date(2020, 3, 3)
    found = find_date_statement("Effective: 1 May 1999. Updated 2024-01-02")
    assert found is not None and (found.value, found.label) == (date(1999, 5, 1), "effective")
