"""Cron expressions for invoice_rpa schedules (plain Python, no ORM).

A schedule stores a standard 5-field cron expression (``minute hour day-of-month month
day-of-week``) or one of croniter's aliases (``@monthly``, ``@daily``...). Odoo stores
datetimes as naive UTC, so every datetime returned here is naive UTC, while the
expression itself is read in the schedule's timezone: ``0 0 1 * *`` in
America/Sao_Paulo fires at 03:00 UTC.

Day-of-month and day-of-week combine as in classic cron: when both are restricted, a
day matching either fires.
"""

import datetime as dt
import re
import zoneinfo

from croniter import CroniterError, croniter

ALIASES = ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
FIELDS = (
    ("minute", "0-59"),
    ("hour", "0-23"),
    ("day of month", "1-31, L, W"),
    ("month", "1-12 or jan-dec"),
    ("day of week", "0-7 or sun-sat, 0 and 7 are Sunday"),
)
# croniter's "H" (hashed) and "R" (random) pick a value per call, so the next run would
# change every time it is recomputed; month/day names such as "mar" or "thu" contain
# these letters, hence the check on standalone letters only.
_NON_DETERMINISTIC = re.compile(r"(?<![a-z])[hr](?![a-z])", re.IGNORECASE)
_MAX_COUNT = 1000


def _fields(expr):
    """Return the stripped expression, refusing what is not text or is blank."""
    if not isinstance(expr, str) or not expr.strip():
        raise ValueError("The cron expression is empty.")
    return expr.strip()


def validate(expr):
    """Check that ``expr`` is a usable cron expression; return None or raise ValueError.

    The message names the faulty field and its allowed values, so it can be shown as is
    to the user saving a schedule. An expression that can never fire (``0 0 31 2 *``,
    the 31st of February) is refused too.
    """
    text = _fields(expr)
    if text.startswith("@"):
        if text.lower() not in ALIASES:
            raise ValueError(f"Unknown cron alias '{text}'. Use one of: {', '.join(ALIASES)}.")
    else:
        parts = text.split()
        if len(parts) != len(FIELDS):
            raise ValueError(
                f"A cron expression has 5 fields (minute hour day-of-month month day-of-week), "
                f"got {len(parts)} in '{text}'. Example: '0 0 1 * *' (midnight on the 1st of each month)."
            )
        for index, (value, (name, allowed)) in enumerate(zip(parts, FIELDS, strict=True)):
            if _NON_DETERMINISTIC.search(value):
                raise ValueError(f"The {name} field '{value}' uses a random/hashed value (H or R); use fixed values.")
            # Check each field alone (the others '*') to say which one is wrong.
            probe = ["*"] * len(FIELDS)
            probe[index] = value
            if not croniter.is_valid(" ".join(probe)):
                raise ValueError(f"Invalid {name} field '{value}' in '{text}' (allowed: {allowed}).")
        if not croniter.is_valid(text):
            raise ValueError(f"Invalid cron expression '{text}'.")
    try:
        croniter(text, dt.datetime.now(dt.timezone.utc)).get_next(dt.datetime)
    except CroniterError as exc:
        raise ValueError(f"The cron expression '{text}' never matches a real date (e.g. 31 February).") from exc


def _zone(tz):
    """Return the ZoneInfo for ``tz`` (empty means UTC), or raise ValueError."""
    try:
        return zoneinfo.ZoneInfo(tz or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"Unknown timezone '{tz}'.") from exc


def _to_local(after, zone):
    """Read ``after`` as UTC when naive (Odoo's convention) and express it in ``zone``."""
    if not isinstance(after, dt.datetime):
        raise TypeError("after must be a datetime")
    if after.tzinfo is None:
        after = after.replace(tzinfo=dt.timezone.utc)
    return after.astimezone(zone)


def _to_naive_utc(value):
    return value.astimezone(dt.timezone.utc).replace(tzinfo=None)


def next_runs(expr, after, count, tz="UTC"):
    """Return the ``count`` next run times of ``expr`` strictly after ``after``.

    ``after`` is a naive UTC datetime (or an aware one); the expression is evaluated in
    the IANA timezone ``tz``; the results are naive UTC datetimes, in order. Raises
    ValueError on an invalid expression or timezone.
    """
    validate(expr)
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= _MAX_COUNT:
        raise ValueError(f"count must be an integer between 0 and {_MAX_COUNT}")
    zone = _zone(tz)
    iterator = croniter(expr.strip(), _to_local(after, zone))
    try:
        return [_to_naive_utc(iterator.get_next(dt.datetime)) for _ in range(count)]
    except CroniterError as exc:  # e.g. "0 0 29 2 *" after the year 9999
        raise ValueError(f"No next run for '{expr.strip()}' after {after}.") from exc


def next_run(expr, after, tz="UTC"):
    """Return the next run time of ``expr`` strictly after ``after``, as naive UTC.

    ``after`` is naive UTC (as Odoo stores it) or aware; ``tz`` is the IANA timezone in
    which the expression is read (``0 0 1 * *`` in America/Sao_Paulo gives 03:00 UTC).
    Across a DST change the wall-clock time is kept; in a repeated hour (clocks going
    back) a time inside it fires on both occurrences, as croniter computes it.
    """
    return next_runs(expr, after, 1, tz)[0]
