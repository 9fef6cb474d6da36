"""A front-matter date as blogs write it, read into an aware datetime: pure, no I/O.

Static-site generators each accept their own spellings, and writers copy them between blogs:

- ISO 8601 dates and datetimes, ``T`` or a space between, with or without seconds, fractions
  and zone (``Z``, ``+01:00``, ``+0100``): Hugo, Zola, Astro, Eleventy;
- ``YYYY/MM/DD`` (with or without a time): react.dev, Gatsby starters;
- Jekyll's ``YYYY-MM-DD HH:MM:SS +ZZZZ``;
- RFC 2822 (``Thu, 16 Mar 2023 10:00:00 +0000``): feeds, older Jekyll and WordPress exports;
- ``March 16, 2023``, ``Mar 16 2023`` and ``16 March 2023`` (English month names), with a
  weekday first or not (``Tue, 15 Jan 2030``), a time after them, ``at`` between
  (``January 15, 2030 at 10:00 AM``) and a 12-hour clock;
- ``15.01.2030`` (day first, dots: German, Russian and other European blogs), with a time or not;
- for a Quarto post only (``month_first``), ``MM/dd/yyyy``, ``MM-dd-yyyy``, ``MM/dd/yy`` and
  ``MM-dd-yy``, the forms Quarto tries first (its date reference): ``12/04/2024`` is 4 December
  there, and a guess anywhere else;
- a Unix timestamp (``1894694400``; 13 digits: milliseconds), as Ghost and WordPress exports
  and some generators' data files write it;
- a zone after any of them: an offset, ``Z``/``UTC``/``GMT``, a common abbreviation whose
  meaning is not in doubt (``PST``, ``CET``, ``JST``; see ``_ABBREVIATIONS``; ``IST``, which
  is three zones, is not one) or an IANA name, bare or in brackets as RFC 9557 writes it
  (``2030-01-15T10:00 [Europe/Paris]``).

For a Jekyll post (``ruby``), a date followed by pieces Ruby's ``Time.parse`` passes over is
read as Jekyll reads it: ``2023-01-29 18:30:22 2023 -0800`` (a stray year, in Jekyll's own
release posts) is 18:30:22 on 29 January, at the offset written after the stray piece (Ruby
would take the site's ``timezone:``, which is where such an offset comes from). Only numbers
and zones are passed over: ``2023-01-29 next tuesday`` is still no date.

A date without a zone is taken as UTC. Anything else is not a date (None), never a guess: the
caller refuses to publish a post whose date it cannot read, since that date may be a future
one. YAML's own timestamp type is not used (the front-matter loader keeps dates as text): it
raises on a date that cannot exist (2023-02-30), which would fail the whole post, and misses
half of these spellings. Written here rather than with python-dateutil: its parser reads
``v1.2`` or ``16/03/2023`` (month or day first?) as dates, guesses a meaning for ``IST`` and
ignores zones it does not know; a closed list of spellings fails the file instead of guessing.
IANA zones come from the standard library's ``zoneinfo`` (the image's system tz database).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["ACCEPTED_FORMS", "read_date"]

ACCEPTED_FORMS = (
    "2030-01-15, 2030-01-15T10:00:00+01:00, 2030/01/15 10:00, 15.01.2030, January 15, 2030 "
    "(at 10:00 AM), Tue, 15 Jan 2030 10:00:00 +0000, a Unix timestamp, each with an optional "
    "zone (+01:00, UTC, PST, Europe/Paris or [Europe/Paris])"
)
"""The spellings read, for the message that names a date that is not one of them."""

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
_TIME = (
    r"(?:(?:[T ]+|,? at )(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"(?:\s*([AaPp])\.?[Mm]\.?)?)?"
)
_ZONE = r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2}|[+-]\d{2})?"
_NUMERIC = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})" + _TIME + _ZONE, re.IGNORECASE)
_MONTH_FIRST = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME + _ZONE)
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})" + _TIME + _ZONE)
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})" + _TIME + _ZONE)
_US = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME + _ZONE)
_WEEKDAY = re.compile(
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?,?\s+",
    re.IGNORECASE,
)
_TIMESTAMP = re.compile(r"\d{9,10}|\d{13}")
_NAMED_ZONE = re.compile(
    r"\s*\[([A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*)\]|\s+([A-Za-z]+/[A-Za-z0-9_/+-]+)"
)
_ABBREVIATION = re.compile(r"\s+([A-Z]{3,5})")
_ABBREVIATIONS = {
    # North America
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10,
    # Europe
    "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
    # Asia and Oceania
    "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}  # fmt: skip
_NOT_A_ZONE = object()


def read_date(value: object, *, month_first: bool = False, ruby: bool = False) -> datetime | None:
    """``value`` (text, or a date TOML already read) as an aware datetime; None when it is not
    one of the spellings above or names a day that does not exist. ``month_first``: Quarto's
    ``MM/dd/yyyy`` forms are read too; ``ruby``: stray numbers and zones after a Jekyll date
    are passed over, as Ruby's ``Time.parse`` does."""
    when = _read_date(value, month_first=month_first)
    if when is None and ruby and isinstance(value, str):
        return _ruby_date(" ".join(value.split()))
    return when


# what Ruby's Date._parse leaves unread after a date and time: a number, a zone
_RUBY_PIECE = re.compile(r"\s+(?:(\d{1,4})|(Z|UTC|GMT|[+-]\d{2}:?\d{2})|([A-Z]{3,5}))(?=\s|$)")


def _ruby_date(text: str) -> datetime | None:
    """``YYYY-MM-DD [HH:MM[:SS]] [zone]`` followed by only :data:`_RUBY_PIECE` pieces."""
    head = _NUMERIC.match(text)
    if head is None or head.end() == len(text):
        return None
    end = len(text[: head.end()].rstrip())  # the zone's optional space is the piece's
    zone: tzinfo | None = None
    pos = end
    while pos < len(text):
        piece = _RUBY_PIECE.match(text, pos)
        if piece is None:
            return None  # words, or anything else: no date, as before
        if piece.group(3) is not None and piece.group(3) not in _ABBREVIATIONS:
            return None
        if zone is None and piece.group(2) is not None:
            zone = _zone(piece.group(2))
        elif zone is None and piece.group(3) is not None:
            zone = timezone(timedelta(hours=_ABBREVIATIONS[piece.group(3)]))
        pos = piece.end()
    try:
        when = _numeric(text[:end])
    except ValueError:
        return None
    if when is None or when.tzinfo is not None:
        return when
    return when.replace(tzinfo=zone or UTC)


def _read_date(value: object, *, month_first: bool) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if _TIMESTAMP.fullmatch(text):
        number = int(text)
        return datetime.fromtimestamp(number / 1000 if len(text) == 13 else number, UTC)
    text = _WEEKDAY.sub("", text, count=1) if _WEEKDAY.match(text) else text
    text, zone = _named_zone(text)
    if zone is _NOT_A_ZONE:
        return None
    try:
        when = _numeric(text) or _dotted(text) or _named_month(text) or _rfc2822(text)
        if when is None and month_first:
            when = _us(text)
    except ValueError:  # a day that does not exist: 2023-02-30, 25:00
        return None
    if when is None or when.tzinfo is not None:
        return when
    return when.replace(tzinfo=zone if isinstance(zone, tzinfo) else UTC)


def _named_zone(text: str) -> tuple[str, object]:
    """The text without a zone written by name at its end, and that zone (None when there is
    none; ``_NOT_A_ZONE`` for a name that is no zone, or an abbreviation of several)."""
    match = _NAMED_ZONE.search(text)
    if match is not None and match.end() == len(text):
        name = match.group(1) or match.group(2)
        try:
            return text[: match.start()], ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return text, _NOT_A_ZONE
    match = _ABBREVIATION.search(text)
    if match is not None and match.end() == len(text) and match.group(1) not in ("UTC", "GMT"):
        hours = _ABBREVIATIONS.get(match.group(1))
        if hours is None:
            return text, _NOT_A_ZONE
        return text[: match.start()], timezone(timedelta(hours=hours))
    return text, None


def _dotted(text: str) -> datetime | None:
    match = _DOTTED.fullmatch(text)
    if match is None:
        return None
    day, month, year = (int(match.group(i)) for i in (1, 2, 3))
    return _build(year, month, day, match.groups()[3:])


def _us(text: str) -> datetime | None:
    """Quarto's ``MM/dd/yyyy`` (or ``-``; a two-digit year as dayjs reads it: 69-99 are 19yy)."""
    match = _US.fullmatch(text)
    if match is None:
        return None
    month, day, written = int(match.group(1)), int(match.group(3)), match.group(4)
    year = (
        int(written) if len(written) == 4 else int(written) + (1900 if int(written) > 68 else 2000)
    )
    return _build(year, month, day, match.groups()[4:])


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
    """A datetime from the matched parts; naive when no zone was written (the caller sets
    one written by name, else UTC)."""
    hour, minute, second, fraction, meridiem, zone = rest
    micro = int((fraction or "0").ljust(6, "0")[:6])
    hours = int(hour or 0)
    if meridiem:
        if not 1 <= hours <= 12:
            raise ValueError("a 12-hour clock has no such hour")
        hours = hours % 12 + (12 if meridiem.lower() == "p" else 0)
    return datetime(
        year,
        month,
        day,
        hours,
        int(minute or 0),
        int(second or 0),
        micro,
        tzinfo=_zone(zone),
    )


def _zone(zone: str | None) -> timezone | None:
    if zone is None:
        return None
    if zone.upper() in ("Z", "UTC", "GMT"):
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
    return parsed
