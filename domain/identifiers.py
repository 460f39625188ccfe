"""Checks of the national identifiers a child's record carries."""

from __future__ import annotations

import re

from domain.codes import UPN_UNKNOWN
from domain.errors import InvalidValue

_UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")
_UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_LA_CHILD_ID = re.compile(r"^[A-Za-z0-9]{1,20}$")


def check_nhs_number(value: str) -> str:
    """An NHS number: ten digits whose last is the modulus 11 check digit of the first nine."""
    digits = value.replace(" ", "")
    if not re.fullmatch(r"\d{10}", digits):
        raise InvalidValue("nhs_number", "an NHS number has ten digits")
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    if check == 10 or check != int(digits[9]):
        raise InvalidValue(
            "nhs_number", "this NHS number's check digit is wrong: please re-check it"
        )
    return digits


def check_upn(value: str) -> str:
    """A unique pupil number (13 characters, DfE check letter first), or UN1-UN7 when unknown."""
    if value in UPN_UNKNOWN:
        return value
    if not _UPN.match(value):
        raise InvalidValue("upn", "a UPN is a letter, 11 digits and a digit or letter; or UN1-UN7")
    weighted = sum(_upn_value(c) * (i + 2) for i, c in enumerate(value[1:]))
    if _UPN_CHECK_LETTERS[weighted % 23] != value[0]:
        raise InvalidValue("upn", "this UPN's check letter is wrong: please re-check it")
    return value


def upn_check_letter(body: str) -> str:
    """The check letter for the last 12 characters of a UPN (used to make synthetic ones)."""
    return _UPN_CHECK_LETTERS[sum(_upn_value(c) * (i + 2) for i, c in enumerate(body)) % 23]


def check_la_child_id(value: str) -> str:
    if not _LA_CHILD_ID.match(value):
        raise InvalidValue("la_child_id", "the authority's child id is 1 to 20 letters or digits")
    return value


def _upn_value(character: str) -> int:
    if character.isdigit():
        return int(character)
    return _UPN_CHECK_LETTERS.index(character)
