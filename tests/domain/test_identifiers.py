"""Norwegian identifiers are validated with python-stdnum."""

import pytest

from ekspertbistand.domain.identifiers import (
    clean_national_id,
    clean_orgnr,
    clean_phone,
)


def test_valid_fodselsnummer_with_spaces_is_cleaned():
    assert clean_national_id("120378 23560") == "12037823560"


def test_d_number_is_accepted():
    assert clean_national_id("410385 30001") == "41038530001"


@pytest.mark.parametrize("value, words", [
    ("12345678901", "ikke gyldig"),
    ("1203782356", "11 siffer"),
    ("", "Skriv inn"),
    ("12037823561", "ikke gyldig"),  # last check digit off by one
])
def test_invalid_fodselsnummer_is_refused_with_a_norwegian_message(value, words):
    with pytest.raises(ValueError, match=words):
        clean_national_id(value)


def test_orgnr_checksum():
    assert clean_orgnr("910 825 526") == "910825526"
    with pytest.raises(ValueError, match="ikke gyldig"):
        clean_orgnr("910825527")


@pytest.mark.parametrize("value", ["91234567", "+47 912 34 567", "22 33 44 55"])
def test_eight_digit_phone_numbers(value):
    assert len(clean_phone(value)) == 8


@pytest.mark.parametrize("value", ["1234567", "912345678", "01234567", "abc"])
def test_bad_phone_numbers(value):
    with pytest.raises(ValueError, match="8 siffer"):
        clean_phone(value)

