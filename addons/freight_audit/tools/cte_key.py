"""The 44-digit access key of Brazilian fiscal documents (CT-e, NF-e), plain Python."""

import re

_KEY = re.compile(r"^\d{44}$")


def check_digit(first43):
    """The modulo-11 check digit of the first 43 digits of a key (weights 2..9 from the
    right; a result of 10 or 11 gives 0), as the SEFAZ layouts define it."""
    total = sum(int(digit) * (2 + index % 8) for index, digit in enumerate(reversed(first43)))
    digit = 11 - total % 11
    return 0 if digit >= 10 else digit


def is_valid(key):
    """Whether ``key`` is 44 digits whose last one is the check digit of the others."""
    return bool(key and _KEY.match(key)) and check_digit(key[:43]) == int(key[43])


def model(key):
    """The document model of a key: "57" CT-e, "55" NF-e, "67" CT-e OS…"""
    return key[20:22]
