"""The dashboard's period filter as plain dates and UTC bounds (no ORM).

A period is a range of whole local days (the viewer's time zone): *today*, the last 7 or
30 days (today included) or a custom range. Datetime fields are compared with the UTC
bounds of those days; date fields with the days themselves.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytz

PERIOD_DAYS = {"today": 1, "7d": 7, "30d": 30}
MAX_CUSTOM_DAYS = 366


class PeriodError(ValueError):
    """The period asked for is not one the dashboard knows (message for the user)."""


def day_start_utc(day, tz_name):
    """``day`` 00:00 in ``tz_name``, as a naive UTC datetime string (Odoo's storage)."""
    tz = pytz.timezone(tz_name or "UTC")
    local = tz.localize(datetime.combine(day, time.min))
    return local.astimezone(pytz.utc).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class Scope:
    """What every section computes its figures for."""

    period: str
    first_day: date
    last_day: date
    today: date
    tz: str
    company_ids: tuple

    @property
    def days(self):
        return (self.last_day - self.first_day).days + 1

    @property
    def start(self):
        """UTC start of the period (inclusive)."""
        return day_start_utc(self.first_day, self.tz)

    @property
    def end(self):
        """UTC end of the period (exclusive)."""
        return day_start_utc(self.last_day + timedelta(days=1), self.tz)

    def previous(self):
        """The period of the same length just before this one (for comparisons)."""
        shift = timedelta(days=self.days)
        return Scope(self.period, self.first_day - shift, self.last_day - shift, self.today, self.tz,
                     self.company_ids)

    def last_days(self, count):
        """UTC ``(start, end)`` of the ``count`` days ending today (today included)."""
        return (day_start_utc(self.today - timedelta(days=count - 1), self.tz),
                day_start_utc(self.today + timedelta(days=1), self.tz))

    def day_utc(self, day):
        return day_start_utc(day, self.tz)


def make_scope(period, today, tz, company_ids, *, date_from=None, date_to=None):
    """The :class:`Scope` of a period name (``today``, ``7d``, ``30d``, ``custom`` with
    ``date_from``/``date_to`` as ISO dates). Raises :class:`PeriodError`."""
    if period in PERIOD_DAYS:
        first = today - timedelta(days=PERIOD_DAYS[period] - 1)
        return Scope(period, first, today, today, tz, tuple(company_ids))
    if period != "custom":
        raise PeriodError("unknown period")
    try:
        first, last = date.fromisoformat(str(date_from)), date.fromisoformat(str(date_to))
    except ValueError:
        raise PeriodError("dates") from None
    if first > last or (last - first).days >= MAX_CUSTOM_DAYS:
        raise PeriodError("range")
    return Scope(period, first, last, today, tz, tuple(company_ids))
