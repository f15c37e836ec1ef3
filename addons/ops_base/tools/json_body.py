"""Decoding of the JSON body of a public route (webhooks, robot callbacks). Plain Python.

``json.loads`` accepts documents the database and the parsers cannot take, each a 500
and a traceback when it reaches them (found by ``make fuzz``):

* nesting deeper than Python's recursion limit raises ``RecursionError``, which is not
  a ``ValueError``;
* ``"\\u0000"`` decodes to a NUL character, which PostgreSQL text cannot hold;
* ``"\\ud800"`` decodes to a lone surrogate, which cannot be encoded to UTF-8.

:func:`loads_object` refuses the first with ``ValueError`` like any malformed body, and
replaces the characters of the other two with U+FFFD in every key and string, so that
the event is still received; the raw body is kept as it came.
"""

import json
import re

REPLACEMENT = "\ufffd"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _clean(value):
    if isinstance(value, str):
        return _UNSTORABLE.sub(REPLACEMENT, value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    return value


def loads(text):
    """The JSON value in ``text`` (str or UTF-8 bytes), its strings made storable.

    :raises ValueError: not UTF-8, not JSON, or nested too deep
    """
    try:
        return _clean(json.loads(text))
    except RecursionError:
        raise ValueError("JSON nested too deep") from None


def loads_object(body):
    """The JSON object in ``body`` (UTF-8 bytes), its strings made storable.

    :raises ValueError: not UTF-8, not JSON, nested too deep, or not an object
    """
    payload = loads(body.decode("utf-8"))
    if not isinstance(payload, dict):
        raise ValueError("the JSON document is not an object")
    return payload
