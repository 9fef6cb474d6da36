"""A front-matter date as blogs write it, read into an aware datetime: pure, no I/O.

Static-site generators each accept their own spellings, and writers copy them between blogs:

- ISO 8601 dates and datetimes, ``T`` or a space between, with or without seconds, fractions
  and zone (``Z``, ``+01:00``, ``+0100``): Hugo, Zola, Astro, Eleventy;
- ``YYYY/MM/DD`` (with or without a time): react.dev, Gatsby starters;
- Jekyll's ``YYYY-MM-DD HH:MM:SS +ZZZZ``;
- RFC 2822 (``Thu, 16 Mar 2023 10:00:00 +0000``): feeds, older Jekyll and WordPress exports;
- ``March 16, 2023``, ``Mar 16 2023`` and ``16 March 2023`` (English month names).

A date without a zone is taken as UTC. YAML's own timestamp type is not used (the front-matter
loader keeps dates as text): it raises on a date that cannot exist (2023-02-30), which would
fail the whole post, and misses half of these spellings. Written here in a few dozen lines
rather than with python-dateutil: its fuzzy parser reads ``next tuesday`` or ``v1.2`` as dates,
and the spellings above are a short, closed list.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

__all__ = ["read_date"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_TIME = r"(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
_ZONE = r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2})?"
_NUMERIC = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})" + _TIME + _ZONE, re.IGNORECASE)
_MONTH_FIRST = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME + _ZONE)
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})" + _TIME + _ZONE)


def read_date(value: object) -> datetime | None:
    """``value`` (text, or a date TOML already read) as an aware datetime; None when it is not
    one of the spellings above or names a day that does not exist."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    try:
        return _numeric(text) or _named_month(text) or _rfc2822(text)
    except ValueError:  # a day that does not exist: 2023-02-30, 25:00
        return None


def _numeric(text: str) -> datetime | None:
    match = _NUMERIC.fullmatch(text)
    if match is None:
        return None
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    return _build(year, month, day, match.groups()[3:])


def _named_month(text: str) -> datetime | None:
    match = _MONTH_FIRST.fullmatch(text)
    if match is not None:
        month_name, day, year = match.group(1), match.group(2), match.group(3)
    else:
        match = _DAY_FIRST.fullmatch(text)
        if match is None:
            return None
        day, month_name, year = match.group(1), match.group(2), match.group(3)
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    return _build(int(year), month, int(day), match.groups()[3:])


def _build(year: int, month: int, day: int, rest: tuple[str | None, ...]) -> datetime:
    hour, minute, second, fraction, zone = rest
    micro = int((fraction or "0").ljust(6, "0")[:6])
    return datetime(
        year,
        month,
        day,
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        micro,
        tzinfo=_zone(zone),
    )


def _zone(zone: str | None) -> timezone:
    if zone is None or zone.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "").ljust(4, "0")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return timezone(sign * offset)


def _rfc2822(text: str) -> datetime | None:
    if not re.search(r"\d{1,2} [A-Za-z]{3} \d{4}", text):
        return None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
