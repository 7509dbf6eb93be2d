"""Dates as pages print them, turned into ISO 8601.

Two kinds of input: machine dates from metadata (``2015-07-22 10:26:00``, ``2023-05-01T09:00Z``,
``2023/05/01``) and dates printed for readers in any of BelTA's languages (``08 января 2026,
19:51``, ``8 January 2026, 19:51``, ``2026年1月8日 19:51``, ``22.07.2015 | 10:26``).

A date without a UTC offset gets one only when the caller knows the site's zone (BelTA:
Europe/Minsk); otherwise it stays a local time without offset, because guessing a zone for an
unknown site would state something the page does not say.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

__all__ = ["MINSK", "MONTHS", "parse_machine_date", "parse_printed_date"]

#: BelTA's zone. Before 27 March 2011 Belarus kept daylight saving time (UTC+2 in winter,
#: UTC+3 in summer); since then it is UTC+3 all year. zoneinfo knows both.
MINSK = ZoneInfo("Europe/Minsk")

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: (
        "января",
        "январь",
        "янв",
        "студзеня",
        "студзень",
        "january",
        "jan",
        "stycznia",
        "styczeń",
        "januar",
        "jänner",
        "enero",
        "janvier",
    ),
    2: (
        "февраля",
        "февраль",
        "фев",
        "лютага",
        "люты",
        "february",
        "feb",
        "lutego",
        "luty",
        "februar",
        "febrero",
        "février",
    ),
    3: (
        "марта",
        "март",
        "мар",
        "сакавіка",
        "сакавік",
        "march",
        "mar",
        "marca",
        "marzec",
        "märz",
        "marzo",
        "mars",
    ),
    4: (
        "апреля",
        "апрель",
        "апр",
        "красавіка",
        "красавік",
        "april",
        "apr",
        "kwietnia",
        "kwiecień",
        "abril",
        "avril",
    ),
    5: ("мая", "май", "may", "maja", "maj", "mai", "mayo"),
    6: (
        "июня",
        "июнь",
        "июн",
        "чэрвеня",
        "чэрвень",
        "june",
        "jun",
        "czerwca",
        "czerwiec",
        "juni",
        "junio",
        "juin",
    ),
    7: (
        "июля",
        "июль",
        "июл",
        "ліпеня",
        "ліпень",
        "july",
        "jul",
        "lipca",
        "lipiec",
        "juli",
        "julio",
        "juillet",
    ),
    8: (
        "августа",
        "август",
        "авг",
        "жніўня",
        "жнівень",
        "august",
        "aug",
        "sierpnia",
        "sierpień",
        "agosto",
        "août",
    ),
    9: (
        "сентября",
        "сентябрь",
        "сен",
        "сент",
        "верасня",
        "верасень",
        "september",
        "sep",
        "sept",
        "września",
        "wrzesień",
        "septiembre",
        "setiembre",
        "septembre",
    ),
    10: (
        "октября",
        "октябрь",
        "окт",
        "кастрычніка",
        "кастрычнік",
        "october",
        "oct",
        "października",
        "październik",
        "oktober",
        "okt",
        "octubre",
        "octobre",
    ),
    11: (
        "ноября",
        "ноябрь",
        "ноя",
        "лістапада",
        "лістапад",
        "november",
        "nov",
        "listopada",
        "listopad",
        "noviembre",
        "novembre",
    ),
    12: (
        "декабря",
        "декабрь",
        "дек",
        "снежня",
        "снежань",
        "december",
        "dec",
        "grudnia",
        "grudzień",
        "dezember",
        "dez",
        "diciembre",
        "décembre",
    ),
}
#: Lower-case month name (any supported language, genitive and nominative) → month number.
MONTHS: dict[str, int] = {name: number for number, names in _MONTH_NAMES.items() for name in names}

_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
# Only ":" separates hours from minutes: "12.08" after a date is more often another date.
_TIME = r"(?:\D{0,12}?(?<!\d)(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?)?"
# "08 января 2026, 19:51", "8. Januar 2026", "8 de enero de 2026", "22 ліпеня 2015 г. | 10:26"
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(?P<day>[0-3]?\d)\.?\s*(?:de\s+)?(?P<month>{_MONTH_RE})(?![^\W\d_])\.?\s*(?:de\s+|del\s+)?"
    rf"(?P<year>(?:19|20)\d\d)(?!\d)" + _TIME,
    re.IGNORECASE,
)
# "January 8, 2026 19:51"
_MONTH_DAY_YEAR = re.compile(
    rf"(?<![^\W\d_])(?P<month>{_MONTH_RE})(?![^\W\d_])\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+"
    rf"(?P<year>(?:19|20)\d\d)(?!\d)" + _TIME,
    re.IGNORECASE,
)
# "22.07.2015 | 10:26", "22.07.2015, 10:26", "22/07/2015"
_NUMERIC = re.compile(
    r"(?<!\d)(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>(?:19|20)\d\d)(?!\d)" + _TIME
)
# "2026年1月8日 19:51"
_CJK = re.compile(r"(?P<year>(?:19|20)\d\d)\s*年\s*(?P<month>[01]?\d)\s*月\s*(?P<day>[0-3]?\d)\s*日" + _TIME)
# ISO-like machine dates; the separator may be "T", a space or nothing at all before the time.
_ISO = re.compile(
    r"^\s*(?P<year>\d{4})(?:[-/.](?P<month>\d\d?)(?:[-/.](?P<day>\d\d?)"
    r"(?:[T\s]+(?P<hour>\d\d?):(?P<minute>\d\d)(?::(?P<second>\d\d)(?:[.,]\d+)?)?"
    r"\s*(?P<zone>Z|UTC|GMT|[+-]\d\d:?\d\d|[+-]\d\d)?)?)?)?\s*$",
    re.IGNORECASE,
)


def parse_machine_date(value: str | None, zone: tzinfo | None = None) -> str | None:
    """Normalise a metadata date (``2015-07-22 10:26:00``, ISO 8601, ``2023/05/01``) to ISO 8601.

    An offset in the value is kept; a value without one gets ``zone`` when given, else stays a
    local time without offset. Date-only values stay dates (``2023-05-01``, ``2023-05``,
    ``2023``). Returns None for anything that is not a valid date.
    """
    if not value:
        return None
    match = _ISO.match(value[:64])
    if match is None:
        return None
    parts = match.groupdict()
    try:
        year = int(parts["year"])
        if not 1000 <= year <= 2999:
            return None
        if parts["month"] is None:
            return f"{year:04d}"
        month = int(parts["month"])
        if parts["day"] is None:
            return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
        day = date(year, month, int(parts["day"]))
        if parts["hour"] is None:
            return day.isoformat()
        clock = time(int(parts["hour"]), int(parts["minute"]), int(parts["second"] or 0))
    except ValueError:
        return None
    offset = _offset(parts["zone"])
    moment = datetime.combine(day, clock)
    if offset is not None:
        return moment.replace(tzinfo=offset).isoformat()
    return _localise(moment, zone)


def parse_printed_date(text: str | None, zone: tzinfo | None = None) -> str | None:
    """Find the first date a page prints for readers in ``text`` and return it as ISO 8601.

    Understands month names in Russian, Belarusian, English, Polish, German, Spanish and French,
    Chinese ``年月日`` dates and numeric ``dd.mm.yyyy`` dates, each with an optional ``HH:MM``
    time. With a time the result carries ``zone``'s offset when ``zone`` is given; without a time
    it is a bare date. Returns None when no valid date is found.
    """
    if not text:
        return None
    text = text[:2000]
    best: tuple[int, str] | None = None
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _CJK, _NUMERIC):
        for match in pattern.finditer(text):
            result = _from_match(match, zone)
            if result is not None:
                # The earliest date in the text wins: it is the one next to the headline.
                if best is None or match.start() < best[0]:
                    best = (match.start(), result)
                break
    return best[1] if best else None


def _from_match(match: re.Match[str], zone: tzinfo | None) -> str | None:
    parts = match.groupdict()
    month_text = parts["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
    if month is None:
        return None
    try:
        day = date(int(parts["year"]), month, int(parts["day"]))
        if parts.get("hour") is None:
            return day.isoformat()
        clock = time(int(parts["hour"]), int(parts["minute"]), int(parts.get("second") or 0))
    except ValueError:
        return None
    return _localise(datetime.combine(day, clock), zone)


def _localise(moment: datetime, zone: tzinfo | None) -> str:
    if zone is None:
        return moment.isoformat()
    return moment.replace(tzinfo=zone).isoformat()


def _offset(text: str | None) -> timezone | None:
    if not text:
        return None
    text = text.upper()
    if text in ("Z", "UTC", "GMT"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
