"""Cron expressions of invoice_rpa schedules: validation and next-run computation."""

import datetime as dt

import pytest

from odoo.addons.invoice_rpa.tools.cron_schedule import next_run, next_runs, validate

D = dt.datetime


@pytest.mark.parametrize(
    "expr",
    [
        "0 0 1 * *",
        "*/30 * * * *",
        "15 8 * * mon-fri",
        "0 6 L * *",
        "0 0 29 2 *",
        "  0 0 1 * *  ",
        "@monthly",
        "@daily",
        "@HOURLY",
        "0 0 * mar thu",  # names containing the letters H and R are not hashed/random values
    ],
)
def test_valid_expressions(expr):
    assert validate(expr) is None


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("61 * * * *", r"Invalid minute field '61'.*0-59"),
        ("0 24 * * *", r"Invalid hour field '24'"),
        ("0 0 32 * *", r"Invalid day of month field '32'"),
        ("0 0 1 13 *", r"Invalid month field '13'"),
        ("0 0 * * 8", r"Invalid day of week field '8'"),
        ("*/0 * * * *", r"Invalid minute field '\*/0'"),
        ("0,,5 * * * *", r"Invalid minute field"),
        ("* * *", r"5 fields .* got 3"),
        ("0 0 0 1 * *", r"5 fields .* got 6"),  # croniter would read a seconds field
        ("", r"empty"),
        ("   ", r"empty"),
        (None, r"empty"),
        ("@reboot", r"Unknown cron alias"),
        ("H 0 * * *", r"random/hashed"),
        ("R 0 * * *", r"random/hashed"),
        ("0 0 31 2 *", r"never matches"),  # croniter parses it but finds no date
        ("0 0 30 2 *", r"never matches"),
    ],
)
def test_invalid_expressions_have_clear_messages(expr, message):
    with pytest.raises(ValueError, match=message):
        validate(expr)


@pytest.mark.parametrize(
    ("expr", "after", "expected"),
    [
        # month ends: Jan 31 -> Feb, Feb in leap and common years, Dec -> Jan
        ("0 0 1 * *", D(2024, 1, 31, 12, 0), D(2024, 2, 1)),
        ("0 0 31 * *", D(2024, 1, 31, 0, 0), D(2024, 3, 31)),  # Feb has no 31st
        ("0 0 L * *", D(2024, 2, 1), D(2024, 2, 29)),
        ("0 0 L * *", D(2023, 2, 1), D(2023, 2, 28)),
        ("0 0 29 2 *", D(2023, 3, 1), D(2024, 2, 29)),
        ("0 0 29 2 *", D(2024, 3, 1), D(2028, 2, 29)),
        ("0 0 1 * *", D(2024, 12, 15, 9, 30), D(2025, 1, 1)),
        ("59 23 31 12 *", D(2024, 12, 31, 23, 59), D(2025, 12, 31, 23, 59)),
        # strictly after: a run exactly at "after" is not returned again
        ("0 0 1 * *", D(2024, 2, 1), D(2024, 3, 1)),
        ("*/30 * * * *", D(2024, 2, 29, 23, 45, 10), D(2024, 3, 1)),
        ("@monthly", D(2025, 2, 28, 23, 59, 59), D(2025, 3, 1)),
    ],
)
def test_next_run_across_month_ends(expr, after, expected):
    assert next_run(expr, after) == expected


def test_next_run_is_naive_utc_computed_in_timezone():
    got = next_run("0 0 1 * *", D(2024, 1, 15), tz="America/Sao_Paulo")
    assert got == D(2024, 2, 1, 3, 0)  # midnight in São Paulo (UTC-3)
    assert got.tzinfo is None


def test_timezone_changes_the_day_near_midnight():
    # 02:00 UTC on Jan 1st is still Dec 31st in São Paulo: its Jan 1st midnight is ahead
    after = D(2025, 1, 1, 2, 0)
    assert next_run("0 0 1 * *", after, tz="America/Sao_Paulo") == D(2025, 1, 1, 3, 0)
    assert next_run("0 0 1 * *", after, tz="UTC") == D(2025, 2, 1)
    # east of UTC the local new month starts before the UTC one
    assert next_run("0 0 1 * *", D(2024, 12, 31), tz="Asia/Tokyo") == D(2024, 12, 31, 15, 0)


def test_aware_after_is_accepted():
    after = D(2024, 1, 31, 21, 0, tzinfo=dt.timezone(dt.timedelta(hours=-3)))  # = Feb 1st 00:00 UTC
    assert next_run("0 * * * *", after) == D(2024, 2, 1, 1, 0)


def test_dst_keeps_wall_clock_time():
    # New York: 09:00 local is 14:00 UTC in winter, 13:00 UTC after the March change
    runs = next_runs("0 9 * * *", D(2024, 3, 9, 0, 0), 3, tz="America/New_York")
    assert runs == [D(2024, 3, 9, 14), D(2024, 3, 10, 13), D(2024, 3, 11, 13)]


def test_next_runs_in_order():
    runs = next_runs("0 0 1 * *", D(2024, 11, 1), 4)
    assert runs == [D(2024, 12, 1), D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)]
    assert next_runs("0 0 1 * *", D(2024, 11, 1), 0) == []


@pytest.mark.parametrize("count", [-1, 1001, 1.5, True])
def test_next_runs_bad_count(count):
    with pytest.raises(ValueError, match="count"):
        next_runs("* * * * *", D(2024, 1, 1), count)


def test_bad_timezone_and_bad_expression_raise_value_error():
    with pytest.raises(ValueError, match="Unknown timezone 'Mars/Olympus'"):
        next_run("0 0 1 * *", D(2024, 1, 1), tz="Mars/Olympus")
    with pytest.raises(ValueError, match="Invalid minute"):
        next_run("61 * * * *", D(2024, 1, 1))
    with pytest.raises(TypeError):
        next_run("0 0 1 * *", "2024-01-01")


def test_empty_timezone_means_utc():
    assert next_run("0 0 1 * *", D(2024, 1, 15), tz=False) == D(2024, 2, 1)
