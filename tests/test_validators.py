import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from intake.factories import iter_test_bsns
from intake.validators import mask_bsn, normalise_postcode, validate_bsn, validate_postcode


def eleven_test(number: str) -> bool:
    digits = [int(d) for d in number]
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


@pytest.mark.parametrize("bsn", ["999990019", "999991917", "9999 90019", "999990032"])
def test_it_accepts_test_range_bsns_that_pass_the_eleven_test(bsn):
    validate_bsn(bsn)


@pytest.mark.parametrize("bsn", ["999990018", "123456789", "999990021"])
def test_it_refuses_a_bsn_failing_the_eleven_test_in_dutch_words(bsn):
    with pytest.raises(ValidationError) as error:
        validate_bsn(bsn)
    assert error.value.code == "bsn_checksum"


@pytest.mark.parametrize("bsn", ["12345", "abcdefghi", "1234567890"])
def test_it_refuses_a_bsn_of_the_wrong_length(bsn):
    with pytest.raises(ValidationError) as error:
        validate_bsn(bsn)
    assert error.value.code == "bsn_length"


@given(st.integers(min_value=100000000, max_value=999999999))
def test_it_agrees_with_the_eleven_test_on_any_nine_digit_number(number):
    text = str(number)
    try:
        validate_bsn(text)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == eleven_test(text)


def test_the_test_range_generator_only_yields_valid_test_bsns():
    numbers = list(iter_test_bsns())
    assert 850 < len(numbers) < 950
    assert all(999990000 <= int(n) <= 999999999 and eleven_test(n) for n in numbers)


@pytest.mark.parametrize("postcode", ["8441 AB", "8441ab", "1234 ZZ"])
def test_it_accepts_dutch_postcodes(postcode):
    validate_postcode(postcode)


@pytest.mark.parametrize("postcode", ["0441 AB", "8441 SA", "8441 SD", "8441 SS", "844 AB", "8441A", "ABCD 12"])
def test_it_refuses_malformed_or_reserved_postcodes(postcode):
    with pytest.raises(ValidationError):
        validate_postcode(postcode)


def test_postcodes_are_stored_compact_and_upper_case():
    assert normalise_postcode(" 8441 ab") == "8441AB"


def test_a_bsn_is_shown_masked_except_the_last_four_digits():
    assert mask_bsn("999990019") == "•••••0019"
    assert mask_bsn("") == ""


@pytest.mark.django_db
def test_the_test_bsn_pool_wraps_around_once_exhausted():
    import intake.factories as factories

    factories._bsn_pool = iter([])
    assert factories.next_test_bsn() == "999990007"
