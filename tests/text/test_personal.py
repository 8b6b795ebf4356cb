"""Masking personal details in free text (property-based: every Swedish format we accept)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jamlik.text import MASKS, mask_personal

# Plain words around the detail: letters and spaces only (no digits, no @), so any mask
# in the output comes from the detail itself.
WORDS = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzåäö ,."), max_size=30)


@st.composite
def identity_numbers(draw):
    century = draw(st.sampled_from(["", "19", "20"]))
    year = draw(st.integers(0, 99))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28)) + draw(st.sampled_from([0, 60]))  # samordningsnummer
    separator = draw(st.sampled_from(["-", "+", "", " "])) if not century else \
        draw(st.sampled_from(["-", ""]))
    tail = draw(st.integers(0, 9999))
    return f"{century}{year:02d}{month:02d}{day:02d}{separator}{tail:04d}"


@st.composite
def phone_numbers(draw):
    """Swedish numbers as people write them: mobile and landline, national and +46/0046."""
    area = draw(st.sampled_from(["70", "72", "73", "76", "79", "8", "31", "40", "18", "90",
                                 "498"]))
    # 7-9 digits after the leading zero (mobile numbers: 9), subscriber numbers 5-8 digits
    mobile = area.startswith("7")
    rest_length = 7 if mobile else draw(st.integers(max(5, 7 - len(area)), 9 - len(area)))
    rest = "".join(str(draw(st.integers(0, 9))) for _ in range(rest_length))
    groups = draw(st.sampled_from(["plain", "pairs", "three"]))
    if groups == "pairs":
        chunks = [rest[:len(rest) % 2 or 2]] + [rest[i:i + 2]
                                                for i in range(len(rest) % 2 or 2, len(rest), 2)]
        rest = " ".join(chunks)
    elif groups == "three":
        rest = f"{rest[:3]} {rest[3:]}"
    prefix = draw(st.sampled_from(["0", "+46 ", "+46", "0046 ", "+46 (0)", "(0"]))
    if prefix == "(0":
        return f"(0{area}) {rest}"
    separator = draw(st.sampled_from(["-", " ", ""])) if prefix == "0" else " "
    return f"{prefix}{area}{separator}{rest}"


EMAILS = st.from_regex(r"[a-z][a-z0-9._+-]{0,12}@[a-z][a-z0-9-]{0,10}(\.[a-z]{2,6}){1,2}",
                       fullmatch=True)


def _check(before: str, detail: str, after: str, kinds: set[str]) -> None:
    masked = mask_personal(f"{before} {detail} {after}")
    assert masked.total >= 1 and set(masked.counts) <= kinds, masked
    assert detail not in masked.text
    digits = re.sub(r"\D", "", detail)
    if digits:
        assert digits[-4:] not in re.sub(r"\D", "", masked.text)
    assert masked.text.startswith(before) and masked.text.endswith(after)


@settings(max_examples=300, deadline=None)
@given(WORDS, identity_numbers(), WORDS)
def test_identity_numbers_with_and_without_century_are_masked(before, number, after):
    _check(before, number, after, {"personnummer"})


@settings(max_examples=300, deadline=None)
@given(WORDS, phone_numbers(), WORDS)
def test_swedish_phone_numbers_are_masked(before, number, after):
    # A ten-digit mobile number without separator also reads as an identity number
    # without century; it is masked either way.
    _check(before, number, after, {"telefon", "personnummer"})


@settings(max_examples=200, deadline=None)
@given(WORDS, EMAILS, WORDS)
def test_email_addresses_are_masked(before, address, after):
    masked = mask_personal(f"{before} {address} {after}")
    assert masked.counts == {"e-post": 1} and "@" not in masked.text
    assert MASKS["e-post"] in masked.text


@settings(max_examples=200, deadline=None)
@given(WORDS)
def test_text_without_details_is_left_alone(text):
    assert mask_personal(text).text == text and mask_personal(text).total == 0


def test_numbers_that_are_not_personal_stay():
    text = "Under 2019-2023 steg priset 45 kr till 120 kr; buss 16 går var 10:e minut."
    assert mask_personal(text).text == text


def test_formats_named_in_the_docstring():
    cases = {"19811218-9876": "personnummer", "811218-9876": "personnummer",
             "8112189876": "personnummer", "811278+9876": "personnummer",
             "070-123 45 67": "telefon", "031-12 34 56": "telefon", "08 123 456 78": "telefon",
             "+46 70 123 45 67": "telefon", "0046 8 123 456 78": "telefon",
             "+46 (0)70-123 45 67": "telefon"}
    for detail, kind in cases.items():
        assert mask_personal(f"nr {detail} tack").text == f"nr {MASKS[kind]} tack", detail
    assert mask_personal("Hej, jag heter Sara Lind. Mvh Sara").counts == {"namn": 2}
